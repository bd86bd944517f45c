"""The re-sign-in prompt shown when BeatPass answers 401 in the middle of a publish.

The dialog only collects a password (or a pasted token) and shows the outcome; whoever opened
it does the sign-in off the GUI thread (``submitted``) and calls :meth:`show_error` or
``accept()``. Secrets never leave the dialog except through ``submitted``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.ui.theme import error_colour

PASSWORD = "password"
TOKEN = "token"


class ReauthDialog(QDialog):
    """``submitted(mode, email, secret)``: mode is ``"password"`` or ``"token"``."""

    submitted = Signal(str, str, str)

    def __init__(self, email: str, notice: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishReauth")
        self.setWindowTitle("Sign in again to publish")
        self.setAccessibleName("Sign in again to publish")
        layout = QVBoxLayout(self)
        text = QLabel(
            f"{notice}\n\nYour publish is kept in the outbox and continues as soon as you "
            "are signed in again."
        )
        text.setWordWrap(True)
        layout.addWidget(text)

        self.tabs = QTabWidget()
        password_page = QWidget()
        form = QFormLayout(password_page)
        self.email = QLineEdit(email)
        self.email.setAccessibleName("E-mail address")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form.addRow("E-mail:", self.email)
        form.addRow("Password:", self.password)
        token_page = QWidget()
        token_form = QFormLayout(token_page)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName("API token")
        self.token.setPlaceholderText("Paste a token from Account Settings → Developers")
        token_form.addRow("Token:", self.token)
        self.tabs.addTab(password_page, "Password")
        self.tabs.addTab(token_page, "Token")
        layout.addWidget(self.tabs)

        self.error = QLabel()
        self.error.setObjectName("reauthError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {error_colour(self.palette())};")
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(
            "Sign in and publish", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        self.buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def mode(self) -> str:
        return TOKEN if self.tabs.currentIndex() == 1 else PASSWORD

    def submit(self) -> None:
        """Validate what was typed and hand it on (the dialog stays open until the outcome)."""
        if self.mode() == TOKEN:
            secret = self.token.text().strip()
            missing = "Paste your API token first." if not secret else ""
        else:
            secret = self.password.text()
            missing = (
                "Enter your e-mail address and password."
                if not (secret and self.email.text().strip())
                else ""
            )
        if missing:
            self.show_error(missing)
            return
        self.set_busy(True)
        self.error.hide()
        self.submitted.emit(self.mode(), self.email.text().strip(), secret)

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText("Signing in…" if busy else "Sign in and publish")

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        self.password.clear()
