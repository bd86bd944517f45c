"""P1–P3: the pinned (featured) track of a producer profile."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Blueprint, jsonify

from studio.core import limits
from studio.sandbox.context import (
    artist_or_404,
    conn,
    is_admin,
    manages,
    require_manager,
    state,
    viewer,
)
from studio.sandbox.errors import ApiError, not_found
from studio.sandbox.serialize import pin_reason, track_json

bp = Blueprint("pins", __name__)


def _track_or_404(track_id: int) -> sqlite3.Row:
    row = conn().execute("SELECT * FROM tracks WHERE id = ?", (track_id,)).fetchone()
    if row is None:
        raise not_found()
    result: sqlite3.Row = row
    return result


@bp.post("/artists/<int:artist_id>/tracks/<int:track_id>/pin")
def pin(artist_id: int, track_id: int) -> Any:
    require_manager(artist_id)
    track = _track_or_404(track_id)
    reason = pin_reason(track, artist_id)
    if reason is not None:
        raise ApiError(
            422,
            limits.PIN_INELIGIBLE_REASONS[reason],
            error_code=limits.ERROR_TRACK_NOT_ELIGIBLE,
            extra={"reason": reason},
        )
    conn().execute("UPDATE artists SET pinned_track_id = ? WHERE id = ?", (track_id, artist_id))
    return jsonify(
        {"status": "success", "pinned_track": track_json(track, token_tier=True, pin_for=artist_id)}
    )


@bp.post("/artists/<int:artist_id>/tracks/<int:track_id>/unpin")
def unpin(artist_id: int, track_id: int) -> Any:
    require_manager(artist_id)
    _track_or_404(track_id)
    conn().execute(
        "UPDATE artists SET pinned_track_id = NULL WHERE id = ? AND pinned_track_id = ?",
        (artist_id, track_id),
    )
    return jsonify({"status": "success", "pinned_track": None})


@bp.get("/artists/<int:artist_id>/pinned-track")
def pinned(artist_id: int) -> Any:
    artist = artist_or_404(artist_id)
    track_id = artist["pinned_track_id"]
    row = conn().execute("SELECT * FROM tracks WHERE id = ?", (track_id,)).fetchone()
    if row is None:
        return jsonify({"status": "success", "pinned_track": None, "source": None})
    user = viewer()
    pin_for = artist_id if is_admin(user) or manages(user, artist_id) else None
    if state().faults.config.tracks_without_eligibility:
        pin_for = None
    track = track_json(row, token_tier=user is not None, pin_for=pin_for)
    return jsonify({"status": "success", "pinned_track": track, "source": "manual"})
