"""Per-server state and the request helpers every route uses (caller, body, paging)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, g, request

from studio.core import limits
from studio.sandbox.db import SQL_INT_MAX, STORAGE_DIR, Database
from studio.sandbox.errors import ApiError, field_error, forbidden, not_found, unauthenticated
from studio.sandbox.faults import Faults
from studio.sandbox.ratelimit import RateLimiter

EXTENSION_KEY = "beatpass_sandbox"


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
    if not value.isdigit() or int(value) > SQL_INT_MAX:
        raise not_found()
    row = conn().execute("SELECT * FROM users WHERE id = ?", (int(value),)).fetchone()
    if row is None:
        raise not_found()
    result: sqlite3.Row = row
    return result


def json_body() -> dict[str, Any]:
    """The JSON object sent with the request ({} when there is no body)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(
            400, "The request body is not valid JSON.", error_code="malformed_json"
        ) from None
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.", error_code="malformed_json")
    return data


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


@dataclass(frozen=True)
class PageParams:
    page: int
    per_page: int
    simple: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_params(default_per_page: int, *, simple_default: bool = False) -> PageParams:
    """``page`` (≥1), ``perPage``/``per_page`` clamped to 1..50, ``paginate``."""
    page = max(1, int_arg("page", 1))
    per_page = int_arg("perPage", default_per_page, "per_page")
    per_page = min(limits.PER_PAGE_MAX, max(limits.PER_PAGE_MIN, per_page))
    mode = request.args.get("paginate")
    simple = simple_default if mode not in ("simple", "lengthAware") else mode == "simple"
    return PageParams(page, per_page, simple)
