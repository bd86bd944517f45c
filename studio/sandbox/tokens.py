"""Personal access tokens: ``<id>|<40 chars>``, stored as a SHA-256 of the secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import string
import time

from studio.core.limits import TOKEN_LIFETIME_DAYS
from studio.sandbox.db import now_iso, row_id

ALPHABET = string.ascii_letters + string.digits
LIFETIME_S = TOKEN_LIFETIME_DAYS * 24 * 3600


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def mint(conn: sqlite3.Connection, user_id: int, name: str) -> str:
    """Create a token for ``user_id``; returns the plain ``<id>|<secret>`` (shown once)."""
    secret = "".join(secrets.choice(ALPHABET) for _ in range(40))
    cur = conn.execute(
        "INSERT INTO tokens (user_id, name, secret_hash, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (user_id, name, _digest(secret), now_iso(), time.time() + LIFETIME_S),
    )
    return f"{cur.lastrowid}|{secret}"


def split(token: str) -> tuple[int, str] | None:
    token_id, sep, secret = token.partition("|")
    ident = row_id(token_id) if token_id == token_id.strip() else None
    if not sep or ident is None or not secret:
        return None
    return ident, secret


def resolve(conn: sqlite3.Connection, token: str) -> int | None:
    """The user id of a valid, unexpired token, else None."""
    parts = split(token)
    if parts is None:
        return None
    row = conn.execute(
        "SELECT user_id, secret_hash, expires_at FROM tokens WHERE id = ?", (parts[0],)
    ).fetchone()
    if row is None or not hmac.compare_digest(row["secret_hash"], _digest(parts[1])):
        return None
    if row["expires_at"] <= time.time():
        return None
    return int(row["user_id"])


def expire(conn: sqlite3.Connection, token: str) -> bool:
    """Make ``token`` expired; False when it is unknown."""
    parts = split(token)
    if parts is None or resolve(conn, token) is None:
        return False
    conn.execute("UPDATE tokens SET expires_at = ? WHERE id = ?", (time.time() - 1, parts[0]))
    return True


def expire_user(conn: sqlite3.Connection, user_id: int) -> int:
    """Expire every live token of ``user_id``; returns how many."""
    cur = conn.execute(
        "UPDATE tokens SET expires_at = ? WHERE user_id = ? AND expires_at > ?",
        (time.time() - 1, user_id, time.time()),
    )
    return cur.rowcount


def expire_all(conn: sqlite3.Connection) -> int:
    """Expire every live token of every account; returns how many."""
    now = time.time()
    cur = conn.execute("UPDATE tokens SET expires_at = ? WHERE expires_at > ?", (now - 1, now))
    return cur.rowcount
