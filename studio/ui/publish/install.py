"""Wiring publishing into the main window from outside (the window knows nothing of it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from studio.context import AppContext
from studio.ui.publish.indicator import PublishIndicator
from studio.ui.publish.publisher import PageProvider, Publisher


class _PageWatcher(QObject):
    """Re-attaches the publisher when a section page is put in place."""

    def __init__(self, publisher: Publisher, parent: QObject) -> None:
        super().__init__(parent)
        self._publisher = publisher

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self._publisher, self._publisher.attach_page)
        return False


def install_publishing(
    ctx: AppContext, window: QMainWindow, page_provider: PageProvider | None = None
) -> Publisher | None:
    """Create the :class:`Publisher`, show its status in the window's status bar, and react
    to the profile page's ``publishRequested``. ``page_provider`` defaults to the window's
    "profile" section page. Returns None (publishing unavailable) without a local store."""
    if ctx.store is None:
        return None
    provider: PageProvider = page_provider or (lambda: _profile_page(window))
    publisher = Publisher(ctx, window, provider, parent=window)
    indicator = PublishIndicator(publisher)
    window.statusBar().addPermanentWidget(indicator)
    publisher.indicator = indicator
    stack = getattr(window, "section_stack", None)
    if isinstance(stack, QObject):
        stack.installEventFilter(_PageWatcher(publisher, window))
    for signal in (ctx.signals.session_changed, ctx.signals.artist_changed):
        signal.connect(lambda *_args: publisher.attach_page())
    publisher.attach_page()
    return publisher


def _profile_page(window: QMainWindow) -> Any:
    pages = getattr(window, "pages", None)
    return pages.get("profile") if isinstance(pages, dict) else None
