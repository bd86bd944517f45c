"""Lighter PySide import hooks.

Once PySide6 is loaded, every import statement goes through PySide's ``__feature__`` hook:
two Python calls that look for ``from __feature__ import ...`` (snake_case, true_property)
and record whether each newly imported module uses PySide6 (~750 import statements while
Studio opens, function-level ones included: ~6 ms, bench_open). Studio selects no feature,
so :func:`skip_feature_checks` puts back the import PySide's hook wraps (PySide's own
lazy-class import, in C); a ``from __feature__ import ...`` would then select nothing (a
test holds Studio to selecting none).

Where that hook is not as expected (another PySide version), :func:`speed_up_feature_check`
keeps it and makes its check cheaper: PySide reads the module's source with
``inspect.getsource``, through ``linecache`` and ``tokenize`` — about 0.1 ms a module, ~20 ms
over the ~200 modules Studio imports while it opens; this answers the same question ("does
the source mention PySide6?") by reading the file's bytes. Both change nothing when the
PySide internals they expect are not there."""

from __future__ import annotations

import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)

_MARK = "_studio_fast"


def speed_up_feature_check() -> bool:
    """Install the faster check (after PySide6 is imported); True when installed."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _MARK, False):
        return False

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(mod_uses_pyside, _MARK, True)
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True


def skip_feature_checks() -> bool:
    """Take PySide's ``__feature__`` import hook off (after PySide6 is imported); True when
    it was on and is off now."""
    import builtins

    hook = getattr(builtins, "__import__", None)
    wrapped = getattr(builtins, "__orig_import__", None)
    if getattr(hook, "__name__", None) != "__feature_import__" or not callable(wrapped):
        return False
    builtins.__import__ = wrapped
    return True
