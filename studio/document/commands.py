"""Undo commands for a :class:`~studio.document.document.EditTarget`.

Each command changes one field of the draft through ``target.write(field, value)`` (which
emits ``changed`` and schedules the autosave) and knows how to reverse itself. Typing in one
text field (or in one link's title or URL) merges into a single undo step until a pause of
:data:`MERGE_PAUSE_S`, another field, an undo/redo or an explicit ``end_typing()``.

Merging is done by the document (``TypingCommand.absorb``), not by ``QUndoCommand.mergeWith``:
``QUndoStack`` never merges into the step at its clean index, and autosave sets the clean
index about once a second, so Qt's own merge would cut continuous typing into 1 s steps.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand


class EditTarget(Protocol):
    """What a command needs of the document it edits (the document implements it; this
    module imports nothing of the document, so the two never import each other)."""

    def read(self, field: str) -> Any:
        """A copy of one field of the draft."""

    def write(self, field: str, value: Any) -> None:
        """Set one field of the draft (signals and autosave follow)."""

    def write_all(self, draft: Mapping[str, Any]) -> None:
        """Replace the whole draft."""

    @property
    def draft(self) -> dict[str, Any]:
        """A copy of the whole draft."""

    def label(self, field: str) -> str: ...

    def now(self) -> float:
        """The document's clock (typing merges within a pause)."""


MERGE_PAUSE_S = 1.5  # a longer pause while typing starts a new undo step


class _Command(QUndoCommand):
    def __init__(self, doc: EditTarget, field: str, text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self.field = field

    def _items(self) -> list[Any]:
        return list(self._doc.read(self.field))


class TypingCommand(_Command):
    """A change that typing repeats: consecutive ones merge into one undo step.

    ``serial`` is the document's typing run when the command is pushed; steps merge only
    within one run, and only while the keystrokes come less than MERGE_PAUSE_S apart.
    """

    def __init__(self, doc: EditTarget, field: str, text: str, mergeable: bool) -> None:
        super().__init__(doc, field, text)
        self.mergeable = mergeable
        self.serial = 0
        self.last_time = doc.now()
        self.new: Any = None

    def _same_target(self, other: TypingCommand) -> bool:
        raise NotImplementedError

    def absorb(self, other: TypingCommand) -> bool:
        """Take over ``other``'s new value and apply it, if it continues this typing."""
        if (
            type(other) is not type(self)
            or not (self.mergeable and other.mergeable)
            or other.serial != self.serial
            or other.last_time - self.last_time > MERGE_PAUSE_S
            or not self._same_target(other)
        ):
            return False
        self.new = other.new
        self.last_time = other.last_time
        self.redo()
        return True


class SetFieldCommand(TypingCommand):
    """Set a scalar field (text, image URL, flag)."""

    def __init__(self, doc: EditTarget, field: str, value: Any, *, mergeable: bool = True) -> None:
        super().__init__(doc, field, f"Edit {doc.label(field)}", mergeable)
        self.old = doc.read(field)
        self.new = copy.deepcopy(value)

    def _same_target(self, other: TypingCommand) -> bool:
        return other.field == self.field

    def redo(self) -> None:
        self._doc.write(self.field, self.new)

    def undo(self) -> None:
        self._doc.write(self.field, self.old)


class AddItemCommand(_Command):
    """Insert an item (link, genre, gallery image) into a list field."""

    def __init__(self, doc: EditTarget, field: str, item: Any, index: int, text: str) -> None:
        super().__init__(doc, field, text)
        self.item = copy.deepcopy(item)
        self.index = index

    def redo(self) -> None:
        items = self._items()
        items.insert(self.index, copy.deepcopy(self.item))
        self._doc.write(self.field, items)

    def undo(self) -> None:
        items = self._items()
        del items[self.index]
        self._doc.write(self.field, items)


class RemoveItemCommand(_Command):
    """Remove the item at ``index`` from a list field."""

    def __init__(self, doc: EditTarget, field: str, index: int, text: str) -> None:
        super().__init__(doc, field, text)
        self.index = index
        self.item = doc.read(field)[index]

    def redo(self) -> None:
        items = self._items()
        del items[self.index]
        self._doc.write(self.field, items)

    def undo(self) -> None:
        items = self._items()
        items.insert(self.index, copy.deepcopy(self.item))
        self._doc.write(self.field, items)


class MoveItemCommand(_Command):
    """Move an item of a list field from ``source`` to ``target`` (final position)."""

    def __init__(self, doc: EditTarget, field: str, source: int, target: int, text: str) -> None:
        super().__init__(doc, field, text)
        self.source = source
        self.target = target

    def _move(self, source: int, target: int) -> None:
        items = self._items()
        items.insert(target, items.pop(source))
        self._doc.write(self.field, items)

    def redo(self) -> None:
        self._move(self.source, self.target)

    def undo(self) -> None:
        self._move(self.target, self.source)


class EditItemCommand(TypingCommand):
    """Change keys of one item in a list of objects (a link's title or URL)."""

    def __init__(
        self,
        doc: EditTarget,
        field: str,
        index: int,
        changes: Mapping[str, Any],
        text: str,
        *,
        mergeable: bool = True,
    ) -> None:
        super().__init__(doc, field, text, mergeable)
        self.index = index
        current = doc.read(field)[index]
        self.old = {key: current.get(key) for key in changes}
        self.new = copy.deepcopy(dict(changes))

    def _same_target(self, other: TypingCommand) -> bool:
        assert isinstance(other, EditItemCommand)
        return (other.field, other.index, other.new.keys()) == (
            self.field,
            self.index,
            self.new.keys(),
        )

    def _apply(self, values: Mapping[str, Any]) -> None:
        items = self._items()
        items[self.index] = {**items[self.index], **copy.deepcopy(dict(values))}
        self._doc.write(self.field, items)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class ReplaceDraftCommand(QUndoCommand):
    """Replace the whole draft (after a merge with the server, or a reset)."""

    def __init__(self, doc: EditTarget, draft: Mapping[str, Any], text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self.old = doc.draft
        self.new = copy.deepcopy(dict(draft))

    def redo(self) -> None:
        self._doc.write_all(self.new)

    def undo(self) -> None:
        self._doc.write_all(self.old)
