"""Undo commands for a :class:`~studio.document.document.DraftDocument`.

Each command changes one field of the draft through ``doc._put(field, value)`` (which
emits ``changed`` and schedules the autosave) and knows how to reverse itself. Typing in one
text field (or in one link's title or URL) merges into a single undo step until a pause of
:data:`MERGE_PAUSE_S`, another field, an undo/redo or an explicit ``end_typing()``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from studio.document.document import DraftDocument

MERGE_PAUSE_S = 1.5  # a longer pause while typing starts a new undo step

SET_FIELD_ID = 1001
EDIT_ITEM_ID = 1002


class _Command(QUndoCommand):
    def __init__(self, doc: DraftDocument, field: str, text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self.field = field

    def _items(self) -> list[Any]:
        return list(self._doc._get(self.field))


class TypingCommand:
    """Merge bookkeeping shared by the two typing commands.

    ``serial`` is the document's typing run when the command is pushed; steps merge only
    within one run, and only while the keystrokes come less than MERGE_PAUSE_S apart.
    """

    serial = 0

    def _start_typing(self, doc: DraftDocument, mergeable: bool) -> None:
        self.mergeable = mergeable
        self.last_time = doc._clock()

    def _can_merge(self, other: TypingCommand) -> bool:
        return (
            self.mergeable
            and other.mergeable
            and other.serial == self.serial
            and other.last_time - self.last_time <= MERGE_PAUSE_S
        )


class SetFieldCommand(_Command, TypingCommand):
    """Set a scalar field (text, image URL, flag)."""

    def __init__(
        self, doc: DraftDocument, field: str, value: Any, *, mergeable: bool = True
    ) -> None:
        super().__init__(doc, field, f"Edit {doc.label(field)}")
        self.old = doc._get(field)
        self.new = copy.deepcopy(value)
        self._start_typing(doc, mergeable)

    def id(self) -> int:
        return SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, SetFieldCommand) or other.field != self.field:
            return False
        if not self._can_merge(other):
            return False
        self.new = other.new
        self.last_time = other.last_time
        return True

    def redo(self) -> None:
        self._doc._put(self.field, self.new)

    def undo(self) -> None:
        self._doc._put(self.field, self.old)


class AddItemCommand(_Command):
    """Insert an item (link, genre, gallery image) into a list field."""

    def __init__(self, doc: DraftDocument, field: str, item: Any, index: int, text: str) -> None:
        super().__init__(doc, field, text)
        self.item = copy.deepcopy(item)
        self.index = index

    def redo(self) -> None:
        items = self._items()
        items.insert(self.index, copy.deepcopy(self.item))
        self._doc._put(self.field, items)

    def undo(self) -> None:
        items = self._items()
        del items[self.index]
        self._doc._put(self.field, items)


class RemoveItemCommand(_Command):
    """Remove the item at ``index`` from a list field."""

    def __init__(self, doc: DraftDocument, field: str, index: int, text: str) -> None:
        super().__init__(doc, field, text)
        self.index = index
        self.item = doc._get(field)[index]

    def redo(self) -> None:
        items = self._items()
        del items[self.index]
        self._doc._put(self.field, items)

    def undo(self) -> None:
        items = self._items()
        items.insert(self.index, copy.deepcopy(self.item))
        self._doc._put(self.field, items)


class MoveItemCommand(_Command):
    """Move an item of a list field from ``source`` to ``target`` (final position)."""

    def __init__(self, doc: DraftDocument, field: str, source: int, target: int, text: str) -> None:
        super().__init__(doc, field, text)
        self.source = source
        self.target = target

    def _move(self, source: int, target: int) -> None:
        items = self._items()
        items.insert(target, items.pop(source))
        self._doc._put(self.field, items)

    def redo(self) -> None:
        self._move(self.source, self.target)

    def undo(self) -> None:
        self._move(self.target, self.source)


class EditItemCommand(_Command, TypingCommand):
    """Change keys of one item in a list of objects (a link's title or URL)."""

    def __init__(
        self,
        doc: DraftDocument,
        field: str,
        index: int,
        changes: Mapping[str, Any],
        text: str,
        *,
        mergeable: bool = True,
    ) -> None:
        super().__init__(doc, field, text)
        self.index = index
        current = doc._get(field)[index]
        self.old = {key: current.get(key) for key in changes}
        self.new = copy.deepcopy(dict(changes))
        self._start_typing(doc, mergeable)

    def id(self) -> int:
        return EDIT_ITEM_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, EditItemCommand):
            return False
        same_target = (other.field, other.index, other.new.keys()) == (
            self.field,
            self.index,
            self.new.keys(),
        )
        if not same_target or not self._can_merge(other):
            return False
        self.new = other.new
        self.last_time = other.last_time
        return True

    def _apply(self, values: Mapping[str, Any]) -> None:
        items = self._items()
        items[self.index] = {**items[self.index], **copy.deepcopy(dict(values))}
        self._doc._put(self.field, items)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class ReplaceDraftCommand(QUndoCommand):
    """Replace the whole draft (after a merge with the server, or a reset)."""

    def __init__(self, doc: DraftDocument, draft: Mapping[str, Any], text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self.old = doc.draft
        self.new = copy.deepcopy(dict(draft))

    def redo(self) -> None:
        self._doc._put_all(self.new)

    def undo(self) -> None:
        self._doc._put_all(self.old)
