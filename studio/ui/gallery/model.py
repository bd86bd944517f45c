"""``GalleryModel``: the item model of the gallery grid, over a producer profile document's
``profile_images`` (one row per picture, in order), then one row per picture still being
imported (not in the draft yet).

Each row gives its thumbnail, its state (on BeatPass, new, replaced, uploading with the
share sent, not published with the reason, importing), a badge text when its checks found
something (or it is the same picture as another), and, for drag and drop, the app's own MIME
type carrying item keys (:mod:`studio.ui.gallery.items`) — never row numbers; drops are
checked by ``canDropMimeData`` (another gallery's items, stale keys, a drop onto a picture or
among the importing ones are refused). A drop is one undo step of the document.

The model follows the document through bound methods of itself (it dies with the page; the
document lives on in the workspace) and changes rows precisely (removed, moved, inserted),
so selections and the current picture follow their pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QImage

from studio.core.localref import is_local
from studio.core.urls import resolve_url
from studio.document import DraftDocument
from studio.images import Finding, Severity
from studio.pictures import ImageLoader
from studio.ui.gallery import edit
from studio.ui.gallery.importer import Job
from studio.ui.gallery.items import (
    GALLERY,
    MIME,
    STATE_TEXT,
    STATE_WORDS,
    Payload,
    base_urls,
    decode_payload,
    dropped,
    duplicates,
    encode_payload,
    item_keys,
    item_state,
)
from studio.ui.publish.render import image_name

Index = QModelIndex | QPersistentModelIndex
UPLOADING, FAILED, IMPORTING = "uploading", "failed", "importing"


class Role(IntEnum):
    KEY = Qt.ItemDataRole.UserRole + 1  # the item key ("" for a picture being imported)
    STATE = Qt.ItemDataRole.UserRole + 2  # items.ON_BEATPASS / NEW / REPLACED, or the above
    STATUS = Qt.ItemDataRole.UserRole + 3  # the state in words ("Uploading 40 %")
    PROGRESS = Qt.ItemDataRole.UserRole + 4  # share uploaded 0..1, or None
    REASON = Qt.ItemDataRole.UserRole + 5  # why it was not published ("" for none)
    BADGE = Qt.ItemDataRole.UserRole + 6  # what its checks found, one line each
    URL = Qt.ItemDataRole.UserRole + 7
    POSITION = Qt.ItemDataRole.UserRole + 8  # 1-based place in the gallery (0: importing)
    DETAILS = Qt.ItemDataRole.UserRole + 9  # what was done to it (metadata removed…)


@dataclass(frozen=True)
class Notes:
    """What the checks and the preparing said about a picture kept on this computer."""

    warnings: tuple[str, ...] = ()
    details: tuple[str, ...] = ()


def notes_of(findings: Sequence[Finding], removed: Sequence[str], notes: Sequence[str]) -> Notes:
    warnings = tuple(f.message for f in findings if f.severity is Severity.WARNING)
    warnings = tuple(w for w in warnings if not w.startswith("Removed before upload"))
    details = list(notes)
    if removed:
        details.append("Removed before upload: " + ", ".join(removed) + ".")
    return Notes(warnings, tuple(details))


class GalleryModel(QAbstractListModel):
    """The pictures of one gallery document, then the ones being imported."""

    def __init__(
        self,
        images: ImageLoader,
        *,
        names: Callable[[], Mapping[str, str]] = dict,
        refusals: Callable[[], Mapping[str, str]] = dict,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._images = images
        self._names = names  # local ref -> the file the user picked
        self._refusals = refusals  # local ref -> why the server refused it
        self._doc: DraftDocument | None = None
        self._owner = ""
        self._origin = ""
        self._px = 320
        self._items: list[dict[str, Any]] = []
        self._keys: list[str] = []
        self._published: dict[int, str] = {}
        self._dups: dict[int, int] = {}
        self._jobs: list[Job] = []
        self._progress: dict[str, tuple[int, int]] = {}
        self._notes: dict[str, Notes] = {}
        self._quick: dict[str, QImage] = {}  # the thumbnails an import made (by local ref)
        images.loaded.connect(self._image_loaded)

    # --- what the page sets --------------------------------------------------------------

    @property
    def document(self) -> DraftDocument | None:
        return self._doc

    def set_document(self, doc: DraftDocument | None) -> None:
        """Show ``doc``'s gallery (None: nothing)."""
        if doc is self._doc:
            return
        if self._doc is not None:
            self._doc.changed.disconnect(self._field_changed)
            self._doc.rebased.disconnect(self._rebased)
        self.beginResetModel()
        self._doc = doc
        self._owner = f"{doc.account}|{doc.kind}|{doc.entity_id}" if doc is not None else ""
        self._items = doc.value(GALLERY) if doc is not None else []
        self._keys = item_keys(self._items)
        self._published = base_urls(doc.base) if doc is not None else {}
        self._dups = duplicates(self._items)
        self.endResetModel()
        if doc is not None:
            doc.changed.connect(self._field_changed)
            doc.rebased.connect(self._rebased)

    def set_origin(self, origin: str) -> None:
        """The site origin relative picture addresses resolve against."""
        self._origin = origin
        self._all_changed()

    def set_thumb_px(self, px: int) -> None:
        if px != self._px:
            self._px = px
            self._all_changed()

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    @property
    def items(self) -> list[dict[str, Any]]:
        return [dict(i) for i in self._items]

    @property
    def picture_count(self) -> int:
        return len(self._items)

    # --- imports, uploads, checks --------------------------------------------------------

    def show_job(self, job: Job) -> None:
        row = len(self._items) + len(self._jobs)
        self.beginInsertRows(QModelIndex(), row, row)
        self._jobs.append(job)
        self.endInsertRows()

    def update_job(self, job: Job) -> None:
        if job in self._jobs:
            index = self.index(len(self._items) + self._jobs.index(job))
            self.dataChanged.emit(index, index)

    def drop_job(self, job: Job) -> None:
        if job not in self._jobs:
            return
        row = len(self._items) + self._jobs.index(job)
        self.beginRemoveRows(QModelIndex(), row, row)
        self._jobs.remove(job)
        self.endRemoveRows()

    def remember(self, ref: str, notes: Notes, thumb: QImage | None = None) -> None:
        """What the import learned about a picture kept on this computer."""
        self._notes[ref] = notes
        if thumb is not None:
            self._quick[ref] = thumb
        self._refs_changed({ref})

    def describe(self, row: int) -> str:
        """The picture at ``row`` in a few lines: its place, name, state, and what its
        checks or BeatPass said."""
        index = self.index(row)
        lines = [f"{row + 1}. {index.data()} — {index.data(Role.STATUS)}"]
        for role in (Role.REASON, Role.BADGE, Role.DETAILS):
            text = str(index.data(role) or "")
            if text:
                lines.append(text.replace("\n", " "))
        return "\n".join(lines)

    def notes(self, ref: str) -> Notes | None:
        return self._notes.get(ref)

    def note_progress(self, ref: str, sent: int, total: int) -> None:
        """A publish is uploading ``ref``."""
        self._progress[ref] = (sent, total)
        self._refs_changed({ref})

    def names_changed(self) -> None:
        self._all_changed()

    def refusals_changed(self) -> None:
        """The workspace's refusals changed: those pictures are not uploading any more."""
        refused = self._refusals()
        for ref in list(self._progress):
            if ref in refused:
                del self._progress[ref]
        self._all_changed()

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items) + len(self._jobs)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self._items):
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = index.row()
        if row >= len(self._items):
            return self._job_data(self._jobs[row - len(self._items)], role)
        return self._item_data(row, role)

    def _item_data(self, row: int, role: int) -> Any:
        item = self._items[row]
        url = str(item.get("url") or "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.name(url)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumb(url)
        if role == Role.KEY:
            return self._keys[row]
        if role == Role.URL:
            return url
        if role == Role.POSITION:
            return row + 1
        state, status, progress, reason = self._state(row, item)
        if role == Role.STATE:
            return state
        if role == Role.STATUS:
            return status
        if role == Role.PROGRESS:
            return progress
        if role == Role.REASON:
            return reason
        if role == Role.BADGE:
            return "\n".join(self._badges(row, url))
        if role == Role.DETAILS:
            notes = self._notes.get(url)
            return "\n".join(notes.details) if notes is not None else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            words = STATE_WORDS.get(state, status.lower())
            lines = [f"Picture {row + 1}: {self.name(url)}, {words}"]
            lines += [reason] if reason else []
            lines += self._badges(row, url)
            return "\n".join(lines)
        return None

    def _job_data(self, job: Job, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return job.name
        if role == Qt.ItemDataRole.DecorationRole:
            return job.thumb
        if role == Role.STATE:
            return IMPORTING
        if role in (Role.STATUS, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return job.status if role == Role.STATUS else f"{job.name}: importing, {job.status}"
        if role in (Role.KEY, Role.URL, Role.REASON, Role.BADGE, Role.DETAILS):
            return ""
        if role == Role.POSITION:
            return 0
        return None

    def name(self, url: str) -> str:
        """What a picture is called: the file the user picked, else its file name."""
        return image_name(url, self._names())

    def _state(self, row: int, item: Mapping[str, Any]) -> tuple[str, str, float | None, str]:
        url = str(item.get("url") or "")
        state = item_state(item, self._published)
        sent = self._progress.get(url)
        if sent is not None:
            share = min(1.0, sent[0] / sent[1]) if sent[1] else 0.0
            return UPLOADING, f"Uploading {round(share * 100)} %", share, ""
        reason = self._refusals().get(url, "")
        if reason:
            return FAILED, "Not published", None, reason
        return state, STATE_TEXT[state], None, ""

    def _badges(self, row: int, url: str) -> list[str]:
        found: list[str] = []
        if row in self._dups:
            found.append(f"The same picture as number {self._dups[row] + 1}.")
        notes = self._notes.get(url)
        if notes is not None:
            found += list(notes.warnings)
        return found

    def _source(self, url: str) -> str | None:
        return url if is_local(url) else resolve_url(url, self._origin)

    def _thumb(self, url: str) -> QImage | None:
        quick = self._quick.get(url)
        if quick is not None:
            return quick  # made by the import from the same picture: no second decoding
        source = self._source(url)
        if source is None:
            return None
        return self._images.image(source, QSize(self._px, self._px))

    # --- drag and drop -------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({i.row() for i in indexes if i.isValid() and i.row() < len(self._items)})
        data = QMimeData()
        payload = Payload(self._owner, tuple(self._keys[r] for r in rows))
        data.setData(MIME, QByteArray(encode_payload(payload)))
        return data

    def payload(self, data: QMimeData) -> Payload | None:
        """The pictures ``data`` carries, if it is a drag of this gallery's pictures."""
        if not data.hasFormat(MIME) or self._doc is None:
            return None
        payload = decode_payload(bytes(data.data(MIME).data()))
        if payload is None or payload.owner != self._owner:
            return None
        if not set(payload.keys) <= set(self._keys):
            return None  # stale: those pictures changed since the drag began
        return payload

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or parent.isValid() or column > 0:
            return False
        if row > len(self._items):
            return False  # among the pictures still being imported
        return self.payload(data) is not None

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = self.payload(data)
        assert payload is not None and self._doc is not None
        target = row if row >= 0 else len(self._items)
        order = dropped(self._keys, payload.keys, target)
        edit.arrange(self._doc, order, len(payload.keys))
        return True

    # --- following the document ----------------------------------------------------------

    def _field_changed(self, field: str) -> None:
        if field == GALLERY:
            self._sync()

    def _rebased(self) -> None:
        if self._doc is not None:
            self._published = base_urls(self._doc.base)
        self._sync()

    def _sync(self) -> None:
        """Bring the rows to the document's gallery: removals, moves, then insertions."""
        new_items = self._doc.value(GALLERY) if self._doc is not None else []
        new_keys = item_keys(new_items)
        wanted = set(new_keys)
        for row in reversed(range(len(self._keys))):
            if self._keys[row] not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._keys[row], self._items[row]
                self.endRemoveRows()
        staying = set(self._keys)
        order = [k for k in new_keys if k in staying]
        if order != self._keys:
            self._reorder(order)
        by_key = dict(zip(new_keys, new_items, strict=True))
        for row, key in enumerate(new_keys):
            if row >= len(self._keys) or self._keys[row] != key:
                self.beginInsertRows(QModelIndex(), row, row)
                self._keys.insert(row, key)
                self._items.insert(row, by_key[key])
                self.endInsertRows()
        self._items = new_items
        self._dups = duplicates(new_items)
        refs = {str(i.get("url") or "") for i in new_items}
        self._quick = {ref: image for ref, image in self._quick.items() if ref in refs}
        self._progress = {ref: sent for ref, sent in self._progress.items() if ref in refs}
        self._all_changed()

    def _reorder(self, order: list[str]) -> None:
        self.layoutAboutToBeChanged.emit()
        where = {key: row for row, key in enumerate(order)}
        before = self.persistentIndexList()
        after = [
            self.index(where[self._keys[i.row()]]) if i.row() < len(self._keys) else i
            for i in before
        ]
        by_key = dict(zip(self._keys, self._items, strict=True))
        self._keys = order
        self._items = [by_key[k] for k in order]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _all_changed(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    def _refs_changed(self, refs: set[str]) -> None:
        for row, item in enumerate(self._items):
            if item.get("url") in refs:
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def _image_loaded(self, source: str, width: int, _height: int) -> None:
        if width != self._px:
            return
        for row, item in enumerate(self._items):
            if self._source(str(item.get("url") or "")) == source:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
