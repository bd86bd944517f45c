"""U1–U9: the public user profile, its update, and the profile tabs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify, request

from studio.core.validation import validate_user_update
from studio.sandbox.context import (
    conn,
    json_body,
    require_user,
    state,
    user_param,
    viewer,
)
from studio.sandbox.errors import invalid
from studio.sandbox.paging import PageParams, fetch_page, page_json, page_params
from studio.sandbox.serialize import (
    abs_url,
    album_json,
    stored_url,
    track_json,
    user_json,
)

bp = Blueprint("users", __name__)


@bp.get("/user-profile/<user>")
def profile_page(user: str) -> Any:
    row = user_param(user)
    me = viewer()
    is_self = me is not None and me["id"] == row["id"]
    with_artists = not state().faults.config.profile_without_artists
    return jsonify(
        {
            "user": user_json(row, is_self=is_self, with_artists=with_artists),
            "loader": "userProfilePage",
        }
    )


@bp.put("/users/profile/update")
def update_profile() -> Any:
    user = require_user()
    body = json_body()
    errors = validate_user_update(body)
    db = conn()
    raw_fields = body.get("user")
    fields: dict[str, Any] = raw_fields if isinstance(raw_fields, dict) else {}
    username = fields.get("username")
    if "user.username" not in errors and isinstance(username, str):
        taken = db.execute(
            "SELECT 1 FROM users WHERE username = ? COLLATE NOCASE AND id != ?",
            (username, user["id"]),
        ).fetchone()
        if taken:
            errors.setdefault("user.username", []).append("The username has already been taken.")
    if errors:
        raise invalid(errors)
    updates: dict[str, Any] = {}
    for key in ("username", "first_name", "last_name"):
        if key in fields:
            updates[key] = fields[key] or None
    if "image" in fields:
        updates["image"] = stored_url(fields["image"])
    profile = body.get("profile")
    if isinstance(profile, dict):
        for key in ("city", "country", "description"):
            if key in profile:
                updates[key] = profile[key] or None
    if updates:
        sets = ", ".join(f"{key} = ?" for key in updates)
        db.execute(f"UPDATE users SET {sets} WHERE id = ?", (*updates.values(), user["id"]))
    if "links" in body:
        db.execute("DELETE FROM user_links WHERE user_id = ?", (user["id"],))
        for pos, link in enumerate(body["links"]):
            db.execute(
                "INSERT INTO user_links (user_id, url, title, position) VALUES (?, ?, ?, ?)",
                (user["id"], link["url"].strip(), link["title"].strip(), pos),
            )
    fresh = db.execute("SELECT * FROM users WHERE id = ?", (user["id"],)).fetchone()
    return jsonify({"status": "success", "user": user_json(fresh, is_self=True)})


# --- tabs -----------------------------------------------------------------------------------

ORDER_COLUMNS = {
    "name": "name",
    "created_at": "added_at",
    "added_at": "added_at",
    "likes.created_at": "added_at",
    "plays": "plays",
    "release_date": "release_date",
}


def _order(default: str, allowed: tuple[str, ...]) -> str:
    column = ORDER_COLUMNS.get(request.args.get("orderBy", ""), default)
    if column not in allowed:
        column = default
    direction = "ASC" if request.args.get("orderDir", "desc").lower() == "asc" else "DESC"
    return f"ORDER BY {column} {direction}, id DESC"


def _query_filter() -> tuple[str, tuple[Any, ...]]:
    query = request.args.get("query", "").strip()
    if not query:
        return "", ()
    return " AND name LIKE ?", (f"%{query}%",)


def _tab(
    sql: str,
    args: tuple[Any, ...],
    params: PageParams,
    to_json: Callable[[sqlite3.Row], dict[str, Any]],
) -> Any:
    rows, total, more = fetch_page(sql, args, params)
    return jsonify(
        {
            "status": "success",
            "pagination": page_json([to_json(r) for r in rows], params, total, more),
        }
    )


def _token_tier() -> bool:
    return viewer() is not None


@bp.get("/users/<user>/liked-tracks")
def liked_tracks(user: str) -> Any:
    row = user_param(user)
    params = page_params(30)
    where, args = _query_filter()
    sql = (
        "SELECT * FROM (SELECT t.*, l.created_at AS added_at FROM tracks t JOIN likes l"
        " ON l.likeable_type = 'track' AND l.likeable_id = t.id WHERE l.user_id = ?)"
        f" WHERE 1 {where} {_order('added_at', ('added_at', 'name', 'plays'))}"
    )
    tier = _token_tier()

    def item(r: sqlite3.Row) -> dict[str, Any]:
        return {**track_json(r, token_tier=tier), "added_at": r["added_at"]}

    return _tab(sql, (row["id"], *args), params, item)


@bp.get("/users/<user>/playlists")
def playlists(user: str) -> Any:
    row = user_param(user)
    me = viewer()
    owner = me is not None and me["id"] == row["id"]
    sql = (
        "SELECT * FROM playlists WHERE user_id = ?"
        + ("" if owner else " AND public = 1")
        + " ORDER BY created_at DESC, id DESC"
    )

    def item(r: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": r["id"],
            "name": r["name"],
            "image": abs_url(r["image"]),
            "public": bool(r["public"]),
            "collaborative": bool(r["collaborative"]),
            "description": r["description"],
            "model_type": "playlist",
        }

    return _tab(sql, (row["id"],), page_params(20), item)


@bp.get("/users/<user>/reposts")
def reposts(user: str) -> Any:
    row = user_param(user)
    db = conn()
    tier = _token_tier()

    def item(r: sqlite3.Row) -> dict[str, Any]:
        table = "tracks" if r["repostable_type"] == "track" else "albums"
        target = db.execute(f"SELECT * FROM {table} WHERE id = ?", (r["repostable_id"],))
        target_row = target.fetchone()
        if target_row is None:
            repostable = None
        elif table == "tracks":
            repostable = track_json(target_row, token_tier=tier)
        else:
            repostable = album_json(target_row, with_tracks=True, token_tier=tier)
        return {
            "id": r["id"],
            "repostable_id": r["repostable_id"],
            "repostable_type": r["repostable_type"],
            "user_id": r["user_id"],
            "created_at": r["created_at"],
            "repostable": repostable,
        }

    sql = "SELECT * FROM reposts WHERE user_id = ? ORDER BY created_at DESC, id DESC"
    return _tab(sql, (row["id"],), page_params(20, simple_default=True), item)


@bp.get("/users/<user>/liked-albums")
def liked_albums(user: str) -> Any:
    row = user_param(user)
    where, args = _query_filter()
    sql = (
        "SELECT * FROM (SELECT a.*, l.created_at AS added_at FROM albums a JOIN likes l"
        " ON l.likeable_type = 'album' AND l.likeable_id = a.id WHERE l.user_id = ?)"
        f" WHERE 1 {where} {_order('added_at', ('added_at', 'name', 'release_date'))}"
    )
    tier = _token_tier()

    def item(r: sqlite3.Row) -> dict[str, Any]:
        return {**album_json(r, with_tracks=False, token_tier=tier), "added_at": r["added_at"]}

    return _tab(sql, (row["id"], *args), page_params(30), item)


@bp.get("/users/<user>/liked-artists")
def liked_artists(user: str) -> Any:
    row = user_param(user)
    where, args = _query_filter()
    sql = (
        "SELECT * FROM (SELECT a.*, l.created_at AS added_at FROM artists a JOIN likes l"
        " ON l.likeable_type = 'artist' AND l.likeable_id = a.id WHERE l.user_id = ?)"
        f" WHERE 1 {where} {_order('added_at', ('added_at', 'name', 'plays'))}"
    )

    def item(r: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": r["id"],
            "name": r["name"],
            "image_small": abs_url(r["image_small"]),
            "verified": bool(r["verified"]),
            "plays": r["plays"],
            "model_type": "artist",
            "added_at": r["added_at"],
        }

    return _tab(sql, (row["id"], *args), page_params(30), item)


def _follow_item(r: sqlite3.Row) -> dict[str, Any]:
    body = user_json(r)
    return {
        key: body[key]
        for key in (
            "id",
            "display_name",
            "avatar",
            "name",
            "image",
            "username",
            "model_type",
            "followers_count",
        )
    }


@bp.get("/users/<user>/followers")
def followers(user: str) -> Any:
    row = user_param(user)
    sql = (
        "SELECT u.* FROM users u JOIN follows f ON f.follower_id = u.id"
        " WHERE f.followed_id = ? ORDER BY f.created_at DESC, u.id DESC"
    )
    return _tab(sql, (row["id"],), page_params(20, simple_default=True), _follow_item)


@bp.get("/users/<user>/followed-users")
def followed_users(user: str) -> Any:
    row = user_param(user)
    sql = (
        "SELECT u.* FROM users u JOIN follows f ON f.followed_id = u.id"
        " WHERE f.follower_id = ? ORDER BY f.created_at DESC, u.id DESC"
    )
    return _tab(sql, (row["id"],), page_params(20), _follow_item)
