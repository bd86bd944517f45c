"""Helpers for the credits-section tests: the page opened on the test's sandbox, its rows,
and a user's way through its menus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from profile_helpers import WAIT_MS, session_for
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from studio.context import AppContext, Session
from studio.core.credit_drafts import FIELD, item_key
from studio.ui.credits.model import KEY_ROLE
from studio.ui.credits.page import CreditsPage

__all__ = ["WAIT_MS", "open_credits_page", "session_for"]


def open_credits_page(
    qtbot: QtBot, ctx: AppContext, session: Session, artist_index: int = 0
) -> CreditsPage:
    page = CreditsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 720)
    page.show()
    ctx.session = session
    page.set_target(session, session.artists[artist_index])
    qtbot.waitUntil(
        lambda: page.doc is not None and page.handle is not None and page.handle.fresh,
        timeout=WAIT_MS,
    )
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT_MS)
    return page


def shown_keys(page: CreditsPage) -> list[str]:
    return [str(page.proxy.index(r, 0).data(KEY_ROLE)) for r in range(page.proxy.rowCount())]


def draft_keys(page: CreditsPage) -> list[str]:
    assert page.doc is not None
    return [item_key(i) for i in page.doc.value(FIELD)]


def click_row(qtbot: QtBot, page: CreditsPage, row: int) -> None:
    index = page.proxy.index(row, 0)
    page.view.scrollTo(index)
    rect = page.view.visualRect(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.view.currentIndex().row() == row


def pick_in_menu(qtbot: QtBot, button: QWidget, labels: list[str]) -> None:
    """Open a menu button with a click and tick ``labels`` with the keyboard (arrows to the
    item, Space ticks it and keeps the menu open), then close it with Escape."""
    done: list[bool] = []

    def drive() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu), menu
        enabled = [a for a in menu.actions() if not a.isSeparator() and a.isEnabled()]
        for label in labels:
            target = next(a for a in enabled if a.text().replace("&&", "&") == label)
            for _ in range(len(menu.actions()) + 2):
                if menu.activeAction() is target:
                    break
                qtbot.keyClick(menu, Qt.Key.Key_Down)
            assert menu.activeAction() is target, label
            qtbot.keyClick(menu, Qt.Key.Key_Space)
        qtbot.keyClick(menu, Qt.Key.Key_Escape)
        done.append(True)

    QTimer.singleShot(50, drive)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)


def wait_for(qtbot: QtBot, check: Callable[[], Any], timeout: int = WAIT_MS) -> None:
    qtbot.waitUntil(lambda: bool(check()), timeout=timeout)
