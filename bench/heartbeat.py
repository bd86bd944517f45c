"""The benches' stall meter: a timer ticking on the GUI thread every ``HEARTBEAT_MS``; the
longest gap between two ticks, less the interval, is the longest stall a user could feel."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

HEARTBEAT_MS = 5


class Heartbeat:
    """Ticks on the GUI thread; ``gaps`` holds the time between ticks, in ms."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        """Stop; the longest stall (ms) since :meth:`start`, up to now."""
        self.timer.stop()
        self._tick()
        return max(self.gaps, default=0.0) - HEARTBEAT_MS

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now
