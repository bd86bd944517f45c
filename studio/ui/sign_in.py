"""The sign-in dialog: e-mail and password, a pasted personal access token, or the sandbox.

It signs in either to BeatPass (the ``base_url`` it is given) or, in sandbox mode, to the
embedded sandbox: then every demo account of the README is one click away, and what is typed
goes to the sandbox only. A sandbox session that signs out reopens it in sandbox mode; the
user leaves the sandbox only by choosing "Use my BeatPass account".

All work runs through the :class:`~studio.ui.session.SessionController` (background tasks);
the dialog shows a busy bar meanwhile, keeps what was typed on failure and shows the error
inline, worded by :func:`studio.messages.user_message`.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.context import AppContext, Session
from studio.core.limits import SUPPORT_EMAIL
from studio.messages import user_message
from studio.tasks import TaskHandle
from studio.ui.icons import IconSet
from studio.ui.session import SessionController, demo_accounts
from studio.ui.style import set_role
from studio.ui.theme import error_colour

TOKEN_HELP = (
    "Create a token on beatpass.ca under Account Settings → Developers and paste it here. "
    f"API access is invite-only: ask {SUPPORT_EMAIL} if your account does not have it."
)
SANDBOX_HELP = "No account? Rehearse every feature with demo data on a local server."
SANDBOX_SERVER = "Server: the sandbox on this computer (demo data; nothing reaches BeatPass)"
DEMO_HELP = "One click signs in (the passwords are in the README)."
LEAVE_SANDBOX = "Use my BeatPass account"
# The button text of each demo account (by the part of its e-mail before the "@").
DEMO_LABELS = {
    "producer": "Producer",
    "applicant": "Applicant",
    "pending": "Pending application",
    "revoked": "Revoked producer",
    "noapi": "No API access",
    "admin": "Admin",
}
DEMO_COLUMNS = 3


class SignInDialog(QDialog):
    """Modal sign-in. ``accept()``s once ``ctx.session`` is set."""

    def __init__(
        self,
        ctx: AppContext,
        controller: SessionController,
        icons: IconSet,
        *,
        base_url: str,
        notice: str = "",
        sandbox: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._controller = controller
        self._base_url = base_url
        self._task: TaskHandle | None = None
        self._listening = False  # connected to the controller's signed_in
        self.sandbox = sandbox
        self.setWindowIcon(icons.app_icon())
        self.setMinimumWidth(460)

        self.title = QLabel()
        set_role(self.title, "title")
        self.server = QLabel()
        self.server.setWordWrap(True)
        self.demo_box = self._demo_accounts()

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sign-in method")
        self.email = QLineEdit()
        self.email.setAccessibleName("E-mail")
        self.email.setPlaceholderText("you@example.com")
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        password_page = QWidget()
        form = QFormLayout(password_page)
        form.addRow("&E-mail:", self.email)
        form.addRow("&Password:", self.password)
        self.tabs.addTab(password_page, "E-mail and password")

        self.token = QLineEdit()
        self.token.setAccessibleName("Personal access token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("123|abc…")
        token_help = QLabel(TOKEN_HELP)
        token_help.setWordWrap(True)
        token_page = QWidget()
        token_form = QFormLayout(token_page)
        token_form.addRow("&Token:", self.token)
        token_form.addRow(token_help)
        self.tabs.addTab(token_page, "Personal access token")
        self.tabs.currentChanged.connect(self._focus_first_field)

        self.message = QLabel(notice)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(bool(notice))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName("Signing in")
        self.busy.setVisible(False)

        self.sandbox_button = QPushButton(icons.icon("sandbox"), "Try the sandbox")
        self.sandbox_button.setAccessibleName("Try the sandbox")
        self.sandbox_button.setToolTip(SANDBOX_HELP)
        self.sandbox_button.setAutoDefault(False)
        self.sandbox_button.clicked.connect(self.try_sandbox)
        self.sandbox_help = QLabel(SANDBOX_HELP)
        self.sandbox_help.setWordWrap(True)
        self.leave_button = QPushButton(icons.icon("account"), LEAVE_SANDBOX)
        self.leave_button.setAccessibleName("Leave the sandbox: sign in to BeatPass")
        self.leave_button.setToolTip(f"Sign in to {urlsplit(base_url).netloc or base_url}.")
        self.leave_button.setAutoDefault(False)
        self.leave_button.clicked.connect(self._leave_sandbox)
        sandbox_row = QHBoxLayout()
        sandbox_row.addWidget(self.sandbox_button)
        sandbox_row.addWidget(self.sandbox_help, 1)
        sandbox_row.addWidget(self.leave_button)
        sandbox_row.addStretch()

        # Our own buttons, not the box's standard ones: PySide may drop a kept wrapper of a
        # button the box made (it then reads as deleted while the button lives on).
        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setAccessibleName("Sign in")
        self.sign_in_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self._cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.server)
        layout.addWidget(self.demo_box)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(sandbox_row)
        layout.addWidget(self.buttons)
        self.set_sandbox(sandbox)

    def _demo_accounts(self) -> QGroupBox:
        """One button per demo account of the sandbox (shown in sandbox mode)."""
        box = QGroupBox("Demo accounts")
        box.setAccessibleName("Demo accounts of the sandbox")
        grid = QGridLayout(box)
        help_text = QLabel(DEMO_HELP)
        help_text.setWordWrap(True)
        grid.addWidget(help_text, 0, 0, 1, DEMO_COLUMNS)
        self.demo_buttons: dict[str, QPushButton] = {}
        for index, account in enumerate(demo_accounts()):
            key = account.email.split("@", 1)[0]
            label = DEMO_LABELS.get(key, key.capitalize())
            button = QPushButton(label)
            button.setAccessibleName(f"Sign in as the demo account {label}")
            button.setAccessibleDescription(f"{account.email}: {account.summary}")
            button.setToolTip(f"{account.email}\n{account.summary}")
            button.setAutoDefault(False)
            button.clicked.connect(
                lambda _checked=False, a=account: self.sign_in_demo(a.email, a.password)
            )
            grid.addWidget(button, 1 + index // DEMO_COLUMNS, index % DEMO_COLUMNS)
            self.demo_buttons[account.email] = button
        return box

    def set_sandbox(self, sandbox: bool) -> None:
        """Sign in to the embedded sandbox (True) or to BeatPass at ``base_url``."""
        self.sandbox = sandbox
        where = "the sandbox" if sandbox else "BeatPass"
        self.setWindowTitle(f"Sign in to {where}")
        self.setAccessibleName(f"Sign in to {where}")
        self.title.setText(f"Sign in to {where}")
        if sandbox:
            self.server.setText(SANDBOX_SERVER)
            self.server.setAccessibleName(SANDBOX_SERVER)
            self.server.setToolTip("")
        else:
            self.server.setText(f"Server: {urlsplit(self._base_url).netloc or self._base_url}")
            self.server.setAccessibleName(f"Server {self._base_url}")
            self.server.setToolTip(self._base_url)
        self.demo_box.setVisible(sandbox)
        self.leave_button.setVisible(sandbox)
        self.sandbox_button.setVisible(not sandbox)
        self.sandbox_help.setVisible(not sandbox)
        self._focus_first_field()
        if self.isVisible():
            self.adjustSize()

    # --- actions -------------------------------------------------------------------------

    def _leave_sandbox(self) -> None:
        self.message.setStyleSheet("")
        self._show_message("")
        self.set_sandbox(False)

    def submit(self) -> None:
        """Sign in with what the current tab holds (Enter or the Sign in button)."""
        if self._task is not None:
            return
        if self.tabs.currentIndex() == 0:
            email, password = self.email.text().strip(), self.password.text()
            if not email or not password:
                self.show_error("Enter your e-mail and your password.")
                (self.email if not email else self.password).setFocus()
                return
            if self.sandbox:
                task = self._controller.sandbox_sign_in(
                    email, password, on_error=self._failed, owner=self
                )
            else:
                task = self._controller.sign_in_password(
                    self._base_url, email, password, on_error=self._failed, owner=self
                )
            self._start(task)
        else:
            token = self.token.text().strip()
            if not token:
                self.show_error("Paste a personal access token first.")
                self.token.setFocus()
                return
            if self.sandbox:
                task = self._controller.sandbox_sign_in_token(
                    token, on_error=self._failed, owner=self
                )
            else:
                task = self._controller.sign_in_token(
                    self._base_url, token, on_error=self._failed, owner=self
                )
            self._start(task)

    def sign_in_demo(self, email: str, password: str) -> None:
        """One click on a demo account: sign in to the sandbox as it."""
        if self._task is not None:
            return
        self._start(
            self._controller.sandbox_sign_in(email, password, on_error=self._failed, owner=self),
            f"Signing in to the sandbox as {email}…",
        )

    def try_sandbox(self) -> None:
        if self._task is not None:
            return
        self._start(
            self._controller.try_sandbox(on_error=self._failed, owner=self), "Starting the sandbox…"
        )

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {error_colour(self.palette())};")
        self._show_message(text)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(f"Sign-in message: {text}")
        self.message.setVisible(bool(text))

    def _start(self, task: TaskHandle, text: str = "Signing in…") -> None:
        self._task = task
        self.message.setStyleSheet("")
        self._show_message(text)
        self._set_busy(True)
        if not self._listening:
            self._controller.signed_in.connect(self._signed_in)
            self._listening = True

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (
            self.tabs,
            self.sign_in_button,
            self.sandbox_button,
            self.demo_box,
            self.leave_button,
        ):
            widget.setEnabled(not busy)
        self.cancel_button.setText("Stop" if busy else "Cancel")

    def _finish_task(self) -> None:
        self._task = None
        self._set_busy(False)
        self._stop_listening()

    def _stop_listening(self) -> None:
        if not self._listening:  # (disconnecting what is not connected makes PySide warn)
            return
        self._listening = False
        with contextlib.suppress(RuntimeError, TypeError):  # not connected (any more)
            self._controller.signed_in.disconnect(self._signed_in)

    def done(self, result: int) -> None:
        """Closed (accepted, rejected or by the window): a sign-in still running no longer
        reaches this dialog, whose widgets are about to go."""
        self._stop_listening()
        super().done(result)

    def _signed_in(self, _session: Session) -> None:
        if not self._alive():
            return
        self._finish_task()
        self.accept()

    def _alive(self) -> bool:
        """False once this dialog (or its widgets) is being deleted: a controller signal
        already on its way must not reach it."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.sign_in_button)

    def _failed(self, exc: BaseException) -> None:
        if not self._alive():
            return
        self._finish_task()
        self.show_error(user_message(exc))
        self._focus_first_field()

    def _cancel(self) -> None:
        if self._task is None:
            self.reject()
            return
        self._task.cancel()
        self._finish_task()
        self._show_message("Stopped. Nothing was changed.")

    def _focus_first_field(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.token.setFocus()
        elif self.email.text():
            self.password.setFocus()
        else:
            self.email.setFocus()
