"""The start-up waits for the window's first paint before any worker runs."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studio.ui.first_paint import FIRST_PAINT_LIMIT_MS, after_first_paint


def test_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[bool] = []
    after_first_paint(window, lambda: calls.append(window.isVisible()))
    qtbot.wait(20)
    assert calls == []  # not shown: not painted
    window.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=FIRST_PAINT_LIMIT_MS - 50)
    window.update()
    qtbot.wait(FIRST_PAINT_LIMIT_MS + 50)
    assert calls == [True]  # once, also past the limit


def test_a_window_that_never_paints_lets_it_run_after_the_limit(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[int] = []
    after_first_paint(window, lambda: calls.append(1))
    qtbot.waitUntil(lambda: calls == [1], timeout=FIRST_PAINT_LIMIT_MS + 500)


def test_nothing_runs_once_its_owner_is_gone(qtbot: QtBot) -> None:
    """What ``then`` works on may be deleted before the window paints (a page replaced at
    start-up): the call is dropped, and the window's filter is taken off."""
    window = QWidget()
    qtbot.addWidget(window)
    owner = QWidget(window)
    calls: list[int] = []
    after_first_paint(window, lambda: calls.append(1), owner=owner)
    kept = QWidget(window)
    after_first_paint(window, lambda: calls.append(2), owner=kept)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner), timeout=1000)
    window.show()
    qtbot.waitUntil(lambda: calls == [2], timeout=FIRST_PAINT_LIMIT_MS + 500)
    qtbot.wait(FIRST_PAINT_LIMIT_MS + 50)
    assert calls == [2]
