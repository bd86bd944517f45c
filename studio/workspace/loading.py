"""Reading what a document opens from (no Qt; every function here does I/O: call it on a
worker thread).

:func:`read_stored` reads the stored draft and the last snapshot in one go (the writer pool,
after any save still queued), so a document is editable at once from what this computer
already has; :func:`fetch` reads the server state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.api import BeatPassClient
from studio.core import drafts
from studio.publish import local_files
from studio.store import Store
from studio.workspace.kinds import document_kind


@dataclass(frozen=True)
class Stored:
    """What this computer holds for one document: the saved draft (with the base it
    started from) and the last server snapshot."""

    base: dict[str, Any] | None
    draft: dict[str, Any] | None
    snapshot: dict[str, Any] | None
    damaged: str = ""  # a stored row that could not be read (it is left out)

    @property
    def has_edits(self) -> bool:
        return self.draft is not None and self.base is not None and self.draft != self.base

    @property
    def empty(self) -> bool:
        return self.snapshot is None and self.draft is None


def read_stored(store: Store, account: str, kind: str, entity_id: str) -> Stored:
    """The stored draft and snapshot of one document (either may be missing)."""
    record = store.load_draft(account, kind, entity_id)
    snapshot = store.load_snapshot(account, kind, entity_id)
    snap = drafts.draft_from_snapshot(kind, snapshot) if snapshot is not None else None
    if record is None:
        return Stored(None, None, snap)
    base = drafts.normalize_draft(kind, record.base)
    draft = drafts.normalize_draft(kind, record.draft)
    return Stored(base, draft, snap)


def fetch(client: BeatPassClient, kind: str, entity_id: str) -> dict[str, Any]:
    """The server state of one document as a canonical draft (raises ``ApiError``)."""
    return drafts.normalize_draft(kind, document_kind(kind).fetch(client, entity_id))


def read_names(data_dir: Path, refs: list[str]) -> dict[str, str]:
    """The picked file names of pictures kept on this computer (those that have one)."""
    found = {ref: local_files.name_of(data_dir, ref) for ref in refs}
    return {ref: name for ref, name in found.items() if name}
