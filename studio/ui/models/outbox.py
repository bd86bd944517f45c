"""``OutboxModel``: the signed-in account's undelivered outbox items (publish plans and the
deletion of unused uploads) as a table — what, status, attempts, created — updated row by
row as the publish runner reports what it reads and sends (no reset on each change)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from studio.core.diff import diff_drafts
from studio.core.text import count_text
from studio.publish.kinds import known_kinds, publish_kind
from studio.publish.plan import CLEANUP, DONE, FAILED, UPLOAD, steps_of
from studio.store import OutboxItem

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # OutboxItem
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a sortable value per column
WHAT, STATUS, ATTEMPTS, CREATED = range(4)
HEADERS = ("What", "Status", "Attempts", "Created")
PUBLISH = "publish"  # the source of rows (the publish runner)
LEGACY_UPLOAD = "upload"  # an upload item of an older version (made into a plan at start)
FIELD_NOUNS = {
    "image_small": "avatar",
    "image": "avatar",
    "cover_image": "cover",
    "attachments": "attachment",
}
MAX_ERROR = 90

Index = QModelIndex | QPersistentModelIndex


def entity_title(kind: str, draft: dict[str, Any] | None = None) -> str:
    if kind == "artist":
        name = (draft or {}).get("name")
        return f"Producer page {name}" if name else "Producer page"
    if kind == "credits":
        return "Professional credits"
    if kind == "user":
        return "User profile"
    if kind not in known_kinds():  # any other kind says what it is (an application, …)
        return kind.replace("_", " ").capitalize()
    noun = publish_kind(kind).noun  # another kind names itself ("Pinned track")
    return noun[:1].upper() + noun[1:]


def field_noun(field: str) -> str:
    """What an image field is called in messages: "avatar", "cover", "picture"."""
    return FIELD_NOUNS.get(field, "picture")


def what_text(item: OutboxItem) -> str:
    """ "Producer page Nova Beats: Avatar, Gallery (2 pictures to upload)", "Delete 2 unused
    uploads on BeatPass"."""
    op = item.op
    if item.kind == CLEANUP:
        ids = op.get("steps", [{}])[0].get("ids", []) if op.get("steps") else []
        return f"Delete {count_text(len(ids), 'unused upload')} on BeatPass"
    if item.kind == LEGACY_UPLOAD:
        return f"Upload: {op.get('name') or 'new ' + field_noun(str(op.get('field', '')))}"
    draft = op.get("draft")
    own = publish_kind(item.kind).extra.get("outbox_text") if item.kind in known_kinds() else None
    if own is not None and isinstance(draft, dict) and isinstance(op.get("base"), dict):
        return str(own(op["base"], draft))  # a kind that says it its own way (a pin)
    title = entity_title(item.kind, draft if isinstance(draft, dict) else None)
    try:
        labels = [c.label for c in diff_drafts(item.kind, op["base"], op["draft"])]
    except (KeyError, TypeError, ValueError):
        labels = []
    text = f"{title}: {', '.join(labels)}" if labels else title
    uploads = [s for s in steps_of(op) if s.get("type") == UPLOAD]
    if uploads:
        text += f" ({count_text(len(uploads), 'picture')} to upload)"
    return text


def steps_text(item: OutboxItem) -> str:
    """Where a plan stands: "1 of 2 pictures uploaded", "1 picture refused"."""
    steps = steps_of(item.op)
    uploads = [s for s in steps if s.get("type") == UPLOAD]
    done = sum(1 for s in uploads if s.get("state") == DONE)
    refused = sum(1 for s in uploads if s.get("state") == FAILED)
    parts = []
    if uploads and done:
        parts.append(f"{done} of {count_text(len(uploads), 'picture')} uploaded")
    if refused:
        parts.append(f"{count_text(refused, 'picture')} refused")
    return ", ".join(parts)


def _first_sentence(text: str) -> str:
    line = " ".join(text.split())
    cut = line.split(". ", 1)[0].rstrip(".")
    return cut if len(cut) <= MAX_ERROR else cut[: MAX_ERROR - 1] + "…"


def _clock_text(epoch: float) -> str:
    when = QDateTime.fromSecsSinceEpoch(int(epoch))
    locale = QLocale()
    if when.date() == QDateTime.currentDateTime().date():
        return locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(when, QLocale.FormatType.ShortFormat)


@dataclass
class _Row:
    source: str
    item: OutboxItem
    what: str


class OutboxModel(QAbstractTableModel):
    """Rows sorted by item id (oldest first). Feed it with :meth:`watch` (a runner or a
    queue) or the ``set_*`` methods. ``countChanged`` carries the number of rows."""

    countChanged = Signal(int)  # noqa: N815

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._sending: dict[str, int] = {}  # source → item id being sent
        self._progress: dict[int, int] = {}  # upload item id → percent sent
        self._held: frozenset[int] = frozenset()

    # --- feeding -------------------------------------------------------------------------

    def watch(self, source: str, worker: Any) -> None:
        """Follow an ``OutboxLoop`` (the publish runner or the upload queue)."""
        worker.itemsChanged.connect(lambda items: self.set_items(source, items))
        worker.sendingChanged.connect(lambda item_id: self.set_sending(source, item_id))
        worker.heldChanged.connect(self.set_held)
        worker.uploadProgress.connect(
            lambda _ref, sent, total: self.set_progress(self._sending.get(source, 0), sent, total)
        )
        self.set_items(source, worker.items)
        self.set_sending(source, worker.sending_id or 0)

    def set_items(self, source: str, items: Iterable[OutboxItem]) -> None:
        """The undelivered items of ``source`` as just read: rows are removed, changed and
        inserted one by one."""
        fresh = {item.id: item for item in items}
        before = len(self._rows)
        for row in range(len(self._rows) - 1, -1, -1):
            entry = self._rows[row]
            if entry.source == source and entry.item.id not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self._progress.pop(entry.item.id, None)
                self.endRemoveRows()
        ids = [entry.item.id for entry in self._rows]
        for item_id in sorted(fresh):
            item = fresh[item_id]
            row = bisect.bisect_left(ids, item_id)
            if row < len(ids) and ids[row] == item_id:
                entry = self._rows[row]
                if entry.item != item:
                    entry.item, entry.source = item, source
                    entry.what = what_text(item)
                    self._changed(row)
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, _Row(source, item, what_text(item)))
            ids.insert(row, item_id)
            self.endInsertRows()
        if len(self._rows) != before:
            self.countChanged.emit(len(self._rows))

    def set_sending(self, source: str, item_id: int) -> None:
        """``item_id`` of ``source`` is being sent now (0: none)."""
        old = self._sending.get(source, 0)
        if old == item_id:
            return
        self._sending[source] = item_id
        self._status_changed(lambda entry: entry.item.id in (old, item_id))

    def set_progress(self, item_id: int, sent: int, total: int) -> None:
        percent = min(100, sent * 100 // total) if total > 0 else 0
        if self._progress.get(item_id) != percent:
            self._progress[item_id] = percent
            self._status_changed(lambda entry: entry.item.id == item_id)

    def set_held(self, held: Iterable[int]) -> None:
        """Items whose conflicts the user is resolving."""
        old, self._held = self._held, frozenset(held)
        changed = old ^ self._held
        if changed:
            self._status_changed(lambda entry: entry.item.id in changed)

    def clear(self) -> None:
        """Forget every row (signed out)."""
        self.beginResetModel()
        had = bool(self._rows)
        self._rows, self._sending, self._progress, self._held = [], {}, {}, frozenset()
        self.endResetModel()
        if had:
            self.countChanged.emit(0)

    # --- reading -------------------------------------------------------------------------

    def item(self, row: int) -> OutboxItem | None:
        return self._rows[row].item if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        """The row of an item id, -1 when it is not listed."""
        return next((row for row, e in enumerate(self._rows) if e.item.id == item_id), -1)

    def source_of(self, item_id: int) -> str | None:
        row = self.row_of(item_id)
        return self._rows[row].source if row >= 0 else None

    def status_text(self, item: OutboxItem) -> str:
        """ "Sending…", "Waiting: offline — retry at 14:32", "Needs you: <error>"…"""
        progress = steps_text(item)
        if item.id in self._sending.values():
            percent = self._progress.get(item.id)
            text = f"Sending… {percent} %" if percent is not None else "Sending…"
            return f"{text} ({progress})" if progress else text
        if item.id in self._held:
            return "Needs you: choose between your version and the one on BeatPass"
        error = _first_sentence(item.last_error or "")
        if item.status == "failed" and item.retry_at is not None:
            return f"Waiting: {error or 'will retry'} — retry at {_clock_text(item.retry_at)}"
        if item.status == "failed":
            return f"Needs you: {error or 'it stopped'}"
        text = "Queued" if item.attempts == 0 else "Queued to try again"
        return f"{text} ({progress})" if progress else text

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry, column = self._rows[index.row()], index.column()
        item = entry.item
        if role == ITEM_ID_ROLE:
            return item.id
        if role == ITEM_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS and item.last_error:
                return item.last_error
            return self._text(entry, column)
        if role == SORT_ROLE:
            return {ATTEMPTS: item.attempts, CREATED: item.created_at}.get(
                column, self._text(entry, column)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- helpers -------------------------------------------------------------------------

    def _text(self, entry: _Row, column: int) -> str:
        item = entry.item
        if column == WHAT:
            return entry.what
        if column == STATUS:
            return self.status_text(item)
        if column == ATTEMPTS:
            return str(item.attempts)
        return _clock_text(item.created_at)

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _status_changed(self, which: Any) -> None:
        for row, entry in enumerate(self._rows):
            if which(entry):
                cell = self.index(row, STATUS)
                self.dataChanged.emit(cell, cell)
