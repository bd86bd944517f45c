"""The outbox runner's commands (retry, discard, resolve a conflict, write a publish),
a mixin of :class:`~studio.publish.runner.OutboxRunner`: every one is a store write on the
writer pool, then a look at the outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.messages import user_message
from studio.publish import local_files
from studio.publish.delivery import rebase_plan
from studio.publish.items import UNQUEUED_TEXT, ConflictRequest
from studio.publish.plan import CLEANUP, carry_over, cleanup_op, upgrade, uploaded_entry_ids
from studio.store import OutboxItem, Store, StoreError

if TYPE_CHECKING:
    from studio.publish.waiting import WaitingForStore

log = logging.getLogger(__name__)


class OutboxCommands:
    """What the user (or the app) asks of the runner. Needs the runner's attributes."""

    _store: Store
    _held: set[int]
    _paused: bool
    _batch_done: int
    _unqueued: WaitingForStore
    _account: Callable[[], str | None]
    _data_dir: Path

    if TYPE_CHECKING:  # the runner and its loop provide these

        def kick(self) -> None: ...

        def _retry_requested(self) -> None: ...

        def _set_status(self, text: str) -> None: ...

        def _store_failed(self, exc: BaseException) -> None: ...

        def _set_held(self, change: Callable[[], object]) -> None: ...

        def _write(self, fn: Callable[[], object], name: str) -> None: ...

        def _update_count(self) -> None: ...

        def _publish_items(self, everything: list[OutboxItem]) -> list[OutboxItem]: ...

        def _queue_write(
            self,
            fn: Callable[[], Any],
            on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None],
            name: str,
        ) -> None: ...

        def _update_document(
            self,
            kind: str,
            entity_id: str,
            queued: Mapping[str, Any],
            base: Mapping[str, Any],
            draft: Mapping[str, Any],
            *,
            uploaded: Mapping[str, str] | None = None,
        ) -> None: ...

    def retry_now(self) -> None:
        """Make every failed item due now (also those waiting for the user) and send."""
        self._paused = False
        self._retry_requested()
        self._batch_done = 0
        account, held, store = self._account(), set(self._held), self._store
        if account is None:
            return

        def work() -> None:
            for item in self._publish_items(store.outbox(account)):
                if item.status == "failed" and item.id not in held:
                    store.mark_pending(item.id)

        self._write(work, "retry now")

    def resume(self) -> None:
        """After a new sign-in: continue with the step that met the 401."""
        self._paused = False
        self.kick()

    def retry_item(self, item_id: int) -> None:
        """Make one item due now and send."""
        self._paused = False
        self._retry_requested()
        self._set_held(lambda: self._held.discard(item_id))
        self._write(lambda: self._store.mark_pending(item_id), "retry publish")

    def discard(self, item_id: int) -> None:
        """Drop an item (the user gave up that publish; the draft stays in the editor).
        Pictures it already uploaded are deleted on the server."""
        self._set_held(lambda: self._held.discard(item_id))
        store, account = self._store, self._account()

        def work() -> None:
            item = store.outbox_item(item_id)
            if item is None:
                return
            store.remove(item_id)
            cleanup = cleanup_op(uploaded_entry_ids(item.op)) if item.kind != CLEANUP else None
            if cleanup is not None and account is not None:
                store.enqueue(item.account, CLEANUP, cleanup["entity_id"], cleanup)

        self._write(work, "discard publish")

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
            store.update_op(item.id, rebase_plan(item.op, request.server, resolved))
            store.mark_pending(item.id)
            return dict(item.op)

        def done(old_op: dict[str, Any] | None) -> None:
            if old_op is not None:
                self._update_document(
                    request.kind, request.entity_id, old_op["draft"], request.server, resolved
                )
            self.kick()

        self._queue_write(work, done, self._store_failed, "resolve conflicts")

    # --- writing publishes ---------------------------------------------------------------

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
        """Write a plan to the outbox (replacing the entity's waiting item in one
        transaction). When the store cannot write (a full disk), the publish is kept here
        and written as soon as it can be — it is never dropped."""
        keep = frozenset(self._held)
        store = self._store
        key = (account, kind, entity_id)

        data_dir = self._data_dir

        def work() -> int | None:
            new: dict[str, Any] | None = name_uploads(op, data_dir) if op is not None else None
            unused: list[int] = []
            for old in store.outbox(account):
                same = (old.kind, old.entity_id) == (kind, entity_id)
                if same and old.id not in keep and op is not None:
                    new, unused = carry_over(old.op, upgrade(op))
                elif same and old.id not in keep:
                    unused = uploaded_entry_ids(old.op)
            item_id = store.enqueue_replacing(account, kind, entity_id, new, keep=keep)
            cleanup = cleanup_op(unused)
            if cleanup is not None:
                store.enqueue(account, CLEANUP, cleanup["entity_id"], cleanup)
            return item_id

        def done(item_id: int | None) -> None:
            self._unqueued.forget(key)
            self._update_count()
            if on_done is not None:
                on_done(item_id)
            self.kick()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, StoreError):
                (on_error or self._store_failed)(exc)
                return
            if op is None:
                return
            if key not in self._unqueued:
                log.warning("publish of %s %s not queued yet: %s", kind, entity_id, exc)
            self._unqueued.keep(key, op, user_message(exc))
            self._update_count()
            self._set_status(UNQUEUED_TEXT.format(reason=self._unqueued.reason))

        self._queue_write(work, done, failed, "enqueue publish")


def name_uploads(op: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    """``op`` with each upload step named by the file the user picked (read from the kept
    file's name; worker thread), for the outbox, the review and the upload itself."""
    steps = []
    for step in op.get("steps", []):
        name = ""
        if step.get("type") == "upload" and not step.get("name"):
            name = local_files.name_of(data_dir, str(step.get("ref", "")))
        steps.append({**step, "name": name} if name else step)
    return {**op, "steps": steps}
