"""Wiring publishing into the main window from outside (the window knows nothing of it):
the publish status, the outbox view (Ctrl+Shift+O) and the pages' Publish."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from studio.context import AppContext
from studio.ui.publish.indicator import PublishIndicator
from studio.ui.publish.publisher import Publisher, Shell


def install_publishing(
    ctx: AppContext, window: QMainWindow, shell: Shell | None = None
) -> Publisher | None:
    """Create the :class:`Publisher`, show its status in the window's status bar, and react
    to the pages' ``publishRequested`` (through ``shell``: the window itself by default).
    Returns None (publishing unavailable) without a local store."""
    if ctx.store is None:
        return None
    publisher = Publisher(ctx, window, shell if shell is not None else window, parent=window)  # type: ignore[arg-type]
    indicator = PublishIndicator(publisher)
    window.statusBar().addPermanentWidget(indicator)
    publisher.indicator = indicator
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
    action.setToolTip("Show every publish waiting to be sent")
    action.triggered.connect(publisher.show_outbox)
    return action
