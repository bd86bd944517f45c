"""Tasks: results on the GUI thread, errors, the serial writer pool, dead owners, cancel,
shutdown."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studio.tasks import Progress, TaskContext, TaskHandle, Tasks

WAIT = 5.0  # seconds a worker waits for a gate before giving up (never reached when green)


@pytest.fixture
def tasks(qapp: Any) -> Iterator[Tasks]:
    pool = Tasks()
    yield pool
    pool.shutdown(5000)


def wait_done(qtbot: QtBot, *handles: TaskHandle) -> None:
    qtbot.waitUntil(lambda: all(h.is_done for h in handles), timeout=5000)


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, tasks: Tasks) -> None:
    gui = QThread.currentThread()
    seen: dict[str, Any] = {}

    def work(a: int, b: int) -> int:
        seen["worker_is_gui"] = QThread.currentThread() is gui
        return a + b

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_is_gui"] = QThread.currentThread() is gui

    handle = tasks.run(work, 2, 3, on_done=done)
    wait_done(qtbot, handle)
    assert seen == {"worker_is_gui": False, "result": 5, "callback_is_gui": True}
    assert tasks.pending == 0


def test_exception_goes_to_on_error_on_the_gui_thread(qtbot: QtBot, tasks: Tasks) -> None:
    gui = QThread.currentThread()
    errors: list[tuple[BaseException, bool]] = []
    results: list[object] = []

    def work() -> None:
        raise ValueError("bad value")

    handle = tasks.run(
        work,
        on_done=results.append,
        on_error=lambda exc: errors.append((exc, QThread.currentThread() is gui)),
    )
    wait_done(qtbot, handle)
    assert results == []
    assert len(errors) == 1
    assert isinstance(errors[0][0], ValueError)
    assert str(errors[0][0]) == "bad value"
    assert errors[0][1] is True


def test_exception_without_handler_is_logged_with_traceback(
    qtbot: QtBot, tasks: Tasks, caplog: pytest.LogCaptureFixture
) -> None:
    def explode() -> None:
        raise KeyError("missing")

    handle = tasks.run(explode, name="explode-task")
    wait_done(qtbot, handle)
    records = [r for r in caplog.records if r.name == "studio.tasks"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "explode-task" in records[0].getMessage()
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is KeyError


def test_writer_pool_runs_one_at_a_time_in_order(qtbot: QtBot, tasks: Tasks) -> None:
    lock = threading.Lock()
    running = 0
    most = 0
    order: list[int] = []
    delivered: list[int] = []

    def write(i: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threading.Event().wait(0.002)  # give another writer thread a chance to overlap
        with lock:
            order.append(i)
            running -= 1
        return i

    handles = [tasks.run(write, i, writer=True, on_done=delivered.append) for i in range(25)]
    wait_done(qtbot, *handles)
    assert order == list(range(25))
    assert delivered == list(range(25))
    assert most == 1


def test_reader_pool_runs_in_parallel(qtbot: QtBot, tasks: Tasks) -> None:
    barrier = threading.Barrier(3, timeout=WAIT)
    results: list[int] = []

    def meet(i: int) -> int:
        barrier.wait()  # breaks (BrokenBarrierError) unless three readers run at once
        return i

    handles = [tasks.run(meet, i, on_done=results.append) for i in range(3)]
    wait_done(qtbot, *handles)
    assert sorted(results) == [0, 1, 2]


def test_progress_is_delivered_in_order_before_the_result(qtbot: QtBot, tasks: Tasks) -> None:
    gui = QThread.currentThread()
    events: list[object] = []

    def work(ctx: TaskContext, n: int) -> str:
        for i in range(1, n + 1):
            ctx.progress(i, n, f"step {i}")
        return "finished"

    def on_progress(p: Progress) -> None:
        assert QThread.currentThread() is gui
        events.append(p)

    handle = tasks.run(work, 3, context=True, on_progress=on_progress, on_done=events.append)
    wait_done(qtbot, handle)
    assert events == [
        Progress(1, 3, "step 1"),
        Progress(2, 3, "step 2"),
        Progress(3, 3, "step 3"),
        "finished",
    ]


def test_owner_deleted_while_running_drops_callbacks(qtbot: QtBot, tasks: Tasks) -> None:
    widget = QWidget()
    gate = threading.Event()
    progress: list[Progress] = []

    def work(ctx: TaskContext) -> str:
        gate.wait(WAIT)
        ctx.progress(1, 1)
        return "title"

    handle = tasks.run(
        work,
        context=True,
        owner=widget,
        on_done=widget.setWindowTitle,  # would raise on a deleted widget
        on_error=lambda exc: widget.setWindowTitle(str(exc)),
        on_progress=progress.append,
    )
    shiboken6.delete(widget)
    assert handle.cancelled  # the owner's destroyed signal cancels the task
    gate.set()
    wait_done(qtbot, handle)
    assert progress == []
    assert not shiboken6.isValid(widget)


def test_owner_deleted_after_the_work_finished_drops_callbacks(qtbot: QtBot, tasks: Tasks) -> None:
    widget = QWidget()
    worked = threading.Event()
    called: list[str] = []

    def work() -> str:
        worked.set()
        return "title"

    def done(title: str) -> None:
        called.append(title)
        widget.setWindowTitle(title)

    handle = tasks.run(work, owner=widget, on_done=done)
    assert worked.wait(WAIT)  # the result is on its way; the GUI loop has not run yet
    shiboken6.delete(widget)
    wait_done(qtbot, handle)
    assert called == []


def test_live_owner_gets_its_callback(qtbot: QtBot, tasks: Tasks) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    handle = tasks.run(lambda: "hello", owner=widget, on_done=widget.setWindowTitle)
    wait_done(qtbot, handle)
    assert widget.windowTitle() == "hello"
    assert not handle.cancelled


def test_cancel_a_running_task(qtbot: QtBot, tasks: Tasks) -> None:
    started = threading.Event()
    stopped_early: list[bool] = []
    called: list[object] = []

    def work(ctx: TaskContext) -> str:
        started.set()
        for _ in range(int(WAIT * 1000)):
            if ctx.cancelled:
                stopped_early.append(True)
                ctx.check()  # raises TaskCancelled
            threading.Event().wait(0.001)
        return "ran to the end"

    handle = tasks.run(work, context=True, on_done=called.append, on_error=called.append)
    assert started.wait(WAIT)
    handle.cancel()
    wait_done(qtbot, handle)
    assert stopped_early == [True]
    assert called == []
    assert handle.cancelled


def test_cancel_before_start_skips_the_function(qtbot: QtBot, tasks: Tasks) -> None:
    gate = threading.Event()
    ran: list[str] = []
    first = tasks.run(lambda: gate.wait(WAIT), writer=True)
    second = tasks.run(lambda: ran.append("second"), writer=True, on_done=ran.append)
    second.cancel()
    gate.set()
    wait_done(qtbot, first, second)
    assert ran == []


def test_shutdown_drains_writes_and_drops_queued_reads(qtbot: QtBot) -> None:
    tasks = Tasks(max_readers=1)
    gate = threading.Event()
    writes: list[int] = []
    delivered: list[int] = []
    reads: list[str] = []

    def slow_read(ctx: TaskContext) -> None:
        gate.set()
        while not ctx.cancelled:
            threading.Event().wait(0.001)
        reads.append("first read stopped")

    def write(i: int) -> int:
        writes.append(i)
        return i

    running_read = tasks.run(slow_read, context=True)
    queued_read = tasks.run(lambda: reads.append("queued read ran"))
    assert gate.wait(WAIT)
    handles = [tasks.run(write, i, writer=True, on_done=delivered.append) for i in range(10)]

    assert tasks.shutdown(5000) is True
    assert writes == list(range(10))
    assert delivered == list(range(10))  # outcomes delivered before shutdown returned
    assert reads == ["first read stopped"]
    assert running_read.is_done and queued_read.is_done
    assert all(h.is_done for h in handles)
    assert tasks.pending == 0

    late: list[str] = []
    refused = tasks.run(lambda: late.append("ran"), writer=True, on_done=late.append)
    assert tasks.closed
    assert refused.is_done and refused.cancelled
    qtbot.wait(20)
    assert late == []


def test_run_from_a_worker_thread_is_refused(tasks: Tasks) -> None:
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            tasks.run(lambda: None)
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(WAIT)
    assert len(errors) == 1


def test_a_write_outlives_its_owner_but_its_callback_is_dropped(qtbot: QtBot, tasks: Tasks) -> None:
    widget = QWidget()
    gate = threading.Event()
    written: list[str] = []
    called: list[str] = []

    def write() -> str:
        gate.wait(WAIT)
        written.append("saved")
        return "saved"

    handle = tasks.run(write, writer=True, owner=widget, on_done=called.append)
    shiboken6.delete(widget)
    assert not handle.cancelled  # user data is never thrown away with a closed window
    gate.set()
    wait_done(qtbot, handle)
    assert written == ["saved"]
    assert called == []


def test_an_outcome_due_right_after_large_gui_work_waits_for_the_next_turn(
    qtbot: QtBot, tasks: Tasks
) -> None:
    """Qt fires every due timer in one pass: an outcome due on the turn a render just ran on
    would run right after it, one long stall. It waits for the next turn instead."""
    order: list[str] = []
    tasks.run(lambda: "read", on_done=order.append)
    tasks._readers.waitForDone()  # the read finished; its outcome is queued to this thread
    QCoreApplication.sendPostedEvents(tasks)  # ... and has arrived
    tasks.worked()  # a render just ended on this turn
    assert tasks.just_worked()
    tasks._deliver_next()  # the outcome's timer, due on the same turn
    assert order == []
    qtbot.waitUntil(lambda: order == ["read"], timeout=5000)  # on a later turn


def test_held_tasks_start_in_order_when_released(qtbot: QtBot, tasks: Tasks) -> None:
    """At start-up nothing runs before the window's first paint: held tasks wait, then start
    in the order given; a shutdown meanwhile still runs held writes."""
    ran: list[str] = []
    tasks.hold()
    first = tasks.run(lambda: ran.append("read"))
    second = tasks.run(lambda: ran.append("write"), writer=True)
    qtbot.wait(50)
    assert ran == [] and not first.is_done and not second.is_done
    tasks.release()
    qtbot.waitUntil(lambda: first.is_done and second.is_done, timeout=5000)
    assert sorted(ran) == ["read", "write"]
    tasks.hold()
    kept = tasks.run(lambda: ran.append("kept"), writer=True)
    assert tasks.shutdown()
    assert kept.is_done and ran[-1] == "kept"
