"""Autosave for a draft document: every edit reaches the store within a second.

The first unsaved edit starts a short timer; when it fires, a copy of base + draft is written on
the tasks *writer* pool (never on the GUI thread). Saves run one at a time; an edit made
while a save is in flight is saved right after it. When a save succeeds and nothing changed
meanwhile, the undo stack's clean index is set, so ``stack.isClean()`` means "what is on
disk equals what you see". A failed save (full disk…) keeps everything in memory, reports
the message and retries on the next edit or after :data:`RETRY_MS`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from studio.messages import user_message
from studio.store import StoreError
from studio.tasks import Tasks

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
RETRY_MS = 5000


class SaveState(enum.Enum):
    """Where the document stands with the store."""

    SAVED = "saved"  # what you see is on disk
    PENDING = "pending"  # edited; a save is scheduled
    SAVING = "saving"  # a save is running
    FAILED = "failed"  # the last save failed; retried on the next edit or timer


class DraftStore(Protocol):
    """The part of ``studio.store.Store`` the document uses."""

    def save_draft(
        self, account: str, kind: str, entity_id: str, base: dict[str, Any], draft: dict[str, Any]
    ) -> None: ...

    def load_draft(self, account: str, kind: str, entity_id: str) -> Any: ...


class Autosaver(QObject):
    """Keeps one document's draft in the store. Owned by the document."""

    stateChanged = Signal(object)  # noqa: N815 — SaveState
    failed = Signal(str)  # a message a person understands

    def __init__(
        self,
        parent: QObject,
        *,
        tasks: Tasks,
        store: DraftStore,
        key: tuple[str, str, str],
        stack: QUndoStack,
        snapshot: Callable[[], tuple[dict[str, Any], dict[str, Any]]],
        delay_ms: int = DEBOUNCE_MS,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._store = store
        self._key = key
        self._stack = stack
        self._snapshot = snapshot
        self._retry_ms = retry_ms
        self._delay_ms = delay_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._generation = 0  # bumped by every change of base or draft
        self._in_flight = False
        self._state = SaveState.SAVED
        self.error: str | None = None

    @property
    def state(self) -> SaveState:
        return self._state

    def touch(self) -> None:
        """Base or draft changed: save within ``delay_ms`` of the first unsaved change.

        The timer is not restarted by later edits, so continuous typing is still saved
        every ``delay_ms`` (a crash loses less than a second); after a failure, an edit
        brings the retry forward.
        """
        self._generation += 1
        if self._state is SaveState.FAILED or not self._timer.isActive():
            self._timer.start(self._delay_ms)
        if not self._in_flight:
            self._set_state(SaveState.PENDING)

    def flush(self) -> bool:
        """Save now if anything is unsaved; True if a save was started or is running."""
        self._timer.stop()
        if self._in_flight:
            return True
        if self._stack.isClean():
            self._set_state(SaveState.SAVED)
            return False
        base, draft = self._snapshot()
        generation = self._generation
        # Disk is about to change: no older index may claim to match it any more.
        self._stack.resetClean()
        self._in_flight = True
        self._set_state(SaveState.SAVING)
        self._tasks.run(
            self._store.save_draft,
            *self._key,
            base,
            draft,
            writer=True,
            owner=self,
            name=f"autosave {self._key[1]} {self._key[2]}",
            on_done=lambda _: self._saved(generation),
            on_error=self._failed,
        )
        return True

    def _saved(self, generation: int) -> None:
        self._in_flight = False
        self.error = None
        if generation == self._generation:
            self._stack.setClean()
            self._set_state(SaveState.SAVED)
        else:  # edited while saving: save the newer state too
            self._set_state(SaveState.PENDING)
            self.flush()

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.error = user_message(exc)
        if not isinstance(exc, StoreError):  # its sentence already says the text is kept
            self.error += " What you typed stays in the window; saving is retried."
        log.warning(
            "autosave of %s %s failed: %s",
            self._key[1],
            self._key[2],
            self.error,
            exc_info=None if isinstance(exc, StoreError) else exc,
        )
        self._set_state(SaveState.FAILED)
        self.failed.emit(self.error)
        self._timer.start(self._retry_ms)

    def _set_state(self, state: SaveState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit(state)
