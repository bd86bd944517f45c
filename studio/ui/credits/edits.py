"""Every change the credits editor makes, as undoable edits of the credits document (each a
single undo step named for what it did)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from studio.core.credit_drafts import FIELD, item_key, role_name, sort_roles, with_roles
from studio.document import DraftDocument


def _title(item: Mapping[str, Any]) -> str:
    return f"“{item.get('title') or 'Untitled'}”"


class CreditEditor:
    """Edits one credits document (the page and its dialogs share one)."""

    def __init__(self, doc: DraftDocument) -> None:
        self.doc = doc

    def items(self) -> list[dict[str, Any]]:
        """The draft's items, to read only (every change below makes new items)."""
        return list(self.doc.peek(FIELD))

    def index_of(self, key: str) -> int:
        """The row of item ``key`` (-1 when the draft does not have it)."""
        for n, item in enumerate(self.doc.peek(FIELD)):
            if item_key(item) == key:
                return n
        return -1

    def held_roles(self, key: str) -> list[str]:
        index = self.index_of(key)
        return list(self.items()[index]["roles"]) if index >= 0 else []

    def add(self, entries: Iterable[tuple[Mapping[str, Any], Iterable[str]]], text: str) -> int:
        """Give each item its roles (new items go to the top, in the order given; roles
        join those an item already has). One undo step; the number of items changed."""
        items = self.items()
        where = {item_key(item): n for n, item in enumerate(items)}
        edits: dict[int, list[str]] = {}
        new: dict[str, dict[str, Any]] = {}
        for item, roles in entries:
            wanted = sort_roles(roles)
            key = item_key(item)
            if not wanted:
                continue
            if key in where:
                index = where[key]
                now = sort_roles([*edits.get(index, items[index]["roles"]), *wanted])
                if now != items[index]["roles"]:
                    edits[index] = now
            elif key in new:
                new[key] = with_roles(new[key], [*new[key]["roles"], *wanted])
            else:
                new[key] = with_roles({**item, "entry_ids": {}}, wanted)
        if not edits and not new:
            return 0
        self.doc.stack.beginMacro(text)
        try:
            for index, roles in edits.items():
                self._set(index, items[index], roles)
            for at, item in enumerate(new.values()):
                self.doc.add_item(FIELD, item, at)
        finally:
            self.doc.stack.endMacro()
        return len(edits) + len(new)

    def set_roles(self, key: str, roles: Iterable[str], text: str = "") -> bool:
        """Replace the roles of item ``key`` (one undo step); False when nothing changed."""
        index = self.index_of(key)
        if index < 0:
            return False
        current = self.items()[index]
        wanted = sort_roles(roles)
        if not wanted or wanted == current["roles"]:
            return False
        self.doc.stack.beginMacro(text or f"Change the roles of {_title(current)}")
        self._set(index, current, wanted)
        self.doc.stack.endMacro()
        return True

    def change_role(self, key: str, old: str, new: str) -> bool:
        """One role of an item becomes another (published as C7)."""
        index = self.index_of(key)
        if index < 0:
            return False
        current = self.items()[index]
        if old not in current["roles"] or new in current["roles"]:
            return False
        roles = [r for r in current["roles"] if r != old] + [new]
        text = f"Change {role_name(old)} to {role_name(new)} on {_title(current)}"
        return self.set_roles(key, roles, text)

    def delete(self, key: str) -> bool:
        """Remove an item with all its roles."""
        index = self.index_of(key)
        if index < 0:
            return False
        item = self.items()[index]
        self.doc.stack.beginMacro(f"Delete the credit {_title(item)}")
        self.doc.remove_item(FIELD, index)
        self.doc.stack.endMacro()
        return True

    def move(self, source: int, target: int) -> bool:
        """Move the item at ``source`` to position ``target``."""
        items = self.doc.peek(FIELD)
        if not (0 <= source < len(items) and 0 <= target < len(items)) or source == target:
            return False
        self.doc.stack.beginMacro(f"Move the credit {_title(items[source])}")
        self.doc.move_item(FIELD, source, target)
        self.doc.stack.endMacro()
        return True

    def _set(self, index: int, current: Mapping[str, Any], roles: list[str]) -> None:
        item = with_roles(current, roles)
        self.doc.edit_item(
            FIELD, index, {"roles": item["roles"], "entry_ids": item["entry_ids"]}, merge=False
        )
