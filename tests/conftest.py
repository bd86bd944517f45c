"""Shared test set-up: offscreen Qt, an in-memory keyring, temp dirs for every test,
ERROR log records fail a test unless it is marked ``allow_log_errors``, a Qt module first
imported on a worker thread fails it too, and a real sandbox server on a free loopback
port."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BEATPASS_STUDIO_HOME", None)

import keyring
import keyring.backend
import keyring.errors
import pytest
from qt_threads import WorkerImports, loads_qt_classes

if TYPE_CHECKING:
    from studio.ui.collector import GuiThreadCollector


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in memory: tests never touch the user's real keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp: object) -> Iterator[GuiThreadCollector]:
    """Garbage is collected on the GUI thread only, as in the app (``studio.ui.collector``):
    Python's own collector, run by a sandbox server's thread, once destroyed a Qt object
    there while the GUI thread was deleting a form, and the suite hung."""
    from studio.ui.collector import GuiThreadCollector

    collector = GuiThreadCollector()
    collector.start()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def collect_after_each_test(gui_thread_collector: GuiThreadCollector) -> Iterator[None]:
    """A test that never runs the event loop still has its garbage collected (on this
    thread) when a collection is due."""
    yield
    gui_thread_collector.collect_if_due()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data/config/cache/log folders."""
    home = tmp_path / "studio-home"
    for var, sub in (
        ("BEATPASS_STUDIO_DATA_DIR", "data"),
        ("BEATPASS_STUDIO_CONFIG_DIR", "config"),
        ("BEATPASS_STUDIO_CACHE_DIR", "cache"),
        ("BEATPASS_STUDIO_LOG_DIR", "logs"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-home" / ".config"))
    return home


@pytest.fixture(autouse=True)
def fail_on_log_errors(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Unexpected ERROR (or worse) log records fail the test."""
    caplog.set_level(logging.INFO)
    yield
    if request.node.get_closest_marker("allow_log_errors"):
        return
    errors = [
        r
        for when in ("setup", "call")
        for r in caplog.get_records(when)  # type: ignore[arg-type]
        if r.levelno >= logging.ERROR
    ]
    if errors:
        lines = "\n".join(f"{r.name}: {r.getMessage()}" for r in errors)
        pytest.fail(f"unexpected error log records:\n{lines}")


@pytest.fixture(autouse=True)
def switch_interval_kept() -> Iterator[None]:
    """A test leaves Python's switch interval as it found it (the app shortens it while
    start-up's background work runs, see ``studio.switch_interval``)."""
    before = sys.getswitchinterval()
    yield
    after = sys.getswitchinterval()
    if after != before:
        sys.setswitchinterval(before)
        pytest.fail(f"the switch interval was left at {after} s (was {before} s)")


WORKER_IMPORTS = WorkerImports()
sys.meta_path.insert(0, WORKER_IMPORTS)


@pytest.fixture(autouse=True)
def no_qt_imports_on_workers() -> Iterator[None]:
    """A Qt module first imported on a worker thread fails the test."""
    yield
    seen, WORKER_IMPORTS.seen = WORKER_IMPORTS.seen, []
    bad = sorted({f"{name} (thread {thread})" for name, thread in seen if loads_qt_classes(name)})
    if bad:
        pytest.fail("Qt modules imported on a worker thread: " + ", ".join(bad))


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[object]:
    """A fresh sandbox (demo seed) on a free loopback port, real HTTP, stopped after the test.

    Yields ``studio.sandbox.server.SandboxHandle`` (``base_url``, ``origin``, ``set_faults``…).
    """
    from studio.sandbox.server import start_sandbox

    handle = start_sandbox(tmp_path / "sandbox-data", seed="demo", port=0)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def make_ctx(qapp: object) -> Iterator[object]:
    """``make_ctx()`` builds an app context on this test's folders (a "restart" builds another
    on the same store file: the previous one signs out, drains its pools and closes its
    store first); all are shut down after the test."""
    from studio.context import AppContext, build_context
    from studio.paths import AppPaths

    made: list[AppContext] = []

    def make() -> AppContext:
        for old in made:  # one app at a time uses the store file
            old.set_session(None)
            old.tasks.shutdown()
            if old.store is not None:
                old.store.close()
        ctx = build_context(AppPaths.from_env().ensure())
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.shutdown()
        if ctx.store is not None:
            ctx.store.close()
