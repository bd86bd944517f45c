"""The readiness checklist beside the wizard: what is done and what is still missing before
the application can be sent; activating a line goes to the field that needs it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from studio.core.application_checks import CheckItem
from studio.ui.applications.widgets import heading, note
from studio.ui.theme import error_colour

FIELD_ROLE = Qt.ItemDataRole.UserRole
MARK_ROLE = Qt.ItemDataRole.UserRole + 1
DONE_MARK, MISSING_MARK, OPTIONAL_MARK = "✓", "✗", "○"
MARK_PX = 16


def mark_icon(mark: str, colour: QColor, px: int = MARK_PX) -> QIcon:
    """The line's mark as an icon, so its label and detail wrap in one column beside it."""
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    font = QFont()
    font.setPixelSize(px - 2)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(QRect(0, 0, px, px), Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    return QIcon(pixmap)


class ChecklistView(QWidget):
    fieldRequested = Signal(str)  # noqa: N815 — go to this draft field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readinessChecklist")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(heading("Before you send", role="subtitle"))
        self.summary = note("", "Readiness")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName("Readiness checklist")
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(MARK_PX, MARK_PX))
        self.list.setSpacing(2)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.items: list[CheckItem] = []

    def show_items(self, items: list[CheckItem]) -> None:
        if items == self.items:
            return
        self.items = list(items)
        row = self.list.currentRow()
        self.list.clear()
        for item in items:
            if item.ok:
                mark = DONE_MARK
            elif item.optional:
                mark = OPTIONAL_MARK
            else:
                mark = MISSING_MARK
            text = item.label + (f"\n{item.detail}" if item.detail else "")
            entry = QListWidgetItem(text)
            entry.setData(FIELD_ROLE, item.field)
            state = "done" if item.ok else ("optional" if item.optional else "missing")
            entry.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{item.label}: {state}. {item.detail if not item.ok else ''}".strip(),
            )
            entry.setToolTip(item.detail or item.label)
            colour = self.list.palette().text().color()
            if state == "missing":
                colour = QColor(error_colour(self.list.palette()))
                entry.setForeground(colour)
            entry.setIcon(mark_icon(mark, colour))
            entry.setData(MARK_ROLE, mark)
            self.list.addItem(entry)
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)
        missing = [i for i in items if not i.ok and not i.optional]
        self.summary.setText(
            "Everything needed is there: you can send the application."
            if not missing
            else f"{len(missing)} thing{'s' if len(missing) != 1 else ''} still missing."
        )

    def missing(self) -> list[CheckItem]:
        return [i for i in self.items if not i.ok and not i.optional]

    def _activated(self, entry: QListWidgetItem) -> None:
        field = entry.data(FIELD_ROLE)
        if field:
            self.fieldRequested.emit(str(field))
