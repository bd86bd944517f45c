"""Three-way merge of drafts: base (what the edit started from), mine (the local draft)
and theirs (the server state fetched just before publishing).

Per field: only mine changed → mine; only theirs changed → theirs; both the same → that;
both differently → a :class:`Conflict`. List fields merge item by item (see
:mod:`studio.core.drafts` for how items are keyed): adds and removes from both sides
combine, an item edited on both sides differently (or edited on one side and removed on
the other) is a conflict. Order comes from mine, unless only theirs reordered; items the
other side added go at the end. Until resolved, a conflict holds mine's value, so nothing
local is dropped; :meth:`MergeResult.resolve` picks a side.

Lists whose order is the user's own arrangement (the gallery: ``KeyedList.order_clash`` and
``replace_clash``) have two more true clashes: both sides reordered differently (one
conflict on the order, ``key`` :data:`ORDER_KEY`, reason :data:`ORDER`), and an item mine
removed that theirs replaced — removed it and added another in its place (a conflict on the
new item, reason :data:`REMOVED_REPLACED`: mine leaves it out, theirs keeps it).
"""

from __future__ import annotations

import dataclasses
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

# Why a list conflict is one ("" for an item changed on both sides, or changed on one side
# and removed on the other).
ORDER = "order"  # both sides reordered the list differently
REMOVED_REPLACED = "removed_replaced"  # mine removed an item that theirs replaced
ORDER_KEY: Hashable = ("<order>",)  # the key of an order conflict (item keys are pairs)


@dataclass(frozen=True)
class Conflict:
    """Both sides changed ``field`` differently.

    For a list field, ``key`` names the item (pass it back to :meth:`MergeResult.resolve`)
    and ``base``/``mine``/``theirs`` are that item, ``None`` where a side has no such item
    (it was removed there, or never existed). For a scalar field ``key`` is ``None``.
    ``reason`` says which list clash it is: :data:`REMOVED_REPLACED` (``base`` the item mine
    removed, ``theirs`` the one theirs put in its place, ``mine`` None) or :data:`ORDER`
    (``key`` is :data:`ORDER_KEY`; ``base`` the base list, ``mine``/``theirs`` the merged
    list in each side's order); "" for the others.
    """

    field: str
    label: str
    base: Any
    mine: Any
    theirs: Any
    key: Hashable | None = None
    reason: str = ""


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
        kind = field.kind
        assert isinstance(kind, SetList | KeyedList)
        ib, im, it = (index_items(kind, items) for items in (base, mine, theirs))
        replaced: dict[Hashable, Hashable] = {}  # theirs' new item -> the item it replaced
        if isinstance(kind, KeyedList) and kind.replace_clash:
            replaced = _replacements(list(ib), list(im), list(it))
        kept: dict[Hashable, Any] = {}
        for key in {**ib, **im, **it}:
            sides = (ib.get(key, _ABSENT), im.get(key, _ABSENT), it.get(key, _ABSENT))
            if isinstance(kind, SetList):  # a set's items are the same by key: only
                b, m, t = (_PRESENT if v is not _ABSENT else _ABSENT for v in sides)
                if self._pick(name, field, key, (b, m, t)) is _ABSENT:  # adds and removes count
                    continue
                value = next(v for v in (sides[1], sides[2], sides[0]) if v is not _ABSENT)
            elif key in replaced:
                value = self._replaced(name, field, key, ib[replaced[key]], it[key])
            else:
                value = self._pick(name, field, key, sides)
                if isinstance(kind, KeyedList) and kind.replace_clash:
                    self._tag_replaced(name, key, sides)
            if value is not _ABSENT:
                kept[key] = value
        base_keys, mine_keys, theirs_keys = list(ib), list(im), list(it)
        # an arranged list keeps the other side's additions in their place
        arranged = isinstance(kind, KeyedList) and (kind.order_clash or kind.replace_clash)
        mine_first = _ordered(kept, mine_keys, theirs_keys, in_place=arranged)
        theirs_first = _ordered(kept, theirs_keys, mine_keys, in_place=arranged)
        mine_moved, theirs_moved = (
            _reordered(base_keys, mine_keys),
            _reordered(base_keys, theirs_keys),
        )
        if theirs_moved and not mine_moved:
            return [kept[k] for k in theirs_first]
        if (
            isinstance(kind, KeyedList)
            and kind.order_clash
            and mine_moved
            and theirs_moved
            and _shared_order(mine_keys, ib, it) != _shared_order(theirs_keys, ib, im)
        ):
            choice = self.choices.get((name, ORDER_KEY))
            if choice == THEIRS:
                return [kept[k] for k in theirs_first]
            if choice is None:
                self.conflicts.append(
                    Conflict(
                        name,
                        field.label,
                        list(base),
                        [kept[k] for k in mine_first],
                        [kept[k] for k in theirs_first],
                        ORDER_KEY,
                        ORDER,
                    )
                )
        return [kept[k] for k in mine_first]

    def _tag_replaced(self, name: str, key: Hashable, sides: tuple[Any, Any, Any]) -> None:
        """An item mine removed and theirs changed (a picture replaced in place, same id) is
        the same clash as a picture replaced by another: say so."""
        last = self.conflicts[-1] if self.conflicts else None
        if last is None or (last.field, last.key) != (name, key):
            return
        if sides[1] is _ABSENT and sides[2] is not _ABSENT:
            self.conflicts[-1] = dataclasses.replace(last, reason=REMOVED_REPLACED)

    def _replaced(
        self, name: str, field: Field, key: Hashable, removed: Any, replacement: Any
    ) -> Any:
        """Theirs put ``replacement`` where ``removed`` was, and mine removed ``removed``:
        keep the replacement only when the user takes theirs (unresolved: mine, left out)."""
        choice = self.choices.get((name, key))
        if choice is not None:
            return replacement if choice == THEIRS else _ABSENT
        self.conflicts.append(
            Conflict(name, field.label, removed, None, replacement, key, REMOVED_REPLACED)
        )
        return _ABSENT


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _none(value: Any) -> Any:
    return None if value is _ABSENT else value


def _reordered(base_keys: list[Hashable], side_keys: list[Hashable]) -> bool:
    """Whether ``side`` changed the relative order of the items it shares with base."""
    shared = set(base_keys) & set(side_keys)
    return [k for k in base_keys if k in shared] != [k for k in side_keys if k in shared]


def _ordered(
    kept: Mapping[Hashable, Any],
    primary: list[Hashable],
    secondary: list[Hashable],
    *,
    in_place: bool = False,
) -> list[Hashable]:
    """The kept keys in ``primary``'s order, then those only ``secondary`` has: at the end,
    or (``in_place``) each just before the next item ``secondary`` lists after it that is
    already placed (at the end when there is none)."""
    order = [k for k in primary if k in kept]
    placed = set(order)
    extra = [k for k in secondary if k in kept and k not in placed]
    if not in_place:
        return order + extra
    for position, key in enumerate(secondary):
        if key not in kept or key in placed:
            continue
        following = next((k for k in secondary[position + 1 :] if k in placed), None)
        order.insert(order.index(following) if following is not None else len(order), key)
        placed.add(key)
    return order


def _shared_order(side: list[Hashable], *others: Mapping[Hashable, Any]) -> list[Hashable]:
    """``side``'s order of the items every one of ``others`` has too."""
    return [k for k in side if all(k in other for other in others)]


def _replacements(
    base: list[Hashable], mine: list[Hashable], theirs: list[Hashable]
) -> dict[Hashable, Hashable]:
    """Items theirs added in the place of an item both sides removed: new key -> old key.

    "In its place" means in the same gap between the items base and theirs share (the
    nearest one before it); within a gap the removed and the added items pair up in order.
    """
    in_base, in_mine, in_theirs = set(base), set(mine), set(theirs)
    removed: dict[Hashable | None, list[Hashable]] = {}
    anchor: Hashable | None = None
    for key in base:
        if key in in_theirs:
            anchor = key
        elif key not in in_mine:
            removed.setdefault(anchor, []).append(key)
    pairs: dict[Hashable, Hashable] = {}
    anchor = None
    taken: dict[Hashable | None, int] = {}
    for key in theirs:
        if key in in_base:
            anchor = key
        elif key not in in_mine:
            gap = removed.get(anchor, [])
            n = taken.get(anchor, 0)
            if n < len(gap):
                pairs[key] = gap[n]
                taken[anchor] = n + 1
    return pairs


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
