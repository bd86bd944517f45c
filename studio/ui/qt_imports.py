"""A faster PySide import hook.

Once PySide6 is loaded, every module imported after it is checked for whether it uses
PySide6 (for PySide's ``__feature__`` switching): PySide reads the module's source with
``inspect.getsource``, which goes through ``linecache`` and ``tokenize`` — about 0.1 ms a
module, ~20 ms over the ~200 modules Studio imports while it opens. :func:`speed_up_feature_check`
answers the same question ("does the source mention PySide6?") by reading the file's bytes.
It changes nothing when that PySide internal is not there (another PySide version)."""

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
