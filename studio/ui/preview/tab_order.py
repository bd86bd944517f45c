"""Keeping the preview's tab stops after the editor's in the window's Tab chain.

Qt appends a widget made later (a form installed after the preview, a link row added, a genre
chip) to the end of the window's focus chain, after the preview. :class:`StaysAfter` puts
the preview's stops right after the editor's last one, and when Tab or Shift+Tab leaves an
editor field for the preview while editor fields made since wait after it, it puts the preview
back after them and moves the focus where the Tab key should have gone: editor fields first,
whatever was added when.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QWidget

Stops = Callable[[], Sequence[QWidget]]
TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)


def last_in_chain(area: QWidget) -> QWidget:
    """The last of ``area`` and its descendants that can take focus, in the window's focus
    chain (``QWidget.setTabOrder`` ignores widgets without a focus policy)."""
    last = area
    widget = area.nextInFocusChain()
    while widget is not None and widget is not area:
        if area.isAncestorOf(widget) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            last = widget
        widget = widget.nextInFocusChain()
    return last


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab may stop at ``widget`` (Qt's own test: tab focus, no focus proxy, shown
    in its window, enabled)."""
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
        and widget.isVisibleTo(widget.window())
        and widget.isEnabled()
        and not widget.isWindow()
    )


def next_stop(widget: QWidget, forward: bool) -> QWidget | None:
    """The widget Tab (``forward``) or Shift+Tab moves to from ``widget``."""
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    candidate = step(widget)
    while candidate is not None and candidate is not widget:
        if takes_tab(candidate):
            return candidate
        candidate = step(candidate)
    return None


class StaysAfter(QObject):
    """Keeps ``stops()`` (in order) after an area's widgets in the Tab chain (see module)."""

    def __init__(self, stops: Stops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stops = stops
        self._area: QWidget | None = None
        self._reason: Qt.FocusReason | None = None
        self._watched: set[int] = set()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def follow(self, area: QWidget) -> None:
        """Keep the stops after ``area`` (and put them there now)."""
        self._area = area
        self.place()

    def place(self) -> None:
        """Put the stops right after the area's last widget in the focus chain."""
        if self._area is None:
            return
        previous = last_in_chain(self._area)
        for stop in self._stops():
            if id(stop) not in self._watched:
                self._watched.add(id(stop))
                stop.installEventFilter(self)
            QWidget.setTabOrder(previous, stop)
            previous = stop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            self._reason = event.reason()  # focusChanged follows, without the reason
        return super().eventFilter(watched, event)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        reason, self._reason = self._reason, None
        area = self._area
        if area is None or old is None or new is None or reason not in TAB_REASONS:
            return
        if new not in self._stops() or not area.isAncestorOf(old):
            return
        forward = reason == Qt.FocusReason.TabFocusReason
        if next_stop(old, forward) is not new:
            return  # not a step along the chain (focus set by the program)
        self.place()  # editor widgets made since now come before the preview again
        target = next_stop(old, forward)
        if target is not None and target is not new:
            target.setFocus(reason)
