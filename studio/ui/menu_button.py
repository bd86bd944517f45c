"""A tool button that opens its menu on click, with the menu arrow drawn beside its text.

Qt draws the arrow of an ``InstantPopup`` tool button over the bottom-right corner of the
button's own text and leaves it out of the size hint, so the arrow is clipped and long texts
lose their end ("Publishing 1 of 1…" came out as "Publishing 1 of 1…."). This button reserves
room for the arrow and draws it there.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QIcon, QPaintEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyleOption,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QWidget,
)

ARROW_GAP = 2  # between the text and the arrow


class MenuButton(QToolButton):
    """An ``InstantPopup`` tool button whose arrow has its own room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def arrow_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        return QSize(hint.width() + self.arrow_width() + ARROW_GAP, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.features &= ~QStyleOptionToolButton.ToolButtonFeature.HasMenu
        arrow = self.arrow_width()
        label = QStyleOptionToolButton(option)
        label.rect = option.rect.adjusted(0, 0, -(arrow + ARROW_GAP), 0)
        option.text, option.icon = "", QIcon()  # the frame over the whole button …
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)
        painter.drawControl(QStyle.ControlElement.CE_ToolButtonLabel, label)  # … text, arrow
        indicator = QStyleOption()
        indicator.initFrom(self)
        size = max(arrow - 6, 5)
        right = self.rect().right() - (arrow - size) // 2 - 1
        indicator.rect = QRect(right - size + 1, (self.height() - size) // 2, size, size)
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowDown, indicator)
