"""``CatalogLoader``: the tracks of one producer profile for the picker — read from the store
at once (the picker opens offline and instantly), then fetched page by page (R3, 50 a page)
in the background, each page shown as it arrives, and kept in the store.

Paging stays under the rate limit: before each page the worker waits as
:func:`~studio.core.pin_catalog.page_delay` says from the last ``X-RateLimit-Remaining``
(the client also backs off by itself on a 429 with a short ``Retry-After``); a 429 that
reaches here (a longer wait) pauses the paging for the time the server asked, then it goes
on from the same page. Losing the connection keeps what was loaded and goes on when the
server is back. One page at a time, one task each; nothing here blocks the GUI thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from studio.api import ApiError, Offline, RateLimited
from studio.core.pin_catalog import (
    CATALOG,
    CATALOG_PER_PAGE,
    CatalogTrack,
    StoredCatalog,
    catalog_data,
    from_track,
    keep_only,
    merge_rows,
    page_delay,
    read_catalog,
)
from studio.core.text import plural
from studio.messages import user_message
from studio.tasks import TaskContext, TaskHandle

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.context import AppContext
    from studio.store import Store

log = logging.getLogger(__name__)

SAVE_EVERY_PAGES = 40  # a first load is kept in the store this often (a quit keeps it)
SLEEP_SLICE_S = 0.1  # a wait before a page checks for a stop this often
RATE_RETRY_DEFAULT_S = 10.0  # a 429 without Retry-After
RATE_RETRY_MIN_S = 1.0  # the client's own pause almost over: still wait a moment

IDLE, READING, LOADING, WAITING, DONE, STOPPED, FAILED = (
    "idle", "reading", "loading", "waiting", "done", "stopped", "failed",
)  # fmt: skip


@dataclass(frozen=True)
class CatalogPage:
    """One R3 page as catalog rows (made on the worker)."""

    rows: tuple[CatalogTrack, ...]
    has_next: bool
    total: int | None
    waited: float  # seconds the worker paced before asking


def fetch_catalog_page(
    task: TaskContext, client: BeatPassClient, artist_id: int, page: int
) -> CatalogPage:
    """Worker: wait as the rate limit says, then read one R3 page."""
    left = client.rate_left
    delay = page_delay(*left) if left is not None else 0.0
    deadline = time.monotonic() + delay
    while (rest := deadline - time.monotonic()) > 0:
        task.check()
        time.sleep(min(SLEEP_SLICE_S, rest))
    task.check()
    result = client.artist_tracks(artist_id, page=page, per_page=CATALOG_PER_PAGE)
    rows = tuple(from_track(t) for t in result.items)
    return CatalogPage(rows, result.has_next and bool(rows), result.total, delay)


def read_stored_catalog(store: Store, account: str, artist_id: str) -> StoredCatalog | None:
    """Worker: the catalog kept in the store (None when there is none)."""
    return read_catalog(store.load_snapshot(account, CATALOG, artist_id))


def save_catalog(
    store: Store,
    key: tuple[str, str],
    rows: tuple[CatalogTrack, ...],
    known: tuple[bool, int | None],
) -> None:
    """Writer: keep the catalog of ``key`` (account, artist id) in the store (one snapshot
    row); ``known`` is (complete, total)."""
    complete, total = known
    data = catalog_data(rows, complete=complete, total=total, fetched_at=time.time())
    store.save_snapshot(key[0], CATALOG, key[1], data)


@dataclass
class _Known:
    """A catalog already read this run (switching profiles back is instant)."""

    rows: tuple[CatalogTrack, ...]
    complete: bool
    total: int | None


class CatalogLoader(QObject):
    """The catalog of the selected producer profile. Lives on the GUI thread."""

    rowsChanged = Signal()  # noqa: N815 — ``rows`` changed (read, a page arrived, refreshed)
    stateChanged = Signal()  # noqa: N815 — ``state``, ``loaded``, ``total`` or ``message``

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: tuple[CatalogTrack, ...] = ()
        self.complete = False  # the whole catalog is known (a fetch went to the last page)
        self.total: int | None = None
        self.loaded = 0  # tracks fetched by the current run
        self.state = IDLE
        self.message = ""
        self.requests = 0  # R3 pages asked for (this loader's life)
        self._key: tuple[str, str] | None = None  # (account, artist id)
        self._client: BeatPassClient | None = None
        self._gen = 0
        self._page = 1
        self._seen: list[int] = []
        self._pages_unsaved = 0
        self._task: TaskHandle | None = None
        self._known: dict[tuple[str, str], _Known] = {}
        self._refreshed: set[tuple[str, str]] = set()
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._next)
        ctx.workspace.connectivity.changed.connect(self._online_changed)

    @property
    def busy(self) -> bool:
        return self.state in (READING, LOADING, WAITING)

    # --- commands ----------------------------------------------------------------------

    def open(self, account: str, artist_id: int, client: BeatPassClient) -> None:
        """Show the catalog of ``artist_id``: what this computer has, then a refresh (once
        per run; :meth:`refresh` for another)."""
        key = (account, str(artist_id))
        if key == self._key and client is self._client:
            return
        self._halt()
        self._key, self._client = key, client
        known = self._known.get(key)
        if known is not None:
            self._show(known.rows, known.complete, known.total)
            self._after_read()
            return
        self._show((), False, None)
        store = self.ctx.store
        if store is None:
            self._after_read()
            return
        self._set_state(READING, "Reading the tracks saved on this computer…")
        gen = self._gen
        self.ctx.tasks.run(
            read_stored_catalog,
            store,
            account,
            key[1],
            owner=self,
            on_done=lambda stored: self._stored(gen, stored),
            on_error=lambda exc: self._stored_failed(gen, exc),
            name="read stored catalog",
        )

    def close(self) -> None:
        """No profile: stop and show nothing."""
        self._halt()
        self._key = self._client = None
        self._show((), False, None)
        self._set_state(IDLE, "")

    def refresh(self) -> None:
        """Fetch the whole catalog again from page 1 (rows are updated as pages arrive)."""
        if self._key is None or self._client is None:
            return
        self._halt()
        self._refreshed.add(self._key)
        self._page, self._seen, self.loaded, self._pages_unsaved = 1, [], 0, 0
        self._set_state(LOADING, self._progress_text())
        self._next()

    def stop(self) -> None:
        """Stop fetching (what arrived is kept, and saved)."""
        if self.state not in (LOADING, WAITING):
            return
        self._halt()
        self._save()
        self._set_state(STOPPED, f"Stopped. {self._have_text()}")

    # --- reading the store -------------------------------------------------------------

    def _stored(self, gen: int, stored: StoredCatalog | None) -> None:
        if gen != self._gen:
            return
        if stored is not None:
            self._show(stored.tracks, stored.complete, stored.total)
        self._after_read()

    def _stored_failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._gen:
            return
        log.warning("reading the saved catalog failed: %s", user_message(exc))
        self._after_read()

    def _after_read(self) -> None:
        key = self._key
        if key is not None and (key not in self._refreshed or not self.complete):
            self.refresh()
        else:
            self._set_state(DONE, self._have_text())

    # --- paging ------------------------------------------------------------------------

    def _next(self) -> None:
        client, key = self._client, self._key
        if client is None or key is None:
            return
        gen, page = self._gen, self._page
        self.requests += 1
        self._task = self.ctx.tasks.run(
            fetch_catalog_page,
            client,
            int(key[1]),
            page,
            context=True,
            owner=self,
            on_done=lambda result: self._page_done(gen, page, result),
            on_error=lambda exc: self._page_failed(gen, exc),
            name=f"catalog page {page}",
        )

    def _page_done(self, gen: int, page: int, result: CatalogPage) -> None:
        if gen != self._gen:
            return
        self._task = None
        self._page = page + 1
        self._seen += [t.id for t in result.rows]
        self.loaded += len(result.rows)
        self.total = result.total if result.total is not None else self.total
        rows = merge_rows(self.rows, result.rows)
        if not result.has_next:  # the last page: what it did not list is gone
            self.complete = True
            rows = keep_only(rows, self._seen)
        self._show(rows, self.complete, self.total)
        self._pages_unsaved += 1
        if not result.has_next:
            self._save()
            self._set_state(DONE, self._have_text())
            return
        if not self.complete and self._pages_unsaved >= SAVE_EVERY_PAGES:
            self._save()
        self._set_state(LOADING, self._progress_text())
        self._next()

    def _page_failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._gen:
            return
        self._task = None
        if isinstance(exc, RateLimited):
            asked = exc.retry_after
            wait = max(RATE_RETRY_MIN_S, asked if asked is not None else RATE_RETRY_DEFAULT_S)
            log.info("catalog paging paused %.0f s (429)", wait)
            self._set_state(
                WAITING,
                f"BeatPass asked Studio to slow down: going on in {round(wait)} s. "
                f"{self._progress_text()}",
            )
            self._retry.start(int(wait * 1000))
            return
        self._save()
        if isinstance(exc, Offline):
            self._set_state(
                FAILED,
                f"Offline: {self._have_text()} Loading goes on when BeatPass can be reached.",
            )
            return
        if not isinstance(exc, ApiError):
            log.warning("catalog page failed", exc_info=exc)
        self._set_state(FAILED, f"{user_message(exc)} {self._have_text()}")

    def _online_changed(self, online: bool) -> None:
        if online and self.state == FAILED and self._key is not None:
            self.refresh()

    # --- helpers -----------------------------------------------------------------------

    def _halt(self) -> None:
        """Forget the running fetch (its answer is dropped)."""
        self._gen += 1
        self._retry.stop()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _show(self, rows: tuple[CatalogTrack, ...], complete: bool, total: int | None) -> None:
        self.rows, self.complete, self.total = rows, complete, total
        if self._key is not None:
            self._known[self._key] = _Known(rows, complete, total)
        self.rowsChanged.emit()

    def _save(self) -> None:
        store, key = self.ctx.store, self._key
        if store is None or key is None or not self._pages_unsaved:
            return
        self._pages_unsaved = 0
        self.ctx.tasks.run(
            save_catalog,
            store,
            key,
            self.rows,
            (self.complete, self.total),
            writer=True,
            on_error=lambda exc: log.warning("catalog not saved: %s", user_message(exc)),
            name="save catalog",
        )

    def _set_state(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.stateChanged.emit()

    def _progress_text(self) -> str:
        total = f" of {self.total:,}" if self.total is not None else ""
        return f"Loading your tracks from BeatPass… {self.loaded:,}{total}"

    def _have_text(self) -> str:
        rows = len(self.rows)
        count = f"{rows:,} {plural(rows, 'track')}"
        return f"{count}, all of this profile's." if self.complete else f"{count} so far."
