"""Help → Recent messages (or a click on the status bar's message): the recent status-bar
messages in full, newest first, with the time each was shown; the text can be selected and
copied."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.status import Message, MessageLine

EMPTY = "No messages yet."


def message_text(message: Message) -> str:
    when = QDateTime.fromSecsSinceEpoch(int(message.at))
    clock = QLocale().toString(when.time(), QLocale.FormatType.ShortFormat)
    return f"{clock}  {message.text}"


class MessageLog(QDialog):
    """Lists ``line.history``; follows new messages while it is open."""

    def __init__(self, line: MessageLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageLog")
        self.setWindowTitle("Recent messages")
        self.setAccessibleName("Recent messages")
        self.setModal(False)
        self.resize(640, 320)
        self._line = line
        intro = QLabel("What the status bar said recently, newest first:")
        self.text = QPlainTextEdit()
        self.text.setObjectName("messageLogText")
        self.text.setAccessibleName("Recent messages, newest first")
        self.text.setReadOnly(True)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.copy_button = QPushButton("&Copy all")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        line.messageAdded.connect(self._added)  # a bound method: dropped with this dialog
        self._fill()

    def _fill(self) -> None:
        history = self._line.history
        lines = [message_text(m) for m in reversed(history)]
        self.text.setPlainText("\n".join(lines) if lines else EMPTY)

    def _added(self, _message: object) -> None:
        self._fill()

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
