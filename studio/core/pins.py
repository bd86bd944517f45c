"""The pinned (featured) track of a producer profile as a draft (no Qt).

One document per producer profile (kind ``"pin"``, entity id = the artist id)::

    PIN draft = {"pinned": summary | None,     # the track pinned by you (P1); None: none
                 "auto_pick": summary | None}  # what BeatPass shows when nothing is pinned
                                               # (P3 ``source: "automatic"``); display only

A *summary* is the little of a track the pinned card shows, in the API's track shape (so
``Track.from_api`` reads it back)::

    {"id": 12, "name": "Night Drive", "image": "https://…", "duration": 184000,
     "duration_text": "3:04", "plays": 1234, "artists": [{"id": 7, "name": "Nova Beats"}],
     "model_type": "track"}

The pin is one scalar: two summaries of the same track count as the same value (merge and
conflicts compare track ids), so plays that changed on the server never clash with a pin.
Publishing sends one step: pin (P1) or unpin (P2) — see :func:`pin_steps`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from studio.core.coerce import ParseError
from studio.core.drafts import Field, Scalar, Schema, register_schema
from studio.core.text import compact_count, duration_text

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.core.catalog import Track

PIN = "pin"
PINNED = "pinned"
AUTO_PICK = "auto_pick"
MANUAL, AUTOMATIC = "manual", "automatic"
WHAT = "the pinned track of this producer profile"
NOUN = "pinned track"

PIN_TRACK, UNPIN_TRACK = "pin_track", "unpin_track"  # the plan's step types


def summary_id(value: object) -> int | None:
    """The track id of a summary (None for no track, or anything that is not a summary)."""
    if not isinstance(value, Mapping):
        return None
    ident = value.get("id")
    return ident if isinstance(ident, int) and not isinstance(ident, bool) else None


def same_track(a: object, b: object) -> bool:
    """Two pins are the same when they name the same track (or both name none)."""
    return summary_id(a) == summary_id(b)


PIN_SCHEMA: Schema = {
    PINNED: Field(Scalar(None, same_track), "Pinned"),
    AUTO_PICK: Field(Scalar(None, same_track), "Picked automatically by BeatPass"),
}
register_schema(PIN, PIN_SCHEMA)


def empty_pin_draft() -> dict[str, Any]:
    return {PINNED: None, AUTO_PICK: None}


def track_summary(track: Track) -> dict[str, Any]:
    """The summary of a parsed track (its image already absolute)."""
    return {
        "id": track.id,
        "name": track.name,
        "image": track.image,
        "duration": track.duration_ms,
        "duration_text": track.duration_text or duration_text(track.duration_ms),
        "plays": track.plays,
        "artists": [{"id": a.id, "name": a.name} for a in track.artists],
        "model_type": "track",
    }


def summary_track(value: object) -> Track | None:
    """A summary read back as a :class:`Track` (None when it is not one)."""
    from studio.core.catalog import Track  # loaded on first use

    if summary_id(value) is None:
        return None
    try:
        return Track.from_api(value, "")
    except ParseError:
        return None


def summary_text(value: object) -> str:
    """ "Night Drive — Nova Beats" ("" for no track)."""
    track = summary_track(value)
    if track is None:
        return ""
    artists = ", ".join(a.name for a in track.artists)
    return f"{track.name} — {artists}" if artists else track.name


def summary_meta(value: object) -> str:
    """ "3:04 · 1.2K plays" for the card."""
    track = summary_track(value)
    if track is None:
        return ""
    parts = [track.duration_text or duration_text(track.duration_ms)]
    parts.append(f"{compact_count(track.plays)} plays")
    return " · ".join(p for p in parts if p)


def pin_draft(track: Track | None, source: str | None) -> dict[str, Any]:
    """The canonical draft of what P3 said (a track with ``source`` "automatic" is BeatPass's
    own pick, not a pin; any other track is a pin, whatever ``source`` says)."""
    if track is None:
        return empty_pin_draft()
    if source == AUTOMATIC:
        return {PINNED: None, AUTO_PICK: track_summary(track)}
    return {PINNED: track_summary(track), AUTO_PICK: None}


def fetch_pin(client: BeatPassClient, entity_id: str) -> dict[str, Any]:
    """The server's pin of artist ``entity_id`` (P3) as a canonical draft (worker thread)."""
    answer = client.pinned_track(int(entity_id))
    return pin_draft(answer.track, answer.source)


def pinned_id(draft: Mapping[str, Any]) -> int | None:
    return summary_id(draft.get(PINNED))


def shown(draft: Mapping[str, Any]) -> dict[str, Any] | None:
    """The track the pinned card shows: the pin, else BeatPass's own pick, else none."""
    for key in (PINNED, AUTO_PICK):
        value = draft.get(key)
        if isinstance(value, Mapping) and summary_id(value) is not None:
            return dict(value)
    return None


def source_of(draft: Mapping[str, Any]) -> str | None:
    """``"manual"`` (pinned by you), ``"automatic"`` (BeatPass's pick) or None (neither)."""
    if pinned_id(draft) is not None:
        return MANUAL
    if summary_id(draft.get(AUTO_PICK)) is not None:
        return AUTOMATIC
    return None


def with_pin(base: Mapping[str, Any], summary: Mapping[str, Any] | None) -> dict[str, Any]:
    """The draft that pins ``summary`` (None: unpins) over the server state ``base``.

    Choosing what the server already has gives ``base`` itself, so the draft is clean again
    (nothing to publish); BeatPass's own pick is never edited, only shown."""
    if summary_id(summary) == pinned_id(base):
        return dict(base)
    return {**dict(base), PINNED: dict(summary) if summary is not None else None}


def track_ref(track_id: int) -> str:
    """How a refusal of pinning ``track_id`` is keyed (the workspace's refusals)."""
    return f"track:{track_id}"


def pin_steps(
    entity_id: str, base: Mapping[str, Any], draft: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The plan: nothing when the pin is unchanged, else one pin (P1) or unpin (P2) step."""
    old, new = pinned_id(base), pinned_id(draft)
    if old == new:
        return []
    if new is None:
        return [{"type": UNPIN_TRACK, "track_id": old}]
    return [{"type": PIN_TRACK, "track_id": new, "ref": track_ref(new)}]
