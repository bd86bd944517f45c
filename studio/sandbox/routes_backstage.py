"""B1–B5 (Producer Program requests, with the pending/revoked guard) and S1 (artist search)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from flask import Blueprint, jsonify, request

from studio.core import limits
from studio.core.validation import validate_backstage_request
from studio.sandbox import review
from studio.sandbox.context import (
    bool_arg,
    conn,
    int_arg,
    is_admin,
    json_body,
    require_user,
)
from studio.sandbox.db import SQL_INT_MAX, now_iso, row_id
from studio.sandbox.errors import ApiError, conflict, field_error, forbidden, invalid, not_found
from studio.sandbox.paging import fetch_page, page_json, page_params
from studio.sandbox.serialize import (
    abs_url,
    display_name,
    request_json,
    stored_url,
)

bp = Blueprint("backstage", __name__)

MSG_PENDING = (
    "You already have a request under review. We'll e-mail you the decision; "
    "you can apply again after that."
)
MSG_REVOKED = (
    "Your producer access was revoked, so new requests are blocked. Contact support to appeal."
)
CONTACT_URL = "/contact"
STATUS_ORDER = (
    "CASE status WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 WHEN 'denied' THEN 2 ELSE 3 END"
)


def _blocking(user_id: int) -> tuple[str, str, int] | None:
    """(block reason, message, request id) when the user may not submit; pending wins."""
    db = conn()
    for status, message in (("pending", MSG_PENDING), ("revoked", MSG_REVOKED)):
        row = db.execute(
            "SELECT id FROM backstage_requests WHERE user_id = ? AND status = ?"
            " ORDER BY id DESC LIMIT 1",
            (user_id, status),
        ).fetchone()
        if row is not None:
            return status, message, int(row[0])
    return None


@bp.get("/backstage-request/submission-status")
def submission_status() -> Any:
    user = require_user()
    block = _blocking(user["id"])
    if block is None:
        return jsonify(
            {
                "status": "success",
                "can_submit": True,
                "block_reason": None,
                "message": None,
                "contact_url": None,
                "blocking_request_id": None,
            }
        )
    reason, message, request_id = block
    return jsonify(
        {
            "status": "success",
            "can_submit": False,
            "block_reason": reason,
            "message": message,
            "contact_url": CONTACT_URL,
            "blocking_request_id": request_id,
        }
    )


def _owned_artists(user_id: int) -> list[int]:
    return [
        r[0]
        for r in conn().execute(
            "SELECT artist_id FROM artist_user WHERE user_id = ? ORDER BY artist_id", (user_id,)
        )
    ]


@bp.post("/backstage-request")
def create() -> Any:
    user = require_user()
    body = json_body()
    block = _blocking(user["id"])
    if block is not None:
        code = (
            limits.ERROR_BACKSTAGE_PENDING
            if block[0] == "pending"
            else limits.ERROR_BACKSTAGE_REVOKED
        )
        raise conflict(block[1], code)
    errors = validate_backstage_request(body)
    kind = body.get("type")
    owned = _owned_artists(user["id"])
    db = conn()
    artist_id: int | None = None
    raw_id = body.get("artist_id")
    if (
        raw_id not in (None, "CURRENT_USER")
        and "artist_id" not in errors
        and kind != "become-artist"
    ):
        artist_id = int(raw_id)
        if (
            artist_id > SQL_INT_MAX
            or db.execute("SELECT 1 FROM artists WHERE id = ?", (artist_id,)).fetchone() is None
        ):
            errors.setdefault("artist_id", []).append("The selected artist is invalid.")
    if kind == "become-artist":
        artist_id = owned[0] if owned else None
        if owned:
            errors.setdefault("type", []).append(
                "You already have a producer profile. Claim another profile or ask for "
                "verification instead."
            )
        name = body.get("artist_name")
        if (
            isinstance(name, str)
            and db.execute(
                "SELECT 1 FROM backstage_requests WHERE user_id = ? AND type = 'become-artist'"
                " AND artist_name = ? COLLATE NOCASE",
                (user["id"], name.strip()),
            ).fetchone()
        ):
            errors.setdefault("artist_name", []).append(
                "You already applied with this producer name."
            )
    elif kind == "verify-artist" and "artist_id" not in errors:
        if artist_id is None:
            artist_id = owned[0] if owned else None
        if artist_id is None or artist_id not in owned:
            errors.setdefault("artist_id", []).append(
                "Verification is only for a producer profile you manage."
            )
    elif kind == "claim-artist" and artist_id is not None and artist_id in owned:
        errors.setdefault("artist_id", []).append("You already manage this producer profile.")
    if errors:
        raise invalid(errors)
    if (
        kind == "claim-artist"
        and artist_id is not None
        and db.execute("SELECT 1 FROM artist_user WHERE artist_id = ?", (artist_id,)).fetchone()
    ):
        raise conflict(
            "This producer profile is already claimed. If it is yours, write to "
            f"{limits.SUPPORT_EMAIL}.",
            limits.ERROR_ARTIST_ALREADY_CLAIMED,
        )
    now = now_iso()
    cur = db.execute(
        "INSERT INTO backstage_requests (type, artist_name, artist_id, user_id, status, data,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
        (
            kind,
            body["artist_name"].strip(),
            artist_id,
            user["id"],
            json.dumps(_stored_data(body["data"])),
            now,
            now,
        ),
    )
    return jsonify({"status": "success", "request": request_json(_request_row(cur.lastrowid))})


def _stored_data(data: dict[str, Any]) -> dict[str, Any]:
    """The request's ``data`` as stored: its picture URL relative when it is one of ours."""
    if isinstance(data.get("image"), str) and data["image"]:
        return {**data, "image": stored_url(data["image"])}
    return data


def _request_row(request_id: Any) -> sqlite3.Row:
    row = conn().execute("SELECT * FROM backstage_requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        raise not_found()
    result: sqlite3.Row = row
    return result


@bp.get("/backstage-request")
def list_requests() -> Any:
    """B3: the caller's own requests. An admin may list anyone's (``userId``) or, without
    ``userId``, everyone's — newest first (the sandbox reviewer); ``status`` filters."""
    user = require_user()
    wanted = request.args.get("userId", "").strip()
    where, args = "", list[Any]()
    if is_admin(user) and wanted == "":
        order = "id DESC"
    elif wanted == str(user["id"]) or (is_admin(user) and row_id(wanted) is not None):
        where, args, order = "user_id = ?", [int(wanted)], f"{STATUS_ORDER}, id DESC"
    else:
        raise forbidden()
    status = request.args.get("status", "").strip()
    if status:
        if status not in limits.BACKSTAGE_STATUSES:
            raise field_error("status", "The selected status is invalid.")
        where, args = " AND ".join(w for w in (where, "status = ?") if w), [*args, status]
    params = page_params(15, simple_default=True)
    sql = f"SELECT * FROM backstage_requests {'WHERE ' + where if where else ''} ORDER BY {order}"
    rows, total, more = fetch_page(sql, tuple(args), params)
    items = [request_json(r, with_user=True) for r in rows]
    return jsonify({"status": "success", "pagination": page_json(items, params, total, more)})


@bp.get("/backstage-request/<int:request_id>")
def show(request_id: int) -> Any:
    user = require_user()
    row = _request_row(request_id)
    if row["user_id"] != user["id"] and not is_admin(user):
        raise forbidden()
    return jsonify({"status": "success", "request": request_json(row, with_user=True)})


# --- B5 admin hooks -------------------------------------------------------------------------


def _decide(decision: str, request_id: int, **kw: Any) -> Any:
    if not is_admin(require_user()):
        raise forbidden()
    try:
        review.DECISIONS[decision](conn(), request_id, **kw)
    except review.ReviewError as exc:
        if exc.status == 404:
            raise not_found() from None
        raise ApiError(exc.status, exc.message, error_code=exc.code) from None
    return jsonify({"status": "success", "request": request_json(_request_row(request_id))})


@bp.post("/backstage-request/<int:request_id>/approve")
def approve(request_id: int) -> Any:
    body = json_body()
    verified = body.get("markArtistAsVerified") is True
    return _decide("approve", request_id, verified=verified, notes=body.get("notes"))


@bp.post("/backstage-request/<int:request_id>/deny")
def deny(request_id: int) -> Any:
    return _decide("deny", request_id, notes=json_body().get("notes"))


@bp.post("/backstage-request/<int:request_id>/revoke")
def revoke(request_id: int) -> Any:
    return _decide("revoke", request_id, notes=json_body().get("notes"))


# --- S1 -------------------------------------------------------------------------------------


@bp.get("/search/suggestions/artist")
def search_artists() -> Any:
    user = require_user()
    query = request.args.get("query", "").strip()
    limit = min(
        limits.ARTIST_SEARCH_MAX_LIMIT, max(1, int_arg("limit", limits.ARTIST_SEARCH_DEFAULT_LIMIT))
    )
    sql = (
        "SELECT a.*, EXISTS(SELECT 1 FROM artist_user au WHERE au.artist_id = a.id)"
        " AS claimed FROM artists a WHERE a.name LIKE ? ESCAPE '\\'"
    )
    args: list[Any] = [query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]
    if not bool_arg("listAll"):
        sql += " AND a.id IN (SELECT artist_id FROM artist_user WHERE user_id = ?)"
        args.append(user["id"])
    sql += " ORDER BY a.name COLLATE NOCASE, a.id LIMIT ?"
    args.append(limit)
    results: list[dict[str, Any]] = [
        {
            "id": r["id"],
            "name": r["name"],
            "image": abs_url(r["image_small"]),
            "model_type": "artist",
            "claimed": bool(r["claimed"]),
            "verified": bool(r["verified"]),
        }
        for r in conn().execute(sql, args)
    ]
    if not bool_arg("excludeSelf"):
        results.insert(
            0,
            {
                "id": "CURRENT_USER",
                "name": display_name(user),
                "image": abs_url(user["image"]),
                "model_type": "artist",
                "claimed": False,
                "verified": False,
            },
        )
    return jsonify({"status": "success", "results": results})
