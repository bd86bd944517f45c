"""Paging helpers: the query parameters every list call sends, and an iterator over all
pages of a list (API.md §1.4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from studio.core.limits import PER_PAGE_MIN
from studio.core.models import Page

T = TypeVar("T")

MAX_PAGES = 10_000  # a guard against a server that always says "there is more"


def page_params(page: int, per_page: int, **extra: Any) -> dict[str, Any]:
    """``page`` and ``perPage`` (always sent: BP and BM defaults differ) plus ``extra``."""
    params: dict[str, Any] = {
        "page": max(1, int(page)),
        "perPage": max(PER_PAGE_MIN, int(per_page)),
    }
    params.update({key: value for key, value in extra.items() if value is not None})
    return params


def iter_pages(fetch: Callable[[int], Page[T]], *, start: int = 1) -> Iterator[T]:
    """Every item of every page, fetching page ``start``, then the next while ``has_next``.

    Stops at an empty page too, so a server that keeps saying "more" cannot loop forever.
    """
    number = max(1, start)
    for _ in range(MAX_PAGES):
        page = fetch(number)
        yield from page.items
        if not page.has_next or not page.items:
            return
        number = max(number, page.current_page) + 1
