"""Which modules a thread other than the main (GUI) one imported first, and which of them
define Qt classes. PySide builds a class's meta-object when the class is defined, and the
GUI thread reads meta-objects without the interpreter lock: a module defining Qt classes
imported on a worker crashed the app at start-up (see ``studio.ui.section_loader``)."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType


class WorkerImports(importlib.abc.MetaPathFinder):
    """Put first on ``sys.meta_path``: notes each module first imported off the main thread
    (with the thread's name), and lets the other finders import it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if threading.current_thread() is not threading.main_thread():
            self.seen.append((fullname, threading.current_thread().name))
        return None


def loads_qt_classes(name: str) -> bool:
    """``name`` is a PySide module, or a studio module that imports PySide6."""
    if name.split(".", maxsplit=1)[0] in ("PySide6", "shiboken6"):
        return True
    if not name.startswith("studio"):
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    path = spec.origin if spec is not None else None
    if not path or not path.endswith(".py"):
        return False
    return "PySide6" in Path(path).read_text(encoding="utf-8")
