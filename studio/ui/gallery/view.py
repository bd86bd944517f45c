"""``GalleryView``: the grid of tiles. Drag a selection to reorder (the model's own MIME type;
a line shows where it lands), drop files, folders, pasted data or web addresses from outside
(handed to the page as an :class:`ExternalDrop`), and the keys: Ctrl+Shift+Left/Right move
the selection one place, Ctrl+Shift+Home/End to the first/last places, Delete removes,
Space (or a double-click) shows the picture larger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from studio.ui.gallery.delegate import TILE, TileDelegate
from studio.ui.gallery.items import FIRST, LAST, LEFT, MIME, RIGHT
from studio.ui.gallery.model import GalleryModel
from studio.ui.theme import focus_colour

EMPTY_TEXT = (
    "No pictures yet.\nAdd pictures…, paste one (Ctrl+V), or drop pictures or a whole folder here."
)
MOVE_KEYS = {
    Qt.Key.Key_Left: LEFT,
    Qt.Key.Key_Right: RIGHT,
    Qt.Key.Key_Home: FIRST,
    Qt.Key.Key_End: LAST,
}


@dataclass(frozen=True)
class ExternalDrop:
    """What was dropped or pasted from outside the grid: files and folders on this computer,
    other addresses (web pages, pictures on the web), text, picture data."""

    paths: list[Path] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    text: str = ""
    image: QImage | None = None

    @property
    def empty(self) -> bool:
        return not (self.paths or self.addresses or self.text or self.image is not None)


def external_drop(data: QMimeData) -> ExternalDrop:
    """Read what ``data`` brings (a drop or the clipboard)."""
    paths: list[Path] = []
    addresses: list[str] = []
    for url in data.urls() if data.hasUrls() else []:
        if url.isLocalFile():
            paths.append(Path(url.toLocalFile()))
        else:
            addresses.append(url.toString())
    image = None
    if not paths and data.hasImage():
        value = data.imageData()
        if isinstance(value, QImage) and not value.isNull():
            image = value
        elif isinstance(value, QPixmap) and not value.isNull():
            image = value.toImage()
    text = data.text().strip() if data.hasText() and not (paths or addresses) else ""
    return ExternalDrop(paths, addresses, text, image)


class GalleryView(QListView):
    """The tiles of a :class:`GalleryModel`."""

    moveRequested = Signal(str)  # noqa: N815 — items.LEFT / RIGHT / FIRST / LAST
    removeRequested = Signal()  # noqa: N815
    viewRequested = Signal()  # noqa: N815 — show the current picture larger
    externalDropped = Signal(object)  # noqa: N815 — ExternalDrop

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryGrid")
        self.setAccessibleName("Gallery pictures")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)  # (turns drag and drop off: on again below)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionRectVisible(True)
        self.setItemDelegate(TileDelegate(self))
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # drawn here: a line between tiles
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.drop_row: int | None = None  # where a drag would land (shown as a line)

    def gallery(self) -> GalleryModel:
        model = self.model()
        assert isinstance(model, GalleryModel)
        return model

    def selected_rows(self) -> list[int]:
        """Selected pictures (not those still being imported), in gallery order."""
        count = self.gallery().picture_count
        return sorted({i.row() for i in self.selectionModel().selectedIndexes() if i.row() < count})

    def select_rows(self, rows: list[int]) -> None:
        """Select these pictures (the first becomes current)."""
        selection = self.selectionModel()
        selection.clearSelection()
        for n, row in enumerate(rows):
            index = self.gallery().index(row)
            flags = QItemSelectionModel.SelectionFlag.Select
            if n == 0:
                selection.setCurrentIndex(index, flags)
            else:
                selection.select(index, flags)

    def thumb_px(self) -> int:
        return round(TILE * self.devicePixelRatioF())

    # --- where things land ---------------------------------------------------------------

    def row_at(self, pos: QPoint) -> int:
        """The place a drop at ``pos`` (viewport coordinates) lands: before the tile whose
        centre is right of it on its line, after the last picture otherwise."""
        count = self.gallery().picture_count
        rects = [self.visualRect(self.gallery().index(row)) for row in range(count)]
        line = [r for r, rect in enumerate(rects) if rect.top() <= pos.y() <= rect.bottom()]
        if not line:
            above = [r for r, rect in enumerate(rects) if rect.top() > pos.y()]
            return above[0] if above else count
        for row in line:
            if pos.x() < rects[row].center().x():
                return row
        return line[-1] + 1

    def _indicator(self, row: int | None) -> None:
        if row != self.drop_row:
            self.drop_row = row
            self.viewport().update()

    # --- dragging out --------------------------------------------------------------------

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        model = self.gallery()
        indexes = [i for i in self.selectedIndexes() if i.row() < model.picture_count]
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(model.mimeData(sorted(indexes, key=QModelIndex.row)))
        image = indexes[0].data(Qt.ItemDataRole.DecorationRole)
        if isinstance(image, QImage) and not image.isNull():
            drag.setPixmap(QPixmap.fromImage(image.scaled(72, 72)))
        drag.exec(Qt.DropAction.MoveAction)  # the drop did the move: nothing else to do
        self._indicator(None)

    # --- dropping in ---------------------------------------------------------------------

    def _inside_drop(self, data: QMimeData, pos: QPoint) -> int | None:
        """The row a drag of our own pictures would land on, None when it may not drop."""
        row = self.row_at(pos)
        ok = self.gallery().canDropMimeData(data, Qt.DropAction.MoveAction, row, 0, QModelIndex())
        return row if ok else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        data = event.mimeData()
        if data.hasFormat(MIME):
            row = self._inside_drop(data, event.position().toPoint())
            self._indicator(row)
            if row is None:
                event.ignore()
                return
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        elif data.hasUrls() or data.hasText() or data.hasImage():
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()  # files are imported; anything else gets a clear message
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self._indicator(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._indicator(None)
        data = event.mimeData()
        if data.hasFormat(MIME):
            row = self._inside_drop(data, event.position().toPoint())
            moved = row is not None and self.gallery().dropMimeData(
                data, Qt.DropAction.MoveAction, row, 0, QModelIndex()
            )
            if moved:
                event.setDropAction(Qt.DropAction.MoveAction)
                event.accept()
            else:
                event.ignore()
            return
        drop = external_drop(data)
        if drop.empty:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.externalDropped.emit(drop)

    # --- keys and mouse ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        move = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if mods == move and key in MOVE_KEYS:
            self.moveRequested.emit(MOVE_KEYS[Qt.Key(key)])
            event.accept()
            return
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.removeRequested.emit()
            event.accept()
            return
        if plain and key == Qt.Key.Key_Space:
            self.viewRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.setCurrentIndex(index)
            self.viewRequested.emit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if model is None:
            return
        painter = QPainter(self.viewport())
        palette = self.palette()
        if model.rowCount() == 0:
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, EMPTY_TEXT
            )
        if self.drop_row is not None:
            self._paint_drop_line(painter)
        painter.end()

    def _paint_drop_line(self, painter: QPainter) -> None:
        assert self.drop_row is not None
        count = self.gallery().picture_count
        if count == 0:
            return
        if self.drop_row < count:
            rect = self.visualRect(self.gallery().index(self.drop_row))
            x = rect.left() - 2
        else:
            rect = self.visualRect(self.gallery().index(count - 1))
            x = rect.right() + 2
        painter.setPen(QPen(focus_colour(self.palette()), 4))
        painter.drawLine(x, rect.top() + 4, x, rect.bottom() - 4)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(4 * (TILE + 28), 2 * (TILE + 60))

    def visible_tile(self, row: int) -> QRect:
        """A tile's rectangle in viewport coordinates (tests and the drop line)."""
        return self.visualRect(self.gallery().index(row))
