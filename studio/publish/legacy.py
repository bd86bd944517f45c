"""Outbox items of the version before publish plans (no Qt; store I/O: worker thread).

That version uploaded a picture as soon as it was chosen (an ``upload`` outbox item holding
the prepared file) and put the URL in the draft when it landed. Now the draft refers to the
kept file and the publish uploads it. At start the old items are turned into that: the
picture's local reference goes into the stored draft (and into a publish waiting for it),
and the upload item is removed. Nothing the user chose is lost.
"""

from __future__ import annotations

import logging
from pathlib import Path

from studio.core.drafts import draft_from_snapshot
from studio.core.localref import SCHEME, valid_name
from studio.publish.kinds import build_op
from studio.publish.plan import upgrade
from studio.store import OutboxItem, Store

log = logging.getLogger(__name__)

LEGACY_UPLOAD = "upload"


def _ref_of(item: OutboxItem, data_dir: Path) -> str | None:
    path = Path(str(item.op.get("path", "")))
    if not valid_name(path.name) or not (Path(data_dir) / "pending-uploads" / path.name).is_file():
        return None
    return SCHEME + path.name


def migrate(store: Store, account: str, data_dir: Path) -> int:
    """Turn the account's old upload items into local references; returns how many."""
    items = store.outbox(account)
    uploads = [i for i in items if i.kind == LEGACY_UPLOAD]
    for upload in uploads:
        op = upload.op
        kind, entity_id, field = str(op.get("doc_kind")), str(op.get("entity_id")), op.get("field")
        value = op.get("url") or _ref_of(upload, data_dir)
        if value and field:
            _put_in_draft(store, account, (kind, entity_id), str(field), str(value))
            for waiting in items:
                if (waiting.kind, waiting.entity_id) == (kind, entity_id):
                    plan = upgrade(waiting.op)
                    draft = {**plan.get("draft", {}), field: value}
                    rebuilt = build_op(kind, entity_id, plan.get("base", {}), draft)
                    if rebuilt is not None:
                        store.update_op(waiting.id, rebuilt)
        else:
            log.warning("an old upload item's picture is gone; it is dropped: %s", op.get("path"))
        store.remove(upload.id)
    return len(uploads)


def _put_in_draft(
    store: Store, account: str, entity: tuple[str, str], field: str, value: str
) -> None:
    kind, entity_id = entity
    record = store.load_draft(account, kind, entity_id)
    if record is not None:
        base, draft = record.base, dict(record.draft)
    else:
        snapshot = store.load_snapshot(account, kind, entity_id)
        if snapshot is None:
            return
        base = draft_from_snapshot(kind, snapshot)
        draft = dict(base)
    draft[field] = value
    store.save_draft(account, kind, entity_id, base, draft)
