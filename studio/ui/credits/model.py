"""The credits list over the credits document: one row per Spotify song or album, in the
editor's order; rows are dragged to reorder (the drop becomes an undoable move); a filter
proxy by text and by role.

The model follows the document (``changed``/``rebased``): a change that keeps the same
items moves rows in place (selection and scroll position stay); anything else resets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from studio.core.credit_drafts import (
    FIELD,
    item_key,
    popularity_dots,
    release_year,
    role_names,
)
from studio.document import DraftDocument

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the item (a dict)
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # "<type>:<spotify id>"
MIME = "application/x-beatpass-credit"
POPULARITY_WORDS = {0: "popularity unknown", 1: "low", 2: "medium", 3: "high"}
UNAVAILABLE = "No longer available on Spotify"

Index = QModelIndex | QPersistentModelIndex
Mover = Callable[[int, int], bool]


def describe(item: dict[str, Any]) -> str:
    """What a screen reader says for a row."""
    what = "Album" if item.get("type") == "album" else "Song"
    parts = [str(item.get("title") or "Untitled")]
    if item.get("artist_names"):
        parts.append(f"by {item['artist_names']}")
    year = release_year(item)
    parts.append(f"{what}, {year}" if year else what)
    roles = role_names(item.get("roles") or ())
    parts.append("roles: " + ", ".join(roles) if roles else "no role")
    dots = popularity_dots(item.get("popularity"))
    parts.append(
        f"popularity {POPULARITY_WORDS[dots]}"
        + (f" ({item['popularity']})" if item.get("popularity") is not None else "")
    )
    if not item.get("is_available", True):
        parts.append(UNAVAILABLE)
    return "; ".join(parts)


class CreditListModel(QAbstractListModel):
    """Rows of the credits document (none until :meth:`set_document`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc: DraftDocument | None = None
        self._rows: list[dict[str, Any]] = []
        self._keys: list[str] = []
        self.mover: Mover | None = None  # how a drop moves an item (the page's editor)

    # --- the document ----------------------------------------------------------------

    def set_document(self, doc: DraftDocument | None) -> None:
        if self._doc is not None:
            self._doc.changed.disconnect(self._changed)
            self._doc.rebased.disconnect(self.refresh)
        self._doc = doc
        self.beginResetModel()
        self._rows = list(doc.peek(FIELD)) if doc is not None else []
        self._keys = [item_key(i) for i in self._rows]
        self.endResetModel()
        if doc is not None:
            doc.changed.connect(self._changed)
            doc.rebased.connect(self.refresh)

    def _changed(self, field: str) -> None:
        if field == FIELD:
            self.refresh()

    def refresh(self) -> None:
        """Bring the rows up to date with the document."""
        if self._doc is None:
            return
        rows = list(self._doc.peek(FIELD))  # read only: the document replaces it on a change
        keys = [item_key(i) for i in rows]
        if keys == self._keys:
            changed = [n for n, (a, b) in enumerate(zip(self._rows, rows, strict=True)) if a != b]
            self._rows = rows
            if changed:
                self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
            return
        if sorted(keys) == sorted(self._keys):
            self._reorder(rows, keys)
            return
        self.beginResetModel()
        self._rows, self._keys = rows, keys
        self.endResetModel()

    def _reorder(self, rows: list[dict[str, Any]], keys: list[str]) -> None:
        """Same items, another order: rows move, persistent indexes (selection) follow."""
        self.layoutAboutToBeChanged.emit()
        where = {k: n for n, k in enumerate(keys)}
        old = self.persistentIndexList()
        new = [self.index(where[self._keys[i.row()]]) if i.isValid() else i for i in old]
        self._rows, self._keys = rows, keys
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # --- reading ---------------------------------------------------------------------

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The items shown (the model's own copy of the draft's: read, never change)."""
        return self._rows

    def item(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(item.get("title") or "Untitled")
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return describe(item)
        if role == ITEM_ROLE:
            return item
        if role == KEY_ROLE:
            return self._keys[index.row()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops go between rows, never onto one
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # --- drag and drop: a move ---------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt API)
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 (Qt API)
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt API)
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 (Qt API)
        data = QMimeData()
        keys = [self._keys[i.row()] for i in indexes if i.isValid()]
        data.setData(MIME, QByteArray("\n".join(keys[:1]).encode()))
        return data

    def canDropMimeData(  # noqa: N802 (Qt API)
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(  # noqa: N802 (Qt API)
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged item to just before ``row`` (the end when -1). The view accepts
        the drop without an action, so Qt removes nothing: the move is the edit."""
        if not self.canDropMimeData(data, action, row, column, parent) or self.mover is None:
            return False
        key = bytes(data.data(MIME).data()).decode(errors="replace")
        source = self.row_of(key)
        if source < 0:
            return False
        if parent.isValid():  # dropped onto a row: before it
            row = parent.row()
        if row < 0 or row > len(self._rows):
            row = len(self._rows)
        target = row - 1 if row > source else row
        return self.mover(source, target)


class CreditFilter(QSortFilterProxyModel):
    """Rows whose title, artists or album contain the text, holding any of the roles."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._roles: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self._text or self._roles)

    def set_text(self, text: str) -> None:
        text = " ".join(text.split()).casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_roles(self, roles: frozenset[str]) -> None:
        if roles != self._roles:
            self.beginFilterChange()
            self._roles = frozenset(roles)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, CreditListModel):
            return True
        item = model.item(source_row)
        if item is None:
            return False
        if self._roles and not self._roles.intersection(item.get("roles") or ()):
            return False
        if not self._text:
            return True
        album = item.get("album") or {}
        haystack = " ".join(
            str(v or "") for v in (item.get("title"), item.get("artist_names"), album.get("title"))
        ).casefold()
        return all(word in haystack for word in self._text.split())
