"""When to try a failed publish again: exponential backoff with jitter, honouring the
server's ``Retry-After`` (API.md §11.2)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """``delay(attempts)`` = ``base * 2**attempts`` capped at ``cap``, times a jitter factor
    in [0.5, 1.0); never shorter than ``retry_after`` when the server asked for one."""

    base: float = 2.0
    cap: float = 300.0
    rng: Callable[[], float] = field(default=random.random)

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        exp = min(self.cap, self.base * 2 ** max(0, min(attempts, 30)))
        wait = exp * (0.5 + self.rng() / 2)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait
