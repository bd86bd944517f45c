"""The image editor's window on small and high-DPI screens, and its quiet text colour.

A 1600×1000 screen at a 2× scale factor is 800×500 logical pixels: a dialog that opens at a
fixed 980×620 puts its Apply and Cancel buttons off the screen. :func:`fit_window` sizes a
window to what the screen it opens on offers (never more than its available geometry),
lets given parts give up some of their minimum size when the screen is small, and places the
window over its parent, wholly on that screen, so the buttons at its bottom stay reachable.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from studio.ui.preview.style import contrast, over

AA = 4.5


def available_geometry(window: QWidget) -> QRect:
    """The available geometry (without panels and docks) of the screen ``window`` opens on:
    its parent's screen, else its own."""
    parent = window.parentWidget()
    screen = (parent.window() if parent is not None else window).screen()
    return screen.availableGeometry()


def fit_window(
    window: QWidget,
    preferred: QSize,
    *,
    available: QRect | None = None,
    shrinkable: Sequence[tuple[QWidget, QSize]] = (),
) -> QRect:
    """Size ``window`` to ``preferred`` or to what ``available`` (the screen's available
    geometry by default) leaves, whichever is smaller, and place it over its parent inside
    ``available``. When the window's minimum does not fit, each ``(widget, size)`` of
    ``shrinkable`` gets ``size`` as its new minimum. Returns the frame's new geometry."""
    area = available if available is not None else available_geometry(window)
    frame = window.frameGeometry().size() - window.geometry().size()
    room = QSize(area.width() - frame.width(), area.height() - frame.height())
    minimum = window.minimumSizeHint()
    if minimum.width() > room.width() or minimum.height() > room.height():
        for widget, smaller in shrinkable:
            widget.setMinimumSize(smaller)
        layout = window.layout()
        if layout is not None:
            layout.activate()
        minimum = window.minimumSizeHint()
    size = preferred.boundedTo(room).expandedTo(minimum.boundedTo(room))
    window.resize(size)
    outer = QRect(QPoint(0, 0), size + frame)
    parent = window.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    outer.moveCenter(centre)
    left = max(area.left(), min(outer.left(), area.right() + 1 - outer.width()))
    top = max(area.top(), min(outer.top(), area.bottom() + 1 - outer.height()))
    outer.moveTopLeft(QPoint(left, top))
    window.move(outer.topLeft())
    return outer


def quiet_text_colour(palette: QPalette) -> QColor:
    """A colour for secondary text (a rules line) that still reads at 4.5:1 on the window:
    the palette's placeholder colour when it does, else that colour moved toward the text
    colour until it does."""
    background = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    quiet = palette.color(QPalette.ColorRole.PlaceholderText)
    quiet.setAlpha(255)
    if contrast(quiet, background) >= AA:
        return quiet
    for step in range(1, 11):
        mixed = over(text, step / 10, quiet)
        if contrast(mixed, background) >= AA:
            return mixed
    return text


class FitOnShow(QObject):
    """Fits ``window`` to its screen when it is first shown (see :func:`fit_window`) and
    colours the ``quiet`` labels with :func:`quiet_text_colour` each time it is shown."""

    def __init__(
        self,
        window: QWidget,
        preferred: QSize,
        *,
        shrinkable: Sequence[tuple[QWidget, QSize]] = (),
        quiet: Sequence[QLabel] = (),
    ) -> None:
        super().__init__(window)
        self._window = window
        self._preferred = preferred
        self._shrinkable = tuple(shrinkable)
        self._quiet = tuple(quiet)
        self._fitted = False
        window.installEventFilter(self)

    def fit(self, available: QRect | None = None) -> QRect:
        """Fit now, within ``available`` (the screen's available geometry by default)."""
        self._fitted = True
        return fit_window(
            self._window, self._preferred, available=available, shrinkable=self._shrinkable
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._window and event.type() == QEvent.Type.Show:
            colour = quiet_text_colour(self._window.palette()).name()
            for label in self._quiet:
                label.setStyleSheet(f"color: {colour};")
            if not self._fitted:
                self.fit()
        return super().eventFilter(watched, event)
