"""No module that defines Qt classes is imported on a worker thread while the app opens.

PySide builds a class's meta-object when the class is defined, and the GUI thread reads
meta-objects without the interpreter lock: importing the profile page's modules on a worker
while the event loop ran crashed the app at start-up (about one start in thirty). The suite's
``no_qt_imports_on_workers`` fixture watches every test, but there most modules are already
imported; this test watches a whole start-up from nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fresh_python import app_env
from qt_threads import loads_qt_classes

APP = """
import importlib.abc, sys, threading
seen = []

class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if threading.current_thread() is not threading.main_thread():
            seen.append(name)
        return None

sys.meta_path.insert(0, Watch())
import studio.app as A
from PySide6.QtCore import QTimer
from studio.ui.sections import SECTIONS, PlaceholderPage

start = A.Studio.start

def started(self):
    start(self)
    waited = [0]

    def check():
        window = self.window
        keys = [s.key for s in SECTIONS if s.page is not None]
        pages = [window.pages.get(key) for key in keys] if window.furnished else [None]
        profile = window.pages.get("profile")
        pane = getattr(getattr(profile, "_late", None), "pane", None)
        if all(p is not None and not isinstance(p, PlaceholderPage) for p in pages) and pane:
            print("ON_WORKERS " + " ".join(sorted(set(seen))), flush=True)
            window.close()
            self.app.exit(0)
        elif waited[0] > 60_000:
            print("NEVER_LOADED", flush=True)
            window.close()
            self.app.exit(3)
        else:
            waited[0] += 20
            QTimer.singleShot(20, check)

    QTimer.singleShot(20, check)

A.Studio.start = started
sys.exit(A.main(["--sandbox"]))
"""


def test_opening_the_app_imports_no_qt_module_on_a_worker(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", APP],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("ON_WORKERS")]
    assert result.returncode == 0 and lines, result.stdout + result.stderr
    imported = lines[0].split()[1:]
    assert any(name.startswith("studio.") for name in imported)  # the workers did import
    assert [name for name in imported if loads_qt_classes(name)] == []
