"""Cyclic garbage collection on the GUI thread only.

Python's collector runs on whichever thread allocates when a generation's count passes its
threshold: a task's worker, a picture fetch, a server thread. A Qt object kept alive only by
a reference cycle is then destroyed on that thread, while the GUI thread may be using it or
the objects it is connected to. A QObject's destructor locks its connections and may call
back into Python: with the GUI thread holding the interpreter lock and waiting for the same
lock, neither goes on (the test suite hung so once: the GUI thread deleting a form, a server
thread collecting garbage). With a :class:`GuiThreadCollector` started, automatic collection
is off and a timer on the GUI thread collects instead, by the rule Python itself uses: the
oldest generation whose count passed its threshold, and a full pass only once enough objects
have become long-lived since the last one (:func:`full_pass_due`).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_INTERVAL_MS = 500  # how often the GUI thread looks whether a collection is due


def full_pass_due(long_lived: int, after_last_full_pass: int) -> bool:
    """As in Python: a full pass (the oldest generation) only once the objects that became
    long-lived since the last one are a quarter of those that lived through it, so that a
    large heap is not walked again and again."""
    return long_lived - after_last_full_pass >= after_last_full_pass / 4


class GuiThreadCollector(QObject):
    """Collects garbage on the thread it lives on (the GUI thread), every ``interval_ms``
    while started; Python's automatic collection stays off meanwhile."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = COLLECT_INTERVAL_MS):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._thresholds = gc.get_threshold()
        self._was_enabled = True
        self._long_lived = 0  # objects in the oldest generation after the last full pass
        self._next_full_check = 0  # its count before which a skipped full pass is not weighed

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Turn automatic collection off and collect from the timer."""
        if not self._timer.isActive():
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._timer.start()

    def stop(self) -> None:
        """Stop collecting here; automatic collection is back on if it was on at start."""
        if self._timer.isActive():
            self._timer.stop()
            if self._was_enabled:
                gc.enable()

    def collect_if_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold, as Python's
        automatic collection would; the generation collected (None: nothing was due)."""
        counts, thresholds = gc.get_count(), self._thresholds
        if thresholds[0] <= 0 or counts[0] <= thresholds[0]:
            return None  # as in Python: nothing is due before the youngest generation is full
        generation = 1 if counts[1] > thresholds[1] else 0
        if counts[2] > thresholds[2] and counts[2] >= self._next_full_check:
            if full_pass_due(len(gc.get_objects(2)), self._long_lived):
                generation = 2
            else:  # weighed again once as many younger passes have run
                self._next_full_check = counts[2] + thresholds[2]
        gc.collect(generation)
        if generation == 2:
            self._long_lived = len(gc.get_objects(2))
            self._next_full_check = 0
        return generation
