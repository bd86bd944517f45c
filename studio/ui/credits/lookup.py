"""What the Spotify lookups of the credits dialogs say: the search text's limits, and a
failed lookup in words (Spotify down is not the editor down)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from studio.core.credit_drafts import FIELD, item_key
from studio.core.limits import CREDIT_SEARCH_QUERY, ERROR_SPOTIFY_UNAVAILABLE
from studio.messages import user_message

DEBOUNCE_MS = 350  # BeatPass asks for at least 300 ms between keystroke and search
SPOTIFY_DOWN = (
    "Spotify can't be reached right now, so songs and albums can't be looked up. Your "
    "credits and the rest of the editor keep working; try again in a few minutes."
)


def query_problem(text: str) -> str:
    """Why ``text`` is not searched ("" when it is)."""
    query = text.strip()
    low, high = CREDIT_SEARCH_QUERY.min_len, CREDIT_SEARCH_QUERY.max_len
    if len(query) < low:
        return f"Type at least {low} characters to search Spotify."
    if len(query) > high:
        return (
            f"Search text can be at most {high} characters (this one has {len(query)}). "
            "Shorten it to search."
        )
    return ""


def lookup_error(exc: BaseException) -> str:
    """A failed Spotify lookup in words."""
    if getattr(exc, "error_code", None) == ERROR_SPOTIFY_UNAVAILABLE:
        return SPOTIFY_DOWN
    if getattr(exc, "status", None) == 404:
        return "Spotify no longer has this item. Search again for another one."
    return user_message(exc)


def held_roles(
    draft: Mapping[str, Any], base: Mapping[str, Any], key: str, existing: tuple[str, ...]
) -> list[str]:
    """The roles the profile holds on item ``key`` as the editor sees it: the draft's when
    it has the item; none when the draft deleted it; else what the server says it holds."""
    for item in draft.get(FIELD) or []:
        if item_key(item) == key:
            return list(item.get("roles") or [])
    if any(item_key(i) == key for i in base.get(FIELD) or []):
        return []
    return list(existing)
