"""Database rows → the JSON shapes of API.md §2 (absolute URLs, both key generations)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import unquote, urlsplit

from studio.core import limits
from studio.core.urls import is_loopback_host
from studio.sandbox.context import conn, origin, state
from studio.sandbox.db import STORAGE_DIR

CREDIT_SQL = (
    "SELECT c.*, s.title, s.artist_names, s.image, s.release_date, s.popularity,"
    " s.total_tracks, s.available, a.title AS album_title, a.total_tracks AS album_total"
    " FROM credits c JOIN spotify_items s ON s.spotify_id = c.spotify_id"
    " LEFT JOIN spotify_items a ON a.spotify_id = c.album_spotify_id"
)
ROLE_INFO = {key: (name, category) for key, name, category in limits.CREDIT_ROLES}


def abs_url(stored: str | None) -> str | None:
    """A stored URL made absolute against the caller's origin (absolute ones unchanged)."""
    if not stored:
        return None
    if stored.startswith(("http://", "https://")):
        return stored
    return f"{origin()}/{stored.lstrip('/')}"


def stored_url(value: str | None) -> str | None:
    """An incoming URL as stored: a ``/storage/`` URL of this sandbox becomes origin-relative
    (``storage/artist_images/x.jpg``) so it renders with the current origin. That is one with
    this origin, or a loopback one of another port (an earlier run) naming a file this
    sandbox holds. Any other URL is kept as sent."""
    if not value:
        return None
    parts = urlsplit(value)
    relative = parts.path.lstrip("/")
    if (
        parts.scheme not in ("http", "https")
        or parts.query
        or parts.fragment
        or not relative.startswith(f"{STORAGE_DIR}/")
    ):
        return value
    if value.startswith(f"{origin()}/"):
        return relative
    if not is_loopback_host(parts.hostname):
        return value
    storage = state().storage_dir.resolve()
    target = (storage.parent / unquote(relative)).resolve()
    return relative if target.is_relative_to(storage) and target.is_file() else value


# --- users ----------------------------------------------------------------------------------


def display_name(row: sqlite3.Row) -> str:
    if row["username"]:
        return str(row["username"])
    full = " ".join(p for p in (row["first_name"], row["last_name"]) if p)
    return full or str(row["email"]).split("@")[0]


def user_json(
    row: sqlite3.Row, *, is_self: bool = False, with_artists: bool = True
) -> dict[str, Any]:
    """User 2.1 with profile, links, counts and (unless not ``with_artists``) the producer
    profiles the user manages."""
    db = conn()
    name = display_name(row)
    avatar = abs_url(row["image"])
    body: dict[str, Any] = {
        "id": row["id"],
        "display_name": name,
        "avatar": avatar,
        "name": name,
        "image": avatar,
        "username": row["username"],
        "model_type": "user",
    }
    if is_self:
        body.update(email=row["email"], first_name=row["first_name"], last_name=row["last_name"])
    body["profile"] = {
        "city": row["city"],
        "country": row["country"],
        "description": row["description"],
    }
    body["links"] = [
        {"id": r["id"], "url": r["url"], "title": r["title"]}
        for r in db.execute(
            "SELECT * FROM user_links WHERE user_id = ? ORDER BY position, id", (row["id"],)
        )
    ]
    body["followers_count"] = db.execute(
        "SELECT COUNT(*) FROM follows WHERE followed_id = ?", (row["id"],)
    ).fetchone()[0]
    body["followed_users_count"] = db.execute(
        "SELECT COUNT(*) FROM follows WHERE follower_id = ?", (row["id"],)
    ).fetchone()[0]
    if not with_artists:
        return body
    body["artists"] = [
        {
            "id": a["id"],
            "name": a["name"],
            "image": abs_url(a["image_small"]),
            "model_type": "artist",
            "verified": bool(a["verified"]),
            "role": a["role"],
        }
        for a in db.execute(
            "SELECT a.*, au.role FROM artists a JOIN artist_user au ON au.artist_id = a.id"
            " WHERE au.user_id = ? ORDER BY a.id",
            (row["id"],),
        )
    ]
    return body


# --- artists --------------------------------------------------------------------------------


def artist_ref(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "image_small": abs_url(row["image_small"]),
        "model_type": "artist",
    }


def genres_of_artist(artist_id: int) -> list[dict[str, Any]]:
    return [
        {"id": g["id"], "name": g["name"], "display_name": g["display_name"]}
        for g in conn().execute(
            "SELECT g.* FROM genres g JOIN artist_genre ag ON ag.genre_id = g.id"
            " WHERE ag.artist_id = ? ORDER BY ag.position",
            (artist_id,),
        )
    ]


def artist_json(row: sqlite3.Row) -> dict[str, Any]:
    """Artist 2.2 (the edit shape)."""
    db = conn()
    aid = row["id"]
    pinned = None
    if row["pinned_track_id"]:
        track = db.execute("SELECT * FROM tracks WHERE id = ?", (row["pinned_track_id"],))
        track_row = track.fetchone()
        pinned = track_json(track_row, token_tier=True) if track_row else None
    return {
        "id": aid,
        "name": row["name"],
        "verified": bool(row["verified"]),
        "model_type": "artist",
        "image_small": abs_url(row["image_small"]),
        "cover_image": abs_url(row["cover_image"]),
        "plays": row["plays"],
        "disabled": bool(row["disabled"]),
        "views": row["views"],
        "genres": genres_of_artist(aid),
        "profile": {
            "description": row["description"],
            "city": row["city"],
            "country": row["country"],
        },
        "profile_images": [
            {"id": r["id"], "url": abs_url(r["url"])}
            for r in db.execute(
                "SELECT * FROM profile_images WHERE artist_id = ? ORDER BY position, id", (aid,)
            )
        ],
        "links": [
            {"id": r["id"], "url": r["url"], "title": r["title"]}
            for r in db.execute(
                "SELECT * FROM artist_links WHERE artist_id = ? ORDER BY position, id", (aid,)
            )
        ],
        "pinned_track": pinned,
        "followers_count": db.execute(
            "SELECT COUNT(*) FROM artist_follows WHERE artist_id = ?", (aid,)
        ).fetchone()[0],
        "likes_count": db.execute(
            "SELECT COUNT(*) FROM likes WHERE likeable_type = 'artist' AND likeable_id = ?",
            (aid,),
        ).fetchone()[0],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


# --- tracks and albums ----------------------------------------------------------------------


def pin_reason(track: sqlite3.Row, artist_id: int) -> str | None:
    """Why ``track`` cannot be pinned on ``artist_id`` (None when it can)."""
    if track["artist_id"] != artist_id:
        return "not_primary_owner"
    if not track["playable"]:
        return "not_playable"
    if not track["has_offer"]:
        return "no_active_offer"
    if track["exclusive_status"] == "sold":
        return "exclusive_sold"
    if track["ai_assisted"] and not track["ai_rights_confirmed"]:
        return "ai_rights_unconfirmed"
    return None


def duration_text(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def track_json(row: sqlite3.Row, *, token_tier: bool, pin_for: int | None = None) -> dict[str, Any]:
    """Track 2.3; ``token_tier`` adds the licensing fields, ``pin_for`` the eligibility."""
    db = conn()
    artists = db.execute(
        "SELECT a.* FROM artists a JOIN track_artist ta ON ta.artist_id = a.id"
        " WHERE ta.track_id = ? ORDER BY a.id = ? DESC, a.id",
        (row["id"], row["artist_id"]),
    ).fetchall()
    genre = db.execute("SELECT * FROM genres WHERE id = ?", (row["genre_id"],)).fetchone()
    album = None
    if row["album_id"]:
        a = db.execute("SELECT * FROM albums WHERE id = ?", (row["album_id"],)).fetchone()
        if a is not None:
            album = {
                "id": a["id"],
                "name": a["name"],
                "image": abs_url(a["image"]),
                "release_date": a["release_date"],
                "model_type": "album",
            }
    body: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "image": abs_url(row["image"]),
        "duration": row["duration"],
        "duration_text": duration_text(row["duration"]),
        "plays": row["plays"],
        "plays_count": row["plays"],
        "description": row["description"],
        "created_at": row["created_at"],
        "model_type": "track",
        "artists": [artist_ref(a) for a in artists],
        "genres": []
        if genre is None
        else [{"id": genre["id"], "name": genre["name"], "display_name": genre["display_name"]}],
        "album": album,
        "likes_count": row["likes_count"],
        "reposts_count": row["reposts_count"],
    }
    if token_tier:
        body.update(
            bpm=row["bpm"],
            key=row["key"],
            scale=row["scale"],
            licensing_type=row["licensing_type"],
            exclusive_status=row["exclusive_status"],
            price=row["price"],
            currency=row["currency"],
        )
    if pin_for is not None:
        reason = pin_reason(row, pin_for)
        body["pin_eligibility"] = {"eligible": reason is None, "reason": reason}
    return body


def album_json(row: sqlite3.Row, *, with_tracks: bool, token_tier: bool) -> dict[str, Any]:
    db = conn()
    owner = db.execute("SELECT * FROM artists WHERE id = ?", (row["artist_id"],)).fetchone()
    body: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "image": abs_url(row["image"]),
        "release_date": row["release_date"],
        "description": row["description"],
        "model_type": "album",
        "artists": [artist_ref(owner)] if owner else [],
        "tracks_count": db.execute(
            "SELECT COUNT(*) FROM tracks WHERE album_id = ?", (row["id"],)
        ).fetchone()[0],
    }
    if with_tracks:
        body["tracks"] = [
            track_json(t, token_tier=token_tier)
            for t in db.execute(
                "SELECT * FROM tracks WHERE album_id = ? ORDER BY album_position, id",
                (row["id"],),
            )
        ]
    return body


# --- credits, Spotify items -----------------------------------------------------------------


def spotify_url(kind: str, spotify_id: str) -> str:
    return f"https://open.spotify.com/{kind}/{spotify_id}"


def credit_json(row: sqlite3.Row) -> dict[str, Any]:
    role_name, category = ROLE_INFO.get(row["role"], (row["role"], "other"))
    album = None
    if row["album_spotify_id"]:
        album = {
            "spotify_id": row["album_spotify_id"],
            "title": row["album_title"],
            "total_tracks": row["album_total"],
        }
    return {
        "id": row["id"],
        "artist_id": row["artist_id"],
        "spotify_id": row["spotify_id"],
        "type": row["type"],
        "title": row["title"],
        "artist_names": row["artist_names"],
        "image": abs_url(row["image"]),
        "release_date": row["release_date"],
        "release_year": int(row["release_date"][:4]),
        "popularity": row["popularity"],
        "total_tracks": row["total_tracks"] if row["type"] == "album" else None,
        "album": album,
        "role": row["role"],
        "role_name": role_name,
        "role_category": category,
        "position": row["position"],
        "is_available": bool(row["available"]),
        "spotify_url": spotify_url(row["type"], row["spotify_id"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def spotify_item_json(row: sqlite3.Row, existing_roles: list[str]) -> dict[str, Any]:
    return {
        "spotify_id": row["spotify_id"],
        "type": row["type"],
        "title": row["title"],
        "artist_names": row["artist_names"],
        "image": abs_url(row["image"]),
        "release_date": row["release_date"],
        "release_year": int(row["release_date"][:4]),
        "popularity": row["popularity"],
        "total_tracks": row["total_tracks"],
        "spotify_url": spotify_url(row["type"], row["spotify_id"]),
        "is_available": bool(row["available"]),
        "existing_roles": existing_roles,
    }


# --- backstage, files -----------------------------------------------------------------------


def request_json(row: sqlite3.Row, *, with_user: bool = False) -> dict[str, Any]:
    db = conn()
    artist = None
    if row["artist_id"]:
        a = db.execute("SELECT * FROM artists WHERE id = ?", (row["artist_id"],)).fetchone()
        if a is not None:
            artist = {"id": a["id"], "name": a["name"], "image_small": abs_url(a["image_small"])}
    body: dict[str, Any] = {
        "id": row["id"],
        "type": row["type"],
        "artist_name": row["artist_name"],
        "artist_id": row["artist_id"],
        "user_id": row["user_id"],
        "status": row["status"],
        "data": _data_json(json.loads(row["data"])),
        "notes": row["notes"],
        "artist": artist,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    if with_user:
        u = db.execute("SELECT * FROM users WHERE id = ?", (row["user_id"],)).fetchone()
        name = display_name(u)
        body["user"] = {
            "id": u["id"],
            "display_name": name,
            "name": name,
            "avatar": abs_url(u["image"]),
            "image": abs_url(u["image"]),
            "model_type": "user",
        }
    return body


def _data_json(data: dict[str, Any]) -> dict[str, Any]:
    if isinstance(data.get("image"), str) and data["image"]:
        return {**data, "image": abs_url(data["image"])}
    return data


def file_entry_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "file_name": row["file_name"],
        "mime": row["mime"],
        "extension": row["extension"],
        "file_size": row["file_size"],
        "type": row["type"],
        "public": bool(row["public"]),
        "disk_prefix": row["disk_prefix"],
        "url": abs_url(row["url"]),
        "hash": row["hash"],
        "owner_id": row["owner_id"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
