"""How long a thread may keep Python's interpreter lock while another thread waits for it.

Python hands the lock to a waiting thread once the holder has had it for the switch interval
(5 ms by default). The GUI thread takes the lock again for each piece of Python that Qt calls
(a timer, a paint event, the style drawing a frame, a layout asking a size): while workers run
Python, each of those may wait up to an interval. Once the page on screen is settled,
start-up imports the keychain's, the HTTP libraries' and the other sections' modules on three
workers (~180 ms of Python); a turn of the window that falls in it (a render, the "offline"
banner's layout and paint) waits for them piece by piece. A shorter interval while that work
runs keeps each wait short (bench_open's probe, paired starts, 16-24 a round: the longest
stall's median 1-8 ms lower in all seven rounds, the server down 39 -> 34 ms). Switching more
often costs a little (~4 ms before the profile is editable), so the profile's first paint and
the rest of the session keep Python's own interval.
"""

from __future__ import annotations

import sys

START_UP_INTERVAL_S = 0.0005


class QuickSwitching:
    """Shortens the switch interval from :meth:`start` until :meth:`stop`, which puts back
    the interval there was before, for good: a later :meth:`start` changes nothing. Both
    are idempotent. The interval is the whole process's: :meth:`stop` puts it back only if
    it is still this object's own (another may have set it since, or be using it still)."""

    def __init__(self, interval_s: float = START_UP_INTERVAL_S) -> None:
        self._interval_s = interval_s
        self._saved: float | None = None
        self._stopped = False

    @property
    def active(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        if self._saved is None and not self._stopped:
            self._saved = sys.getswitchinterval()
            sys.setswitchinterval(self._interval_s)

    def stop(self) -> None:
        self._stopped = True
        if self._saved is not None:
            if sys.getswitchinterval() == self._interval_s:
                sys.setswitchinterval(self._saved)
            self._saved = None
