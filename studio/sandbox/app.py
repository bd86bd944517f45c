"""The Flask app: request pipeline (faults, rate limits, auth, one DB transaction per
request), JSON errors for everything, the test hooks and the served files."""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from typing import Any

from flask import Flask, Response, g, jsonify, request, send_from_directory
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map

from studio.core import limits
from studio.sandbox import (
    routes_artists,
    routes_auth,
    routes_backstage,
    routes_credits,
    routes_pins,
    routes_uploads,
    routes_users,
    tokens,
)
from studio.sandbox.context import EXTENSION_KEY, MAX_BODY_BYTES, SandboxState, json_body, state
from studio.sandbox.db import SQL_INT_MAX
from studio.sandbox.errors import (
    MSG_NOT_FOUND,
    MSG_SERVER_ERROR,
    ApiError,
    invalid,
    refuse_blocked_account,
)
from studio.sandbox.faults import API_PREFIX, parse_config

log = logging.getLogger(__name__)

LOGIN_PATH = f"{API_PREFIX}/auth/login"


class SqliteIntConverter(IntegerConverter):
    """``<int:…>`` limited to what SQLite can store (a larger id is simply not found)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", SQL_INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def create_app(sandbox: SandboxState) -> Flask:
    """Build the sandbox's Flask app around ``sandbox`` (its DB, faults and limiters)."""
    app = Flask("studio.sandbox")
    app.url_map.converters["int"] = SqliteIntConverter
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False
    app.extensions[EXTENSION_KEY] = sandbox
    for module in (
        routes_auth,
        routes_users,
        routes_artists,
        routes_pins,
        routes_uploads,
        routes_credits,
        routes_backstage,
    ):
        app.register_blueprint(module.bp, url_prefix=API_PREFIX)
    app.before_request(_before)
    app.after_request(_after)
    app.teardown_request(_teardown)
    app.register_error_handler(ApiError, lambda e: e.response())
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.add_url_rule("/", "root", _root)
    app.add_url_rule("/storage/<path:name>", "storage", _storage)
    app.add_url_rule("/__sandbox/faults", "faults", _faults, methods=["POST"])
    app.add_url_rule("/__sandbox/tokens/expire", "expire", _expire, methods=["POST"])
    return app


# --- pipeline -------------------------------------------------------------------------------


def _before() -> Response | None:
    path = request.path
    if path.startswith("/__sandbox/") and not _loopback_caller():
        raise ApiError(403, "Sandbox test hooks answer loopback callers only.")
    if not path.startswith(API_PREFIX):
        _begin()
        return None
    _rate_limit(path)
    _csrf_check()
    forced = state().faults.take_forced()
    if forced is not None:
        return _forced_answer(*forced)
    _begin()
    if path != LOGIN_PATH:
        _authenticate()
    return None


def _csrf_check() -> None:
    """BeMusic treats a write whose Origin or Referer is the site itself as a browser session
    call and checks its CSRF token (API.md §1.1): a token client must never send them."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    site = request.host_url.rstrip("/")
    for header in ("Origin", "Referer"):
        value = request.headers.get(header, "")
        if value == site or value.startswith(site + "/"):
            raise ApiError(419, "CSRF token mismatch.")


def _begin() -> None:
    db = state().db
    db.lock.acquire()
    if db.closed:  # the server is stopping; this request came in after the last one ran
        db.lock.release()
        raise ApiError(503, "The sandbox is shutting down.")
    g.locked = True
    db.conn.execute("BEGIN")


def _rate_limit(path: str) -> None:
    sandbox = state()
    if path == LOGIN_PATH and request.method == "POST":
        email = ""
        try:
            value = json_body().get("email")
            if isinstance(value, str):
                email = value.strip().lower()
        except ApiError:  # an unreadable body is judged by the login route itself
            email = ""
        hit = sandbox.login_limiter.hit(f"login:{email}|{request.remote_addr}")
    else:
        token = _bearer()
        parts = tokens.split(token) if token else None
        key = f"token:{parts[0]}" if parts else f"ip:{request.remote_addr}"
        hit = sandbox.limiter.hit(key)
    g.rate = (hit.limit, hit.remaining)
    if not hit.allowed:
        raise _too_many(hit.retry_after(time.time()), hit.reset_at)


def _too_many(retry_after: int, reset_at: float) -> ApiError:
    return ApiError(
        429,
        "Too Many Attempts.",
        extra={"retry_after": retry_after},
        headers={
            "Retry-After": str(retry_after),
            "X-RateLimit-Reset": str(math.ceil(reset_at)),
        },
    )


def _forced_answer(kind: str, value: int) -> Response:
    if kind == "rate_limit":
        g.rate = (g.rate[0], 0)
        return _too_many(value, time.time() + value).response()
    message = MSG_SERVER_ERROR if value >= 500 else "Sandbox fault: forced error."
    if value == 503:
        message = "Service temporarily unavailable. Please try again later."
    return ApiError(value, message, error_code="sandbox_fault").response()


def _bearer() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _authenticate() -> None:
    token = _bearer()
    g.user = None
    if token is None:
        return
    conn = state().db.conn
    user_id = tokens.resolve(conn, token) if token else None
    if user_id is None:
        raise ApiError(401, "Unauthenticated.")
    user = conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    if user is None:
        raise ApiError(401, "Unauthenticated.")
    refuse_blocked_account(user)
    if not user["api_access"]:
        raise ApiError(
            401,
            "API access is not enabled for this account.",
            error_code=limits.ERROR_API_ACCESS_DENIED,
        )
    g.user = user
    g.token_id = tokens.split(token)[0]  # type: ignore[index]


def _after(response: Response) -> Response:
    rate = g.get("rate")
    if rate is not None:
        response.headers["X-RateLimit-Limit"] = str(rate[0])
        response.headers["X-RateLimit-Remaining"] = str(rate[1])
    if g.get("locked"):
        conn = state().db.conn
        if conn.in_transaction:
            conn.execute("COMMIT" if response.status_code < 400 else "ROLLBACK")
    return response


def _teardown(_exc: BaseException | None) -> None:
    if g.pop("locked", False):
        sandbox = state()
        try:
            if sandbox.db.conn.in_transaction:
                sandbox.db.conn.execute("ROLLBACK")
        finally:
            sandbox.db.lock.release()


# --- errors ---------------------------------------------------------------------------------


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    if status == 404:
        message = MSG_NOT_FOUND
    elif status == 405:
        allowed = sorted(m for m in (error.valid_methods or []) if m != "OPTIONS")  # type: ignore[attr-defined]
        message = (
            f"The {request.method} method is not supported for route {request.path}. "
            f"Supported methods: {', '.join(allowed)}."
        )
    elif status == 413:
        message = "The request body is too large for the server."
    else:
        message = error.description or error.name
    resp = ApiError(status, message).response()
    if status == 405 and getattr(error, "valid_methods", None):
        resp.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return resp


def _server_error(error: Exception) -> Response:
    log.exception("sandbox bug while serving %s %s", request.method, request.path)
    return ApiError(500, MSG_SERVER_ERROR).response()


# --- extra routes ---------------------------------------------------------------------------


def _loopback_caller() -> bool:
    if state().allow_remote_hooks:
        return True
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _root() -> Any:
    return jsonify(
        {
            "name": "BeatPass sandbox",
            "base_url": f"{request.host_url.rstrip('/')}{API_PREFIX}",
            "docs": "shared/design/API.md",
        }
    )


def _storage(name: str) -> Response:
    return send_from_directory(state().storage_dir, name, max_age=3600)


def _faults() -> Any:
    config, errors = parse_config(json_body())
    if config is None:
        raise invalid(errors)
    state().faults.set(config)
    return jsonify({"status": "success", "faults": config.__dict__})


def _expire() -> Any:
    """Expire one token (``{"token": …}``), every token of an account (``{"email": …}``) or
    every token there is (``{"all": true}``); answers how many were expired."""
    body = json_body()
    db = state().db.conn
    chosen = [key for key in ("token", "email", "all") if key in body]
    if len(chosen) != 1:
        raise invalid({"token": ['Send exactly one of "token", "email" or "all".']})
    if "token" in body:
        token = body["token"]
        if not isinstance(token, str) or not tokens.expire(db, token):
            raise ApiError(404, "Unknown or already expired token.")
        count = 1
    elif "email" in body:
        email = body["email"]
        row = None
        if isinstance(email, str):
            row = db.execute(
                "SELECT id FROM users WHERE email = ? COLLATE NOCASE", (email.strip(),)
            ).fetchone()
        if row is None:
            raise ApiError(404, "No sandbox account with that e-mail address.")
        count = tokens.expire_user(db, row["id"])
    else:
        if body["all"] is not True:
            raise invalid({"all": ["The all field must be true."]})
        count = tokens.expire_all(db)
    return jsonify({"status": "success", "expired": count})
