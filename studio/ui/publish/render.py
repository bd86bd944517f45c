"""How draft values read in the publish dialogs: plain sentences, image names, a word diff.

Everything the user typed is escaped before it goes into rich text, so HTML or script in a
field shows as the characters typed, never rendered; hidden characters (a right-to-left
override, zero-width spaces) show as visible markers. A picture is named by the file the user
picked when that is known (``names``: uploaded URL → picked file name), else by the file name
in its address.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from studio.core.bidi import neutralise
from studio.core.credit_drafts import FIELD as CREDITS_FIELD
from studio.core.credit_drafts import item_text as credit_text
from studio.core.credit_plan import change_rows, credit_changes, roles_text
from studio.core.diff import FieldChange

Names = Mapping[str, str] | None

EMPTY = "(empty)"
MAX_INLINE = 80
IMAGE_FIELDS = frozenset({"image", "image_small", "cover_image"})


def image_name(url: str | None, names: Names = None) -> str:
    """What a picture is called: the file the user picked ("my avatar.jpg") when ``names``
    knows its address, else the file name in the address ("avatar_1.jpg"), or "no image"."""
    if not url:
        return "no image"
    picked = (names or {}).get(url)
    if picked:
        return neutralise(picked)
    path = urlsplit(url).path
    return neutralise(unquote(path.rsplit("/", 1)[-1]) or url)


def item_text(value: Any, names: Names = None) -> str:
    """One list item as text: a link "Title — url", a gallery image by name, a genre, a
    credit "Song — Artist (Song, 2024) — Producer, Composer"."""
    if isinstance(value, dict) and "spotify_id" in value:
        return neutralise(f"{credit_text(value)} — {roles_text(value)}")
    if isinstance(value, dict):
        if "title" in value:
            text = f"{value.get('title') or EMPTY} — {value.get('url') or EMPTY}"
            return neutralise(text)
        if "url" in value:
            return image_name(value.get("url"), names)
    return neutralise(str(value)) if value not in (None, "") else EMPTY


def value_text(field: str, value: Any, names: Names = None) -> str:
    """A whole field value as plain text."""
    if field in IMAGE_FIELDS:
        return image_name(value, names)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(item_text(v, names) for v in value) if value else EMPTY
    if isinstance(value, dict):
        return item_text(value, names)
    return neutralise(str(value), multiline=True) if value not in (None, "") else EMPTY


def short(text: str, limit: int = MAX_INLINE) -> str:
    """One line, cut with "…" when long."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def is_credits(change: FieldChange) -> bool:
    return change.field == CREDITS_FIELD and change.is_list


def change_summary(change: FieldChange) -> str:
    """ "Links: 1 added", "Credits: 1 added, 2 re-roled, 1 moved"."""
    if is_credits(change):
        return credit_changes(change.before, change.after).summary()
    return change.summary()


def line_items(change: FieldChange, names: Names = None) -> list[tuple[str, str, Any]]:
    """The detail rows of a list change with the item each is about: (marker, text, item)."""
    if is_credits(change):
        found = credit_changes(change.before, change.after)
        items = [*found.added, *found.removed, *(a for _b, a in found.rerolled), *found.moved]
        return [(m, neutralise(t), i) for (m, t), i in zip(change_rows(found), items, strict=True)]
    items = [*change.added, *change.removed, *(e.after for e in change.edited), *change.moved]
    lines = change_lines(change, names)
    return [(m, t, i) for (m, t), i in zip(lines, items, strict=True)]


def change_lines(change: FieldChange, names: Names = None) -> list[tuple[str, str]]:
    """The detail rows of a change: (marker, text). Lists give one row per item change."""
    if is_credits(change):
        rows = change_rows(credit_changes(change.before, change.after))
        return [(marker, neutralise(text)) for marker, text in rows]
    if not change.is_list:
        return [
            ("−", value_text(change.field, change.before, names)),
            ("+", value_text(change.field, change.after, names)),
        ]

    def text(value: Any) -> str:
        return item_text(value, names)

    rows = [("+", f"added: {text(v)}") for v in change.added]
    rows += [("−", f"removed: {text(v)}") for v in change.removed]
    rows += [("✎", f"edited: {text(e.before)} → {text(e.after)}") for e in change.edited]
    rows += [("↕", f"moved: {text(v)}") for v in change.moved]
    return rows


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff_html(before: str, after: str) -> str:
    """``before`` → ``after`` as escaped HTML with removed words struck and added words
    highlighted (line breaks kept)."""
    before, after = neutralise(before, multiline=True), neutralise(after, multiline=True)
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(_span("del", "".join(a[i1:i2])))
        if op == "replace":
            out.append(" ")  # "Canada Brazil", not "CanadaBrazil" when colours are not seen
        if op in ("insert", "replace"):
            out.append(_span("ins", "".join(b[j1:j2])))
        if op == "equal":
            out.append(_escape("".join(a[i1:i2])))
    return "".join(out)


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _span(kind: str, text: str) -> str:
    style = (
        "background:#f8d7da;color:#58151c;text-decoration:line-through"
        if kind == "del"
        else "background:#d1e7dd;color:#0a3622"
    )
    return f'<span style="{style}">{_escape(text)}</span>'


def change_html(change: FieldChange, names: Names = None) -> str:
    """The detail view of one change, as escaped HTML."""
    title = (
        f"<h3>{html.escape(change_summary(change) if is_credits(change) else change.label)}</h3>"
    )
    if change.is_list:
        rows = "".join(
            f"<li>{html.escape(marker)} {html.escape(text)}</li>"
            for marker, text in change_lines(change, names)
        )
        return f"{title}<ul>{rows}</ul>"
    if (
        isinstance(change.before, str)
        and isinstance(change.after, str)
        and change.field not in IMAGE_FIELDS
    ):
        return f"{title}<p>{word_diff_html(change.before, change.after)}</p>"
    before = html.escape(value_text(change.field, change.before, names))
    after = html.escape(value_text(change.field, change.after, names))
    return f"{title}<p>Before: {before}<br>After: {after}</p>"
