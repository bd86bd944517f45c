"""``run_in_turns`` runs each step on an event-loop turn of its own: a timer that is due (the
heartbeat here, a key press for the user) runs between every two steps."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from studio.ui.turns import run_in_turns

STEP_S = 0.01  # each step keeps the GUI thread this long
STEPS = 5


def busy(done: list[int], index: int) -> None:
    start = time.perf_counter()
    while time.perf_counter() - start < STEP_S:
        pass
    done.append(index)


def test_a_due_timer_runs_between_every_two_steps(qtbot: QtBot) -> None:
    owner = QObject()
    done: list[int] = []
    seen: list[int] = []  # at each beat: how many steps had run
    beat = QTimer(owner)
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(5)  # shorter than a step: due by the time each step ends
    beat.timeout.connect(lambda: seen.append(len(done)))
    beat.start()
    steps = [lambda i=i: busy(done, i) for i in range(STEPS)]
    run_in_turns(owner, steps)
    qtbot.waitUntil(lambda: len(done) == STEPS, timeout=5000)
    qtbot.wait(20)
    beat.stop()
    assert done == list(range(STEPS))  # in order, each once
    assert set(range(1, STEPS + 1)) <= set(seen)  # a beat after every step


def test_a_step_that_raises_does_not_stop_the_others(qtbot: QtBot) -> None:
    owner = QObject()
    done: list[str] = []

    def fails() -> None:
        done.append("fails")
        raise RuntimeError("a step failed")

    with qtbot.capture_exceptions() as raised:
        run_in_turns(owner, [fails, lambda: done.append("after")])
        qtbot.waitUntil(lambda: done == ["fails", "after"], timeout=5000)
    assert [str(error) for _type, error, _tb in raised] == ["a step failed"]


def test_nothing_runs_once_the_owner_is_gone(qtbot: QtBot) -> None:
    owner = QObject()
    done: list[str] = []

    def first() -> None:
        done.append("first")
        owner.deleteLater()  # gone before the next turn

    with qtbot.waitSignal(owner.destroyed, timeout=5000):
        run_in_turns(owner, [first, lambda: done.append("second")])
    qtbot.wait(50)
    assert done == ["first"]
