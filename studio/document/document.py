"""``DraftDocument``: one editable entity (a producer profile or a user profile).

It holds ``base`` (the server state the draft started from) and ``draft`` (the user's edits),
both plain dicts in the canonical shapes of ``studio.core.drafts``, plus a ``QUndoStack``.
Widgets read the document and change it only through its methods, each of which pushes one
undo command. Every change reaches the store within a second (see ``autosave``); before
dropping a document (closing its screen, quitting) call ``flush()``, then, on quit,
``tasks.shutdown()``, which waits for the queued save.

Undo history and ``rebase``: after a publish or a merge, ``rebase(new_base, merged)`` replaces
the base directly (it is the server's truth, not an edit) and, when the merged draft differs
from what is shown, pushes one undoable "Apply server changes" step. The earlier history is
kept: undoing past a publish gives back the old text as a new, unpublished change, exactly
like undo after saving a file. ``clear_history=True`` drops the history instead.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.core.drafts import (
    KeyedList,
    Scalar,
    SetList,
    genre_key,
    normalize_draft,
    schema_for,
)
from studio.document.autosave import DEBOUNCE_MS, Autosaver, DraftStore, SaveState
from studio.document.commands import (
    AddItemCommand,
    EditItemCommand,
    MoveItemCommand,
    RemoveItemCommand,
    ReplaceDraftCommand,
    SetFieldCommand,
    TypingCommand,
)
from studio.tasks import TaskHandle, Tasks

GALLERY = "profile_images"


class DraftDocument(QObject):
    """Base + draft of one entity, with undo and autosave. Lives on the GUI thread."""

    changed = Signal(str)  # field name
    dirtyChanged = Signal(bool)  # noqa: N815 — draft differs from base
    saveStateChanged = Signal(object)  # noqa: N815 — SaveState
    saveFailed = Signal(str)  # noqa: N815 — message for the user; the edits stay in memory
    rebased = Signal()  # base replaced (after a publish or a merge)

    def __init__(
        self,
        *,
        tasks: Tasks,
        store: DraftStore,
        account: str,
        kind: str,
        entity_id: str,
        base: Mapping[str, Any],
        draft: Mapping[str, Any] | None = None,
        restored: bool = False,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
        autosave_delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.schema = schema_for(kind)
        self.account = account
        self.kind = kind
        self.entity_id = str(entity_id)
        self.restored = restored  # True when the draft came back from the store
        self._base = normalize_draft(kind, base)
        self._draft = normalize_draft(kind, draft if draft is not None else base)
        self._dirty = self._draft != self._base
        self._clock = clock
        self._merge_serial = 0
        self._index_after_push = 0
        self.stack = QUndoStack(self)
        self._autosaver = Autosaver(
            self,
            tasks=tasks,
            store=store,
            key=(account, kind, self.entity_id),
            stack=self.stack,
            snapshot=lambda: (self.base, self.draft),
            delay_ms=autosave_delay_ms,
        )
        self._autosaver.stateChanged.connect(self.saveStateChanged)
        self._autosaver.failed.connect(self.saveFailed)

    # --- Loading -------------------------------------------------------------------------

    @classmethod
    def load(  # noqa: PLR0917 (the documented call shape)
        cls,
        tasks: Tasks,
        store: DraftStore,
        account: str,
        kind: str,
        entity_id: str,
        server_snapshot: Mapping[str, Any],
        *,
        on_done: Callable[[DraftDocument], None],
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        parent: QObject | None = None,
    ) -> TaskHandle:
        """Open the entity's document; ``on_done(doc)`` runs on the GUI thread.

        The stored draft (if it holds edits) is restored with its own base, so a restart
        shows the user's edits; otherwise the document starts from ``server_snapshot``.
        Comparing ``doc.base`` with a newer server state (and calling ``rebase``) is the
        caller's job. The read runs on the writer pool, after any save still queued.
        """
        schema_for(kind)  # an unknown kind fails here, not later on the GUI thread
        snapshot = copy.deepcopy(dict(server_snapshot))

        def opened(record: Any) -> None:
            edits = record is not None and record.draft != record.base
            doc = cls(
                tasks=tasks,
                store=store,
                account=account,
                kind=kind,
                entity_id=entity_id,
                base=record.base if edits else snapshot,
                draft=record.draft if edits else None,
                restored=edits,
                parent=parent,
            )
            on_done(doc)

        return tasks.run(
            store.load_draft,
            account,
            kind,
            str(entity_id),
            writer=True,
            owner=owner,
            on_done=opened,
            on_error=on_error,
            name=f"load {kind} {entity_id}",
        )

    # --- Reading -------------------------------------------------------------------------

    @property
    def base(self) -> dict[str, Any]:
        return copy.deepcopy(self._base)

    @property
    def draft(self) -> dict[str, Any]:
        return copy.deepcopy(self._draft)

    def value(self, field: str) -> Any:
        """A copy of one draft field."""
        return self.read(field)

    def peek(self, field: str) -> Any:
        """One draft field without a copy, for reading only: a long list (hundreds of
        credits) is not copied on every read. Never change what it returns — every change
        is a command — and read it again after ``changed``: a change replaces the value."""
        return self._draft[field]

    def label(self, field: str) -> str:
        return self.schema[field].label

    @property
    def is_dirty(self) -> bool:
        """True when the draft differs from the base (there is something to publish)."""
        return self._dirty

    def dirty_fields(self) -> list[str]:
        """Fields whose draft value differs from the base, in schema order."""
        return [name for name in self.schema if self._draft.get(name) != self._base.get(name)]

    @property
    def save_state(self) -> SaveState:
        return self._autosaver.state

    @property
    def save_error(self) -> str | None:
        """The last autosave failure, None once a save succeeds."""
        return self._autosaver.error

    @property
    def is_saved(self) -> bool:
        """True when what you see is what the store holds."""
        return self.stack.isClean() and self._autosaver.state is SaveState.SAVED

    # --- Editing: scalars ----------------------------------------------------------------

    def set_field(self, field: str, value: Any, *, merge: bool = True) -> bool:
        """Set a scalar field; typing into one text field merges into one undo step.

        Returns False (and pushes nothing) when the value is unchanged.
        """
        kind = self._field_kind(field, Scalar)
        if kind.empty is None:  # image URL: "" means no image
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{field} must be a URL or None")
            value = value or None
        elif isinstance(kind.empty, bool):
            value = bool(value)
        elif not isinstance(value, str):
            raise TypeError(f"{field} must be text")
        if value == self._draft[field]:
            return False
        self.push(SetFieldCommand(self, field, value, mergeable=merge and kind.empty == ""))
        return True

    def set_image(self, field: str, url: str | None) -> bool:
        """Set an image URL field (avatar, cover); each change is its own undo step."""
        if self._field_kind(field, Scalar).empty is not None:
            raise ValueError(f"{field} is not an image field")
        return self.set_field(field, url, merge=False)

    def end_typing(self) -> None:
        """Close the current typing step: the next keystroke starts a new undo step."""
        self._merge_serial += 1

    # --- Editing: lists ------------------------------------------------------------------

    def add_item(self, field: str, item: Any, index: int | None = None) -> int:
        """Insert ``item`` into a list field (at the end by default); returns its index."""
        self._field_kind(field, (SetList, KeyedList))
        size = len(self._draft[field])
        index = size if index is None else max(0, min(index, size))
        noun = self._noun(field)
        self.push(AddItemCommand(self, field, item, index, f"Add {noun}"))
        return index

    def remove_item(self, field: str, index: int) -> None:
        self._field_kind(field, (SetList, KeyedList))
        self._check_index(field, index)
        self.push(RemoveItemCommand(self, field, index, f"Remove {self._noun(field)}"))

    def move_item(self, field: str, source: int, target: int) -> bool:
        """Move an item to position ``target``; False if it is already there."""
        self._field_kind(field, (SetList, KeyedList))
        self._check_index(field, source)
        self._check_index(field, target)
        if source == target:
            return False
        self.push(MoveItemCommand(self, field, source, target, f"Move {self._noun(field)}"))
        return True

    def edit_item(
        self, field: str, index: int, changes: Mapping[str, Any], *, merge: bool = True
    ) -> bool:
        """Change keys of one item of a list of objects (typing merges like ``set_field``)."""
        self._field_kind(field, KeyedList)
        self._check_index(field, index)
        current = self._draft[field][index]
        unknown = set(changes) - set(current)
        if unknown:
            raise KeyError(f"{field} items have no {', '.join(sorted(unknown))}")
        real = {k: v for k, v in changes.items() if current[k] != v}
        if not real:
            return False
        text = f"Edit {self._noun(field)}"
        self.push(EditItemCommand(self, field, index, real, text, mergeable=merge))
        return True

    def add_link(self, url: str, title: str, index: int | None = None) -> int:
        return self.add_item("links", {"url": url, "title": title}, index)

    def edit_link(self, index: int, *, url: str | None = None, title: str | None = None) -> bool:
        changes = {k: v for k, v in (("url", url), ("title", title)) if v is not None}
        return self.edit_item("links", index, changes)

    def add_genre(self, name: str) -> bool:
        """Add a genre unless the list already has it (as BeatPass sees it: ``genre_key``)."""
        name = name.strip()
        if not name or genre_key(name) in {genre_key(g) for g in self._draft["genres"]}:
            return False
        self.add_item("genres", name)
        return True

    def remove_genre(self, name: str) -> bool:
        keys = [genre_key(g) for g in self._draft["genres"]]
        if genre_key(name) not in keys:
            return False
        self.remove_item("genres", keys.index(genre_key(name)))
        return True

    def add_image(self, url: str, image_id: int | None = None, index: int | None = None) -> int:
        return self.add_item(GALLERY, {"id": image_id, "url": url}, index)

    # --- Whole draft ---------------------------------------------------------------------

    def replace_draft(self, draft: Mapping[str, Any], text: str = "Replace all fields") -> bool:
        """Replace the whole draft in one undo step; False if nothing changes."""
        new = normalize_draft(self.kind, draft)
        if new == self._draft:
            return False
        self.push(ReplaceDraftCommand(self, new, text))
        return True

    def rebase(
        self,
        new_base: Mapping[str, Any],
        merged_draft: Mapping[str, Any],
        *,
        clear_history: bool = False,
    ) -> None:
        """After a publish or a merge: base := server state, draft := merged result.

        The draft change is one undoable step (unless ``clear_history``); the base is not.
        """
        self._base = normalize_draft(self.kind, new_base)
        if clear_history:
            self.stack.clear()
            self.write_all(normalize_draft(self.kind, merged_draft))
        else:
            self.replace_draft(merged_draft, "Apply server changes")
        self.stack.resetClean()  # the base changed: the store must be written
        self._update_dirty()
        self._autosaver.touch()
        self.rebased.emit()

    def push(self, command: QUndoCommand) -> None:
        """Push one command (the way every change goes in); typing merges into the top step."""
        if self.stack.index() != self._index_after_push:
            self.end_typing()  # never merge into a step left by undo/redo
        if isinstance(command, TypingCommand):
            command.serial = self._merge_serial
            top = self._top_typing_command()
            if top is not None and top.absorb(command):
                if self.stack.isClean():
                    self.stack.resetClean()  # the saved step changed: not on disk any more
                return
        self.stack.push(command)
        self._index_after_push = self.stack.index()

    def _top_typing_command(self) -> TypingCommand | None:
        index = self.stack.index()
        if index == 0 or index != self.stack.count():
            return None
        top = self.stack.command(index - 1)
        return top if isinstance(top, TypingCommand) else None

    def flush(self) -> bool:
        """Start saving now (on quit or close); True if a save is running."""
        return self._autosaver.flush()

    # --- What the undo commands change (commands.EditTarget) -----------------------------

    def read(self, field: str) -> Any:
        """A copy of one draft field (for the undo commands; widgets use ``value``)."""
        return copy.deepcopy(self._draft[field])

    def write(self, field: str, value: Any) -> None:
        """Set one draft field: only the undo commands call this (every change must be an
        undoable command, pushed with ``push``)."""
        self._draft[field] = copy.deepcopy(value)
        self.changed.emit(field)
        self._after_change()

    def now(self) -> float:
        return self._clock()

    def write_all(self, draft: Mapping[str, Any]) -> None:
        """Replace the whole draft (the undo commands, and a rebase without history)."""
        old, self._draft = self._draft, copy.deepcopy(dict(draft))
        for name in self._draft.keys() | old.keys():
            if self._draft.get(name) != old.get(name):
                self.changed.emit(name)
        self._after_change()

    def _after_change(self) -> None:
        self._update_dirty()
        self._autosaver.touch()

    def _update_dirty(self) -> None:
        dirty = self._draft != self._base
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    def _field_kind(self, field: str, expected: type | tuple[type, ...]) -> Any:
        if field not in self.schema:
            raise KeyError(f"a {self.kind} draft has no field {field!r}")
        kind = self.schema[field].kind
        if not isinstance(kind, expected):
            raise TypeError(f"{field} does not support this change")
        return kind

    def _check_index(self, field: str, index: int) -> None:
        if not 0 <= index < len(self._draft[field]):
            raise IndexError(f"{field} has no item {index}")

    def _noun(self, field: str) -> str:
        return {"links": "link", "genres": "genre", GALLERY: "gallery image"}.get(field, field)
