"""A package's public names that load with the module defining them, on first use (PEP 562):
the package can be imported for one light name without paying for its heavy ones."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any


def lazy_names(
    package: str, namespace: MutableMapping[str, Any], homes: Mapping[str, str]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name in ``homes`` (name → module that
    defines it) is imported when first asked for and kept in ``namespace`` (the package's
    ``globals()``); any other name is an ``AttributeError``."""

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module hook's name)
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value  # asked once
        return value

    return __getattr__
