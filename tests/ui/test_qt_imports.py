"""PySide's ``__feature__`` import hook is taken off at start-up (Studio selects no feature):
imports, PySide's lazily made classes included, work as before, without two Python calls
for every import statement."""

from __future__ import annotations

import ast
from pathlib import Path

from fresh_python import fresh_python

STUDIO = Path(__file__).resolve().parents[2] / "studio"


def test_no_module_of_the_studio_selects_a_pyside_feature() -> None:
    """What makes taking the hook off safe."""
    selecting = []
    for path in STUDIO.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "__feature__":
                selecting.append(str(path))
    assert selecting == []


def test_the_hook_comes_off_and_imports_still_work() -> None:
    code = (
        "import builtins, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import shibokensupport.feature as feature\n"
        "from studio.ui.qt_imports import skip_feature_checks\n"
        "calls = []\n"
        "checked = feature.feature_imported\n"
        "feature.feature_imported = lambda module: (calls.append(module), checked(module))[1]\n"
        "hooked = builtins.__import__.__name__\n"
        "print(hooked, skip_feature_checks(), skip_feature_checks())\n"
        "import colorsys\n"  # a module not imported yet
        "from PySide6.QtWidgets import QWizard\n"  # a class PySide makes when first asked for
        "from PySide6.QtSvg import QSvgRenderer\n"  # a PySide module not loaded yet
        "names = [getattr(m, '__name__', '?') for m in calls]\n"
        "print(builtins.__import__.__name__, 'colorsys' in names, isinstance(QWizard, type),\n"
        "      'colorsys' in sys.modules, isinstance(QSvgRenderer, type))\n"
    )
    lines = fresh_python(code).split("\n")
    assert lines[0] == "__feature_import__ True False"  # on before, off once (and stays off)
    assert lines[1] == "__lazy_import__ False True True True"  # not checked; all imported
