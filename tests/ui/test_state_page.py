"""The main window's state page: the busy bar only for a wait that lasts."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.ui.icons import IconSet
from studio.ui.state_page import BUSY_DELAY_MS, StatePage


def test_the_busy_bar_shows_only_when_a_wait_lasts(qtbot: QtBot, qapp: QApplication) -> None:
    """A start that opens the stored profile at once never shows (nor animates, repainting
    the window's centre) the busy bar; a longer wait shows it; a state that ends the wait
    before then never shows it."""
    page = StatePage(IconSet(qapp.palette()))
    qtbot.addWidget(page)
    page.show()
    page.show_busy("Connecting…")
    assert page.title.text() == "Connecting…" and not page.busy.isVisible()
    qtbot.waitUntil(page.busy.isVisible, timeout=BUSY_DELAY_MS + 2_000)
    page.show_busy("Connecting again…")  # a new wait starts hidden again
    assert not page.busy.isVisible()
    page.show_state("Not signed in", "Sign in to go on.", "Sign in…")
    qtbot.wait(BUSY_DELAY_MS + 200)
    assert not page.busy.isVisible() and page.primary.isVisible()


def test_the_page_does_not_move_when_the_busy_bar_shows(qtbot: QtBot, qapp: QApplication) -> None:
    """Found by review: the bar hidden took no room, so the logo and title jumped up a few
    pixels when it showed. While busy it keeps its room."""
    page = StatePage(IconSet(qapp.palette()))
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    page.show_busy("Connecting…")
    qtbot.wait(10)
    before = page.title.geometry()
    qtbot.waitUntil(page.busy.isVisible, timeout=BUSY_DELAY_MS + 2_000)
    qtbot.wait(10)
    assert page.title.geometry() == before
