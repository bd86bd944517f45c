"""``OutboxRunner``: delivers the store's outbox one item at a time, off the GUI thread.

Each item is tried by :func:`studio.publish.attempt.attempt` on a reader thread (network);
every store read and write goes through the one-thread writer pool. Outcomes come back on
the GUI thread:

- delivered → ``store.mark_done`` (snapshot + history), the open document is rebased on the
  server's answer (clean unless the user kept editing meanwhile);
- conflicts → the item is held and ``conflicted`` asks the user; :meth:`resolve` continues;
- the server unreachable (refused, name lookup, connect timeout) → the app is offline at once
  and nothing is tried until the connectivity probe sees the server back (within seconds,
  however long the outage), then everything waiting is sent;
- slow or dropped answers, 5xx, 429 → the item stays with a retry time (backoff with jitter,
  ``Retry-After`` honoured) and a timer tries again; :meth:`retry_now` tries at once;
- a write whose answer was lost may have been applied: the next try re-reads the server and
  merges three-way before sending anything (never a blind resend, API.md §13.11);
- 401 → the runner pauses and ``authNeeded`` asks for a new sign-in; :meth:`resume` goes on
  with the same item;
- 422 → ``fieldErrors``; other 4xx → ``failed``: the item waits for the user (publish again
  to replace it, or :meth:`discard` it).

A publish waits while an upload for the same entity is undelivered in the outbox: the upload
queue merges the new picture's URL into the waiting publish when it lands (see
``studio.uploads``), so the page is published with the new picture, not the old one.
Call :meth:`uploads_changed` when the uploads change (``watch_uploads`` connects a queue).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.api import (
    ApiError,
    AuthExpired,
    BeatPassClient,
    Offline,
    RateLimited,
    ServerError,
    ValidationFailed,
)
from studio.core.text import count_text, plural
from studio.document import DraftDocument
from studio.messages import user_message
from studio.pending_files import field_noun, upload_entity
from studio.publish.attempt import (
    Conflicted,
    Delivered,
    Outcome,
    attempt,
    carry_edits,
    changes_record,
    make_op,
    rebase_op,
)
from studio.publish.backoff import Backoff
from studio.publish.connectivity import Connectivity
from studio.publish.items import (
    AUTH_TEXT,
    CHECKING_TEXT,
    CONFLICT_TEXT,
    OFFLINE_TEXT,
    PUBLISH_KINDS,
    RATE_TEXT,
    SERVER_TEXT,
    SLOW_TEXT,
    UNQUEUED_TEXT,
    UPLOAD_WAIT_TEXT,
    WAITING_TEXT,
    ConflictRequest,
    Delivery,
    ItemProblem,
    is_due,
    publish_items,
)
from studio.publish.loop import OutboxLoop
from studio.store import OutboxItem, Store, StoreError

log = logging.getLogger(__name__)

DISK_RETRY_MS = 3000


class OutboxRunner(OutboxLoop):
    """Runs the outbox of the signed-in account. Lives on the GUI thread."""

    heldChanged = Signal(object)  # noqa: N815 — frozenset of item ids held for the user
    onlineChanged = Signal(bool)  # noqa: N815
    conflicted = Signal(object)  # ConflictRequest
    fieldErrors = Signal(object)  # noqa: N815 — ItemProblem with field_errors (422)
    failed = Signal(object)  # ItemProblem: another 4xx or an unexpected error
    authNeeded = Signal(object)  # noqa: N815 — ItemProblem (401): sign in, then resume()
    delivered = Signal(object)  # Delivery

    stopped_text = "Publishing stopped"
    offline_text = OFFLINE_TEXT

    def __init__(
        self,
        tasks: Any,
        store: Store,
        *,
        client: Callable[[], BeatPassClient | None],
        account: Callable[[], str | None],
        documents: Callable[[], Iterable[DraftDocument]] = tuple,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        connectivity: Connectivity | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            tasks, backoff=backoff, clock=clock, connectivity=connectivity, parent=parent
        )
        self.connectivity.changed.connect(self.onlineChanged)
        self._client = client
        self._store = store
        self._account = account
        self._documents = documents
        self._writes = 0  # store writes queued so far (see _queue_write)
        self._held: set[int] = set()  # conflicts the user is resolving
        self._uploads: dict[tuple[str, str], OutboxItem] = {}  # entity → its oldest upload
        self._batch_done = 0
        # Publishes confirmed while the store could not write (a full disk): kept in memory
        # and written again every few seconds until the store takes them.
        self._unqueued: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._unqueued_reason = ""
        self._disk_timer = QTimer(self)
        self._disk_timer.setInterval(DISK_RETRY_MS)
        self._disk_timer.timeout.connect(self._write_unqueued)

    # --- state ---------------------------------------------------------------------------

    @property
    def held(self) -> frozenset[int]:
        """Items whose conflicts the user is resolving."""
        return frozenset(self._held)

    def waits_for_upload(self, item: OutboxItem) -> bool:
        """Whether ``item`` waits for an upload of the same entity (as last read)."""
        return (item.kind, item.entity_id) in self._uploads

    def _base_url(self) -> str | None:
        client = self._client()
        return client.base_url if client is not None else None

    def _outbox_store(self) -> Store | None:
        return self._store

    def is_publishing(self, kind: str, entity_id: str) -> bool:
        item = self._running
        return item is not None and (item.kind, item.entity_id) == (kind, str(entity_id))

    # --- commands ------------------------------------------------------------------------

    def reset(self) -> None:
        """The signed-in account changed: forget held state, read its outbox, resume it."""
        self._restart()
        self._set_held(self._held.clear)
        self._uploads = {}
        self._batch_done = 0
        self.kick()

    def enqueue(
        self,
        kind: str,
        entity_id: str,
        base: Mapping[str, Any],
        draft: Mapping[str, Any],
        *,
        on_done: Callable[[int | None], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Put a publish in the outbox (replacing items of the same entity not being sent).

        Returns False (and queues nothing) when the entity is being sent right now.
        ``on_done(item_id)`` gets None when there was nothing to publish.
        """
        account = self._account()
        entity_id = str(entity_id)
        if account is None or self.is_publishing(kind, entity_id):
            return False
        op = make_op(kind, entity_id, base, draft)
        self._unqueued.pop((account, kind, entity_id), None)  # superseded
        self._queue_publish(account, kind, entity_id, op, on_done=on_done, on_error=on_error)
        return True

    def _queue_publish(
        self,
        account: str,
        kind: str,
        entity_id: str,
        op: dict[str, Any] | None,
        *,
        on_done: Callable[[int | None], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Write a publish to the outbox (one transaction, replacing the entity's waiting
        item). When the store cannot write (a full disk), the publish is kept here and
        written as soon as it can be — it is never dropped."""
        keep = frozenset(self._held)
        store = self._store
        key = (account, kind, entity_id)

        def work() -> int | None:
            return store.enqueue_replacing(account, kind, entity_id, op, keep=keep)

        def done(item_id: int | None) -> None:
            if self._unqueued.pop(key, None) is not None or not self._unqueued:
                self._update_count()
            if not self._unqueued:
                self._disk_timer.stop()
            if on_done is not None:
                on_done(item_id)
            self.kick()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, StoreError):
                (on_error or self._store_failed)(exc)
                return
            if key not in self._unqueued and op is not None:
                log.warning("publish of %s %s not queued yet: %s", kind, entity_id, exc)
            if op is not None:
                self._unqueued.setdefault(key, op)
                self._unqueued_reason = user_message(exc)
                self._update_count()
                self._set_status(UNQUEUED_TEXT.format(reason=self._unqueued_reason))
                if not self._disk_timer.isActive():
                    self._disk_timer.start()

        self._queue_write(work, done, failed, "enqueue publish")

    def _write_unqueued(self) -> None:
        """Try again to write the publishes the store could not take."""
        for (account, kind, entity_id), op in list(self._unqueued.items()):
            self._queue_publish(account, kind, entity_id, op)

    @property
    def unqueued(self) -> int:
        """Publishes the user confirmed that wait for room in the local store."""
        return len(self._unqueued)

    @property
    def count(self) -> int:
        return len(self._items) + len(self._unqueued)

    def _set_items(self, items: list[OutboxItem]) -> None:
        self._items = items
        self._update_count()
        self.itemsChanged.emit(list(items))

    def _update_count(self) -> None:
        self.countChanged.emit(self.count)

    def kick(self) -> None:
        """Look at the outbox and send the next due item (if nothing is being sent)."""
        if self._running is not None or self._paused:
            return
        if self._loading:
            self._again = True
            return
        account = self._account()
        if account is None:
            return
        self._loading = True
        self._again = False
        gen, seq = self._gen, self._writes
        self._tasks.run(
            self._store.outbox,
            account,
            writer=True,
            owner=self,
            on_done=lambda items: self._loaded(gen, items, stale=seq != self._writes),
            on_error=lambda exc: self._load_failed(gen, exc),
            name="read outbox",
        )

    def uploads_changed(self) -> None:
        """The uploads changed: look again when a publish was waiting for one."""
        if self._uploads:
            self.kick()

    def watch_uploads(self, queue: Any) -> None:
        """Look again whenever ``queue`` (an upload queue) has read or landed uploads."""
        queue.itemsChanged.connect(lambda _items: self.uploads_changed())
        queue.uploaded.connect(lambda _done: self.kick())

    def retry_now(self) -> None:
        """Make every failed item due now (also those waiting for the user) and send."""
        self._paused = False
        self._retry_requested()
        self._batch_done = 0
        account, held, store = self._account(), set(self._held), self._store
        if account is None:
            return

        def work() -> None:
            for item in publish_items(store, account):
                if item.status == "failed" and item.id not in held:
                    store.mark_pending(item.id)

        self._write(work, "retry now")

    def resume(self) -> None:
        """After a new sign-in: continue with the item that met the 401."""
        self._paused = False
        self.kick()

    def retry_item(self, item_id: int) -> None:
        """Make one item due now and send."""
        self._paused = False
        self._retry_requested()
        self._set_held(lambda: self._held.discard(item_id))
        self._write(lambda: self._store.mark_pending(item_id), "retry publish")

    def discard(self, item_id: int) -> None:
        """Drop an item (the user gave up that publish; the draft stays in the editor)."""
        self._set_held(lambda: self._held.discard(item_id))
        self._write(lambda: self._store.remove(item_id), "discard publish")

    def postpone(self, item_id: int, reason: str) -> None:
        """Keep a held item in the outbox, waiting for the user (e.g. conflicts left open)."""
        self._set_held(lambda: self._held.discard(item_id))
        self._write(lambda: self._store.mark_failed(item_id, reason, None), "postpone publish")

    def resolve(self, request: ConflictRequest, resolved: Mapping[str, Any]) -> None:
        """Continue a conflicted item with the draft the user settled on."""
        self._set_held(lambda: self._held.discard(request.item_id))
        store = self._store

        def work() -> dict[str, Any] | None:
            item = store.outbox_item(request.item_id)
            if item is None or item.status == "done":
                return None
            op = rebase_op(item.op, request.server, resolved)
            store.update_op(item.id, op)
            store.mark_pending(item.id)
            return dict(item.op)

        def done(old_op: dict[str, Any] | None) -> None:
            if old_op is not None:
                self._update_document(
                    request.kind, request.entity_id, old_op["draft"], request.server, resolved
                )
            self.kick()

        self._queue_write(work, done, self._store_failed, "resolve conflicts")

    # --- outbox loop ---------------------------------------------------------------------

    def _loaded(self, gen: int, everything: list[OutboxItem], *, stale: bool) -> None:
        self._loading = False
        if gen != self._gen:
            return
        items = [i for i in everything if i.kind in PUBLISH_KINDS]
        self._uploads = {}
        for upload in everything:
            entity = upload_entity(upload)
            if entity is not None:
                self._uploads.setdefault(entity, upload)
        self._set_items(items)
        if self._again or stale:  # a write was queued after this read: read again
            self.kick()
            return
        if self._running is not None or self._paused:
            return
        now = self._clock()
        due = [
            i for i in items if i.id not in self._held and is_due(i, now)
            and not self.waits_for_upload(i)
        ]  # fmt: skip
        if not due:
            self._settle(items, now)
            return
        client = self._client()
        if client is None or self._hold_for_connection(due):
            return
        item = due[0]
        self._timer.stop()
        self._set_running(item)
        self._batch_done += 1
        total = self._batch_done - 1 + len(due)
        self._set_status(f"Publishing {self._batch_done} of {total}…")
        self._tasks.run(
            attempt,
            client,
            item.op,
            owner=self,
            on_done=lambda outcome: self._attempted(gen, item, outcome),
            on_error=lambda exc: self._attempt_failed(gen, item, exc),
            name=f"publish {item.kind} {item.entity_id}",
        )

    def _settle(self, items: list[OutboxItem], now: float) -> None:
        """Nothing is due: schedule the next retry and say why items wait."""
        self._batch_done = 0
        if self._unqueued:
            self._schedule_retry(items, now)
            self._set_status(UNQUEUED_TEXT.format(reason=self._unqueued_reason))
            self.idle.emit()
            return
        if self._schedule_retry(items, now):
            self._set_status(self._retry_text or WAITING_TEXT)
        elif self._held:
            self._set_status(CONFLICT_TEXT)
        elif blocked := [i for i in items if self.waits_for_upload(i) and is_due(i, now)]:
            upload = self._uploads[(blocked[0].kind, blocked[0].entity_id)]
            self._set_status(UPLOAD_WAIT_TEXT.format(noun=field_noun(upload.op.get("field", ""))))
        else:
            waiting = sum(1 for i in items if i.waits_for_user)
            self._set_status(
                f"{count_text(waiting, 'publish', 'publishes')} "
                f"{plural(waiting, 'needs', 'need')} your attention"
                if waiting
                else ""
            )
        self.idle.emit()

    def _attempted(self, gen: int, item: OutboxItem, outcome: Outcome) -> None:
        if gen != self._gen:
            return
        self._answered()
        self._retry_text = ""
        if isinstance(outcome, Conflicted):
            self._set_running(None)
            self._set_held(lambda: self._held.add(item.id))
            self._set_status(CONFLICT_TEXT)
            self.conflicted.emit(
                ConflictRequest(
                    item.id, item.kind, item.entity_id, outcome.merge, outcome.server.draft
                )
            )
            self.kick()
            return
        self._finish_delivery(gen, item, outcome)

    def _finish_delivery(self, gen: int, item: OutboxItem, outcome: Delivered) -> None:
        kind, entity_id, account = item.kind, item.entity_id, item.account
        server = outcome.server.draft
        record = changes_record(kind, outcome.before, server)
        doc = self._document(kind, entity_id)
        store = self._store
        queued = item.op["draft"]

        def work() -> None:
            store.mark_done(item.id, snapshot=server, changes=record)
            if doc is None:  # not open: bring the stored draft onto the new server state
                saved = store.load_draft(account, kind, entity_id)
                if saved is not None:
                    draft = carry_edits(kind, queued, saved.draft, server)
                    store.save_draft(account, kind, entity_id, server, draft)

        def done(_: None) -> None:
            if gen != self._gen:
                return
            self._set_running(None)
            self._update_document(kind, entity_id, queued, server, server)
            self.delivered.emit(Delivery(item.id, kind, entity_id, outcome.changes(kind)))
            self.kick()

        def failed(exc: BaseException) -> None:
            self._set_running(None)
            self._store_failed(exc)

        self._queue_write(work, done, failed, "record publish")

    def _attempt_failed(self, gen: int, item: OutboxItem, exc: BaseException) -> None:
        if gen != self._gen:
            return
        self._set_running(None)
        self._failure(item, exc)
        if isinstance(exc, ApiError) and exc.status is not None:
            self._answered()  # the server answered, whatever it said (after the item's
            # failure is queued for the store, so a resumed read sees it)

    def _failure(self, item: OutboxItem, exc: BaseException) -> None:
        problem = ItemProblem(item.id, item.kind, item.entity_id, user_message(exc))
        if isinstance(exc, AuthExpired):
            self._paused = True
            self._set_status(AUTH_TEXT)
            self.authNeeded.emit(problem)
            return
        if isinstance(exc, Offline):
            retry_at = self._failed_offline(item, exc)
            self._retry_text = (
                OFFLINE_TEXT if exc.unreachable else CHECKING_TEXT if exc.maybe_applied
                else SLOW_TEXT
            )  # fmt: skip
            log.info("publish %s: no answer (%s); tried again later", item.id, type(exc).__name__)
            self._mark_failed(item.id, problem.message, retry_at)
            return
        if isinstance(exc, ServerError | RateLimited):
            retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
            delay = self._retry_delay(item, retry_after)
            self._retry_text = RATE_TEXT if isinstance(exc, RateLimited) else SERVER_TEXT
            log.info("publish %s will be retried in %.1f s: %s", item.id, delay, type(exc).__name__)
            self._mark_failed(item.id, problem.message, self._clock() + delay)
            return
        if isinstance(exc, ValidationFailed):
            problem = ItemProblem(
                item.id, item.kind, item.entity_id, problem.message, dict(exc.field_errors)
            )
            self._mark_failed(item.id, problem.message, None)
            self.fieldErrors.emit(problem)
            return
        if not isinstance(exc, ApiError):
            log.warning("publish %s failed unexpectedly", item.id, exc_info=exc)
        self._mark_failed(item.id, problem.message, None)
        self.failed.emit(problem)

    # --- helpers -------------------------------------------------------------------------

    def _mark_failed(self, item_id: int, message: str, retry_at: float | None) -> None:
        self._write(lambda: self._store.mark_failed(item_id, message, retry_at), "mark failed")

    def _write(self, fn: Callable[[], object], name: str) -> None:
        """A store write, then a look at the outbox."""
        self._queue_write(fn, lambda _: self.kick(), self._store_failed, name)

    def _queue_write(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        name: str,
    ) -> None:
        """Every store write goes here: counted, so an outbox read queued before it (and
        so blind to it) is recognised as stale and repeated."""
        self._writes += 1
        self._tasks.run(fn, writer=True, owner=self, on_done=on_done, on_error=on_error, name=name)

    def _document(self, kind: str, entity_id: str) -> DraftDocument | None:
        account = self._account()
        for doc in self._documents():
            if (doc.kind, doc.entity_id) == (kind, entity_id) and doc.account == account:
                return doc
        return None

    def _update_document(
        self,
        kind: str,
        entity_id: str,
        queued: Mapping[str, Any],
        base: Mapping[str, Any],
        draft: Mapping[str, Any],
    ) -> None:
        """Rebase the open document: base := ``base``, draft := ``draft`` plus any edits
        the user made after queueing ``queued``."""
        doc = self._document(kind, entity_id)
        if doc is not None:
            doc.rebase(base, carry_edits(kind, queued, doc.draft, draft))

    def _set_held(self, change: Callable[[], object]) -> None:
        before = frozenset(self._held)
        change()
        if before != self._held:
            self.heldChanged.emit(frozenset(self._held))
