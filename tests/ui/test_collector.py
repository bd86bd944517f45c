"""Garbage is collected on the GUI thread only (studio.ui.collector): Python's own collector
runs on whichever thread allocates, and destroyed a Qt object on a server thread while the
GUI thread was deleting a form: each waited for the other for good."""

from __future__ import annotations

import gc
import threading

from fresh_python import fresh_python
from pytestqt.qtbot import QtBot

from studio.ui.collector import GuiThreadCollector, full_pass_due


class Cyclic:
    """Garbage that only Python's cycle collector frees; says on which thread it was."""

    def __init__(self, where: list[bool]) -> None:
        self.me = self
        self.where = where

    def __del__(self) -> None:
        self.where.append(threading.current_thread() is threading.main_thread())


def test_garbage_made_on_a_worker_is_collected_on_the_gui_thread(qtbot: QtBot) -> None:
    where: list[bool] = []
    kept: list[object] = []

    def work() -> None:
        Cyclic(where)
        # Allocations enough to start Python's own collector on this thread, kept alive
        # until the end so that the collection is still due on the GUI thread.
        kept.append([[] for _ in range(20 * gc.get_threshold()[0])])

    collector = GuiThreadCollector(interval_ms=5)
    collector.start()
    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(where), timeout=5000)
    finally:
        collector.stop()
        kept.clear()
    assert where == [True]


def test_a_collection_is_due_when_the_youngest_generation_is_full() -> None:
    collector = GuiThreadCollector()
    collector.start()
    try:
        gc.collect()
        assert collector.collect_if_due() is None  # nothing allocated since
        kept = [[] for _ in range(2 * gc.get_threshold()[0])]
        assert collector.collect_if_due() == 0
        assert gc.get_count()[0] < gc.get_threshold()[0]  # counted afresh after it
        del kept
    finally:
        collector.stop()


def test_a_full_pass_waits_for_a_quarter_more_long_lived_objects() -> None:
    """As in Python: the oldest generation is walked again only once the objects that became
    long-lived since its last pass are a quarter of those that lived through it."""
    assert full_pass_due(500, 0)  # never walked yet
    assert not full_pass_due(1_200, 1_000)
    assert full_pass_due(1_250, 1_000)


def test_the_app_collects_on_the_gui_thread_once_started() -> None:
    """Collection is paused while the app opens; then the GUI thread collects (and what
    start-up made is frozen, so that later passes do not walk it)."""
    code = (
        "import gc, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from studio.app import Studio, parse_args, pause_garbage_collection\n"
        "from studio.paths import AppPaths\n"
        "pause_garbage_collection()\n"
        "app = QApplication(['t'])\n"
        "studio = Studio(parse_args([]), AppPaths.from_env().ensure(), app, frame_first=True,\n"
        "                collect_garbage=True)\n"
        "print(gc.isenabled(), studio.collector is None)\n"
        "studio.collect_garbage_again()  # start-up is done\n"
        "print(gc.isenabled(), studio.collector.active, gc.get_freeze_count() > 0)\n"
        "studio.shutdown()\n"
    )
    assert fresh_python(code).split("\n")[:2] == ["False True", "False True True"]
