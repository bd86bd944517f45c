"""Running something once a window has painted for the first time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FIRST_PAINT_LIMIT_MS = 300  # a window that does not paint (minimised) does not hold things up


class _FirstPaint(QObject):
    """An event filter on the window (a child of it) that calls ``then`` on the turn after
    its first paint. The filter is taken off from a timer, never while Qt is filtering.
    Once ``owner`` is destroyed, ``then`` is not called."""

    def __init__(
        self, window: QWidget, then: Callable[[], None], owner: QObject | None = None
    ) -> None:
        super().__init__(window)
        self._window, self._then, self._done = window, then, False
        window.installEventFilter(self)
        if owner is not None:
            owner.destroyed.connect(self._drop)
        QTimer.singleShot(FIRST_PAINT_LIMIT_MS, self, self._run)

    def _drop(self) -> None:
        if not self._done:
            self._done = True
            QTimer.singleShot(0, self, lambda: self._window.removeEventFilter(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self._done and event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Paint):
            QTimer.singleShot(0, self, self._run)  # posted: after this paint is done
        return False

    def _run(self) -> None:
        if not self._done:
            self._done = True
            self._window.removeEventFilter(self)
            self._then()


def after_first_paint(
    window: QWidget, then: Callable[[], None], owner: QObject | None = None
) -> None:
    """Call ``then`` once ``window`` has painted the first time (at the latest after
    ``FIRST_PAINT_LIMIT_MS``), unless ``owner`` (what ``then`` works on) is destroyed first."""
    _FirstPaint(window, then, owner)
