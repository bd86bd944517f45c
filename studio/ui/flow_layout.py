"""A layout that places widgets left to right, wrapping to new lines (chips, pills, badges)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem

HEIGHTS_KEPT = 8  # widths whose height is kept at once


class FlowLayout(QLayout):
    """Lays widgets left to right, wrapping to new lines (genre chips and pills, link chips).

    Its height for a width and its minimum size are kept until the layout is invalidated (a
    child shown, hidden or resized, an item added or taken), as Qt's own layouts keep theirs:
    Qt asks them many times per layout pass (opening the producer profile asked ~740 heights
    of 63 layout-and-width pairs), each a call into Python."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._heights: dict[int, int] = {}  # width → height, until invalidated
        self._minimum: QSize | None = None
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def invalidate(self) -> None:
        self._forget()
        super().invalidate()

    def _forget(self) -> None:
        self._heights.clear()
        self._minimum = None

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)
        self._forget()

    def add(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        self._forget()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def clear(self) -> None:
        while self._items:
            item = self._items.pop()
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.invalidate()

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= HEIGHTS_KEPT:  # a resize drag asks a new width each time
                self._heights.clear()
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        if self._minimum is None:
            size = QSize()
            for item in self._items:
                size = size.expandedTo(item.minimumSize())
            margins = self.contentsMargins()
            self._minimum = size.grownBy(margins)
        return QSize(self._minimum)

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in ``rect`` (with ``apply``); the height it takes, margins in."""
        margins = self.contentsMargins()
        inner = rect.marginsRemoved(margins)
        spacing = self.spacing()
        x, y, line = inner.x(), inner.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > inner.right() + 1 and line > 0:
                x, y, line = inner.x(), y + line + spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()
