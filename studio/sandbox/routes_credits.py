"""C1–C9: professional credits on a fictional Spotify catalog (one entry per role)."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Blueprint, jsonify, request

from studio.core import limits
from studio.sandbox.context import (
    artist_or_404,
    conn,
    int_arg,
    json_body,
    require_manager,
    require_user,
    state,
)
from studio.sandbox.db import now_iso
from studio.sandbox.errors import ApiError, conflict, field_error, invalid, not_found
from studio.sandbox.serialize import CREDIT_SQL, credit_json, spotify_item_json

bp = Blueprint("credits", __name__)

ROLE_KEYS = tuple(key for key, _, _ in limits.CREDIT_ROLES)
MSG_EXISTS = "This producer profile already has every one of these roles on that item."


def _spotify_up() -> None:
    if state().faults.config.spotify_down:
        raise ApiError(
            503,
            "Spotify can't be reached right now. Please try again in a few minutes.",
            error_code=limits.ERROR_SPOTIFY_UNAVAILABLE,
        )


def _spotify_knows() -> bool:
    """False while the ``spotify_unknown`` fault is on: no id is found (404)."""
    return not state().faults.config.spotify_unknown


def _existing_roles(artist_id: int | None, spotify_id: str) -> list[str]:
    if artist_id is None:
        return []
    return [
        r[0]
        for r in conn().execute(
            "SELECT role FROM credits WHERE artist_id = ? AND spotify_id = ? ORDER BY position",
            (artist_id, spotify_id),
        )
    ]


def _artist_arg() -> int | None:
    value = int_arg("artist_id", 0, "artistId")
    return value or None


@bp.get("/credits/roles")
def roles() -> Any:
    return jsonify(
        {
            "status": "success",
            "categories": [{"key": k, "name": n} for k, n in limits.CREDIT_CATEGORIES],
            "roles": [{"key": k, "name": n, "category": c} for k, n, c in limits.CREDIT_ROLES],
        }
    )


@bp.get("/credits/spotify-search")
def spotify_search() -> Any:
    require_user()
    query = request.args.get("query", "").strip()
    rule = limits.CREDIT_SEARCH_QUERY
    if not rule.min_len <= len(query) <= rule.max_len:
        raise field_error(
            "query",
            f"The query field must be between {rule.min_len} and {rule.max_len} characters.",
        )
    kind = request.args.get("type", "track")
    if kind not in limits.CREDIT_TYPES:
        raise field_error("type", "The selected type is invalid.")
    limit = int_arg("limit", limits.CREDIT_SEARCH_DEFAULT_LIMIT)
    if not limits.CREDIT_SEARCH_LIMIT_MIN <= limit <= limits.CREDIT_SEARCH_LIMIT_MAX:
        raise field_error(
            "limit",
            f"The limit field must be between "
            f"{limits.CREDIT_SEARCH_LIMIT_MIN} and {limits.CREDIT_SEARCH_LIMIT_MAX}.",
        )
    _spotify_up()
    artist_id = _artist_arg()
    pattern = f"%{query}%"
    rows = conn().execute(
        "SELECT * FROM spotify_items WHERE type = ? AND (title LIKE ? OR artist_names LIKE ?)"
        " ORDER BY popularity DESC, title LIMIT ?",
        (kind, pattern, pattern, limit),
    )
    results = [spotify_item_json(r, _existing_roles(artist_id, r["spotify_id"])) for r in rows]
    return jsonify({"status": "success", "results": results})


@bp.get("/credits/spotify-album")
def spotify_album() -> Any:
    require_user()
    album_id = request.args.get("id", "")
    _spotify_up()
    db = conn()
    album = db.execute(
        "SELECT * FROM spotify_items WHERE spotify_id = ? AND type = 'album'", (album_id,)
    ).fetchone()
    if album is None or not _spotify_knows():
        raise not_found()
    artist_id = _artist_arg()
    body = spotify_item_json(album, _existing_roles(artist_id, album_id))
    body["tracks"] = [
        {
            "spotify_id": t["spotify_id"],
            "title": t["title"],
            "track_number": t["track_number"],
            "disc_number": t["disc_number"],
            "duration_ms": t["duration_ms"],
            "artist_names": t["artist_names"],
            "existing_roles": _existing_roles(artist_id, t["spotify_id"]),
        }
        for t in db.execute(
            "SELECT * FROM spotify_items WHERE album_id = ? ORDER BY disc_number, track_number",
            (album_id,),
        )
    ]
    return jsonify({"status": "success", "album": body})


def _credits(artist_id: int, *, by_release: bool = False) -> list[dict[str, Any]]:
    order = "s.release_date DESC, c.spotify_id, c.position" if by_release else "c.position, c.id"
    rows = conn().execute(f"{CREDIT_SQL} WHERE c.artist_id = ? ORDER BY {order}", (artist_id,))
    return [credit_json(r) for r in rows]


@bp.get("/artists/<int:artist_id>/credits")
def list_credits(artist_id: int) -> Any:
    artist_or_404(artist_id)
    by_release = request.args.get("sort") == "release_date"
    return jsonify({"status": "success", "credits": _credits(artist_id, by_release=by_release)})


def _roles(value: Any, key: str, *, allow_empty: bool = False) -> list[str]:
    """Validate a list of distinct role keys (422 on ``key`` / ``key.N``)."""
    if not isinstance(value, list) or (not value and not allow_empty):
        raise field_error(
            key,
            "Pick at least one role."
            if isinstance(value, list)
            else f"The {key} field must be an array of role keys.",
        )
    if len(value) > limits.CREDIT_ROLES_PER_REQUEST_MAX:
        raise field_error(key, f"Pick at most {limits.CREDIT_ROLES_PER_REQUEST_MAX} roles.")
    errors = {
        f"{key}.{i}": ["The selected role is invalid."]
        for i, role in enumerate(value)
        if role not in ROLE_KEYS
    }
    if errors:
        raise invalid(errors)
    if len(set(value)) != len(value):
        raise field_error(key, "Each role may be listed only once.")
    return list(value)


def _insert(
    artist_id: int, spotify_id: str, kind: str, album_id: str | None, new_roles: list[str]
) -> list[int]:
    """Add entries right after the item's existing ones (keeps an item's entries adjacent)."""
    db = conn()
    after = db.execute(
        "SELECT MAX(position) FROM credits WHERE artist_id = ? AND spotify_id = ?",
        (artist_id, spotify_id),
    ).fetchone()[0]
    if after is None:
        after = db.execute(
            "SELECT COALESCE(MAX(position), 0) FROM credits WHERE artist_id = ?", (artist_id,)
        ).fetchone()[0]
    db.execute(
        "UPDATE credits SET position = position + ? WHERE artist_id = ? AND position > ?",
        (len(new_roles), artist_id, after),
    )
    now = now_iso()
    return [
        int(
            db.execute(
                "INSERT INTO credits (artist_id, spotify_id, type, album_spotify_id, role,"
                " position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (artist_id, spotify_id, kind, album_id, role, after + n + 1, now, now),
            ).lastrowid
            or 0
        )
        for n, role in enumerate(new_roles)
    ]


def _fetch(ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    rows = conn().execute(f"{CREDIT_SQL} WHERE c.id IN ({marks}) ORDER BY c.position", ids)
    return [credit_json(r) for r in rows]


@bp.post("/artists/<int:artist_id>/credits")
def add_credit(artist_id: int) -> Any:
    require_manager(artist_id)
    body = json_body()
    kind = body.get("type")
    if kind not in limits.CREDIT_TYPES:
        raise field_error("type", "The type must be track or album.")
    wanted = _roles(body.get("roles"), "roles")
    spotify_id = body.get("spotify_id")
    if not isinstance(spotify_id, str) or not spotify_id:
        raise field_error("spotify_id", "The spotify id field is required.")
    _spotify_up()
    item = (
        conn()
        .execute(
            "SELECT * FROM spotify_items WHERE spotify_id = ? AND type = ?", (spotify_id, kind)
        )
        .fetchone()
    )
    if item is None or not _spotify_knows():
        raise ApiError(404, "No Spotify item with that id was found.")
    existing = set(_existing_roles(artist_id, spotify_id))
    new_roles = [r for r in wanted if r not in existing]
    if not new_roles:
        raise conflict(MSG_EXISTS, limits.ERROR_CREDIT_EXISTS)
    ids = _insert(artist_id, spotify_id, kind, None, new_roles)
    return jsonify(
        {
            "status": "success",
            "credits": _fetch(ids),
            "skipped_roles": [r for r in wanted if r in existing],
        }
    ), 201


@bp.post("/artists/<int:artist_id>/credits/album")
def add_album_credits(artist_id: int) -> Any:
    require_manager(artist_id)
    body = json_body()
    album_id = body.get("spotify_album_id")
    if not isinstance(album_id, str) or not album_id:
        raise field_error("spotify_album_id", "The spotify album id field is required.")
    for_all = _roles(body.get("roles_for_all", []), "roles_for_all", allow_empty=True)
    tracks = body.get("tracks", [])
    if not isinstance(tracks, list):
        raise field_error("tracks", "The tracks field must be an array.")
    _spotify_up()
    db = conn()
    if (
        db.execute(
            "SELECT 1 FROM spotify_items WHERE spotify_id = ? AND type = 'album'", (album_id,)
        ).fetchone()
        is None
        or not _spotify_knows()
    ):
        raise ApiError(404, "No Spotify album with that id was found.")
    album_tracks = [
        r[0]
        for r in db.execute(
            "SELECT spotify_id FROM spotify_items WHERE album_id = ? ORDER BY disc_number,"
            " track_number",
            (album_id,),
        )
    ]
    plan = _album_plan(album_tracks, for_all, tracks)
    if not any(roles for _, roles in plan):
        raise field_error("tracks", "Give at least one track a role.")
    ids: list[int] = []
    skipped = 0
    for track_id, roles in plan:
        existing = set(_existing_roles(artist_id, track_id))
        new_roles = [r for r in roles if r not in existing]
        if not new_roles:
            skipped += 1
            continue
        ids += _insert(artist_id, track_id, "track", album_id, new_roles)
    if not ids:
        raise conflict(MSG_EXISTS, limits.ERROR_CREDIT_EXISTS)
    return jsonify({"status": "success", "credits": _fetch(ids), "skipped_tracks": skipped}), 201


def _album_plan(
    album_tracks: list[str], for_all: list[str], tracks: list[Any]
) -> list[tuple[str, list[str]]]:
    """(track id, roles) per track: ``roles_for_all`` ∪ the track's own roles, in album order.

    Without ``tracks``, every album track gets ``roles_for_all``.
    """
    own: dict[str, list[str]] = {}
    for i, entry in enumerate(tracks):
        if not isinstance(entry, dict) or entry.get("spotify_id") not in album_tracks:
            raise field_error(f"tracks.{i}.spotify_id", "This track is not on the album.")
        own[entry["spotify_id"]] = _roles(
            entry.get("roles", []), f"tracks.{i}.roles", allow_empty=True
        )
    chosen = [t for t in album_tracks if t in own] if tracks else album_tracks
    return [(t, for_all + [r for r in own.get(t, []) if r not in for_all]) for t in chosen]


def _credit_or_404(artist_id: int, credit_id: int) -> sqlite3.Row:
    row = (
        conn()
        .execute("SELECT * FROM credits WHERE id = ? AND artist_id = ?", (credit_id, artist_id))
        .fetchone()
    )
    if row is None:
        raise not_found()
    result: sqlite3.Row = row
    return result


@bp.put("/artists/<int:artist_id>/credits/<int:credit_id>")
def update_credit(artist_id: int, credit_id: int) -> Any:
    require_manager(artist_id)
    credit = _credit_or_404(artist_id, credit_id)
    role = json_body().get("role")
    if role not in ROLE_KEYS:
        raise field_error("role", "The selected role is invalid.")
    if role != credit["role"]:
        if role in _existing_roles(artist_id, credit["spotify_id"]):
            raise conflict("This item already has that role.", limits.ERROR_CREDIT_EXISTS)
        conn().execute(
            "UPDATE credits SET role = ?, updated_at = ? WHERE id = ?", (role, now_iso(), credit_id)
        )
    return jsonify({"status": "success", "credit": _fetch([credit_id])[0]})


@bp.delete("/artists/<int:artist_id>/credits/<int:credit_id>")
def delete_credit(artist_id: int, credit_id: int) -> Any:
    require_manager(artist_id)
    _credit_or_404(artist_id, credit_id)
    conn().execute("DELETE FROM credits WHERE id = ?", (credit_id,))
    return jsonify({"status": "success"})


@bp.post("/artists/<int:artist_id>/credits/reorder")
def reorder(artist_id: int) -> Any:
    require_manager(artist_id)
    ids: Any = json_body().get("ids")
    db = conn()
    current = sorted(
        r[0] for r in db.execute("SELECT id FROM credits WHERE artist_id = ?", (artist_id,))
    )
    valid = isinstance(ids, list) and all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    )
    if not valid or sorted(ids) != current:
        raise field_error(
            "ids", "The ids must list every credit of this producer profile exactly once."
        )
    for position, credit_id in enumerate(ids, start=1):
        db.execute("UPDATE credits SET position = ? WHERE id = ?", (position, credit_id))
    return jsonify({"status": "success", "credits": _credits(artist_id)})
