"""The centre of the main window before a session exists: busy, signed out, or an error."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from studio.ui.icons import IconSet
from studio.ui.style import set_role
from studio.ui.theme import error_colour

# The busy bar shows once a wait lasts this long: a start that opens the stored profile in
# ~100 ms never shows it, and an animated bar repaints its part of the window ~60 times a
# second (a few repaints of the window's centre before the profile was editable).
BUSY_DELAY_MS = 400


class StatePage(QWidget):
    """Icon, title, text, an optional busy bar and up to two buttons.

    ``action_clicked(primary: bool)`` tells which button was pressed.
    """

    action_clicked = Signal(bool)

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statePage")
        self.logo = QLabel()
        self.logo.setPixmap(icons.app_icon().pixmap(64, 64))
        self.logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.logo.setAccessibleName("BeatPass Studio logo")
        self.title = QLabel()
        set_role(self.title, "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setFixedWidth(480)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(260)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName("Working")
        self.busy.setVisible(False)
        self._busy_soon = QTimer(self)
        self._busy_soon.setSingleShot(True)
        self._busy_soon.setInterval(BUSY_DELAY_MS)
        self._busy_soon.timeout.connect(self.busy.show)
        self.primary = QPushButton()
        self.primary.clicked.connect(lambda: self.action_clicked.emit(True))
        self.secondary = QPushButton()
        self.secondary.clicked.connect(lambda: self.action_clicked.emit(False))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.secondary)
        buttons.addWidget(self.primary)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.logo)
        layout.addWidget(self.title)
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(self.text)
        text_row.addStretch(1)
        layout.addLayout(text_row)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.show_busy("Starting…")

    def show_busy(self, text: str) -> None:
        self._set(text, "", busy=True)

    def show_state(
        self, title: str, text: str, primary: str, *, error: bool = False, secondary: str = ""
    ) -> None:
        self._set(title, text, busy=False, error=error)
        self.primary.setText(primary)
        self.primary.setAccessibleName(primary.rstrip("…"))
        self.primary.setVisible(True)
        self.primary.setDefault(True)
        self.primary.setFocus()
        self.secondary.setText(secondary)
        self.secondary.setAccessibleName(secondary.rstrip("…"))
        self.secondary.setVisible(bool(secondary))

    def _set(self, title: str, text: str, *, busy: bool, error: bool = False) -> None:
        self.title.setText(title)
        self.title.setAccessibleName(title)
        self.text.setText(text)
        self.text.setAccessibleName(text or title)
        self.text.setVisible(bool(text))
        self.text.setStyleSheet(f"color: {error_colour(self.palette())};" if error else "")
        self.busy.setVisible(False)
        policy = self.busy.sizePolicy()
        policy.setRetainSizeWhenHidden(busy)  # the page does not move when the bar shows
        self.busy.setSizePolicy(policy)
        if busy:  # shown if the wait lasts (BUSY_DELAY_MS)
            self._busy_soon.start()
        else:
            self._busy_soon.stop()
        self.primary.setVisible(False)
        self.secondary.setVisible(False)
