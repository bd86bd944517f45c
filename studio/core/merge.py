"""Three-way merge of drafts: base (what the edit started from), mine (the local draft)
and theirs (the server state fetched just before publishing).

Per field: only mine changed → mine; only theirs changed → theirs; both the same → that;
both differently → a :class:`Conflict`. List fields merge item by item (see
:mod:`studio.core.drafts` for how items are keyed): adds and removes from both sides
combine, an item edited on both sides differently (or edited on one side and removed on
the other) is a conflict. Order comes from mine, unless only theirs reordered; items the
other side added go at the end. Until resolved, a conflict holds mine's value, so nothing
local is dropped; :meth:`MergeResult.resolve` picks a side.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from studio.core.drafts import (
    Field,
    KeyedList,
    Scalar,
    Schema,
    SetList,
    index_items,
    normalize_draft,
    schema_for,
)

Side = Literal["mine", "theirs"]
MINE: Side = "mine"
THEIRS: Side = "theirs"
_SIDES = (MINE, THEIRS)


class _Absent:
    """An item missing from one side of a list merge."""

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT = _Absent()
_PRESENT = object()  # an item a side of a set has (whatever its spelling)
_EXTRA = Field(Scalar(None), "")


@dataclass(frozen=True)
class Conflict:
    """Both sides changed ``field`` differently.

    For a list field, ``key`` names the item (pass it back to :meth:`MergeResult.resolve`)
    and ``base``/``mine``/``theirs`` are that item, ``None`` where a side has no such item
    (it was removed there, or never existed). For a scalar field ``key`` is ``None``.
    """

    field: str
    label: str
    base: Any
    mine: Any
    theirs: Any
    key: Hashable | None = None


class UnresolvedConflictError(Exception):
    """:meth:`MergeResult.result` was called while conflicts remain."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        fields = ", ".join(dict.fromkeys(c.label or c.field for c in conflicts))
        super().__init__(f"{len(conflicts)} conflict(s) left to resolve: {fields}")
        self.conflicts = conflicts


class MergeResult:
    """The outcome of a three-way merge; resolve conflicts, then take :meth:`result`."""

    def __init__(
        self,
        schema: Schema,
        base: Mapping[str, Any],
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.base = dict(base)
        self.mine = dict(mine)
        self.theirs = dict(theirs)
        self.choices: dict[tuple[str, Hashable | None], Side] = {}
        self.merged: dict[str, Any] = {}
        self.conflicts: list[Conflict] = []
        self._run()

    @property
    def clean(self) -> bool:
        """True when no conflict is left."""
        return not self.conflicts

    def resolve(self, field: str, side: Side, key: Hashable | None = None) -> None:
        """Settle the conflicts of ``field`` (or only its item ``key``) with ``side``."""
        if side not in _SIDES:
            raise ValueError(f"side must be 'mine' or 'theirs', not {side!r}")
        targets = [c for c in self.conflicts if c.field == field and (key is None or c.key == key)]
        if not targets:
            raise ValueError(f"no open conflict on {field!r}" + (f" item {key!r}" if key else ""))
        for conflict in targets:
            self.choices[(field, conflict.key)] = side
        self._run()

    def resolve_all(self, side: Side) -> None:
        """Settle every open conflict with ``side``."""
        for field in dict.fromkeys(c.field for c in self.conflicts):
            self.resolve(field, side)

    def result(self) -> dict[str, Any]:
        """The merged draft; raises :class:`UnresolvedConflictError` while any remain."""
        if self.conflicts:
            raise UnresolvedConflictError(list(self.conflicts))
        return dict(self.merged)

    def _run(self) -> None:
        self.merged = {}
        self.conflicts = []
        names = list(self.schema)
        for data in (self.base, self.mine, self.theirs):
            names += [n for n in data if n not in names]
        for name in names:
            field = self.schema.get(name, _EXTRA)
            empty = field.kind.empty if isinstance(field.kind, Scalar) else []
            b, m, t = (
                empty if d.get(name) is None else d[name]
                for d in (self.base, self.mine, self.theirs)
            )
            if isinstance(field.kind, Scalar):
                self.merged[name] = self._pick(name, field, None, (b, m, t))
            else:
                self.merged[name] = self._merge_list(name, field, b, m, t)

    def _pick(
        self, name: str, field: Field, key: Hashable | None, sides: tuple[Any, Any, Any]
    ) -> Any:
        """The three-way pick for one value; ``sides`` is (base, mine, theirs)."""
        base, mine, theirs = sides
        equal = field.kind.equal if isinstance(field.kind, Scalar) else _eq
        if equal(theirs, mine) or equal(theirs, base):
            return mine
        if equal(mine, base):
            return theirs
        choice = self.choices.get((name, key))
        if choice is not None:
            return mine if choice == MINE else theirs
        self.conflicts.append(
            Conflict(name, field.label, _none(base), _none(mine), _none(theirs), key)
        )
        return mine

    def _merge_list(self, name: str, field: Field, base: Any, mine: Any, theirs: Any) -> Any:
        if theirs in (mine, base):
            return list(mine)
        if mine == base:
            return list(theirs)
        assert isinstance(field.kind, SetList | KeyedList)
        ib, im, it = (index_items(field.kind, items) for items in (base, mine, theirs))
        kept: dict[Hashable, Any] = {}
        for key in {**ib, **im, **it}:
            sides = (ib.get(key, _ABSENT), im.get(key, _ABSENT), it.get(key, _ABSENT))
            if isinstance(field.kind, SetList):  # a set's items are the same by key: only
                b, m, t = (_PRESENT if v is not _ABSENT else _ABSENT for v in sides)
                if self._pick(name, field, key, (b, m, t)) is _ABSENT:  # adds and removes count
                    continue
                value = next(v for v in (sides[1], sides[2], sides[0]) if v is not _ABSENT)
            else:
                value = self._pick(name, field, key, sides)
            if value is not _ABSENT:
                kept[key] = value
        primary, secondary = list(im), list(it)
        if _reordered(list(ib), secondary) and not _reordered(list(ib), primary):
            primary, secondary = secondary, primary
        order = [k for k in primary if k in kept]
        order += [k for k in secondary if k in kept and k not in order]
        return [kept[k] for k in order]


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _none(value: Any) -> Any:
    return None if value is _ABSENT else value


def _reordered(base_keys: list[Hashable], side_keys: list[Hashable]) -> bool:
    """Whether ``side`` changed the relative order of the items it shares with base."""
    shared = set(base_keys) & set(side_keys)
    return [k for k in base_keys if k in shared] != [k for k in side_keys if k in shared]


def merge(
    schema: Schema, base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> MergeResult:
    """Three-way merge of three drafts described by ``schema``."""
    return MergeResult(schema, base, mine, theirs)


Merger = Callable[[Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]], MergeResult]
_MERGERS: dict[str, Merger] = {}


def register_merger(kind: str, merger: Merger) -> None:
    """A kind whose drafts merge by their own rules (credits: roles as sets inside items)
    registers its merge here; :func:`merge_drafts` then uses it for that kind."""
    _MERGERS[kind] = merger


def merge_drafts(
    kind: str, base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> MergeResult:
    """Three-way merge of canonical drafts of ``kind`` (normalized first)."""
    custom = _MERGERS.get(kind)
    if custom is not None:
        return custom(base, mine, theirs)
    return merge(
        schema_for(kind),
        normalize_draft(kind, base),
        normalize_draft(kind, mine),
        normalize_draft(kind, theirs),
    )
