"""Three-way merge of credits drafts (no Qt): base (what the edit started from), mine (the
local draft), theirs (the server now). Theirs is kept, mine applied:

- an item added or deleted on one side is added or deleted;
- an item's roles changed on one side take that side's roles; added on both sides (nothing
  taken away on either), they join; otherwise changed differently on both sides, that item
  is a clash (``Conflict(field="credits", key=<item key>)``); so is an item deleted on one
  side whose roles the other side changed;
- Spotify's facts about an item (title, cover, popularity, availability) and the entry ids
  always come from the server when it has the item;
- order: mine's, unless only theirs reordered; both reordered differently is a clash
  (``Conflict(field="order")``); items only one side knows stay where that side has them
  (after the item they follow there).

Until resolved a clash holds mine, so nothing local is dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any

from studio.core.credit_drafts import (
    FIELD,
    SCHEMA,
    item_key,
    items_of,
    normalize,
    sort_roles,
    with_roles,
)
from studio.core.merge import MINE, THEIRS, Conflict, MergeResult

ORDER = "order"  # the field name of an order clash
ORDER_LABEL = "Order of the credits"
LABEL = "Credits"
_FACTS = (
    "title",
    "artist_names",
    "image",
    "release_date",
    "popularity",
    "is_available",
    "spotify_url",
    "album",
)


def _roles(item: Mapping[str, Any] | None) -> frozenset[str]:
    return frozenset(item.get("roles") or ()) if item is not None else frozenset()


def _by_key(items: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item_key(i): dict(i) for i in items}


def reordered(base_keys: Sequence[Hashable], side_keys: Sequence[Hashable]) -> bool:
    """Whether ``side`` changed the relative order of the items it shares with base."""
    shared = set(base_keys) & set(side_keys)
    return [k for k in base_keys if k in shared] != [k for k in side_keys if k in shared]


def place(
    primary: Sequence[Hashable],
    secondary: Sequence[Hashable],
    anchors: Collection[Hashable] | None = None,
) -> list[Hashable]:
    """``primary``, with the keys only ``secondary`` has inserted right before the key that
    follows them in ``secondary`` (at the end when nothing known follows them). With
    ``anchors`` (the keys both sides started from), only those — and keys placed here —
    count as following: an item the other side just added says nothing about where
    ``secondary``'s own additions belong."""
    result = list(primary)
    known = set(result)
    placed: set[Hashable] = set()
    following: Hashable | None = None
    for key in reversed(secondary):
        if key not in known:
            index = result.index(following) if following is not None else len(result)
            result.insert(index, key)
            known.add(key)
            placed.add(key)
        if anchors is None or key in anchors or key in placed:
            following = key
    return result


def order_text(items: Sequence[Mapping[str, Any]], limit: int = 12) -> str:
    """The first titles of an order, numbered, one per line."""
    lines = [f"{n}. {i.get('title') or 'Untitled'}" for n, i in enumerate(items[:limit], 1)]
    if len(items) > limit:
        lines.append(f"… and {len(items) - limit} more")
    return "\n".join(lines)


class CreditMerge(MergeResult):
    """The merge of three credits drafts; the same interface as any :class:`MergeResult`
    (``conflicts``, ``resolve``, ``resolve_all``, ``result``)."""

    def __init__(
        self, base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
    ) -> None:
        super().__init__(SCHEMA, base, mine, theirs)

    def _run(self) -> None:
        self.merged = {}
        self.conflicts = []
        base, mine, theirs = (items_of(d) for d in (self.base, self.mine, self.theirs))
        ib, im, it = _by_key(base), _by_key(mine), _by_key(theirs)
        kept: dict[str, dict[str, Any]] = {}
        for key in dict.fromkeys([*im, *it, *ib]):
            item = self._item(key, ib.get(key), im.get(key), it.get(key))
            if item is not None:
                kept[key] = item
        order = self._order(base, mine, theirs)
        extra = {k: v for k, v in self.mine.items() if k != FIELD}
        self.merged = {**extra, FIELD: [kept[k] for k in order if k in kept]}

    def _clash(self, key: str, b: Any, m: Any, t: Any) -> str:
        """Record a clash (unless already settled): the side that wins for now."""
        choice = self.choices.get((FIELD, key))
        if choice is not None:
            return str(choice)
        self.conflicts.append(Conflict(FIELD, LABEL, b, m, t, key))
        return MINE

    def _item(
        self,
        key: str,
        b: dict[str, Any] | None,
        m: dict[str, Any] | None,
        t: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        rb, rm, rt = _roles(b), _roles(m), _roles(t)
        if m is None and t is None:
            return None
        if b is None:  # added on one side, or on both
            if m is not None and t is not None:
                return _facts_from(with_roles(t, rm | rt), t)
            return m if m is not None else t
        if m is None:  # I deleted it
            assert t is not None
            if rt != rb and self._clash(key, b, None, t) == THEIRS:
                return t
            return None
        if t is None:  # deleted on BeatPass
            if rm != rb and self._clash(key, b, m, None) == MINE:
                return with_roles({**m, "entry_ids": {}}, rm)
            return None
        if rm in (rb, rt):
            roles = rt
        elif rt == rb:
            roles = rm
        elif rb <= rm and rb <= rt:  # both only added: all of them
            roles = rm | rt
        else:
            roles = rm if self._clash(key, b, m, t) == MINE else rt
        return _facts_from(with_roles(t, roles), t)

    def _order(
        self, base: list[dict[str, Any]], mine: list[dict[str, Any]], theirs: list[dict[str, Any]]
    ) -> list[str]:
        kb, km, kt = ([item_key(i) for i in side] for side in (base, mine, theirs))
        mine_moved, theirs_moved = reordered(kb, km), reordered(kb, kt)
        primary, secondary = km, kt
        if theirs_moved and not mine_moved:
            primary, secondary = kt, km
        elif mine_moved and theirs_moved:
            shared = set(kb) & set(km) & set(kt)
            if [k for k in km if k in shared] != [k for k in kt if k in shared]:
                choice = self.choices.get((ORDER, None))
                if choice is None:
                    self.conflicts.append(
                        Conflict(
                            ORDER,
                            ORDER_LABEL,
                            order_text(base),
                            order_text(mine),
                            order_text(theirs),
                        )
                    )
                elif choice == THEIRS:
                    primary, secondary = kt, km
        return [str(k) for k in place(primary, secondary, set(kb))]


def _facts_from(item: dict[str, Any], server: Mapping[str, Any]) -> dict[str, Any]:
    """``item`` with Spotify's facts and the entry ids as the server has them."""
    ids = server.get("entry_ids") or {}
    result = {**item, **{f: server.get(f, item.get(f)) for f in _FACTS}}
    result["entry_ids"] = {r: ids[r] for r in sort_roles(item.get("roles") or ()) if r in ids}
    return result


def merge_credits(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> CreditMerge:
    """Three-way merge of credits drafts (normalized first)."""
    return CreditMerge(normalize(base), normalize(mine), normalize(theirs))
