"""Publishes the user confirmed while the local store could not take them (a full disk):
kept in memory, counted in the outbox, and offered back every few seconds until the store
can write them — never dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

DISK_RETRY_MS = 3000

Key = tuple[str, str, str]  # (account, kind, entity id)


class WaitingForStore(QObject):
    """The publishes waiting for room; ``retry(key, op)`` is called for each every
    ``interval_ms`` while any wait."""

    def __init__(
        self,
        retry: Callable[[Key, dict[str, Any]], None],
        *,
        interval_ms: int = DISK_RETRY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._retry = retry
        self._ops: dict[Key, dict[str, Any]] = {}
        self.reason = ""  # the store's last complaint, for the status line
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._again)

    def __len__(self) -> int:
        return len(self._ops)

    def __contains__(self, key: object) -> bool:
        return key in self._ops

    def keep(self, key: Key, op: dict[str, Any], reason: str) -> None:
        self._ops.setdefault(key, op)
        self.reason = reason
        if not self.timer.isActive():
            self.timer.start()

    def forget(self, key: Key) -> bool:
        """The publish was written (or replaced): True when it was waiting here."""
        found = self._ops.pop(key, None) is not None
        if not self._ops:
            self.timer.stop()
        return found

    def _again(self) -> None:
        for key, op in list(self._ops.items()):
            self._retry(key, op)
