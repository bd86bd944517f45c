"""The app's style: Fusion with findable text-field outlines; title fonts and toolbar spacing.

These used to be an app-wide style sheet. A style sheet on the application makes Qt route
every widget through its style-sheet engine: building the profile form took three to four
times as long (26 ms against 8 ms, measured on the form alone) and opening the app stalled
the GUI thread for twice as long. Drawing the few things the look needs here keeps every
widget on the plain Fusion path. Widgets that set a style sheet of their own (an error border,
a coloured message) still get it.

Outlines (WCAG 2.2 AA): Fusion draws text-field frames a shade darker than the window (2:1 on
light, invisible on dark). Text fields here get a 1 px outline of 3:1 in either look, in the
focus colour while they have the focus; a read-only field sits on the window colour with a
dashed outline.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionFrame,
    QTextEdit,
    QToolBar,
    QWidget,
)

FIELD_BORDER_LIGHT = "#7a7a7a"  # 3.7:1 on the window, 4.3:1 on the field
FIELD_BORDER_DARK = "#7c7f87"  # 3.4:1 on the window, 4.1:1 on the field
FOCUS_LIGHT = "#4b2fb8"  # 7.6:1 on the light window
FOCUS_DARK = "#c9bcff"  # 8.0:1 on the dark window
RADIUS = 3.0
TOOLBAR_SPACING = 4
ROLE_FONTS = {"title": (15.0, QFont.Weight.DemiBold), "subtitle": (11.0, None)}

PE = QStyle.PrimitiveElement


def dark_look(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def field_border(palette: QPalette) -> QColor:
    return QColor(FIELD_BORDER_DARK if dark_look(palette) else FIELD_BORDER_LIGHT)


def field_focus(palette: QPalette) -> QColor:
    return QColor(FOCUS_DARK if dark_look(palette) else FOCUS_LIGHT)


def set_role(label: QLabel, role: str) -> None:
    """Mark ``label`` with a text role ("title", "subtitle") and give it that role's font.

    Set where the label is made, not in the style's ``polish``: every call from Qt into a
    Python style method takes the interpreter lock, and while a worker imported at start-up
    each of those (a pixel metric, a polish) waited for it (bench_open: longest stall at open
    55-68 ms with them, 41-46 ms without)."""
    label.setProperty("role", role)
    if role in ROLE_FONTS:
        size, weight = ROLE_FONTS[role]
        font = QFont(label.font())
        font.setPointSizeF(size)
        if weight is not None:
            font.setWeight(weight)
        label.setFont(font)


class StudioToolBar(QToolBar):
    """A toolbar with the app's item spacing (kept when the style changes)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._space()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 — Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._space()  # a style change resets it to the style's metric

    def _space(self) -> None:
        layout = self.layout()
        if layout is not None:
            layout.setSpacing(TOOLBAR_SPACING)


class StudioStyle(QProxyStyle):
    """Fusion plus the app's text-field outlines."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(  # noqa: N802 — Qt's name
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == PE.PE_PanelLineEdit and _framed_line_edit(option, widget):
            assert isinstance(widget, QLineEdit)
            read_only = widget.isReadOnly()
            ground = QPalette.ColorRole.Window if read_only else QPalette.ColorRole.Base
            _outline(painter, option, option.palette.color(ground), dashed=read_only)
            return
        if element == PE.PE_FrameLineEdit and _framed_line_edit(option, widget):
            return  # drawn with the panel
        if element == PE.PE_Frame and isinstance(widget, QPlainTextEdit | QTextEdit):
            _outline(painter, option, None, dashed=widget.isReadOnly())
            return
        super().drawPrimitive(element, option, painter, widget)


def _framed_line_edit(option: QStyleOption, widget: QWidget | None) -> bool:
    """A line edit with a frame of its own (a combo box's inner field has the combo's)."""
    return (
        isinstance(widget, QLineEdit)
        and isinstance(option, QStyleOptionFrame)
        and option.lineWidth > 0
        and not widget.styleSheet()  # its own sheet (an error border) draws it
    )


def _outline(painter: QPainter, option: QStyleOption, fill: QColor | None, *, dashed: bool) -> None:
    has_focus = bool(option.state & QStyle.StateFlag.State_HasFocus)
    colour = field_focus(option.palette) if has_focus else field_border(option.palette)
    rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(colour, 1.0)
    if dashed and not has_focus:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, RADIUS, RADIUS)
    painter.restore()
