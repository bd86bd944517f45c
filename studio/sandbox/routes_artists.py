"""R1–R5: the producer profile, its update, tracks, albums and ownership."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

from flask import Blueprint, jsonify, request

from studio.core.validation import validate_artist_update
from studio.sandbox.context import (
    artist_or_404,
    bool_arg,
    conn,
    is_admin,
    json_body,
    manages,
    require_manager,
    require_user,
    state,
    viewer,
)
from studio.sandbox.db import now_iso
from studio.sandbox.errors import invalid, not_found
from studio.sandbox.paging import fetch_page, page_json, page_params
from studio.sandbox.serialize import (
    album_json,
    artist_json,
    artist_ref,
    stored_url,
    track_json,
)

bp = Blueprint("artists", __name__)

ARTIST_TRACKS_SQL = (
    "SELECT t.* FROM tracks t WHERE t.id IN (SELECT track_id FROM track_artist"
    " WHERE artist_id = ?) ORDER BY t.plays DESC, t.id"
)
ALBUMS_SQL = (
    "SELECT a.* FROM albums a WHERE a.artist_id = ? ORDER BY"
    " ((SELECT COUNT(*) FROM tracks t WHERE t.album_id = a.id) >= 5) DESC,"
    " a.release_date DESC, a.id DESC"
)


def _can_manage(artist_id: int) -> bool:
    user = viewer()
    return is_admin(user) or manages(user, artist_id)


def _albums_page(artist_id: int, per_page: int, with_tracks: bool) -> dict[str, Any]:
    params = page_params(per_page, simple_default=True)
    rows, total, more = fetch_page(ALBUMS_SQL, (artist_id,), params)
    tier = viewer() is not None
    items = [album_json(r, with_tracks=with_tracks, token_tier=tier) for r in rows]
    return page_json(items, params, total, more)


def _tracks_page(artist_id: int, per_page: int) -> dict[str, Any]:
    params = page_params(per_page)
    rows, total, more = fetch_page(ARTIST_TRACKS_SQL, (artist_id,), params)
    tier = viewer() is not None
    hidden = state().faults.config.tracks_without_eligibility
    pin_for = artist_id if _can_manage(artist_id) and not hidden else None
    items = [track_json(r, token_tier=tier, pin_for=pin_for) for r in rows]
    return page_json(items, params, total, more)


@bp.get("/artists/<int:artist_id>")
def show(artist_id: int) -> Any:
    artist = artist_or_404(artist_id)
    loader = request.args.get("loader", "artistPage")
    if loader != "editArtistPage":
        loader = "artistPage"
        if artist["disabled"]:
            raise not_found()
    db = conn()
    db.execute("UPDATE artists SET views = views + 1 WHERE id = ?", (artist_id,))
    if viewer() is None:
        body: dict[str, Any] = {
            "artist": {"id": artist["id"], "name": artist["name"], "model_type": "artist"}
        }
    else:
        body = {"artist": artist_json(artist)}
    if loader == "editArtistPage":
        body["albums"] = _albums_page(artist_id, 50, with_tracks=False)
    else:
        body["artist"]["similar"] = _similar(artist_id) if viewer() is not None else []
        body["artist"]["top_tracks"] = [
            track_json(r, token_tier=viewer() is not None)
            for r in db.execute(f"{ARTIST_TRACKS_SQL} LIMIT 10", (artist_id,))
        ]
        body["albums"] = _albums_page(artist_id, 5, with_tracks=True)
        body["tracks"] = _tracks_page(artist_id, 20)
    body["loader"] = loader
    body["selectedAlbumLayout"] = "list"
    return jsonify(body)


def _similar(artist_id: int) -> list[dict[str, Any]]:
    rows = conn().execute(
        "SELECT a.*, COUNT(*) AS shared FROM artists a JOIN artist_genre ag"
        " ON ag.artist_id = a.id WHERE a.id != ? AND ag.genre_id IN"
        " (SELECT genre_id FROM artist_genre WHERE artist_id = ?)"
        " GROUP BY a.id ORDER BY shared DESC, a.plays DESC LIMIT 10",
        (artist_id, artist_id),
    )
    return [artist_ref(r) for r in rows]


@bp.put("/artists/<int:artist_id>")
def update(artist_id: int) -> Any:
    user, artist = require_manager(artist_id)
    body = json_body()
    admin = is_admin(user)
    errors = validate_artist_update(body, current_name=artist["name"], is_admin=admin)
    if errors:
        raise invalid(errors)
    _apply_update(artist_id, body, admin=admin)
    fresh = artist_or_404(artist_id)
    return jsonify({"status": "success", "artist": artist_json(fresh)})


def _apply_update(artist_id: int, body: dict[str, Any], *, admin: bool) -> None:
    db = conn()
    updates: dict[str, Any] = {"updated_at": now_iso()}
    if "name" in body:
        updates["name"] = body["name"].strip()
    for key in ("image_small", "cover_image"):
        if key in body:
            updates[key] = stored_url(body[key])
    if admin and "verified" in body:
        updates["verified"] = int(body["verified"])
    profile = body.get("profile")
    if isinstance(profile, dict):
        for key in ("description", "city", "country"):
            if key in profile:
                updates[key] = profile[key] or None
    sets = ", ".join(f"{key} = ?" for key in updates)
    db.execute(f"UPDATE artists SET {sets} WHERE id = ?", (*updates.values(), artist_id))
    if "links" in body:
        db.execute("DELETE FROM artist_links WHERE artist_id = ?", (artist_id,))
        for pos, link in enumerate(body["links"]):
            db.execute(
                "INSERT INTO artist_links (artist_id, url, title, position) VALUES (?,?,?,?)",
                (artist_id, link["url"].strip(), link["title"].strip(), pos),
            )
    if "genres" in body:
        _set_genres(db, artist_id, body["genres"])
    if "profile_images" in body:
        _set_gallery(db, artist_id, body["profile_images"])


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or text.strip().lower()


def _set_genres(db: sqlite3.Connection, artist_id: int, genres: list[Any]) -> None:
    db.execute("DELETE FROM artist_genre WHERE artist_id = ?", (artist_id,))
    seen: set[int] = set()
    for item in genres:
        if isinstance(item, dict):
            raw = str(item.get("name") or item.get("display_name"))
            display = str(item.get("display_name") or raw)
        else:
            raw = display = str(item)
        slug = slugify(raw)
        row = db.execute("SELECT id FROM genres WHERE name = ?", (slug,)).fetchone()
        if row is not None:
            genre_id = int(row[0])
        else:
            cur = db.execute(
                "INSERT INTO genres (name, display_name) VALUES (?, ?)", (slug, display.strip())
            )
            genre_id = int(cur.lastrowid or 0)
        if genre_id not in seen:
            seen.add(genre_id)
            db.execute(
                "INSERT INTO artist_genre VALUES (?, ?, ?)", (artist_id, genre_id, len(seen))
            )


def _set_gallery(db: sqlite3.Connection, artist_id: int, images: list[dict[str, Any]]) -> None:
    existing = {
        r[0] for r in db.execute("SELECT id FROM profile_images WHERE artist_id = ?", (artist_id,))
    }
    kept: set[int] = set()
    for pos, image in enumerate(images):
        url = stored_url(image["url"].strip())
        image_id: Any = image.get("id")
        if image_id in existing and image_id not in kept:
            db.execute(
                "UPDATE profile_images SET url = ?, position = ? WHERE id = ?", (url, pos, image_id)
            )
            kept.add(int(image_id))
        else:
            new_id = db.execute(
                "INSERT INTO profile_images (artist_id, url, position) VALUES (?, ?, ?)",
                (artist_id, url, pos),
            ).lastrowid
            kept.add(int(new_id or 0))
    for image_id in existing - kept:
        db.execute("DELETE FROM profile_images WHERE id = ?", (image_id,))


@bp.get("/artists/<int:artist_id>/tracks")
def tracks(artist_id: int) -> Any:
    artist_or_404(artist_id)
    return jsonify({"status": "success", "pagination": _tracks_page(artist_id, 20)})


@bp.get("/artists/<int:artist_id>/albums")
def albums(artist_id: int) -> Any:
    artist_or_404(artist_id)
    params = page_params(5)
    rows, total, more = fetch_page(ALBUMS_SQL, (artist_id,), params)
    with_tracks = bool_arg("loadAlbumTracks", True)
    tier = viewer() is not None
    items = [album_json(r, with_tracks=with_tracks, token_tier=tier) for r in rows]
    return jsonify({"status": "success", "pagination": page_json(items, params, total, more)})


@bp.get("/artists/<int:artist_id>/check-ownership")
def check_ownership(artist_id: int) -> Any:
    user = require_user()
    artist_or_404(artist_id)
    managers = [
        r[0]
        for r in conn().execute("SELECT user_id FROM artist_user WHERE artist_id = ?", (artist_id,))
    ]
    is_owner = user["id"] in managers
    if is_owner:
        availability = "owned_by_you"
    elif managers:
        availability = "already_claimed"
    else:
        availability = "available"
    return jsonify(
        {
            "status": "success",
            "artist_id": artist_id,
            "is_owner": is_owner,
            "claimed": bool(managers),
            "availability": availability,
        }
    )
