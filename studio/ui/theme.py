"""Look and feel: the Fusion style with the system's light or dark palette, followed live,
plus a few spacing rules. ``--theme light|dark`` forces one (screenshots, testing).

Contrast (WCAG 2.2 AA, the numbers are tested from these colours): text and placeholders
4.5:1 against the backgrounds they sit on, the outlines of text fields 3:1, and a keyboard
focus ring (:class:`FocusRing`) drawn around whichever control has the focus, 3:1 against
what it covers in the unfocused look.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from studio.ui.palette import apply_palette, is_dark
from studio.ui.style import FOCUS_DARK, FOCUS_LIGHT, StudioStyle

THEMES = ("system", "light", "dark")
ERROR_LIGHT = "#b3261e"
ERROR_DARK = "#ff8a80"
RING = 2  # px of focus ring outside the control (plus one on its edge)


def apply_theme(app: QApplication, theme: str = "system") -> None:
    """Set style and palette; with ``system`` the palette follows the OS. The focus ring is
    installed once and follows the palette. No application-wide style sheet: the style draws
    the outlines (:mod:`studio.ui.style`)."""
    if not isinstance(app.style(), StudioStyle):  # re-setting it re-polishes everything
        app.setStyle(StudioStyle())
    apply_palette(app, theme)
    ring = app.findChild(FocusRing)
    if ring is None:
        FocusRing(app)
    else:
        ring.refresh()


def error_colour(palette: QPalette) -> str:
    return ERROR_DARK if is_dark(palette) else ERROR_LIGHT


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1.0 … 21.0)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_colour(palette: QPalette) -> QColor:
    """The focus ring's colour for a palette."""
    return QColor(FOCUS_DARK if is_dark(palette) else FOCUS_LIGHT)


# --- The focus ring -----------------------------------------------------------------------

_FOLLOWED = (
    QEvent.Type.Move,
    QEvent.Type.Resize,
    QEvent.Type.Show,
    QEvent.Type.Hide,
    QEvent.Type.ParentChange,
)


def draws_own_focus(widget: QWidget) -> bool:
    """Whether a widget shows focus itself: its property ``ownFocusRing``, or a style sheet
    with a ``:focus`` rule on it or on a parent (the preview's switches and chips)."""
    current: QWidget | None = widget
    while current is not None:
        if current.property("ownFocusRing") or ":focus" in current.styleSheet():
            return True
        current = current.parentWidget()
    return False


def ring_host(widget: QWidget) -> QWidget | None:
    """Where the ring of ``widget`` is drawn: the viewport of the scroll area it is in (so it
    scrolls and clips with it), else its window; None for a window or a pop-up."""
    if widget.isWindow() or widget.window().windowType() == Qt.WindowType.Popup:
        return None
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return parent
        parent = parent.parentWidget()
    return parent


class _Ring(QWidget):
    """The ring itself: a see-through child of the host, over the focused control."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("focusRingOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colour = QColor(FOCUS_LIGHT)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        outer = QPen(self.colour, RING)
        outer.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(outer)
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))  # the 2 px outside the control
        painter.setPen(QPen(self.colour, 1))
        painter.drawRect(self.rect().adjusted(RING, RING, -RING - 1, -RING - 1))  # its edge
        painter.end()


class FocusRing(QObject):
    """Draws a ring around whichever control has the keyboard focus, in every window of the
    app: ``RING`` px just outside the control and one on its edge, in :func:`focus_colour`.
    It follows the control as it moves, scrolls, resizes or hides. Widgets that show focus
    themselves (:func:`draws_own_focus`) and pop-ups get none. One per application (a child
    of it), made by :func:`apply_theme`."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("focusRing")
        self._app = app
        self._target: QWidget | None = None
        self._ring: _Ring | None = None
        self._watched: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())

    @property
    def overlay(self) -> QWidget | None:
        """The ring's widget while one is shown (for tests and screenshots)."""
        ring = self._ring
        return ring if ring is not None and shiboken6.isValid(ring) and ring.isVisible() else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for old in self._watched:
            if shiboken6.isValid(old):
                old.removeEventFilter(self)
        self._watched = []
        self._target = None
        if new is not None and not draws_own_focus(new):
            host = ring_host(new)
            if host is not None:
                self._target = new
                widget: QWidget | None = new
                while widget is not None and widget is not host:
                    widget.installEventFilter(self)  # moves of it or a parent (scrolling)
                    self._watched.append(widget)
                    widget = widget.parentWidget()
        self.refresh()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _FOLLOWED:
            self._timer.start()  # once, after the layout has settled
        return False

    def refresh(self) -> None:
        """Put the ring around the focused control (or hide it)."""
        target = self._target
        ring = self._ring if self._ring is not None and shiboken6.isValid(self._ring) else None
        shown = target is not None and shiboken6.isValid(target) and target.isVisible()
        host = ring_host(target) if shown and target is not None else None
        if target is None or host is None:
            if ring is not None:
                ring.hide()
            return
        if ring is None:
            ring = self._ring = _Ring(host)
        elif ring.parentWidget() is not host:
            ring.setParent(host)  # hidden until shown below
        ring.colour = focus_colour(self._app.palette())
        at = target.mapTo(host, QPoint(0, 0))
        ring.setGeometry(QRect(at, target.size()).adjusted(-RING, -RING, RING, RING))
        ring.raise_()
        ring.show()
        ring.update()
