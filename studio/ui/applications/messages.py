"""A full-page message of the Applications section: "Checking…" while B1 runs, "Application
sent" after a send, or why a draft could not be opened — with the way back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton, QVBoxLayout, QWidget

from studio.ui.applications.widgets import heading, note


class MessageView(QWidget):
    closeRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationMessage")
        self.title = heading("")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = note("", "Message")
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Working")
        self.busy.setMaximumWidth(320)
        self.button = QPushButton("Back to your applications")
        self.button.clicked.connect(self.closeRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_busy(self, text: str) -> None:
        self.title.setText(text)
        self.text.setText("")
        self.text.setVisible(False)
        self.busy.setVisible(True)
        self.button.setVisible(False)

    def show_text(
        self, title: str, text: str, *, button: str = "Back to your applications"
    ) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self.busy.setVisible(False)
        self.button.setText(button)
        self.button.setVisible(True)
        self.button.setFocus(Qt.FocusReason.OtherFocusReason)
