"""A1–A3: login, token revocation, the current user."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from werkzeug.security import check_password_hash

from studio.core import limits
from studio.sandbox import tokens
from studio.sandbox.context import conn, json_body, require_user, state, user_param, viewer
from studio.sandbox.db import row_id
from studio.sandbox.demo import BLOCKED_EMAIL_DOMAINS
from studio.sandbox.errors import invalid, refuse_blocked_account
from studio.sandbox.serialize import user_json

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "These credentials do not match our records."


def _required_string(body: dict[str, Any], key: str, errors: dict[str, list[str]]) -> str:
    value = body.get(key)
    if value is None or value == "":
        errors[key] = [f"The {key.replace('_', ' ')} field is required."]
        return ""
    if not isinstance(value, str):
        errors[key] = [f"The {key.replace('_', ' ')} field must be a string."]
        return ""
    return value


@bp.post("/auth/login")
def login() -> Any:
    body = json_body()
    errors: dict[str, list[str]] = {}
    email = _required_string(body, "email", errors)
    password = _required_string(body, "password", errors)
    name = _required_string(body, "token_name", errors)
    if name and not limits.TOKEN_NAME_MIN <= len(name) <= limits.TOKEN_NAME_MAX:
        errors["token_name"] = [
            f"The token name field must be between {limits.TOKEN_NAME_MIN} and "
            f"{limits.TOKEN_NAME_MAX} characters."
        ]
    domain = email.strip().rpartition("@")[2].lower()
    if domain in BLOCKED_EMAIL_DOMAINS:
        errors["email"] = [f'Emails from the "{domain}" domain are not allowed.']
    if errors:
        raise invalid(errors)
    db = conn()
    user = db.execute(  # case-insensitive, like BeMusic's MySQL collation
        "SELECT * FROM users WHERE email = ? COLLATE NOCASE", (email.strip(),)
    ).fetchone()
    if user is None or not check_password_hash(user["password_hash"], password):
        raise invalid({"email": [BAD_CREDENTIALS]})
    refuse_blocked_account(user)
    db.execute("DELETE FROM tokens WHERE user_id = ? AND name = ?", (user["id"], name))
    token = tokens.mint(db, user["id"], name)
    payload = user_json(user, is_self=True)
    payload["access_token"] = token
    return jsonify(
        {
            "status": "success",
            "user": payload,
            "settings": {},
            "menus": [],
            "themes": {},
            "locales": [],
        }
    )


@bp.delete("/access-tokens/<token_id>")
def revoke(token_id: str) -> Any:
    user = require_user()
    ident = row_id(token_id)
    if ident is not None:
        conn().execute("DELETE FROM tokens WHERE id = ? AND user_id = ?", (ident, user["id"]))
    return jsonify({"status": "success"})


@bp.get("/users/<user>")
def show_user(user: str) -> Any:
    row = user_param(user)
    me = viewer()
    is_self = me is not None and me["id"] == row["id"]
    with_artists = not (is_self and state().faults.config.me_without_artists)
    return jsonify(
        {"status": "success", "user": user_json(row, is_self=is_self, with_artists=with_artists)}
    )
