"""What publishing a credits draft sends (no Qt): the plan's steps, and the one reorder
computed at run time against the server's fresh list.

Steps, in order (each safe to run again, API.md §13.11)::

    {"type": "check"}                                     # fetch, merge three-way; a true
                                                          #   clash stops here for the user
    {"type": "add", "key", "spotify_id", "item_type", "roles", "title"}          # C5
    {"type": "add_album", "album_id", "title",
     "tracks": [{"key", "spotify_id", "roles", "title"}]}                       # C6
    {"type": "rerole", "key", "spotify_id", "entry_id", "from", "to", "title"}   # C7
    {"type": "delete", "key", "spotify_id", "entry_id", "role", "title"}         # C8
    {"type": "order"}                  # C9 with every id, computed from the fresh list

A role taken away and another given on the same item become one re-role (C7 keeps the
entry and its place); new tracks credited through an album are added with C6 (their entries
then name the album), everything else with C5.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.core.credit_drafts import (
    ALBUM,
    TRACK,
    item_key,
    item_text,
    items_of,
    role_name,
    role_names,
    sort_roles,
)
from studio.core.credit_merge import merge_credits, place, reordered
from studio.core.credits import Credit
from studio.core.diff import longest_common_order

CHECK, ADD, ADD_ALBUM, REROLE, DELETE, ORDER = (
    "check",
    "add",
    "add_album",
    "rerole",
    "delete",
    "order",
)


def _title(item: Mapping[str, Any]) -> str:
    return str(item.get("title") or "Untitled")


def build_steps(base: Mapping[str, Any], draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The steps publishing ``draft`` over ``base`` (``[]``: nothing to publish)."""
    old = {item_key(i): i for i in items_of(base)}
    new = {item_key(i): i for i in items_of(draft)}
    adds: list[dict[str, Any]] = []
    albums: dict[str, dict[str, Any]] = {}
    reroles: list[dict[str, Any]] = []
    deletes: list[dict[str, Any]] = []
    for key, item in new.items():
        before = old.get(key)
        have = set(before["roles"]) if before is not None else set()
        ids = before.get("entry_ids", {}) if before is not None else {}
        added = sort_roles(set(item["roles"]) - have)
        removed = sort_roles(have - set(item["roles"]))
        common = {"key": key, "spotify_id": item["spotify_id"], "title": _title(item)}
        while added and removed:
            gone, given = removed.pop(0), added.pop(0)
            reroles.append(
                {"type": REROLE, **common, "entry_id": ids.get(gone), "from": gone, "to": given}
            )
        deletes += [
            {"type": DELETE, **common, "entry_id": ids.get(role), "role": role} for role in removed
        ]
        if not added:
            continue
        album = item.get("album")
        if before is None and item["type"] == TRACK and isinstance(album, Mapping):
            group = albums.setdefault(
                album["spotify_id"],
                {
                    "type": ADD_ALBUM,
                    "album_id": album["spotify_id"],
                    "title": str(album.get("title") or "Untitled"),
                    "tracks": [],
                },
            )
            group["tracks"].append({**common, "roles": added})
        else:
            adds.append({"type": ADD, **common, "item_type": item["type"], "roles": added})
    for key, item in old.items():
        if key not in new:
            common = {"key": key, "spotify_id": item["spotify_id"], "title": _title(item)}
            ids = item.get("entry_ids", {})
            deletes += [
                {"type": DELETE, **common, "entry_id": ids.get(role), "role": role}
                for role in item["roles"]
            ]
    writes = [*adds, *albums.values(), *reroles, *deletes]
    moved = [k for k in new if k in old] != [k for k in old if k in new]
    if not writes and not moved and list(new) == list(old):
        return []
    return [{"type": CHECK}, *writes, {"type": ORDER}]


def step_label(step: Mapping[str, Any]) -> str:
    """A step in words, for the outbox ("Add Producer to “Golden Rain”")."""
    kind = step.get("type")
    title = f"“{step.get('title') or 'Untitled'}”"
    if kind == CHECK:
        return "Check the credits on BeatPass"
    if kind == ADD:
        return f"Add {', '.join(role_names(step.get('roles') or ()))} to {title}"
    if kind == ADD_ALBUM:
        tracks = step.get("tracks") or []
        return f"Add credits to {len(tracks)} track(s) of the album {title}"
    if kind == REROLE:
        return (
            f"Change {role_name(str(step.get('from')))} to {role_name(str(step.get('to')))}"
            f" on {title}"
        )
    if kind == DELETE:
        return f"Remove {role_name(str(step.get('role')))} from {title}"
    if kind == ORDER:
        return "Put the credits in your order"
    return str(kind or "step")


# --- The reorder, against the server's list ----------------------------------------------


@dataclass(frozen=True)
class ServerOrder:
    """The server's list: item keys in editor order, and each item's entry ids in order."""

    keys: tuple[str, ...]
    ids: Mapping[str, tuple[int, ...]]

    @classmethod
    def of(cls, credits: Iterable[Credit]) -> ServerOrder:
        ordered = sorted(enumerate(credits), key=lambda pair: (pair[1].position, pair[0]))
        ids: dict[str, list[int]] = {}
        for _n, credit in ordered:
            ids.setdefault(f"{credit.type}:{credit.spotify_id}", []).append(credit.id)
        return cls(tuple(ids), {k: tuple(v) for k, v in ids.items()})

    @property
    def flat(self) -> list[int]:
        """Every id as the server orders them now (one item's entries may be apart)."""
        return [i for k in self.keys for i in self.ids[k]]


def desired_ids(
    base: Mapping[str, Any],
    draft: Mapping[str, Any],
    server: Mapping[str, Any],
    order: ServerOrder,
) -> list[int]:
    """Every credit id the server has, in the order to publish: the items in the draft's
    order (merged with the server's ``server`` draft: theirs kept, mine applied; mine wins
    a clash here — it was settled before), items only the server knows where they are,
    the entries of one item together."""
    merged = merge_credits(base, draft, server)
    if not merged.clean:
        merged.resolve_all("mine")
    wanted = [item_key(i) for i in items_of(merged.result())]
    known = {item_key(i) for i in items_of(base)}
    keys = place([k for k in wanted if k in order.ids], order.keys, known)
    return [i for k in keys for i in order.ids[str(k)]]


# --- What will change (the review) -------------------------------------------------------


@dataclass(frozen=True)
class CreditChanges:
    added: tuple[dict[str, Any], ...]
    removed: tuple[dict[str, Any], ...]
    rerolled: tuple[tuple[dict[str, Any], dict[str, Any]], ...]  # (before, after)
    moved: tuple[dict[str, Any], ...]

    def summary(self) -> str:
        parts = [
            f"{len(items)} {word}"
            for items, word in (
                (self.added, "added"),
                (self.removed, "removed"),
                (self.rerolled, "re-roled"),
                (self.moved, "moved"),
            )
            if items
        ]
        return f"Credits: {', '.join(parts)}" if parts else "Credits"


def credit_changes(before: Sequence[Any], after: Sequence[Any]) -> CreditChanges:
    """Items added, removed, whose roles changed, and moved (relative to the others)."""
    old = {item_key(i): dict(i) for i in before if isinstance(i, Mapping)}
    new = {item_key(i): dict(i) for i in after if isinstance(i, Mapping)}
    shared_new: list[Hashable] = [k for k in new if k in old]
    shared_old: list[Hashable] = [k for k in old if k in new]
    moved: list[dict[str, Any]] = []
    if reordered(shared_old, shared_new):
        still = set(longest_common_order(shared_old, shared_new))
        moved = [new[str(k)] for k in shared_new if k not in still]
    return CreditChanges(
        added=tuple(new[k] for k in new if k not in old),
        removed=tuple(old[k] for k in old if k not in new),
        rerolled=tuple(
            (old[k], new[k])
            for k in new
            if k in old and set(old[k]["roles"]) != set(new[k]["roles"])
        ),
        moved=tuple(moved),
    )


def roles_text(item: Mapping[str, Any]) -> str:
    names = role_names(item.get("roles") or ())
    return ", ".join(names) if names else "no role"


def change_rows(changes: CreditChanges) -> list[tuple[str, str]]:
    """(marker, text) rows, one per item change, for the review and the outbox."""
    rows = [("+", f"added: {item_text(i)} as {roles_text(i)}") for i in changes.added]
    rows += [("−", f"removed: {item_text(i)} ({roles_text(i)})") for i in changes.removed]
    rows += [
        ("✎", f"roles of {item_text(a)}: {roles_text(b)} → {roles_text(a)}")
        for b, a in changes.rerolled
    ]
    rows += [("↕", f"moved: {item_text(i)}") for i in changes.moved]
    return rows


__all__ = [
    "ADD",
    "ADD_ALBUM",
    "ALBUM",
    "CHECK",
    "DELETE",
    "ORDER",
    "REROLE",
    "CreditChanges",
    "ServerOrder",
    "build_steps",
    "change_rows",
    "credit_changes",
    "desired_ids",
    "step_label",
]
