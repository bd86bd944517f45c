"""Small helpers shared by the shell's UI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu
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


def menu_of(window: QMainWindow, title: str) -> QMenu:
    """The menu-bar menu called ``title`` (without its "&")."""
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title]
    assert isinstance(menu, QMenu)
    return menu


def mnemonic_key(text: str) -> Qt.Key:
    sequence = QKeySequence.mnemonic(text)
    assert not sequence.isEmpty(), f"{text!r} has no mnemonic"
    return sequence[0].key()


def choose_from_menu(qtbot: QtBot, window: QMainWindow, title: str, item: str) -> None:
    """Open a menu-bar menu with Alt+its mnemonic and choose ``item`` by its own mnemonic,
    as a keyboard user does (the window must be active)."""
    menu = menu_of(window, title)
    qtbot.keyClick(window, mnemonic_key(menu.title()), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    [action] = [a for a in menu.actions() if a.text().replace("&", "") == item]
    qtbot.keyClick(menu, mnemonic_key(action.text()))
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=WAIT_MS)
