"""``UploadQueue``: prepared pictures go through the store's outbox (kind ``"upload"``), are
sent one at a time on the writer pool with progress, and their new URL lands in the draft.

An item's op is ``{"type": "upload", "path": <prepared file under data/pending-uploads>,
"upload_kind": <key of limits.UPLOAD_RULES>, "doc_kind": "artist"|"user", "entity_id": "7",
"field": "image_small"}``. Outcomes:

- delivered → the open document gets ``set_image(field, url)`` (one undo step); when no
  document is open, the stored draft is updated instead. The item is marked done and the
  pending file deleted;
- offline, 5xx, 429 → the item stays with a retry time (backoff with jitter, ``Retry-After``
  honoured) and a timer tries again; 401 → paused until the next sign-in;
- any other 4xx, a refused file or a missing prepared file → the item waits for the user
  (:meth:`UploadQueue.retry` or :meth:`UploadQueue.discard`), with its error.

Items survive a restart: a new queue on the same store resumes them on sign-in. Only items of
kind ``"upload"`` are sent here. A publish of the same entity waiting in the outbox gets the
new URL merged into its op when the upload lands (the runner holds it until then), so the
page is published with the new picture. The store side lives in :mod:`studio.pending_files`.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
)
from studio.core.text import count_text, plural
from studio.document import DraftDocument
from studio.messages import user_message
from studio.pending_files import (
    KIND,
    discard,
    field_noun,
    finish,
    make_op,
    send,
    upload_items,
    write_pending,
)
from studio.publish.attempt import merge_upload
from studio.publish.backoff import Backoff
from studio.publish.items import PUBLISH_KINDS, is_due
from studio.publish.loop import OutboxLoop
from studio.store import OutboxItem, Store
from studio.tasks import Progress, TaskContext

log = logging.getLogger(__name__)

__all__ = ["KIND", "UploadDone", "UploadProblem", "UploadQueue", "write_pending"]

OFFLINE_TEXT = "Offline — pictures will upload when the connection is back"
RETRY_TEXT = "Upload paused — will try again shortly"
AUTH_TEXT = "Sign in again to finish uploading"
MISSING_FILE = (
    "The prepared picture is no longer on this computer. Open the image editor and choose "
    "the picture again."
)
_QUEUE_NAME = "studio-upload-queue"


@dataclass(frozen=True)
class UploadDone:
    item_id: int
    doc_kind: str
    entity_id: str
    field: str
    url: str
    name: str = ""  # the file the user picked ("avatar.jpg"), when known


@dataclass(frozen=True)
class UploadProblem:
    """Why an upload stopped. ``will_retry``: it is tried again automatically."""

    item_id: int
    message: str
    will_retry: bool


def _send(task: TaskContext, client: BeatPassClient, op: dict[str, Any]) -> str:
    return send(client, op, progress=task.progress)


def _land(store: Store, item: OutboxItem, url: str, write_draft: bool) -> None:
    """Merge the new URL into the entity's publishes waiting in the outbox, then record the
    upload as delivered (in that order: a crash in between only sends the upload again)."""
    entity, field = (item.op["doc_kind"], item.op["entity_id"]), item.op["field"]
    for waiting in store.outbox(item.account):
        publish = waiting.kind in PUBLISH_KINDS and (waiting.kind, waiting.entity_id) == entity
        if publish and isinstance(waiting.op.get("draft"), dict) and "base" in waiting.op:
            store.update_op(waiting.id, merge_upload(waiting.op, field, url))
    finish(store, item, url, write_draft)


class UploadQueue(OutboxLoop):
    """Runs the upload items of the signed-in account. Lives on the GUI thread."""

    progress = Signal(int, int, int)  # item id, bytes sent, bytes in all
    uploaded = Signal(object)  # UploadDone
    landing = Signal(object)  # UploadDone: its URL is about to go into the draft
    failed = Signal(object)  # UploadProblem
    queued = Signal(int)  # item id

    stopped_text = "Uploads stopped"
    offline_text = OFFLINE_TEXT

    def __init__(
        self,
        tasks: Any,
        store: Callable[[], Store | None],
        *,
        client: Callable[[], BeatPassClient | None],
        account: Callable[[], str | None],
        documents: Callable[[], Iterable[DraftDocument]] = tuple,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(tasks, backoff=backoff, clock=clock, parent=parent)
        self._store = store
        self._client = client
        self._account = account
        self._documents = documents
        self._registered: weakref.WeakSet[DraftDocument] = weakref.WeakSet()

    @classmethod
    def for_context(cls, ctx: Any) -> UploadQueue:
        """The queue of ``ctx`` (made on first call, a child of ``ctx.signals``): it follows
        sign-ins and finds open documents through ``ctx.undo_group``."""
        found = ctx.signals.findChild(cls, _QUEUE_NAME)
        if isinstance(found, cls):
            return found
        queue = cls(
            ctx.tasks,
            lambda: ctx.store,
            client=lambda: ctx.session.client if ctx.session is not None else None,
            account=lambda: ctx.session.store_account if ctx.session is not None else None,
            documents=lambda: _undo_documents(ctx),
            parent=ctx.signals,
        )
        queue.setObjectName(_QUEUE_NAME)
        ctx.signals.session_changed.connect(lambda _session: queue.reset())
        store_ready = getattr(ctx.signals, "store_ready", None)
        if store_ready is not None:
            store_ready.connect(lambda _store: queue.kick())
        queue.kick()
        return queue

    # --- state ---------------------------------------------------------------------------

    def _base_url(self) -> str | None:
        client = self._client()
        return client.base_url if client is not None else None

    def _outbox_store(self) -> Store | None:
        return self._store()

    def register_document(self, doc: DraftDocument) -> None:
        """Make ``doc`` a place new URLs land (kept weakly)."""
        self._registered.add(doc)

    # --- commands ------------------------------------------------------------------------

    def enqueue(
        self,
        path: Path,
        *,
        upload_kind: str,
        doc: DraftDocument,
        field: str,
        name: str = "",
        on_done: Callable[[int], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Put the prepared file ``path`` in the outbox as an upload for ``doc.field``
        (``name``: the file the user picked, shown in the outbox); ``on_done(item_id)`` runs
        once it is stored, before it is sent."""
        store = self._store()
        if store is None:
            if on_error is not None:
                on_error(RuntimeError("no local store"))
            return
        self.register_document(doc)
        op = make_op(path, upload_kind, doc.kind, doc.entity_id, field, name)

        def done(item_id: int) -> None:
            self.queued.emit(item_id)
            if on_done is not None:
                on_done(item_id)
            self.kick()

        self._tasks.run(
            store.enqueue,
            doc.account,
            KIND,
            doc.entity_id,
            op,
            writer=True,
            owner=self,
            on_done=done,
            on_error=on_error or self._store_failed,
            name="enqueue upload",
        )

    def reset(self) -> None:
        """The signed-in account changed: read its uploads and resume them."""
        self._restart()
        self.kick()

    def kick(self) -> None:
        """Look at the outbox and send the next due upload (if none is being sent)."""
        if self._running is not None or self._paused:
            return
        if self._loading:
            self._again = True
            return
        store, account = self._store(), self._account()
        if store is None or account is None:
            return
        self._loading = True
        self._again = False
        gen = self._gen
        self._tasks.run(
            upload_items,
            store,
            account,
            writer=True,
            owner=self,
            on_done=lambda items: self._loaded(gen, items),
            on_error=lambda exc: self._load_failed(gen, exc),
            name="read uploads",
        )

    def retry(self, item_id: int | None = None) -> None:
        """Try again now: one item, or every failed upload."""
        self._paused = False
        self._retry_requested()
        failed = [i.id for i in self._items if i.status == "failed"]
        ids = [item_id] if item_id is not None else failed
        store = self._store()
        if store is None:
            return

        def work() -> None:
            for i in ids:
                store.mark_pending(i)

        self._write(work, "retry upload")

    def discard(self, item_id: int) -> None:
        """Give up an upload: drop it from the outbox and delete its prepared file."""
        store = self._store()
        if store is None:
            return

        self._write(lambda: discard(store, item_id), "discard upload")

    # --- loop ----------------------------------------------------------------------------

    def _loaded(self, gen: int, items: list[OutboxItem]) -> None:
        self._loading = False
        if gen != self._gen:
            return
        self._set_items(items)
        if self._again:
            self.kick()
            return
        if self._running is not None or self._paused:
            return
        now = self._clock()
        due = [i for i in items if is_due(i, now)]
        client = self._client()
        if not due or client is None:
            self._settle(items, now)
            return
        if self._hold_for_connection(due):
            return
        item = due[0]
        self._timer.stop()
        self._set_running(item)
        self._set_status(f"Uploading {field_noun(item.op.get('field', ''))}…")
        self._tasks.run(
            _send,
            client,
            item.op,
            writer=True,
            context=True,
            owner=self,
            on_done=lambda url: self._sent(gen, item, url),
            on_error=lambda exc: self._send_failed(gen, item, exc),
            on_progress=lambda p: self._progressed(gen, item, p),
            name=f"upload {item.id}",
        )

    def _progressed(self, gen: int, item: OutboxItem, p: Progress) -> None:
        if gen != self._gen or not p.total:
            return
        self.progress.emit(item.id, p.done, p.total)
        percent = min(100, p.done * 100 // p.total)
        self._set_status(f"Uploading {field_noun(item.op.get('field', ''))}… {percent} %")

    def _settle(self, items: list[OutboxItem], now: float) -> None:
        if self._schedule_retry(items, now):
            self._set_status(self._retry_text or RETRY_TEXT)
        else:
            waiting = sum(1 for i in items if i.waits_for_user)
            self._set_status(
                f"{count_text(waiting, 'upload')} {plural(waiting, 'needs', 'need')} your attention"
                if waiting
                else ""
            )
        self.idle.emit()

    def _sent(self, gen: int, item: OutboxItem, url: str) -> None:
        if gen != self._gen:
            return
        self._answered()
        self._retry_text = ""
        op = item.op
        done = UploadDone(
            item.id, op["doc_kind"], op["entity_id"], op["field"], url, op.get("name", "")
        )
        self.landing.emit(done)  # before the draft changes: the picked name goes with it
        doc = self._document(item)
        if doc is not None:
            doc.set_image(item.op["field"], url)
        store = self._store()

        def recorded(_: None) -> None:
            self._set_running(None)
            if gen == self._gen:
                late = self._document(item)  # opened while the stored draft was written
                if doc is None and late is not None and late.value(done.field) != url:
                    late.set_image(done.field, url)
                self.uploaded.emit(done)
            self.kick()

        def failed(exc: BaseException) -> None:
            self._set_running(None)
            self._store_failed(exc)

        if store is None:
            self._set_running(None)
            return
        self._tasks.run(
            _land,
            store,
            item,
            url,
            doc is None,
            writer=True,
            owner=self,
            on_done=recorded,
            on_error=failed,
            name="record upload",
        )

    def _send_failed(self, gen: int, item: OutboxItem, exc: BaseException) -> None:
        if gen != self._gen:
            return
        self._set_running(None)
        self._failure(item, exc)
        if isinstance(exc, ApiError) and exc.status is not None:
            self._answered()  # the server answered, whatever it said (after the item's
            # failure is queued for the store, so a resumed read sees it)

    def _failure(self, item: OutboxItem, exc: BaseException) -> None:
        message = MISSING_FILE if isinstance(exc, FileNotFoundError) else user_message(exc)
        if isinstance(exc, AuthExpired):
            self._paused = True
            self._set_status(AUTH_TEXT)
            self.failed.emit(UploadProblem(item.id, message, True))
            return
        if isinstance(exc, Offline):
            retry_at = self._failed_offline(item, exc)
            self._retry_text = OFFLINE_TEXT if exc.unreachable else RETRY_TEXT
            log.info("upload %s: no answer (%s); tried again later", item.id, type(exc).__name__)
            self._mark_failed(item.id, message, retry_at)
            self.failed.emit(UploadProblem(item.id, message, True))
            return
        if isinstance(exc, ServerError | RateLimited):
            retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
            delay = self._retry_delay(item, retry_after)
            self._retry_text = RETRY_TEXT
            log.info("upload %s will be retried in %.1f s: %s", item.id, delay, type(exc).__name__)
            self._mark_failed(item.id, message, self._clock() + delay)
            self.failed.emit(UploadProblem(item.id, message, True))
            return
        if not isinstance(exc, ApiError | FileNotFoundError):
            log.warning("upload %s failed unexpectedly", item.id, exc_info=exc)
        self._mark_failed(item.id, message, None)
        self.failed.emit(UploadProblem(item.id, message, False))

    # --- helpers -------------------------------------------------------------------------

    def _mark_failed(self, item_id: int, message: str, retry_at: float | None) -> None:
        store = self._store()
        if store is not None:
            self._write(lambda: store.mark_failed(item_id, message, retry_at), "mark upload failed")

    def _write(self, fn: Callable[[], object], name: str) -> None:
        self._tasks.run(
            fn,
            writer=True,
            owner=self,
            on_done=lambda _: self.kick(),
            on_error=self._store_failed,
            name=name,
        )

    def _document(self, item: OutboxItem) -> DraftDocument | None:
        key = (item.account, item.op.get("doc_kind"), item.op.get("entity_id"))
        for doc in [*self._registered, *self._documents()]:
            if (doc.account, doc.kind, doc.entity_id) == key:
                return doc
        return None


def _undo_documents(ctx: Any) -> list[DraftDocument]:
    """Documents whose undo stacks the pages put in ``ctx.undo_group``."""
    docs = []
    for stack in ctx.undo_group.stacks():
        parent = stack.parent()
        if isinstance(parent, DraftDocument):
            docs.append(parent)
    return docs
