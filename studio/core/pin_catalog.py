"""The catalog the pinned-track picker shows (no Qt): every track of a producer profile in
short, with its pin eligibility, a lowercase search key, the stored form, and how fast to
page through R3 without using up the rate limit (API.md §11.2).

The catalog is kept in the store as a snapshot of kind ``"catalog"`` keyed by the artist id
(one row, written off the GUI thread), in columns — one list per field, the n-th entry of
each for the n-th track — because that reads back three times faster than an object per
track (10,000 tracks: about 1.7 MB, parsed in some 15 ms)::

    {"version": 2, "complete": bool, "total": int | None, "fetched_at": float,
     "columns": {"id": [...], "name": [...], "artists": [[id, name, id, name…], …],
                 "genres": [[...], …], "image": [...], "duration": [...],
                 "duration_text": [...], "plays": [...], "created_at": [...],
                 "eligible": [...], "reason": [...]}}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from studio.core.catalog import Track
from studio.core.coerce import opt_int, to_int
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.text import duration_text

CATALOG = "catalog"  # the store snapshot kind
STORE_VERSION = 2  # 2: in columns (1, an object per track, is read as nothing: fetched again)
CATALOG_PER_PAGE = 50  # R3 pages of the picker (the sandbox's and BeatPass's maximum)

# The failing rule of an ineligible track, in a few words (the table's column); the full
# sentence is PIN_INELIGIBLE_REASONS (tooltips, messages).
REASON_LABELS: dict[str, str] = {
    "not_primary_owner": "Not the primary owner",
    "not_playable": "Audio not playable",
    "no_active_offer": "No active licence or purchase option",
    "exclusive_sold": "Sold exclusively",
    "ai_rights_unconfirmed": "AI-assisted without confirmed rights",
}
ELIGIBLE_LABEL = "✓"
UNKNOWN_LABEL = "Unknown"
UNKNOWN_TIP = (
    "BeatPass did not say whether this track can be pinned. You can pin it; if BeatPass "
    "refuses when you publish, the reason is shown here."
)
ELIGIBLE_TIP = "This track can be pinned."
OTHER_REASON = "This track cannot be pinned."

# Pacing (API.md §11.2): below this share of the limit left, paging slows down so the rest
# of the app keeps room; the wait spreads what is left over a whole window.
RATE_RESERVE_SHARE = 0.2
RATE_RESERVE_MIN = 10
RATE_WINDOW_S = 60.0


class CatalogTrack(NamedTuple):
    """One track of the picker: a named tuple of plain values (small and quick to make;
    10,000 of them are built for a catalog). Its ``artists`` and ``genres`` are tuples of
    atoms, which the garbage collector stops following; the row itself stays tracked (a
    tuple subclass), so a full collection still visits it once."""

    id: int
    name: str
    artists: tuple[tuple[int, str], ...]
    genres: tuple[str, ...]
    image: str | None
    duration_ms: int | None
    duration_text: str
    plays: int
    created_at: str
    eligible: bool | None  # None: the server said nothing about it
    reason: str | None
    search: str  # lowercase title, artists and genres, for filtering as you type
    title_key: str  # the title folded for sorting

    @property
    def artists_text(self) -> str:
        return ", ".join(name for _id, name in self.artists)

    @property
    def date(self) -> str:
        """The day it was added (``YYYY-MM-DD``), "" when unknown."""
        return self.created_at[:10]

    def summary(self) -> dict[str, Any]:
        """The pin document's summary of this track (see :mod:`studio.core.pins`)."""
        return {
            "id": self.id,
            "name": self.name,
            "image": self.image,
            "duration": self.duration_ms,
            "duration_text": self.duration_text,
            "plays": self.plays,
            "artists": [{"id": i, "name": n} for i, n in self.artists],
            "model_type": "track",
        }


def make_track(
    *,
    id: int,
    name: str,
    artists: Iterable[tuple[int, str]] = (),
    genres: Iterable[str] = (),
    image: str | None = None,
    duration_ms: int | None = None,
    duration_text: str = "",
    plays: int = 0,
    created_at: str = "",
    eligible: bool | None = None,
    reason: str | None = None,
) -> CatalogTrack:
    """A :class:`CatalogTrack` with its search key made from its texts."""
    artists = tuple(artists)
    genres = tuple(genres)
    search = " ".join([name, *(n for _i, n in artists), *genres]).casefold()
    return CatalogTrack(
        id, name, artists, genres, image, duration_ms, duration_text, plays, created_at,
        eligible, reason, search, name.casefold(),
    )  # fmt: skip


def from_track(track: Track) -> CatalogTrack:
    """A catalog row from an R3 track."""
    eligibility = track.pin_eligibility
    return make_track(
        id=track.id,
        name=track.name,
        artists=((a.id, a.name) for a in track.artists),
        genres=(g.display_name or g.name for g in track.genres),
        image=track.image,
        duration_ms=track.duration_ms,
        duration_text=track.duration_text or duration_text(track.duration_ms),
        plays=track.plays,
        created_at=track.created_at,
        eligible=None if eligibility is None else eligibility.eligible,
        reason=None if eligibility is None else eligibility.reason,
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


COLUMNS = (
    "id", "name", "artists", "genres", "image", "duration", "duration_text", "plays",
    "created_at", "eligible", "reason",
)  # fmt: skip


def _artists(flat: object) -> tuple[tuple[int, str], ...]:
    """``[id, name, id, name…]`` as pairs (pairs that cannot be read are left out)."""
    if not isinstance(flat, list):
        return ()
    pairs = zip(flat[::2], flat[1::2], strict=False)
    return tuple((i, n) for i, n in pairs if isinstance(i, int) and isinstance(n, str))


def _row(values: tuple[Any, ...]) -> CatalogTrack | None:
    """One track from its column values (None for one that cannot be read)."""
    ident, name, artists, genres, image, duration, shown, plays, created, eligible, reason = values
    ident = opt_int(ident)
    if ident is None:
        return None
    return make_track(
        id=ident,
        name=_text(name),
        artists=_artists(artists),
        genres=(g for g in genres if isinstance(g, str)) if isinstance(genres, list) else (),
        image=_text(image) or None,
        duration_ms=opt_int(duration),
        duration_text=_text(shown),
        plays=to_int(plays),
        created_at=_text(created),
        eligible=eligible if isinstance(eligible, bool) else None,
        reason=_text(reason) or None,
    )


@dataclass(frozen=True)
class StoredCatalog:
    """What the store holds for one profile."""

    tracks: tuple[CatalogTrack, ...]
    complete: bool
    total: int | None
    fetched_at: float


def catalog_data(
    tracks: Sequence[CatalogTrack], *, complete: bool, total: int | None, fetched_at: float
) -> dict[str, Any]:
    """The stored form (a JSON object, in columns)."""
    columns: dict[str, list[Any]] = {
        "id": [t.id for t in tracks],
        "name": [t.name for t in tracks],
        "artists": [[x for pair in t.artists for x in pair] for t in tracks],
        "genres": [list(t.genres) for t in tracks],
        "image": [t.image for t in tracks],
        "duration": [t.duration_ms for t in tracks],
        "duration_text": [t.duration_text for t in tracks],
        "plays": [t.plays for t in tracks],
        "created_at": [t.created_at for t in tracks],
        "eligible": [t.eligible for t in tracks],
        "reason": [t.reason for t in tracks],
    }
    return {
        "version": STORE_VERSION,
        "complete": complete,
        "total": total,
        "fetched_at": fetched_at,
        "columns": columns,
    }


def read_catalog(data: Mapping[str, Any] | None) -> StoredCatalog | None:
    """The stored catalog (None when there is none, it cannot be read, or it was written by
    another version)."""
    if data is None or data.get("version") != STORE_VERSION:
        return None
    columns = data.get("columns")
    if not isinstance(columns, Mapping):
        return None
    lists = [columns.get(name) for name in COLUMNS]
    if not all(isinstance(column, list) for column in lists):
        return None
    if len({len(column) for column in lists if isinstance(column, list)}) != 1:
        return None  # columns of different lengths: damaged
    tracks = tuple(t for t in map(_row, zip(*lists, strict=True)) if t is not None)
    fetched = data.get("fetched_at")
    return StoredCatalog(
        tracks,
        complete=data.get("complete") is True,
        total=opt_int(data.get("total")),
        fetched_at=float(fetched) if isinstance(fetched, int | float) else 0.0,
    )


def merge_rows(
    rows: Sequence[CatalogTrack], page: Sequence[CatalogTrack]
) -> tuple[CatalogTrack, ...]:
    """``rows`` with ``page`` in: known tracks updated in place, new ones at the end."""
    if not page:
        return tuple(rows)
    fresh = {t.id: t for t in page}
    merged = [fresh.pop(t.id, t) for t in rows]
    merged += [t for t in page if t.id in fresh]
    return tuple(merged)


def keep_only(rows: Sequence[CatalogTrack], ids: Iterable[int]) -> tuple[CatalogTrack, ...]:
    """``rows`` without the tracks a complete fetch did not list (deleted on the server)."""
    seen = set(ids)
    return tuple(t for t in rows if t.id in seen)


# --- eligibility in words -------------------------------------------------------------------


def eligibility_label(track: CatalogTrack, refused: str | None = None) -> str:
    """The table's eligibility cell: ✓, the failing rule in words, "Unknown", or the reason
    BeatPass gave when a publish of this pin was refused (``refused``)."""
    if refused:
        return refused
    if track.eligible is None:
        return UNKNOWN_LABEL
    if track.eligible:
        return ELIGIBLE_LABEL
    return REASON_LABELS.get(track.reason or "", "Cannot be pinned")


def eligibility_tip(track: CatalogTrack, refused: str | None = None) -> str:
    """A sentence for the tooltip and the status line."""
    if refused:
        return f"BeatPass refused to pin this track: {refused}"
    if track.eligible is None:
        return UNKNOWN_TIP
    if track.eligible:
        return ELIGIBLE_TIP
    return PIN_INELIGIBLE_REASONS.get(track.reason or "", OTHER_REASON)


def can_pin(track: CatalogTrack, refused: str | None = None) -> bool:
    """Eligible or unknown (BeatPass decides when publishing); not known ineligible."""
    return not refused and track.eligible is not False


# --- pacing ---------------------------------------------------------------------------------


def page_delay(remaining: int | None, limit: int | None) -> float:
    """Seconds to wait before the next catalog page, given the last ``X-RateLimit-Remaining``
    and ``-Limit``: none while plenty is left; below the reserve (a fifth of the limit, at
    least 10 requests), what is left spread over a whole minute — so paging alone never
    runs the budget out and the rest of the app keeps room."""
    if remaining is None:
        return 0.0
    reserve = max(RATE_RESERVE_MIN, int((limit or 0) * RATE_RESERVE_SHARE))
    if remaining >= reserve:
        return 0.0
    return min(RATE_WINDOW_S, RATE_WINDOW_S / max(remaining, 1))
