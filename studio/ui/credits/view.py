"""The list view of credits: rows painted by the delegate, dragged to reorder (the drop is
the model's move, never a copy-and-remove), moved with Alt+Up / Alt+Down, Delete asks to
delete the current credit, Enter adds roles to it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

MOVE_UP = "Alt+Up"
MOVE_DOWN = "Alt+Down"


class CreditListView(QListView):
    """``moveRequested(delta)``, ``deleteRequested()``, ``rolesRequested()`` come from keys."""

    moveRequested = Signal(int)  # noqa: N815 (Qt naming)
    deleteRequested = Signal()  # noqa: N815
    rolesRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("creditList")
        self.setAccessibleName("Credits")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key, mods = event.key(), event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.moveRequested.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.deleteRequested.emit()
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            self.rolesRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        """Drop between rows: before the row under the pointer's upper half, after its lower
        half. The model moves the item; the drop is accepted with no action, so Qt removes
        nothing afterwards."""
        model = self.model()
        data = event.mimeData()
        if model is None or not model.mimeTypes():  # (the model checks the row is its own)
            event.ignore()
            return
        if not data.hasFormat(model.mimeTypes()[0]):
            event.ignore()
            return
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        if index.isValid():
            rect = self.visualRect(index)
            row = index.row() + (1 if pos.y() > rect.center().y() else 0)
        else:
            row = model.rowCount()
        model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, QModelIndex())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
