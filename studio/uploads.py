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
kind ``"upload"`` are touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.api import (
    ApiError,
    AuthExpired,
    BeatPassClient,
    Offline,
    RateLimited,
    ServerError,
)
from studio.core.drafts import draft_from_api, normalize_draft
from studio.document import DraftDocument
from studio.messages import user_message
from studio.publish.backoff import Backoff
from studio.store import OutboxItem, Store
from studio.tasks import Progress, TaskContext

log = logging.getLogger(__name__)

KIND = "upload"
PENDING_DIR = "pending-uploads"
MAX_TIMER_MS = 2**31 - 1
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


@dataclass(frozen=True)
class UploadProblem:
    """Why an upload stopped. ``will_retry``: it is tried again automatically."""

    item_id: int
    message: str
    will_retry: bool


def pending_dir(data_dir: Path) -> Path:
    return data_dir / PENDING_DIR


def write_pending(data_dir: Path, data: bytes, extension: str) -> Path:
    """Write prepared bytes to ``<data>/pending-uploads/<sha256>.<ext>`` (atomic; call off
    the GUI thread) and return the path."""
    folder = pending_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{hashlib.sha256(data).hexdigest()}.{extension}"
    if final.is_file() and final.stat().st_size == len(data):
        return final
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=f".{extension}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return final


def make_op(path: Path, upload_kind: str, doc_kind: str, entity_id: str, field: str) -> dict:
    return {
        "type": KIND,
        "path": str(path),
        "upload_kind": upload_kind,
        "doc_kind": doc_kind,
        "entity_id": str(entity_id),
        "field": field,
    }


def _send(task: TaskContext, client: BeatPassClient, op: dict[str, Any]) -> str:
    path = Path(op["path"])
    if not path.is_file():
        raise FileNotFoundError(path)
    entry = client.upload(path, op["upload_kind"], progress=task.progress)
    return entry.url


def _draft_from_snapshot(kind: str, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Snapshots are stored draft-shaped by the profile page and as the raw server JSON by
    the publish runner (which nests ``profile``)."""
    if "profile" in snapshot or "user" in snapshot:
        return normalize_draft(kind, draft_from_api(kind, snapshot))
    return normalize_draft(kind, snapshot)


def _store_url(store: Store, account: str, op: dict[str, Any], url: str) -> bool:
    """Put ``url`` into the stored draft of an entity whose document is not open."""
    kind, entity_id, field = op["doc_kind"], op["entity_id"], op["field"]
    record = store.load_draft(account, kind, entity_id)
    if record is not None:
        base, draft = record.base, dict(record.draft)
    else:
        snapshot = store.load_snapshot(account, kind, entity_id)
        if snapshot is None:
            return False
        base = _draft_from_snapshot(kind, snapshot)
        draft = dict(base)
    draft[field] = url
    store.save_draft(account, kind, entity_id, base, draft)
    return True


def _finish(store: Store, item: OutboxItem, url: str | None, write_draft: bool) -> None:
    """Record a delivered upload (and, when asked, the URL in the stored draft), then delete
    the prepared file unless another undelivered upload still uses it."""
    if write_draft and url is not None and not _store_url(store, item.account, item.op, url):
        log.warning("upload %s: no draft or snapshot to put the new picture in", item.id)
        store.update_op(item.id, {**item.op, "url": url})
    store.mark_done(item.id)
    _forget_file(store, item)


def _forget_file(store: Store, item: OutboxItem) -> None:
    path = item.op.get("path")
    if not path:
        return
    others = [i for i in store.outbox(item.account) if i.kind == KIND and i.op.get("path") == path]
    if not [i for i in others if i.id != item.id]:
        with contextlib.suppress(OSError):
            Path(path).unlink()


class UploadQueue(QObject):
    """Runs the upload items of the signed-in account. Lives on the GUI thread."""

    progress = Signal(int, int, int)  # item id, bytes sent, bytes in all
    uploaded = Signal(object)  # UploadDone
    failed = Signal(object)  # UploadProblem
    queued = Signal(int)  # item id
    countChanged = Signal(int)  # noqa: N815 — undelivered uploads of the account
    statusChanged = Signal(str)  # noqa: N815 — "Uploading avatar… 40 %", retry text, ""
    idle = Signal()  # nothing due any more

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
        super().__init__(parent)
        self._tasks = tasks
        self._store = store
        self._client = client
        self._account = account
        self._documents = documents
        self._registered: weakref.WeakSet[DraftDocument] = weakref.WeakSet()
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._gen = 0
        self._running: OutboxItem | None = None
        self._loading = False
        self._again = False
        self._paused = False
        self._items: list[OutboxItem] = []
        self._status = ""
        self._retry_text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.kick)

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

    @property
    def items(self) -> list[OutboxItem]:
        """Undelivered uploads of the account, as last read from the store."""
        return list(self._items)

    @property
    def status(self) -> str:
        return self._status

    @property
    def busy(self) -> bool:
        return self._running is not None

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
        on_done: Callable[[int], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Put the prepared file ``path`` in the outbox as an upload for ``doc.field``;
        ``on_done(item_id)`` runs once it is stored, before it is sent."""
        store = self._store()
        if store is None:
            if on_error is not None:
                on_error(RuntimeError("no local store"))
            return
        self.register_document(doc)
        op = make_op(path, upload_kind, doc.kind, doc.entity_id, field)

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
        self._gen += 1
        self._running = None
        self._loading = False
        self._paused = False
        self._items = []
        self._timer.stop()
        self.countChanged.emit(0)
        self._set_status("")
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
            lambda: [i for i in store.outbox(account) if i.kind == KIND],
            writer=True,
            owner=self,
            on_done=lambda items: self._loaded(gen, items),
            on_error=lambda exc: self._load_failed(gen, exc),
            name="read uploads",
        )

    def retry(self, item_id: int | None = None) -> None:
        """Try again now: one item, or every failed upload."""
        self._paused = False
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

        def work() -> None:
            item = store.outbox_item(item_id)
            if item is None:
                return
            store.remove(item_id)
            _forget_file(store, item)

        self._write(work, "discard upload")

    # --- loop ----------------------------------------------------------------------------

    def _loaded(self, gen: int, items: list[OutboxItem]) -> None:
        self._loading = False
        if gen != self._gen:
            return
        self._items = items
        self.countChanged.emit(len(items))
        if self._again:
            self.kick()
            return
        if self._running is not None or self._paused:
            return
        now = self._clock()
        due = [i for i in items if _due(i, now)]
        client = self._client()
        if not due or client is None:
            self._settle(items, now)
            return
        item = due[0]
        self._timer.stop()
        self._running = item
        label = item.op.get("field", "picture")
        self._set_status(f"Uploading {_noun(label)}…")
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
        self._set_status(f"Uploading {_noun(item.op.get('field', ''))}… {percent} %")

    def _settle(self, items: list[OutboxItem], now: float) -> None:
        retries = [i.retry_at for i in items if i.status == "failed" and i.retry_at is not None]
        if retries:
            wait_ms = max(0, min(MAX_TIMER_MS, int((min(retries) - now) * 1000) + 1))
            self._timer.start(wait_ms)
            self._set_status(self._retry_text or RETRY_TEXT)
        else:
            waiting = sum(1 for i in items if i.waits_for_user)
            self._set_status(
                f"{waiting} upload{'s' if waiting != 1 else ''} need your attention"
                if waiting
                else ""
            )
        self.idle.emit()

    def _sent(self, gen: int, item: OutboxItem, url: str) -> None:
        if gen != self._gen:
            return
        self._retry_text = ""
        doc = self._document(item)
        if doc is not None:
            doc.set_image(item.op["field"], url)
        store = self._store()
        done = UploadDone(item.id, item.op["doc_kind"], item.op["entity_id"], item.op["field"], url)

        def recorded(_: None) -> None:
            self._running = None
            if gen == self._gen:
                late = self._document(item)  # opened while the stored draft was written
                if doc is None and late is not None and late.value(done.field) != url:
                    late.set_image(done.field, url)
                self.uploaded.emit(done)
            self.kick()

        def failed(exc: BaseException) -> None:
            self._running = None
            self._store_failed(exc)

        if store is None:
            self._running = None
            return
        self._tasks.run(
            _finish,
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
        self._running = None
        message = MISSING_FILE if isinstance(exc, FileNotFoundError) else user_message(exc)
        if isinstance(exc, AuthExpired):
            self._paused = True
            self._set_status(AUTH_TEXT)
            self.failed.emit(UploadProblem(item.id, message, True))
            return
        if isinstance(exc, Offline | ServerError | RateLimited):
            retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
            delay = self._backoff.delay(item.attempts, retry_after)
            self._retry_text = OFFLINE_TEXT if isinstance(exc, Offline) else RETRY_TEXT
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

    def _store_failed(self, exc: BaseException) -> None:
        log.warning("uploads: the local store failed: %s", user_message(exc))
        self._set_status(f"Uploads stopped: {user_message(exc)}")

    def _load_failed(self, gen: int, exc: BaseException) -> None:
        self._loading = False
        if gen == self._gen:
            self._store_failed(exc)

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.statusChanged.emit(text)


def _due(item: OutboxItem, now: float) -> bool:
    if item.status == "pending":
        return True
    return item.retry_at is not None and item.retry_at <= now


def _noun(field: str) -> str:
    return {"image_small": "avatar", "image": "avatar", "cover_image": "cover"}.get(
        field, "picture"
    )


def _undo_documents(ctx: Any) -> list[DraftDocument]:
    """Documents whose undo stacks the pages put in ``ctx.undo_group``."""
    docs = []
    for stack in ctx.undo_group.stacks():
        parent = stack.parent()
        if isinstance(parent, DraftDocument):
            docs.append(parent)
    return docs
