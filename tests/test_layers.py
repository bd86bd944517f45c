"""The non-GUI layers import no Qt: a fresh interpreter imports each and checks
``sys.modules`` (ARCHITECTURE.md layering rule)."""

from __future__ import annotations

import importlib.util

import pytest
from fresh_python import fresh_python

LAYERS = ("studio.core", "studio.api", "studio.sandbox", "studio.store", "studio.images")
# Every module of studio.core and studio.api, plus the sign-in module (it wraps the client).
EXTRA = ("studio.core.models", "studio.api.client", "studio.auth")


def present(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@pytest.mark.parametrize("module", [m for m in LAYERS + EXTRA if present(m)])
def test_layer_imports_no_qt(module: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"mod = importlib.import_module({module!r})\n"
        "for info in pkgutil.walk_packages(getattr(mod, '__path__', []), mod.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(qt))\n"
    )
    qt = fresh_python(code).strip()
    assert qt == "", f"{module} pulled in Qt: {qt}"


def test_core_layers_exist() -> None:
    assert present("studio.core") and present("studio.api")
