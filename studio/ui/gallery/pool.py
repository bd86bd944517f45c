"""``PicturePool``: worker processes for the import's heavy steps (:mod:`studio.ui.gallery.jobs`).

Decoding a 24 MP picture takes a worker hundreds of milliseconds, and parts of it (reading
through a file, allocating a whole picture) hold the interpreter lock: run in a thread of
the GUI process they would stall the GUI. Worker processes share no lock with it. They are
started on first use ("spawn": nothing of the GUI process's threads is copied), stay for the
next import, and stop after a while without work or when the importer goes; each one also
stops at once when the app's process is gone (even killed: it watches its parent), so none
is left behind. A worker that dies (memory exhausted…) fails only the picture it was
working on.

Call :meth:`PicturePool.call` from a background task (never the GUI thread): it waits for
the result. Where processes cannot be used (a frozen bundle, whose executable would start a
whole app as the "worker"), the work runs in the calling thread instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
WORKER_NICENESS = 10  # how much lower the workers' CPU priority is than the app's
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD_BYTES = 1 << 20  # blocks this large or larger are mapped on their own
STOPPED = (
    "The helper that prepares pictures stopped while working on this one (the computer may "
    "be short of memory). Try adding it again."
)


class WorkerStopped(Exception):  # noqa: N818 (reads as what happened)
    """The worker process running a picture's step died."""

    def __str__(self) -> str:
        return STOPPED


def _start_worker() -> None:
    """In a worker: give way to the app (a lower CPU priority: the GUI gets the processor
    first when both want it), give memory back as soon as a picture is done, and end as soon
    as the app's process is gone."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)
    _return_memory_promptly()
    _watch_parent()


def _return_memory_promptly() -> None:
    """On glibc (Linux), large blocks (a decoded picture's) are mapped on their own and
    given back to the system when freed. Otherwise glibc raises its threshold after the
    first such block is freed and keeps later ones in its heap: each idle worker would
    keep the memory of the largest picture it ever prepared."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def _watch_parent() -> None:
    """In a worker: end this process as soon as the app's process is gone (a kill -9 of the
    app leaves no worker behind; they would wait for work forever)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="watch the app", daemon=True).start()


def _ready() -> bool:
    return True


def processes_usable() -> bool:
    """False in a frozen bundle (it would start the app again as a worker)."""
    return not getattr(sys, "frozen", False)


class PicturePool:
    """A few worker processes, made on first use (thread-safe)."""

    def __init__(self, workers: int, *, use_processes: bool | None = None) -> None:
        self.workers = max(1, workers)
        self.use_processes = processes_usable() if use_processes is None else use_processes
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._worked = False  # a worker process has finished a call (they can start here)

    @property
    def running(self) -> bool:
        return self._executor is not None

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (``fn`` and the values must pickle); waits."""
        executor = self._get()
        if executor is None:
            return fn(*args)
        try:
            result = executor.submit(fn, *args).result()
        except BrokenProcessPool:
            self._drop(executor)
            if not self._worked:  # workers cannot start here (an unusual interpreter set-up)
                log.warning("picture worker processes cannot start; working in threads")
                self.use_processes = False
                return fn(*args)
            log.warning("a picture worker process stopped; starting new ones")
            raise WorkerStopped from None
        self._worked = True
        return result

    def warm_up(self) -> None:
        """Start the workers now (a background task: the first import does not wait)."""
        executor = self._get()
        if executor is None:
            return
        try:
            for future in [executor.submit(_ready) for _ in range(self.workers)]:
                future.result()
        except BrokenProcessPool:
            self._drop(executor)
            if not self._worked:
                log.warning("picture worker processes cannot start; working in threads")
                self.use_processes = False
            return
        self._worked = True

    def shutdown(self, *, wait: bool = False) -> None:
        """Let the workers go (what they are doing is finished, nothing new starts);
        ``wait``: until they are gone."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

    def _get(self) -> ProcessPoolExecutor | None:
        if not self.use_processes:
            return None
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_start_worker
                )
            return self._executor

    def _drop(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)
