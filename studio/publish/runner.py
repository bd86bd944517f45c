"""``OutboxRunner``: delivers the store's outbox one plan step at a time, off the GUI thread.

An outbox item is a publish plan (:mod:`studio.publish.plan`): uploads, then writes, each
step's completion recorded in the item, so a restart or a kill resumes at the first
unfinished step and nothing done is sent again. How each kind's steps run lives in
:mod:`studio.publish.kinds`; this loop treats every kind alike. Steps run on a reader thread;
every store read and write goes through the one-thread writer pool. Outcomes come back on the
GUI thread:

- a step done → recorded; the next step runs; the last one delivers: ``store.mark_done``
  (snapshot + history), the open document is rebased on the server's answer, uploads the
  server does not use are queued for deletion;
- conflicts → the item is held and ``conflicted`` asks the user; :meth:`resolve` continues;
- a picture the server refuses (or gone from this computer) → that step is recorded as
  failed (``uploadRefused``) and the plan goes on without it;
- the server unreachable (refused, name lookup, connect timeout) → the app is offline at once
  and nothing is tried until the connectivity probe sees the server back (within seconds,
  however long the outage), then everything waiting is sent;
- slow or dropped answers, 5xx, 429 → the item stays with a retry time (backoff with jitter,
  ``Retry-After`` honoured) and a timer tries again; :meth:`retry_now` tries at once;
- a write whose answer was lost may have been applied: the next try re-reads the server and
  merges three-way before sending anything (never a blind resend, API.md §13.11);
- 401 → the runner pauses and ``authNeeded`` asks for a new sign-in; :meth:`resume` goes on
  with the same step;
- 422 → ``fieldErrors``; other 4xx → ``failed``: the item waits for the user (publish again
  to replace it, or :meth:`discard` it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api import (
    ApiError,
    AuthExpired,
    BeatPassClient,
    Offline,
    RateLimited,
    ServerError,
    ValidationFailed,
)
from studio.core.diff import diff_drafts
from studio.core.localref import replace_refs
from studio.core.text import count_text, plural
from studio.document import DraftDocument
from studio.messages import user_message
from studio.publish.backoff import Backoff
from studio.publish.commands import OutboxCommands
from studio.publish.connectivity import Connectivity
from studio.publish.delivery import (
    carry_edits,
    changes_record,
    unused_uploads,
)
from studio.publish.items import (
    AUTH_TEXT,
    CHECKING_TEXT,
    CONFLICT_TEXT,
    OFFLINE_TEXT,
    RATE_TEXT,
    SERVER_TEXT,
    SLOW_TEXT,
    UNQUEUED_TEXT,
    WAITING_TEXT,
    ConflictRequest,
    Delivery,
    ItemProblem,
    UploadRefused,
    is_due,
)
from studio.publish.kinds import (
    StepConflict,
    StepDone,
    StepOutcome,
    StepRefused,
    StepRun,
    build_op,
    known_kinds,
    publish_kind,
)
from studio.publish.legacy import migrate
from studio.publish.loop import OutboxLoop
from studio.publish.plan import (
    CLEANUP,
    DONE,
    FAILED,
    SENDING,
    TODO,
    UPLOAD,
    cleanup_op,
    done_uploads,
    next_index,
    published_draft,
    steps_of,
    upgrade,
    with_step,
)
from studio.publish.plan import (
    problem as plan_problem,
)
from studio.publish.waiting import WaitingForStore
from studio.store import OutboxItem, Store
from studio.tasks import TaskContext

log = logging.getLogger(__name__)

DONE_KEPT_S = 30 * 24 * 3600  # delivered outbox rows are kept this long (then pruned)


def _run_step(task: TaskContext, kind: str, run: StepRun) -> StepOutcome:
    progress = run.progress
    if progress is None:
        run = StepRun(
            run.client, run.op, run.index, run.step, run.data_dir,
            progress=task.progress,
        )  # fmt: skip
    return publish_kind(kind).run(run)


class OutboxRunner(OutboxCommands, OutboxLoop):
    """Runs the outbox of the signed-in account. Lives on the GUI thread."""

    heldChanged = Signal(object)  # noqa: N815 — frozenset of item ids held for the user
    onlineChanged = Signal(bool)  # noqa: N815
    conflicted = Signal(object)  # ConflictRequest
    fieldErrors = Signal(object)  # noqa: N815 — ItemProblem with field_errors (422)
    failed = Signal(object)  # ItemProblem: another 4xx or an unexpected error
    authNeeded = Signal(object)  # noqa: N815 — ItemProblem (401): sign in, then resume()
    delivered = Signal(object)  # Delivery
    uploadProgress = Signal(str, int, int)  # noqa: N815 — local ref, bytes sent, bytes in all
    uploadRefused = Signal(object)  # noqa: N815 — UploadRefused
    stepDone = Signal(int, int)  # noqa: N815 — item id, step index (the outbox view follows)

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
        data_dir: Path | None = None,
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
        self._data_dir = Path(data_dir) if data_dir is not None else Path(store.path).parent
        self._writes = 0  # store writes queued so far (see _queue_write)
        self._held: set[int] = set()  # conflicts the user is resolving
        self._batch_done = 0
        # Publishes confirmed while the store could not write (a full disk).
        self._unqueued = WaitingForStore(lambda key, op: self._queue_publish(*key, op), parent=self)

    # --- state ---------------------------------------------------------------------------

    def _base_url(self) -> str | None:
        client = self._client()
        return client.base_url if client is not None else None

    def _outbox_store(self) -> Store | None:
        return self._store

    @property
    def held(self) -> frozenset[int]:
        """Items whose conflicts the user is resolving."""
        return frozenset(self._held)

    @property
    def unqueued(self) -> int:
        """Publishes the user confirmed that wait for room in the local store."""
        return len(self._unqueued)

    @property
    def count(self) -> int:
        return len(self._items) + len(self._unqueued)

    def is_publishing(self, kind: str, entity_id: str) -> bool:
        item = self._running
        return item is not None and (item.kind, item.entity_id) == (kind, str(entity_id))

    # --- commands ------------------------------------------------------------------------

    def reset(self) -> None:
        """The signed-in account changed: forget held state, read its outbox (items of an
        older version made into plans first), resume it."""
        self._restart()
        self._set_held(self._held.clear)
        self._batch_done = 0
        account = self._account()
        if account is None:
            return
        store, data_dir = self._store, self._data_dir
        keep_until = self._clock() - DONE_KEPT_S

        def tidy() -> int:
            store.prune_done(keep_until)  # delivered rows are kept a while, then go
            return migrate(store, account, data_dir)

        self._queue_write(
            tidy,
            lambda _count: self.kick(),
            self._store_failed,
            "bring old outbox items up to date",
        )

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
        """Put a publish plan in the outbox, replacing the entity's waiting one (its uploads
        are reused; what it uploaded that nothing uses any more is deleted on the server).

        Returns False (and queues nothing) when the entity is being sent right now.
        ``on_done(item_id)`` gets None when there was nothing to publish.
        """
        account = self._account()
        entity_id = str(entity_id)
        if account is None or self.is_publishing(kind, entity_id):
            return False
        op = build_op(kind, entity_id, base, draft)
        self._unqueued.forget((account, kind, entity_id))  # superseded
        self._queue_publish(account, kind, entity_id, op, on_done=on_done, on_error=on_error)
        return True

    def kick(self) -> None:
        """Look at the outbox and run the next due step (if nothing is running)."""
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

    def _set_items(self, items: list[OutboxItem]) -> None:
        self._items = items
        self._update_count()
        self.itemsChanged.emit(list(items))

    def _update_count(self) -> None:
        self.countChanged.emit(self.count)

    # --- outbox loop ---------------------------------------------------------------------

    @staticmethod
    def _publish_items(everything: Iterable[OutboxItem]) -> list[OutboxItem]:
        kinds = known_kinds()
        return [i for i in everything if i.kind in kinds]

    def _loaded(self, gen: int, everything: list[OutboxItem], *, stale: bool) -> None:
        self._loading = False
        if gen != self._gen:
            return
        items = self._publish_items(everything)
        self._set_items(items)
        if self._again or stale:  # a write was queued after this read: read again
            self.kick()
            return
        if self._running is not None or self._paused:
            return
        now = self._clock()
        due = [i for i in items if i.id not in self._held and is_due(i, now)]
        if not due:
            self._settle(items, now)
            return
        client = self._client()
        if client is None or self._hold_for_connection(due):
            return
        item = due[0]
        unreadable = plan_problem(item.op)
        if unreadable is not None:
            # Listed in the outbox as needing the user (no dialog for it).
            log.warning("publish %s cannot be read as a plan; it waits for the user", item.id)
            self._mark_failed(item.id, unreadable, None)
            return
        self._timer.stop()
        self._set_running(item)
        plan = upgrade(item.op)
        index = next_index(plan)
        if index is None:  # every step settled (a kill before the delivery was recorded)
            self._deliver(gen, item, plan, StepDone())
            return
        self._start_step(gen, item, plan, index, client, due=len(due))

    def _start_step(
        self,
        gen: int,
        item: OutboxItem,
        plan: dict[str, Any],
        index: int,
        client: BeatPassClient,
        *,
        due: int,
    ) -> None:
        steps = steps_of(plan)
        step = steps[index]
        if item.kind != CLEANUP:
            self._batch_done += 1 if index == 0 or self._batch_done == 0 else 0
            total = max(self._batch_done, self._batch_done - 1 + due)
            what = "Uploading pictures" if step.get("type") == UPLOAD else "Publishing"
            self._set_status(f"{what} {self._batch_done} of {total}…")
        if step.get("state", TODO) == TODO and publish_kind(item.kind).extra.get("check_resend"):
            # A create that must never run twice: say it was sent before sending it, so a
            # lost answer is checked for (not resent blindly) after a restart.
            plan = with_step(plan, index, state=SENDING)
            self._queue_write(
                lambda: self._store.update_op(item.id, plan),
                lambda _: self._run(gen, item, plan, index, client),
                self._step_record_failed,
                "record step sent",
            )
            return
        self._run(gen, item, plan, index, client)

    def _run(
        self, gen: int, item: OutboxItem, plan: dict[str, Any], index: int, client: BeatPassClient
    ) -> None:
        step = steps_of(plan)[index]
        ref = str(step.get("ref", ""))
        run = StepRun(client, plan, index, step, self._data_dir)
        self._tasks.run(
            _run_step,
            item.kind,
            run,
            context=True,
            owner=self,
            on_done=lambda outcome: self._step_finished(gen, item, plan, index, outcome),
            on_error=lambda exc: self._step_failed(gen, item, plan, index, exc),
            on_progress=lambda p: (
                self.uploadProgress.emit(ref, p.done, p.total or 0) if ref else None
            ),
            name=f"publish {item.kind} {item.entity_id} step {index}",
        )

    def _step_record_failed(self, exc: BaseException) -> None:
        self._set_running(None)
        self._store_failed(exc)

    def _settle(self, items: list[OutboxItem], now: float) -> None:
        """Nothing is due: schedule the next retry and say why items wait."""
        self._batch_done = 0
        if self._unqueued:
            self._schedule_retry(items, now)
            self._set_status(UNQUEUED_TEXT.format(reason=self._unqueued.reason))
            self.idle.emit()
            return
        if self._schedule_retry(items, now):
            self._set_status(self._retry_text or WAITING_TEXT)
        elif self._held:
            self._set_status(CONFLICT_TEXT)
        else:
            waiting = sum(1 for i in items if i.waits_for_user)
            self._set_status(
                f"{count_text(waiting, 'publish', 'publishes')} "
                f"{plural(waiting, 'needs', 'need')} your attention"
                if waiting
                else ""
            )
        self.idle.emit()

    def _step_finished(
        self, gen: int, item: OutboxItem, plan: dict[str, Any], index: int, outcome: StepOutcome
    ) -> None:
        if gen != self._gen:
            return
        self._answered()
        self._retry_text = ""
        if isinstance(outcome, StepConflict):
            self._set_running(None)
            self._set_held(lambda: self._held.add(item.id))
            self._set_status(CONFLICT_TEXT)
            self.conflicted.emit(
                ConflictRequest(item.id, item.kind, item.entity_id, outcome.merge, outcome.server)
            )
            self.kick()
            return
        plan = with_step(plan, index, state=DONE, result=outcome.result)
        self.stepDone.emit(item.id, index)
        if next_index(plan) is None:
            self._deliver(gen, item, plan, outcome)
            return
        self._record_and_go_on(gen, item, plan)

    def _record_and_go_on(self, gen: int, item: OutboxItem, plan: dict[str, Any]) -> None:
        def done(_: None) -> None:
            self._set_running(None)
            if gen == self._gen:
                self.kick()

        def failed(exc: BaseException) -> None:
            self._set_running(None)
            self._store_failed(exc)

        self._queue_write(
            lambda: self._store.update_op(item.id, plan), done, failed, "record publish step"
        )

    def _deliver(self, gen: int, item: OutboxItem, plan: dict[str, Any], last: StepDone) -> None:
        kind, entity_id, account = item.kind, item.entity_id, item.account
        store = self._store
        server = last.server
        # What was sent (uploaded pictures in place, refused ones left out), and the user's
        # pictures mapped to their uploads, so later edits — and refused pictures — are kept.
        documented = kind != CLEANUP and server is not None
        queued = published_draft(plan) if documented else {}
        uploaded = {ref: str(r["url"]) for ref, r in done_uploads(plan).items()}
        before = last.before if last.before is not None else plan.get("base", {})
        record = changes_record(kind, before, server) if server is not None and documented else None
        doc = self._document(kind, entity_id) if documented else None
        unused = unused_uploads(plan, server) if documented else []

        def work() -> None:
            store.update_op(item.id, plan)
            store.mark_done(item.id, snapshot=server, changes=record)
            cleanup = cleanup_op(unused)
            if cleanup is not None:
                store.enqueue(account, CLEANUP, cleanup["entity_id"], cleanup)
            if documented and doc is None:  # not open: bring the stored draft along
                saved = store.load_draft(account, kind, entity_id)
                if saved is not None and server is not None:
                    current = replace_refs(saved.draft, uploaded)
                    draft = carry_edits(kind, queued, current, server)
                    store.save_draft(account, kind, entity_id, server, draft)

        def done(_: None) -> None:
            self._set_running(None)
            if gen != self._gen:
                return
            if documented and server is not None:
                self._update_document(kind, entity_id, queued, server, server, uploaded=uploaded)
                changes = diff_drafts(kind, before, server)
                self.delivered.emit(Delivery(item.id, kind, entity_id, changes, uploaded))
            self.kick()

        def failed(exc: BaseException) -> None:
            self._set_running(None)
            self._store_failed(exc)

        self._queue_write(work, done, failed, "record publish")

    def _step_failed(
        self, gen: int, item: OutboxItem, plan: dict[str, Any], index: int, exc: BaseException
    ) -> None:
        if gen != self._gen:
            return
        if isinstance(exc, StepRefused):
            self._answered()
            step = steps_of(plan)[index]
            message = str(exc)
            refused = with_step(plan, index, state=FAILED, error=message)
            log.info("publish %s: step %s refused: %s", item.id, index, message)
            self.uploadRefused.emit(
                UploadRefused(item.id, item.kind, item.entity_id, str(step.get("ref", "")), message)
            )
            if next_index(refused) is None:
                self._deliver(gen, item, refused, StepDone())
            else:
                self._record_and_go_on(gen, item, refused)
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
        *,
        uploaded: Mapping[str, str] | None = None,
    ) -> None:
        """Rebase the open document: base := ``base``, draft := ``draft`` plus any edits
        the user made after queueing ``queued`` (its pictures read as their uploads)."""
        doc = self._document(kind, entity_id)
        if doc is not None:
            current = replace_refs(doc.draft, dict(uploaded or {}))
            doc.rebase(base, carry_edits(kind, queued, current, draft))

    def _set_held(self, change: Callable[[], object]) -> None:
        before = frozenset(self._held)
        change()
        if before != self._held:
            self.heldChanged.emit(frozenset(self._held))
