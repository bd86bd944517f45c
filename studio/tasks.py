"""Background work on ``QThreadPool`` with results delivered on the GUI thread.

One :class:`Tasks` object (built by the app, passed down; no global) owns two pools:

- a *reader* pool (several threads) for API reads, thumbnails and other independent work;
- a *writer* pool of exactly one thread for store writes and uploads, so they run one at a
  time in the order they were started.

``tasks.run(fn, *args, on_done=..., on_error=..., owner=widget)`` runs ``fn(*args)`` on a
worker thread and calls ``on_done(result)`` or ``on_error(exc)`` later on the GUI thread (the
thread that owns the ``Tasks`` object), through a queued signal. A task whose ``owner`` has
been destroyed, or that was cancelled, finishes silently: none of its callbacks run. A
destroyed owner also cancels a *read*; a *write* still runs (it is the user's data), only
its callbacks are dropped.

Cancellation is cooperative: ``handle.cancel()`` sets a flag; a task that has not started yet
is skipped, a running one sees it through its :class:`TaskContext` (pass ``context=True`` to
receive one as the first argument) and may stop early.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QEvent,
    QMetaObject,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
)

log = logging.getLogger(__name__)

DEFAULT_SHUTDOWN_TIMEOUT_MS = 5000
MIN_READER_THREADS = 4  # reads are mostly network waits, so more threads than cores help


class TaskCancelled(Exception):  # noqa: N818 (reads better at the raise site than ...Error)
    """Raised by :meth:`TaskContext.check` inside a task that was cancelled."""


@dataclass(frozen=True)
class Progress:
    """A progress report from a task: ``done`` of ``total`` units (``total`` None if unknown)."""

    done: int
    total: int | None = None
    message: str = ""


class TaskContext:
    """Handed to a task started with ``context=True``: cancellation flag and progress."""

    def __init__(self, handle: TaskHandle, bridge: Tasks) -> None:
        self._handle = handle
        self._bridge = bridge

    @property
    def cancelled(self) -> bool:
        return self._handle.cancelled

    def check(self) -> None:
        """Raise :class:`TaskCancelled` if the task was cancelled (its result is dropped)."""
        if self._handle.cancelled:
            raise TaskCancelled(self._handle.name)

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Report progress; ``on_progress`` receives it on the GUI thread."""
        if self._handle.cancelled:
            return
        with contextlib.suppress(RuntimeError):  # RuntimeError: Tasks is gone (app quitting)
            self._bridge._progress.emit(self._handle, Progress(done, total, message))


class TaskHandle:
    """What :meth:`Tasks.run` returns: cancel the task or ask whether it is done."""

    def __init__(
        self,
        name: str,
        *,
        writer: bool,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[Progress], None] | None,
        owner: QObject | None,
    ) -> None:
        self.name = name
        self.writer = writer
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._owner = owner
        self._owner_connection: QMetaObject.Connection | None = None
        self._cancel = threading.Event()
        self._done = False  # set on the GUI thread once the outcome was handled
        self._result: Any = None
        self._error: BaseException | None = None

    def __repr__(self) -> str:
        state = "done" if self._done else "cancelled" if self.cancelled else "pending"
        return f"<TaskHandle {self.name!r} {'writer' if self.writer else 'reader'} {state}>"

    def cancel(self) -> None:
        """Ask the task to stop; its callbacks will not run. Safe from any thread."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_done(self) -> bool:
        """True once the task finished (or was dropped) and its callbacks ran or were skipped."""
        return self._done

    def _owner_alive(self) -> bool:
        return self._owner is None or shiboken6.isValid(self._owner)

    def _finish(self) -> None:
        """Forget callbacks and owner so nothing is kept alive longer than needed."""
        self._done = True
        if self._owner_connection is not None and self._owner_alive():
            QObject.disconnect(self._owner_connection)
        self._owner_connection = None
        self._owner = None
        self._on_done = self._on_error = self._on_progress = None


class _Job(QRunnable):
    """Runs one task on a pool thread and posts the outcome back to the GUI thread."""

    def __init__(self, tasks: Tasks, handle: TaskHandle, call: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Tasks keeps the Python object until delivery
        self._tasks = tasks
        self._handle = handle
        self._call = call

    def run(self) -> None:
        handle = self._handle
        if not handle.cancelled:
            try:
                handle._result = self._call()
            except TaskCancelled:
                handle.cancel()
            except Exception as exc:
                handle._error = exc
        self._call = _noop  # drop references to arguments as soon as possible
        with contextlib.suppress(RuntimeError):  # RuntimeError: Tasks is gone (app quitting)
            self._tasks._finished.emit(handle)


def _noop() -> None:
    return None


SAME_TURN_S = 0.0005  # work ending closer than this to the next began on the same turn


class Tasks(QObject):
    """Two thread pools (readers, one writer) whose results come back on the GUI thread.

    Create it on the GUI thread; call :meth:`run` and :meth:`shutdown` from that thread.
    """

    _finished = Signal(object)
    _progress = Signal(object, object)

    def __init__(self, parent: QObject | None = None, *, max_readers: int | None = None) -> None:
        super().__init__(parent)
        self._readers = QThreadPool()
        self._readers.setObjectName("studio-readers")
        self._readers.setMaxThreadCount(
            max_readers or max(MIN_READER_THREADS, QThread.idealThreadCount())
        )
        self._writer = QThreadPool()
        self._writer.setObjectName("studio-writer")
        self._writer.setMaxThreadCount(1)
        self._jobs: dict[TaskHandle, _Job] = {}
        self._closed = False
        # Outcomes are delivered one per event-loop turn: results that arrive together (a
        # burst of reads at start-up) would otherwise all run in one turn, and no input,
        # timer or paint gets in between them.
        self._arrived: deque[TaskHandle] = deque()
        self._scheduled = False  # a turn to deliver the next outcome is queued
        self._worked_at = 0.0  # when the last large piece of GUI work ended (see worked)
        self._held: list[tuple[QThreadPool, _Job]] | None = None  # see hold
        self._finished.connect(self._arrive)
        self._progress.connect(self._deliver_progress)

    @property
    def closed(self) -> bool:
        """True after :meth:`shutdown`: new tasks are refused."""
        return self._closed

    @property
    def pending(self) -> int:
        """How many started tasks have not been delivered yet."""
        return len(self._jobs)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        owner: QObject | None = None,
        writer: bool = False,
        context: bool = False,
        name: str | None = None,
    ) -> TaskHandle:
        """Run ``fn(*args)`` (``fn(ctx, *args)`` with ``context=True``) on a pool thread.

        ``writer=True`` queues it on the one-thread writer pool (in order with other writes).
        Callbacks run on the GUI thread, never after ``owner`` is destroyed or the handle is
        cancelled. An exception goes to ``on_error``; without one it is logged at WARNING.
        After :meth:`shutdown` the task is not run and the returned handle is already done.
        """
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("Tasks.run must be called from the thread that owns Tasks")
        handle = TaskHandle(
            name or str(getattr(fn, "__qualname__", fn)),
            writer=writer,
            on_done=on_done,
            on_error=on_error,
            on_progress=on_progress,
            owner=owner,
        )
        if self._closed:
            log.debug("task %s refused: shutting down", handle.name)
            handle.cancel()
            handle._finish()
            return handle
        if owner is not None and not writer:  # writes always complete; only reads are cut short
            handle._owner_connection = owner.destroyed.connect(handle.cancel)
        if context:
            ctx = TaskContext(handle, self)
            job = _Job(self, handle, lambda: fn(ctx, *args))
        else:
            job = _Job(self, handle, lambda: fn(*args))
        self._jobs[handle] = job
        pool = self._writer if writer else self._readers
        if self._held is not None:
            self._held.append((pool, job))
        else:
            pool.start(job)
        return handle

    def hold(self) -> None:
        """Queue tasks without starting them until :meth:`release` (in the order given).
        At start-up the window's first paint goes first: workers started with it hold the
        interpreter lock, and every Python call of the paint waits for them."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the tasks queued since :meth:`hold` (and stop holding). Idempotent."""
        held, self._held = self._held or [], None
        for pool, job in held:
            pool.start(job)

    def shutdown(self, timeout_ms: int = DEFAULT_SHUTDOWN_TIMEOUT_MS) -> bool:
        """Stop accepting tasks, cancel reads, let queued writes finish, wait for both pools.

        Reads that have not started are dropped and running ones are cancelled. Writes are the
        user's data (autosaves, uploads): they are never cancelled here, only waited for.
        Outcomes that arrived meanwhile are delivered before returning. Returns True when both
        pools finished within ``timeout_ms``.
        """
        self._closed = True
        self.release()  # held reads are dropped below; held writes run
        for handle, job in list(self._jobs.items()):
            if handle.writer:
                continue
            handle.cancel()
            if self._readers.tryTake(job):
                self._jobs.pop(handle, None)
                handle._finish()
        deadline = QDeadlineTimer(timeout_ms)
        drained = self._readers.waitForDone(deadline.remainingTime())
        drained = self._writer.waitForDone(max(deadline.remainingTime(), 0)) and drained
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self._deliver_arrived()
        if not drained:
            log.warning("background tasks still running after %d ms at shutdown", timeout_ms)
        return drained

    def _arrive(self, handle: TaskHandle) -> None:
        self._arrived.append(handle)
        self._schedule()

    def _schedule(self) -> None:
        # A 1 ms single-shot timer with this object as context (dropped if it is gone by
        # then). Not 0 ms: Qt posts that as an event, and events posted meanwhile are sent in
        # the same pass, so a burst of outcomes still ran back to back; timers fire one pass
        # at a time, with input, paint and other timers between them (bench_open: the
        # longest stall at open 83-95 ms with 0 ms, 53-58 ms with 1 ms).
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(1, self, self._deliver_next)

    def worked(self) -> None:
        """Say a large piece of GUI work (an outcome, a render) just ended: another that
        would run on the same event-loop turn waits for the next (see :meth:`just_worked`)."""
        self._worked_at = time.perf_counter()

    def just_worked(self) -> bool:
        """A large piece of GUI work ended moments ago, on this turn: Qt fires every timer
        that is due in one pass, so a render and an outcome due together ran back to back
        (bench_open: a 26 ms first render and a 14 ms form, one 58 ms stall)."""
        return time.perf_counter() - self._worked_at < SAME_TURN_S

    def _deliver_next(self) -> None:
        self._scheduled = False
        if self._arrived and self.just_worked():
            self._schedule()  # a timer started now fires on the next turn
            return
        if self._arrived:
            self._deliver(self._arrived.popleft())
            self.worked()
        if self._arrived:
            self._schedule()

    def _deliver_arrived(self) -> None:
        """Deliver every outcome that has arrived, now (at shutdown)."""
        while self._arrived:
            self._deliver(self._arrived.popleft())

    def _deliver(self, handle: TaskHandle) -> None:
        self._jobs.pop(handle, None)
        on_done, on_error = handle._on_done, handle._on_error
        usable = not handle.cancelled and handle._owner_alive()
        handle._finish()
        error, result = handle._error, handle._result
        handle._error = handle._result = None
        if not usable:
            log.debug("task %s finished after cancel or owner deletion: dropped", handle.name)
            return
        if error is None:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(error)
        else:
            log.warning("background task %s failed", handle.name, exc_info=error)

    def _deliver_progress(self, handle: TaskHandle, progress: Progress) -> None:
        callback = handle._on_progress
        if callback is None or handle.cancelled or not handle._owner_alive():
            return
        callback(progress)
