"""``OutboxLoop``: what the publish runner and the upload queue share — one item sent at a
time, the retry timer, the status line and the signals an outbox view listens to."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.api import Offline
from studio.messages import user_message
from studio.publish.backoff import Backoff
from studio.publish.connectivity import Connectivity
from studio.store import OutboxItem, Store

log = logging.getLogger(__name__)

MAX_TIMER_MS = 2**31 - 1
# An item that met an unreachable server is tried again when the connectivity probe sees the
# server back; this is only the safety net (e.g. after a restart, when no probe is running).
OFFLINE_RECHECK_S = 30.0


class OutboxLoop(QObject):
    """Base of the outbox workers. Subclasses implement :meth:`kick` (read, then send the
    next due item) and set ``stopped_text`` ("Publishing stopped")."""

    countChanged = Signal(int)  # noqa: N815 — this worker's undelivered items
    itemsChanged = Signal(object)  # noqa: N815 — list[OutboxItem]: this worker's items, just read
    sendingChanged = Signal(int)  # noqa: N815 — the item being sent, 0 for none
    statusChanged = Signal(str)  # noqa: N815 — a short line for the status bar, "" when idle
    idle = Signal()  # nothing due any more (all delivered, waiting or held)

    stopped_text = "Stopped"
    offline_text = "Offline"

    def __init__(
        self,
        tasks: Any,
        *,
        backoff: Backoff | None,
        clock: Callable[[], float] = time.time,
        connectivity: Connectivity | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connectivity = connectivity or Connectivity(tasks, self._base_url, parent=self)
        self.connectivity.changed.connect(self._connectivity_changed)
        self._offline_items: set[int] = set()  # items that met an unreachable server
        self._try_once = False  # the user asked to retry: one try even while offline
        self._was_offline = False
        self._tasks = tasks
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._gen = 0  # bumped on account change: late results of the old account are dropped
        self._running: OutboxItem | None = None
        self._loading = False
        self._again = False  # a kick arrived while loading
        self._paused = False  # waiting for a new sign-in
        self._items: list[OutboxItem] = []
        self._status = ""
        self._retry_text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.kick)

    # --- state ---------------------------------------------------------------------------

    @property
    def items(self) -> list[OutboxItem]:
        """This worker's undelivered items of the account, as last read from the store."""
        return list(self._items)

    @property
    def count(self) -> int:
        return len(self._items)

    @property
    def status(self) -> str:
        return self._status

    @property
    def busy(self) -> bool:
        """True while an item is being sent."""
        return self._running is not None

    @property
    def sending_id(self) -> int | None:
        return self._running.id if self._running is not None else None

    @property
    def paused(self) -> bool:
        """True while waiting for the user to sign in again."""
        return self._paused

    def kick(self) -> None:  # pragma: no cover - always overridden
        raise NotImplementedError

    def _base_url(self) -> str | None:  # pragma: no cover - always overridden
        """The API base URL the connectivity probe checks (None: not signed in)."""
        raise NotImplementedError

    def _outbox_store(self) -> Store | None:  # pragma: no cover - always overridden
        raise NotImplementedError

    # --- reachability --------------------------------------------------------------------

    def _answered(self) -> None:
        """The server answered (whatever it said): it is reachable."""
        self.connectivity.reachable()

    def _failed_offline(self, item: OutboxItem, exc: Offline) -> float:
        """An item met ``Offline``; returns when to try it again (epoch seconds). An
        unreachable server makes the whole app offline and the item waits for the probe;
        a slow answer or a lost one is retried with the backoff."""
        if exc.unreachable:
            self._offline_items.add(item.id)
            self.connectivity.unreachable()
            return self._clock() + min(OFFLINE_RECHECK_S, self._retry_delay(item, None))
        return self._clock() + self._retry_delay(item, None)

    def _connectivity_changed(self, online: bool) -> None:
        if not online:
            self._was_offline = True
            self._set_status(self.offline_text)
            return
        if not self._was_offline:  # first contact: nothing waited for the connection
            return
        self._was_offline = False
        waiting, self._offline_items = self._offline_items, set()
        store = self._outbox_store()
        if not waiting or store is None:
            self.kick()
            return

        def work() -> None:  # due now: the server is back
            for item_id in waiting:
                item = store.outbox_item(item_id)
                if item is not None and item.status == "failed" and item.retry_at is not None:
                    store.mark_pending(item_id)

        self._tasks.run(
            work,
            writer=True,
            owner=self,
            on_done=lambda _: self.kick(),
            on_error=self._store_failed,
            name="resume after the connection came back",
        )

    def _retry_requested(self) -> None:
        """The user said "retry": try once now even if offline, and probe at once."""
        self._try_once = True
        if self.connectivity.offline:
            self.connectivity.check_now()

    def _hold_for_connection(self, items: list[OutboxItem]) -> bool:
        """While the server cannot be reached nothing is tried (the probe says when it is
        back); True when holding, with the status saying so."""
        if not self.connectivity.offline or not items:
            return False
        if self._try_once:
            self._try_once = False
            return False
        self._set_status(self.offline_text)
        self.idle.emit()
        return True

    # --- helpers for subclasses ------------------------------------------------------------

    def _restart(self) -> None:
        """Forget the old account's state (``reset`` of the subclasses)."""
        self._gen += 1
        self._offline_items = set()
        self._was_offline = False
        self.connectivity.forget()
        self._set_running(None)
        self._loading = False
        self._paused = False
        self._items = []
        self._timer.stop()
        self.countChanged.emit(0)
        self.itemsChanged.emit([])
        self._set_status("")

    def _set_items(self, items: list[OutboxItem]) -> None:
        self._items = items
        self.countChanged.emit(len(items))
        self.itemsChanged.emit(list(items))

    def _set_running(self, item: OutboxItem | None) -> None:
        if item is not self._running:
            self._running = item
            self.sendingChanged.emit(item.id if item is not None else 0)

    def _schedule_retry(self, items: list[OutboxItem], now: float) -> bool:
        """Start the timer for the earliest automatic retry; False when there is none."""
        retries = [i.retry_at for i in items if i.status == "failed" and i.retry_at is not None]
        if not retries:
            return False
        wait_ms = max(0, min(MAX_TIMER_MS, int((min(retries) - now) * 1000) + 1))
        self._timer.start(wait_ms)
        return True

    def _retry_delay(self, item: OutboxItem, retry_after: float | None) -> float:
        return self._backoff.delay(item.attempts, retry_after)

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.statusChanged.emit(text)

    def _store_failed(self, exc: BaseException) -> None:
        log.warning("%s: the local store failed: %s", type(self).__name__, user_message(exc))
        self._set_status(f"{self.stopped_text}: {user_message(exc)}")

    def _load_failed(self, gen: int, exc: BaseException) -> None:
        self._loading = False
        if gen == self._gen:
            self._store_failed(exc)
