"""Wiring publishing into the main window from outside (the window knows nothing of it):
the publish status, the outbox view (Ctrl+Shift+O) and the profile page's Publish."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
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
    window.addAction(outbox_action(publisher, window))
    return publisher


OUTBOX_SHORTCUT = "Ctrl+Shift+O"


def outbox_action(publisher: Publisher, window: QMainWindow) -> QAction:
    """ "Outbox…" (Ctrl+Shift+O anywhere in the window): opens the outbox view. The shell
    may also put it in a menu (``window.findChild(QAction, "showOutbox")``)."""
    action = QAction("&Outbox…", window)
    action.setObjectName("showOutbox")
    action.setShortcut(QKeySequence(OUTBOX_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip("Show every publish and upload waiting to be sent")
    action.triggered.connect(publisher.show_outbox)
    return action


def _profile_page(window: QMainWindow) -> Any:
    pages = getattr(window, "pages", None)
    return pages.get("profile") if isinstance(pages, dict) else None
