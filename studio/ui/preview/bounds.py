"""How much of a draft the preview lays out, whatever the server sends or the user pastes.

BeatPass shows the first lines of a biography before "Show more", at most 10 links, 10 genres
and 10 gallery photos, and names on one line. The preview renders what is shown, never the
whole of an absurd value: a 100,000-character biography is cut to what BeatPass keeps
(5,000 characters) before anything is laid out, lists to their limits, one-line texts to what
could ever fit. What is left out is counted (:class:`Overflow`) so the page can say so.

Every text also goes through :func:`shown_text`, which shows hidden characters (direction
overrides, zero-width characters) as visible markers. Pure functions (no Qt).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studio.core import limits
from studio.core.bidi import neutralise

LINE_SHOWN = 300  # one-line text: far more than fits across a 960 px page
TEXT_SHOWN = limits.DESCRIPTION.max_len + 200  # wrapped text (a biography, a note)
BIO_SHOWN = limits.DESCRIPTION.max_len  # what BeatPass keeps of a biography
LINKS_SHOWN = limits.LINKS_MAX
GENRES_SHOWN = limits.GENRES_MAX
PHOTOS_SHOWN = limits.GALLERY_MAX
GENRE_SHOWN = limits.GENRE_NAME.max_len + 10


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with "…" when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown_text(text: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """What a label shows of ``text``: cut to a length that can be laid out within a frame
    and with hidden characters shown as markers (line breaks kept when ``multiline``)."""
    if limit is None:
        limit = TEXT_SHOWN if multiline else LINE_SHOWN
    return neutralise(clip(text, limit), multiline=multiline)


@dataclass(frozen=True)
class Overflow:
    """What a bounded draft left out."""

    bio_length: int = 0  # the whole biography's length (only set when it was cut)
    links: int = 0  # links not shown (beyond the limit)
    genres: int = 0
    photos: int = 0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def link_items(value: object, limit: int = LINKS_SHOWN) -> tuple[list[dict[str, str]], int]:
    """The first ``limit`` links that show as chips (``{"url", "title"}``, each with a URL: an
    empty new link row is skipped), and how many items after them were not looked at."""
    items = value if isinstance(value, list) else []
    shown: list[dict[str, str]] = []
    for index, link in enumerate(items):
        if len(shown) == limit:
            return shown, len(items) - index
        if isinstance(link, Mapping) and _text(link.get("url")).strip():
            shown.append({"url": _text(link.get("url")), "title": _text(link.get("title"))})
    return shown, 0


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def bounded_artist(draft: Mapping[str, Any]) -> tuple[dict[str, Any], Overflow]:
    """A copy of a producer draft (ARTIST shape) holding only what the page can show: the
    work is bounded by the limits, not by the size of the values."""
    out = dict(draft)
    bio = _text(draft.get("description"))
    bio_length = 0
    if len(bio) > BIO_SHOWN:
        out["description"] = bio[:BIO_SHOWN]
        bio_length = len(bio)
    out["links"], more_links = link_items(draft.get("links"))
    genres = _items(draft.get("genres"))
    out["genres"] = [clip(str(g), GENRE_SHOWN) for g in genres[:GENRES_SHOWN]]
    photos = _items(draft.get("profile_images"))
    out["profile_images"] = [p for p in photos[:PHOTOS_SHOWN] if isinstance(p, Mapping)]
    return out, Overflow(
        bio_length=bio_length,
        links=more_links,
        genres=max(0, len(genres) - GENRES_SHOWN),
        photos=max(0, len(photos) - PHOTOS_SHOWN),
    )


def more_note(count: int, noun: str, limit: int) -> str:
    """ "Preview note: 1,990 more links are not shown; BeatPass shows at most 10." """
    if count <= 0:
        return ""
    verb = "is" if count == 1 else "are"
    return (
        f"Preview note: {count:,} more {noun}{'' if count == 1 else 's'} {verb} not shown; "
        f"BeatPass shows at most {limit}."
    )


def bio_note(length: int) -> str:
    """The note under a biography longer than BeatPass keeps ("" when it fits)."""
    if length <= BIO_SHOWN:
        return ""
    return (
        f"Preview note: only the first {BIO_SHOWN:,} of {length:,} characters are shown; "
        f"BeatPass keeps at most {BIO_SHOWN:,}."
    )
