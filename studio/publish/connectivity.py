"""``Connectivity``: whether BeatPass can be reached, told apart from "it is slow".

The outbox workers report every outcome: a request that never reached the server (refused,
name lookup failed, connect timeout — ``Offline.unreachable``) makes the state *offline* at
once; any answer from the server makes it *online*. While offline, a cheap probe (one TCP
connection, :func:`studio.api.probe.can_connect`, on a reader thread) runs every
``interval_ms``, so the moment the server is back is noticed within seconds however long the
outage lasted — the workers then send what waited, instead of sleeping out a backoff that
grew during the outage. A slow answer, a dropped connection or a 5xx is not "offline".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.api.probe import can_connect

log = logging.getLogger(__name__)

PROBE_INTERVAL_MS = 2000

Target = Callable[[], str | None]  # the API base URL to probe (read on the GUI thread)
Probe = Callable[[str], bool]  # run on a reader thread: True when the server can be reached


class Connectivity(QObject):
    """The reachability of the signed-in account's server (lives on the GUI thread)."""

    changed = Signal(bool)  # True: reachable again; False: unreachable

    def __init__(
        self,
        tasks: Any,
        target: Target,
        *,
        probe: Probe = can_connect,
        interval_ms: int = PROBE_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._target = target
        self._probe = probe
        self._online: bool | None = None
        self._probing = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    @property
    def online(self) -> bool | None:
        """True / False as last seen; None before anything was seen."""
        return self._online

    @property
    def offline(self) -> bool:
        return self._online is False

    def unreachable(self) -> None:
        """A request could not reach the server: offline now, and probe until it is back."""
        if not self._timer.isActive():
            self._timer.start()
        if self._online is not False:
            log.info("BeatPass cannot be reached: offline until a probe connects")
            self._online = False
            self.changed.emit(False)

    def reachable(self) -> None:
        """The server answered (any HTTP status): online."""
        self._timer.stop()
        if self._online is not True:
            was_offline = self._online is False
            self._online = True
            if was_offline:
                log.info("BeatPass can be reached again")
            self.changed.emit(True)

    def forget(self) -> None:
        """Another account or server: nothing is known about it yet."""
        self._timer.stop()
        self._online = None

    def check_now(self) -> None:
        """Probe at once (e.g. the user pressed Retry while offline)."""
        self._tick()

    def _tick(self) -> None:
        base_url = self._target()
        if self._probing or not base_url:
            return
        self._probing = True
        self._tasks.run(
            self._probe,
            base_url,
            owner=self,
            on_done=self._probed,
            on_error=lambda _exc: self._probed(False),
            name="check the connection",
        )

    def _probed(self, ok: bool) -> None:
        self._probing = False
        if ok and self._online is False:
            self.reachable()
