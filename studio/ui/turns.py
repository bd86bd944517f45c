"""Long GUI-thread work cut into event-loop turns, so the window never stops for long."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer

TURN_MS = 1  # between two steps: the event loop's timers, input and paints run


def run_in_turns(
    owner: QObject, steps: Iterable[Callable[[], None]], *, pause_ms: int = TURN_MS
) -> None:
    """Call each of ``steps``, in order, on an event-loop turn of its own, the first one
    too; nothing more once ``owner`` is destroyed. A step that raises does not stop the
    ones after it (its error goes where Qt reports a slot's).

    Each step waits for a timer of ``pause_ms``: a 0 ms single shot is a posted event, and
    a chain of them can run two steps back to back with no timer (nor key press) handled
    between them, doubling the longest stall. 0: no pause (for a few small steps that what
    is on screen waits for)."""
    queue = list(steps)

    def step() -> None:
        try:
            queue.pop(0)()
        finally:  # started after the step: a timer already due (a heartbeat) runs first
            if queue:
                QTimer.singleShot(pause_ms, owner, step)

    if queue:
        QTimer.singleShot(pause_ms, owner, step)
