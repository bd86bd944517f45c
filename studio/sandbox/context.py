"""Per-server state and the request helpers every route uses (caller, body, paging)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, g, request

from studio.core import limits
from studio.sandbox.db import SQL_INT_MAX, STORAGE_DIR, Database, row_id
from studio.sandbox.errors import ApiError, field_error, forbidden, not_found, unauthenticated
from studio.sandbox.faults import Faults
from studio.sandbox.ratelimit import RateLimiter

EXTENSION_KEY = "beatpass_sandbox"
MAX_BODY_BYTES = 10 * limits.MB  # a larger request body answers 413
MAX_JSON_DEPTH = 32  # arrays/objects nested deeper answer 400 (the contract needs 4)


@dataclass
class SandboxState:
    db: Database
    data_dir: Path
    faults: Faults
    limiter: RateLimiter
    login_limiter: RateLimiter
    allow_remote_hooks: bool = False

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / STORAGE_DIR


def state() -> SandboxState:
    value: SandboxState = current_app.extensions[EXTENSION_KEY]
    return value


def conn() -> sqlite3.Connection:
    return state().db.conn


def origin() -> str:
    """The site origin as the caller sees it (``http://127.0.0.1:8765``)."""
    return request.host_url.rstrip("/")


def viewer() -> sqlite3.Row | None:
    """The authenticated caller, or None for an anonymous request."""
    user: sqlite3.Row | None = g.get("user")
    return user


def require_user() -> sqlite3.Row:
    user = viewer()
    if user is None:
        raise unauthenticated()
    return user


def is_admin(user: sqlite3.Row | None) -> bool:
    return bool(user is not None and user["is_admin"])


def manages(user: sqlite3.Row | None, artist_id: int) -> bool:
    if user is None:
        return False
    row = (
        conn()
        .execute(
            "SELECT 1 FROM artist_user WHERE artist_id = ? AND user_id = ?", (artist_id, user["id"])
        )
        .fetchone()
    )
    return row is not None


def artist_or_404(artist_id: int) -> sqlite3.Row:
    row = conn().execute("SELECT * FROM artists WHERE id = ?", (artist_id,)).fetchone()
    if row is None:
        raise not_found()
    result: sqlite3.Row = row
    return result


def require_manager(artist_id: int) -> tuple[sqlite3.Row, sqlite3.Row]:
    """(caller, artist) when the caller manages the artist or is an admin; else 401/403/404."""
    user = require_user()
    artist = artist_or_404(artist_id)
    if not (is_admin(user) or manages(user, artist_id)):
        raise forbidden()
    return user, artist


def user_param(value: str) -> sqlite3.Row:
    """Resolve a ``{user}`` path parameter (an id or ``me``)."""
    if value == "me":
        return require_user()
    user_id = row_id(value)
    if user_id is None:
        raise not_found()
    row = conn().execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise not_found()
    result: sqlite3.Row = row
    return result


def json_body() -> dict[str, Any]:
    """The JSON object sent with the request ({} when there is no body); 400 for a body that
    is not JSON, not an object, or nested deeper than ``MAX_JSON_DEPTH`` (every route reads
    its body here, so none of them meets a structure too deep to handle)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(
            400, "The request body is not valid JSON.", error_code="malformed_json"
        ) from None
    except RecursionError:  # nested beyond the interpreter's limit: deeper than any we allow
        data = None
        depth_ok = False
    else:
        depth_ok = json_depth(data) <= MAX_JSON_DEPTH
    if not depth_ok:
        raise ApiError(
            400,
            f"The request body is nested too deeply (at most {MAX_JSON_DEPTH} levels).",
            error_code="malformed_json",
        )
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.", error_code="malformed_json")
    return data


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def int_arg(name: str, default: int, *aliases: str) -> int:
    """An integer query parameter; a non-integer is a 422 on that parameter."""
    for key in (name, *aliases):
        raw = request.args.get(key)
        if raw is not None and raw != "":
            try:
                value = int(raw)
            except ValueError:
                raise field_error(name, f"The {name} field must be an integer.") from None
            if abs(value) > SQL_INT_MAX // 2:
                raise field_error(name, f"The {name} field is too large.")
            return value
    return default


def bool_arg(name: str, default: bool = False) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")
