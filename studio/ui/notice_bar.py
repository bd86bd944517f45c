"""A dismissable message bar above the main window's content, for things the user must read
(the keychain is missing, the local store could not be opened…).

Each notice belongs to the app (the local store: true until the app quits) or to the session
that raised it (no keychain for this sign-in): signing out or in as someone else takes the
session's notices away, since they no longer apply."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

APP = "app"
SESSION = "session"


class NoticeBar(QFrame):
    """Hidden until :meth:`show_notice`; the Dismiss button (or Escape on it) hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.AlternateBase))
        self.setPalette(palette)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QToolButton()
        self.dismiss.setText("Dismiss")
        self.dismiss.setAccessibleName("Dismiss message")
        self.dismiss.clicked.connect(self.dismiss_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)
        self._notices: dict[str, str] = {}  # text → scope, in the order shown
        self.hide()

    def show_notice(self, text: str, scope: str = APP) -> None:
        """Show ``text``; a second notice is added under the first one while both apply."""
        self._notices[text] = scope
        self._show()

    def clear_scope(self, scope: str) -> None:
        """Take away the notices of ``scope`` (e.g. the session's, on sign-out)."""
        self._notices = {text: s for text, s in self._notices.items() if s != scope}
        self._show()

    def dismiss_all(self) -> None:
        self._notices.clear()
        self._show()

    def _show(self) -> None:
        combined = "\n".join(self._notices)
        self.text.setText(combined)
        self.setAccessibleName(f"Notice: {combined}" if combined else "Notice")
        self.setVisible(bool(combined))
