"""Upload items of the outbox, the store side (no Qt): the op format, the prepared files under
``<data>/pending-uploads``, sending one item and recording it once delivered.

An upload op is ``{"type": "upload", "path": <prepared file>, "upload_kind": <key of
limits.UPLOAD_RULES>, "doc_kind": "artist"|"user", "entity_id": "7", "field":
"image_small"}``, with an optional ``"name"`` (the file the user picked); a delivered URL
that found no draft to land in is kept as ``"url"``.
Everything here does disk or store I/O: call it on a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from studio.api import BeatPassClient
from studio.core.drafts import draft_from_snapshot
from studio.store import OutboxItem, Store

log = logging.getLogger(__name__)

KIND = "upload"
PENDING_DIR = "pending-uploads"
FIELD_NOUNS = {"image_small": "avatar", "image": "avatar", "cover_image": "cover"}


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


def make_op(  # noqa: PLR0917 (the op's parts, in the op's order)
    path: Path, upload_kind: str, doc_kind: str, entity_id: str, field: str, name: str = ""
) -> dict:
    """An upload op; ``name`` is the file the user picked ("avatar.jpg"), for the outbox."""
    op = {
        "type": KIND,
        "path": str(path),
        "upload_kind": upload_kind,
        "doc_kind": doc_kind,
        "entity_id": str(entity_id),
        "field": field,
    }
    if name:
        op["name"] = name
    return op


def field_noun(field: str) -> str:
    """What an image field is called in messages: "avatar", "cover", "picture"."""
    return FIELD_NOUNS.get(field, "picture")


def upload_entity(item: OutboxItem) -> tuple[str, str] | None:
    """``(doc kind, entity id)`` the upload item's URL lands in; None for other items."""
    if item.kind != KIND:
        return None
    return str(item.op.get("doc_kind", "")), str(item.op.get("entity_id", ""))


def upload_items(store: Store, account: str) -> list[OutboxItem]:
    """The account's undelivered uploads, oldest first."""
    return [item for item in store.outbox(account) if item.kind == KIND]


def send(client: BeatPassClient, op: dict[str, Any], progress: Any = None) -> str:
    """Upload the op's prepared file (F1); returns the new URL. ``FileNotFoundError`` when
    the prepared file is gone."""
    path = Path(op["path"])
    if not path.is_file():
        raise FileNotFoundError(path)
    return client.upload(path, op["upload_kind"], progress=progress).url


def store_url(store: Store, account: str, op: dict[str, Any], url: str) -> bool:
    """Put ``url`` into the stored draft of an entity whose document is not open."""
    kind, entity_id, field = op["doc_kind"], op["entity_id"], op["field"]
    record = store.load_draft(account, kind, entity_id)
    if record is not None:
        base, draft = record.base, dict(record.draft)
    else:
        snapshot = store.load_snapshot(account, kind, entity_id)
        if snapshot is None:
            return False
        base = draft_from_snapshot(kind, snapshot)
        draft = dict(base)
    draft[field] = url
    store.save_draft(account, kind, entity_id, base, draft)
    return True


def finish(store: Store, item: OutboxItem, url: str | None, write_draft: bool) -> None:
    """Record a delivered upload (and, when asked, the URL in the stored draft), then delete
    the prepared file unless another undelivered upload still uses it."""
    if write_draft and url is not None and not store_url(store, item.account, item.op, url):
        log.warning("upload %s: no draft or snapshot to put the new picture in", item.id)
        store.update_op(item.id, {**item.op, "url": url})
    store.mark_done(item.id)
    forget_file(store, item)


def forget_file(store: Store, item: OutboxItem) -> None:
    """Delete an upload's prepared file unless another undelivered upload uses it."""
    path = item.op.get("path")
    if not path:
        return
    others = [i for i in upload_items(store, item.account) if i.op.get("path") == path]
    if not [i for i in others if i.id != item.id]:
        with contextlib.suppress(OSError):
            Path(path).unlink()


def discard(store: Store, item_id: int) -> None:
    """Drop an upload from the outbox and delete its prepared file."""
    item = store.outbox_item(item_id)
    if item is None:
        return
    store.remove(item_id)
    forget_file(store, item)
