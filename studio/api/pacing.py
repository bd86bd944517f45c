"""Pacing of the requests to one host after the server asked for a pause (API.md §11.2):
stop sending, wait out ``Retry-After``, then resume slowly.

After a pause the refused request is resent first (the transport's retry does that), and the
others follow one at a time with shrinking gaps — ``RESUME_FIRST_GAP_S``, then
``RESUME_GAP_FACTOR`` times the last gap — until a gap would be under ``RESUME_MIN_GAP_S``;
from then on requests go at full speed. A new pause starts the ramp again. Threads that
share a connection take their turns in order. Clock and sleep are injectable for tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from studio.core.limits import RESUME_FIRST_GAP_S, RESUME_GAP_FACTOR, RESUME_MIN_GAP_S


class Pacer:
    """When the next request to a host may leave."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        first_gap: float = RESUME_FIRST_GAP_S,
        factor: float = RESUME_GAP_FACTOR,
        min_gap: float = RESUME_MIN_GAP_S,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._first_gap = first_gap
        self._factor = factor
        self._min_gap = min_gap
        self._lock = threading.Lock()
        self._resume_at = 0.0  # end of the pause the server asked for (clock time)
        self._next_at = 0.0  # no request leaves before this (clock time)
        self._gap = 0.0  # spacing after the next request; 0 = full speed

    def hold(self, seconds: float) -> None:
        """The server asked for a pause of ``seconds``. The refused request is resent when
        it ends (by the transport); every other request waits for the ramp after it."""
        with self._lock:
            self._resume_at = max(self._resume_at, self._clock() + max(0.0, seconds))
            self._next_at = max(self._next_at, self._resume_at + self._first_gap)
            self._gap = self._shrink(self._first_gap)

    def remaining(self) -> float:
        """Seconds until the pause the server asked for ends (0 when there is none)."""
        with self._lock:
            return max(0.0, self._resume_at - self._clock())

    def take_turn(self, max_wait: float) -> float | None:
        """Wait for this request's turn and return how long that took; None, without waiting
        or taking a turn, when the turn is more than ``max_wait`` seconds away."""
        with self._lock:
            now = self._clock()
            at = max(now, self._next_at)
            if at - now > max_wait:
                return None
            if self._gap > 0:
                self._next_at = at + self._gap
                self._gap = self._shrink(self._gap)
        wait = at - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def _shrink(self, gap: float) -> float:
        smaller = gap * self._factor
        return smaller if smaller >= self._min_gap else 0.0
