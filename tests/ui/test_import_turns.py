"""The GUI thread's import turns leave room between them: a timer (the heartbeat here, a key
press for the user) runs after each import, so the longest stall is one import, not two."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from studio.ui.section_loader import import_in_turns

SLOW_IMPORT_S = 0.015  # each module keeps the GUI thread this long while it is imported
MODULES = 6


def slow_modules(folder: Path) -> list[str]:
    prefix = f"slow_turn_{uuid.uuid4().hex[:8]}"
    names = [f"{prefix}_{i}" for i in range(MODULES)]
    for name in names:
        (folder / f"{name}.py").write_text(
            "import time\n"
            "start = time.perf_counter()\n"
            f"while time.perf_counter() - start < {SLOW_IMPORT_S}:\n"
            "    pass\n"
        )
    return names


def test_a_timer_runs_between_every_two_imports(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    names = slow_modules(tmp_path)
    owner = QObject()
    seen: list[int] = []  # at each beat: how many of the modules were imported by then
    beat = QTimer(owner)
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(1)
    beat.timeout.connect(lambda: seen.append(sum(name in sys.modules for name in names)))
    done: list[bool] = []
    try:
        beat.start()
        import_in_turns(owner, names, lambda: done.append(True))
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
    finally:
        beat.stop()
        for name in names:
            sys.modules.pop(name, None)
    # Every count from none to all was seen: no two imports ran with no beat between them.
    assert sorted(set(seen)) == list(range(MODULES + 1))
