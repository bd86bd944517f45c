"""The reviewer's side of Producer Program requests (B5), on the sandbox's database.

One implementation for the admin hooks (``POST /backstage-request/{id}/approve|deny|revoke``)
and the ``beatpass-sandbox review`` command, which works on a sandbox's data folder (also
while the server runs: SQLite serialises the writes). No Flask here.

Approving a Become creates the producer profile and links the applicant to it (role
``artist``); a Claim links the applicant with the role they gave when it is one that links
(Artist, Manager); a Verify sets the badge. Revoking removes the link.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from studio.core import limits
from studio.sandbox.db import now_iso

REVIEWABLE = {"approve": ("pending",), "deny": ("pending",), "revoke": ("pending", "approved")}


class ReviewError(Exception):
    """A decision that cannot be taken: ``status`` is the HTTP answer the hooks give."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def request_row(conn: sqlite3.Connection, request_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM backstage_requests WHERE id = ?", (request_id,)
    ).fetchone()
    if row is None:
        raise ReviewError(404, f"There is no request {request_id}.")
    return row


def _open(conn: sqlite3.Connection, request_id: int, decision: str) -> sqlite3.Row:
    row = request_row(conn, request_id)
    if row["status"] not in REVIEWABLE[decision]:
        raise ReviewError(409, f"The request is {row['status']}.", "backstage_request_not_open")
    return row


def _set_status(conn: sqlite3.Connection, row: sqlite3.Row, status: str, notes: Any) -> None:
    conn.execute(
        "UPDATE backstage_requests SET status = ?, notes = COALESCE(?, notes), updated_at = ?"
        " WHERE id = ?",
        (status, notes if isinstance(notes, str) else None, now_iso(), row["id"]),
    )


def approve(
    conn: sqlite3.Connection, request_id: int, *, verified: bool = False, notes: Any = None
) -> None:
    row = _open(conn, request_id, "approve")
    now = now_iso()
    artist_id = row["artist_id"]
    data = json.loads(row["data"])
    if row["type"] == "become-artist":
        artist_id = conn.execute(
            "INSERT INTO artists (name, created_at, updated_at) VALUES (?, ?, ?)",
            (row["artist_name"], now, now),
        ).lastrowid
        conn.execute(
            "UPDATE backstage_requests SET artist_id = ? WHERE id = ?", (artist_id, row["id"])
        )
        conn.execute(
            "INSERT OR REPLACE INTO artist_user VALUES (?, ?, 'artist')",
            (artist_id, row["user_id"]),
        )
    elif row["type"] == "claim-artist" and data.get("role") in limits.CLAIM_ROLES_THAT_LINK:
        conn.execute(
            "INSERT OR REPLACE INTO artist_user VALUES (?, ?, ?)",
            (artist_id, row["user_id"], data["role"]),
        )
    if artist_id and (row["type"] == "verify-artist" or verified):
        conn.execute("UPDATE artists SET verified = 1 WHERE id = ?", (artist_id,))
    _set_status(conn, row, "approved", notes)


def deny(conn: sqlite3.Connection, request_id: int, *, notes: Any = None) -> None:
    _set_status(conn, _open(conn, request_id, "deny"), "denied", notes)


def revoke(conn: sqlite3.Connection, request_id: int, *, notes: Any = None) -> None:
    row = _open(conn, request_id, "revoke")
    if row["artist_id"]:
        conn.execute(
            "DELETE FROM artist_user WHERE artist_id = ? AND user_id = ?",
            (row["artist_id"], row["user_id"]),
        )
    _set_status(conn, row, "revoked", notes)


DECISIONS = {"approve": approve, "deny": deny, "revoke": revoke}


def decide(conn: sqlite3.Connection, decision: str, request_id: int, **kw: Any) -> None:
    """One decision in one transaction (all of it, or nothing)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        DECISIONS[decision](conn, request_id, **kw)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def listing(conn: sqlite3.Connection, status: str | None = None) -> list[dict[str, Any]]:
    """Every request (newest first), with who sent it: for the review command."""
    sql = (
        "SELECT r.*, u.email AS email FROM backstage_requests r"
        " LEFT JOIN users u ON u.id = r.user_id"
    )
    args: tuple[Any, ...] = ()
    if status:
        sql += " WHERE r.status = ?"
        args = (status,)
    rows = conn.execute(sql + " ORDER BY r.id DESC", args).fetchall()
    return [
        {
            "id": r["id"],
            "type": r["type"],
            "artist_name": r["artist_name"],
            "status": r["status"],
            "email": r["email"] or f"user {r['user_id']}",
            "created_at": r["created_at"],
            "notes": r["notes"] or "",
        }
        for r in rows
    ]
