"""What a draft changes relative to its base, and the fewest API calls that publish it.

:func:`diff` gives per-field changes (before → after; for lists also the items added,
removed, edited and moved) for the review dialog "what will change on your public page".
:func:`plan_publish` turns a draft into API calls: none when nothing changed, else exactly
one R2 (artist, full editable object, API.md pitfall 3) or one U2 (user, all three keys).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from studio.core.drafts import (
    ARTIST,
    USER,
    KeyedList,
    Scalar,
    Schema,
    SetList,
    artist_payload,
    index_items,
    normalize_draft,
    schema_for,
    user_payload,
)


@dataclass(frozen=True)
class ItemEdit:
    """One list item that kept its identity but changed (e.g. a link's title)."""

    before: Any
    after: Any


@dataclass(frozen=True)
class FieldChange:
    """How one field changes from base to draft."""

    field: str
    label: str
    before: Any
    after: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    edited: tuple[ItemEdit, ...] = ()
    moved: tuple[Any, ...] = ()

    @property
    def is_list(self) -> bool:
        return isinstance(self.before, list) or isinstance(self.after, list)

    def summary(self) -> str:
        """A short sentence, e.g. "Links: 1 added, 1 removed" or "City changed"."""
        if not self.is_list:
            if self.before in ("", None):
                return f"{self.label} added"
            if self.after in ("", None):
                return f"{self.label} removed"
            return f"{self.label} changed"
        parts = [
            f"{len(items)} {word}"
            for items, word in (
                (self.added, "added"),
                (self.removed, "removed"),
                (self.edited, "edited"),
                (self.moved, "moved"),
            )
            if items
        ]
        return f"{self.label}: {', '.join(parts)}"


def diff(schema: Schema, base: Mapping[str, Any], draft: Mapping[str, Any]) -> list[FieldChange]:
    """The changed fields, in schema order (keys outside the schema last)."""
    names = list(schema) + [n for n in (*base, *draft) if n not in schema]
    changes: list[FieldChange] = []
    for name in dict.fromkeys(names):
        spec = schema.get(name)
        kind = spec.kind if spec else Scalar(None)
        empty = kind.empty if isinstance(kind, Scalar) else []
        before = empty if base.get(name) is None else base[name]
        after = empty if draft.get(name) is None else draft[name]
        if before == after:
            continue
        label = spec.label if spec else name
        if isinstance(kind, SetList | KeyedList):
            changes.append(_list_change(name, label, kind, before, after))
        else:
            changes.append(FieldChange(name, label, before, after))
    return changes


def diff_drafts(kind: str, base: Mapping[str, Any], draft: Mapping[str, Any]) -> list[FieldChange]:
    """:func:`diff` of two canonical drafts of ``kind`` (normalized first)."""
    return diff(schema_for(kind), normalize_draft(kind, base), normalize_draft(kind, draft))


def _list_change(
    name: str, label: str, kind: SetList | KeyedList, before: Any, after: Any
) -> FieldChange:
    old, new = index_items(kind, before), index_items(kind, after)
    shared = [k for k in new if k in old]
    in_place = set(_lcs([k for k in old if k in new], shared))
    return FieldChange(
        name,
        label,
        list(before),
        list(after),
        added=tuple(new[k] for k in new if k not in old),
        removed=tuple(old[k] for k in old if k not in new),
        edited=tuple(ItemEdit(old[k], new[k]) for k in shared if old[k] != new[k]),
        moved=tuple(new[k] for k in shared if k not in in_place),
    )


def _lcs(a: list[Hashable], b: list[Hashable]) -> list[Hashable]:
    """Longest common subsequence. Lists of distinct keys (every keyed list: see
    ``index_items``) take O(n log n), so hundreds of credits cost nothing; others are short."""
    if a == b:
        return list(a)
    if len(set(a)) == len(a) and len(set(b)) == len(b):
        return _longest_kept(a, b)
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    result: list[Hashable] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            result.append(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return result


def _longest_kept(a: list[Hashable], b: list[Hashable]) -> list[Hashable]:
    """The LCS of two lists of distinct keys in O(n log n): the longest run of ``b``'s
    shared keys that rises by position in ``a``, built from the right so that ties go the
    way the table does (the earliest keys of ``b`` are kept)."""
    where = {k: n for n, k in enumerate(a)}
    seq = [k for k in b if k in where]
    heads: list[int] = []  # per run length: the run (index into seq) with the latest head
    after: list[int] = [-1] * len(seq)
    for n in range(len(seq) - 1, -1, -1):
        pos = where[seq[n]]
        lo, hi = 0, len(heads)
        while lo < hi:
            mid = (lo + hi) // 2
            if where[seq[heads[mid]]] > pos:
                lo = mid + 1
            else:
                hi = mid
        after[n] = heads[lo - 1] if lo > 0 else -1
        if lo == len(heads):
            heads.append(n)
        else:
            heads[lo] = n
    result: list[Hashable] = []
    n = heads[-1] if heads else -1
    while n >= 0:
        result.append(seq[n])
        n = after[n]
    return result


longest_common_order = _lcs


# --- Publishing plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedCall:
    """One API call of a publish. ``path`` is relative to the API base URL."""

    endpoint: str  # "R2" or "U2" (API.md)
    method: str
    path: str
    body: dict[str, Any]
    fields: tuple[str, ...] = field(default=())  # the draft fields this call changes

    def to_op(self) -> dict[str, Any]:
        """A JSON-able dict (for the store's outbox)."""
        return {
            "endpoint": self.endpoint,
            "method": self.method,
            "path": self.path,
            "body": self.body,
            "fields": list(self.fields),
        }

    @classmethod
    def from_op(cls, op: Mapping[str, Any]) -> PlannedCall:
        return cls(
            str(op["endpoint"]),
            str(op["method"]),
            str(op["path"]),
            dict(op["body"]),
            tuple(op.get("fields", ())),
        )


def plan_publish(
    kind: str,
    base: Mapping[str, Any],
    draft: Mapping[str, Any],
    *,
    entity_id: int | str | None = None,
) -> list[PlannedCall]:
    """The fewest calls that publish ``draft``: ``[]`` when nothing changed, else one call.

    An artist needs ``entity_id`` (the artist id) for the R2 path.
    """
    changes = diff_drafts(kind, base, draft)
    if not changes:
        return []
    fields = tuple(c.field for c in changes)
    if kind == ARTIST:
        if entity_id is None:
            raise ValueError("publishing an artist needs its id")
        return [PlannedCall("R2", "PUT", f"/artists/{entity_id}", artist_payload(draft), fields)]
    assert kind == USER
    return [PlannedCall("U2", "PUT", "/users/profile/update", user_payload(draft), fields)]
