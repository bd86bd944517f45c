"""Small helpers shared by the shell's UI tests."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from studio.app import Studio
from studio.ui.sign_in import SignInDialog

WAIT_MS = 30_000


def dialog_of(studio: Studio) -> SignInDialog:
    assert studio.dialog is not None, "the sign-in dialog is not open"
    return studio.dialog


def sign_in_with_password(qtbot: QtBot, studio: Studio, email: str, password: str) -> None:
    """Type into the dialog like a user and press Enter (does not wait for the outcome)."""
    dialog = dialog_of(studio)
    dialog.tabs.setCurrentIndex(0)
    qtbot.keyClicks(dialog.email, email)
    qtbot.keyClicks(dialog.password, password)
    from PySide6.QtCore import Qt

    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def wait_signed_in(qtbot: QtBot, studio: Studio) -> None:
    qtbot.waitUntil(lambda: studio.ctx.session is not None, timeout=WAIT_MS)


def wait_message(qtbot: QtBot, studio: Studio) -> str:
    """Wait until the dialog has finished its task and shows a message; return its text."""
    dialog = dialog_of(studio)
    qtbot.waitUntil(
        lambda: not dialog.busy.isVisible() and dialog.message.isVisible(), timeout=WAIT_MS
    )
    return dialog.message.text()
