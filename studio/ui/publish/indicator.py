"""The publish status in the status bar: what the outbox is doing ("Publishing 1 of 2…",
"Offline — will publish when the connection is back") with Retry now / Sign in again /
Show outbox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from studio.ui.menu_button import MenuButton
from studio.ui.publish.publisher import Publisher


class PublishIndicator(MenuButton):
    """Hidden while the outbox is idle and empty; a menu offers what the user can do."""

    def __init__(self, publisher: Publisher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishStatus")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAutoRaise(True)
        runner = publisher.runner
        menu = QMenu(self)
        self.retry_action = QAction("Retry now", self)
        self.retry_action.setToolTip("Send the waiting publishes now.")
        self.retry_action.triggered.connect(runner.retry_now)
        self.sign_in_action = QAction("Sign in again…", self)
        self.sign_in_action.triggered.connect(publisher.sign_in_again)
        self.outbox_action = QAction("Show outbox…", self)
        self.outbox_action.setToolTip("Every publish and upload waiting to be sent.")
        self.outbox_action.triggered.connect(publisher.show_outbox)
        menu.addAction(self.retry_action)
        menu.addAction(self.sign_in_action)
        menu.addAction(self.outbox_action)
        self.setMenu(menu)
        self._runner = runner
        runner.statusChanged.connect(self.show_status)
        runner.countChanged.connect(lambda _count: self.show_status(runner.status))
        self.show_status(runner.status)

    def show_status(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)
        self.setAccessibleName(f"Publishing: {text}" if text else "Publishing")
        self.sign_in_action.setVisible(self._runner.paused)
        self.setVisible(bool(text))
