"""Pagination of every list route (API.md §1.4): one parser for ``page``/``perPage``/
``paginate``, one query helper and one answer shape.

``page`` is any integer (below 1 counts as 1); ``perPage`` (alias ``per_page``) any integer,
clamped to 1..50; anything else is a 422 on that key. A page past the last answers 200 with
empty ``data`` and ``from``/``to`` null — also a page so far out that its offset would not fit
in SQLite's 64-bit integer: that page is known to be empty without asking the database.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from flask import request

from studio.core import limits
from studio.sandbox.context import conn
from studio.sandbox.db import SQL_INT_MAX
from studio.sandbox.errors import field_error

_INTEGER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class PageParams:
    page: int
    per_page: int
    simple: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def reachable(self) -> bool:
        """Whether the page's rows can be asked for (its offset fits in 64 bits)."""
        return self.offset + self.per_page <= SQL_INT_MAX


def _integer_arg(*keys: str) -> int | None:
    """The first of ``keys`` that is present, as an integer; 422 on it when it is not one."""
    for key in keys:
        raw = request.args.get(key)
        if raw is None or raw.strip() == "":
            continue
        text = raw.strip()
        if not _INTEGER.fullmatch(text):
            raise field_error(keys[0], f"The {keys[0]} field must be an integer.")
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (thousands): no real page
            raise field_error(keys[0], f"The {keys[0]} field is too large.") from None
    return None


def page_params(default_per_page: int, *, simple_default: bool = False) -> PageParams:
    """``page`` (≥1), ``perPage``/``per_page`` clamped to 1..50, ``paginate``."""
    page = max(1, _integer_arg("page") or 1)
    per_page = _integer_arg("perPage", "per_page")
    if per_page is None:
        per_page = default_per_page
    per_page = min(limits.PER_PAGE_MAX, max(limits.PER_PAGE_MIN, per_page))
    mode = request.args.get("paginate")
    simple = simple_default if mode not in ("simple", "lengthAware") else mode == "simple"
    return PageParams(page, per_page, simple)


def fetch_page(
    sql: str, args: tuple[Any, ...], params: PageParams
) -> tuple[list[sqlite3.Row], int | None, bool]:
    """Rows of one page of ``sql`` (no LIMIT in it), the total (length-aware only), has-more."""
    db = conn()
    rows: list[sqlite3.Row] = []
    if params.reachable:
        rows = db.execute(
            f"{sql} LIMIT ? OFFSET ?", (*args, params.per_page + 1, params.offset)
        ).fetchall()
    has_more = len(rows) > params.per_page
    rows = rows[: params.per_page]
    total = None
    if not params.simple:
        total = int(db.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0])
    return rows, total, has_more


def page_json(items: list[Any], params: PageParams, total: int | None, has_more: bool) -> dict:
    """A length-aware page (with ``total``) or a simple one (``total`` None)."""
    body: dict[str, Any] = {
        "current_page": params.page,
        "data": items,
        "from": params.offset + 1 if items else None,
        "to": params.offset + len(items) if items else None,
        "per_page": params.per_page,
        "next_page": params.page + 1 if has_more else None,
        "prev_page": params.page - 1 if params.page > 1 else None,
    }
    if total is not None:
        body["last_page"] = max(1, -(-total // params.per_page))
        body["total"] = total
    return body
