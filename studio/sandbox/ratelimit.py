"""Fixed-window request counters (Laravel's throttle: the window starts at the first hit)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_S = 60.0


@dataclass(frozen=True)
class Hit:
    allowed: bool
    limit: int
    remaining: int
    reset_at: float  # unix seconds

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.reset_at - now))


class RateLimiter:
    """Counts hits per key; a hit past ``limit`` within the window is refused."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> Hit:
        now = self.clock()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= WINDOW_S:
                start, count = now, 0
            count += 1
            self._windows[key] = (start, count)
        return Hit(count <= self.limit, self.limit, max(0, self.limit - count), start + WINDOW_S)
