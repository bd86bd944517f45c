"""The start-up waits for the window's first paint before any worker runs."""

from __future__ import annotations

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
