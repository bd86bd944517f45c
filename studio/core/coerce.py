"""Tolerant readers for JSON values: wrong types become defaults instead of crashes.

PHP servers send ``[]`` for an empty object, numbers as strings and ``null`` where a
string is expected; these helpers absorb that so the models stay simple.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class ParseError(ValueError):
    """The essential structure of an API object is missing (no object, no id)."""


def as_dict(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else ``{}`` (PHP sends ``[]`` for an empty one)."""
    return dict(value) if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    """``value`` if it is a JSON array, else ``[]``."""
    return list(value) if isinstance(value, list | tuple) else []


def dicts(value: object) -> list[dict[str, Any]]:
    """The JSON objects inside an array; anything else is dropped."""
    return [dict(item) for item in as_list(value) if isinstance(item, Mapping)]


def opt_int(value: object) -> int | None:
    """An int from an int, a whole float or a numeric string; else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def to_int(value: object, default: int = 0) -> int:
    result = opt_int(value)
    return default if result is None else result


def opt_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def opt_str(value: object) -> str | None:
    """Text from a string or a number; ``None`` for null, objects and arrays."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def to_str(value: object, default: str = "") -> str:
    result = opt_str(value)
    return default if result is None else result


def to_bool(value: object, default: bool = False) -> bool:
    """JSON booleans, 0/1 and "true"/"false"/"1"/"0" strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
    return default


def first(data: Mapping[str, Any], *keys: str) -> Any:
    """The value of the first key that is present and not null (BP key first, BM next)."""
    for key in keys:
        value = data.get(key)
        if value is not None and value != "":
            return value
    return None


def require_object(data: object, what: str) -> dict[str, Any]:
    """``data`` as a dict, or ``ParseError`` naming ``what`` was expected."""
    if not isinstance(data, Mapping):
        raise ParseError(f"expected {what} as a JSON object, got {type(data).__name__}")
    return dict(data)


def require_id(data: Mapping[str, Any], what: str) -> int:
    """The integer ``id`` of an object, or ``ParseError``."""
    ident = opt_int(data.get("id"))
    if ident is None:
        raise ParseError(f"{what} has no numeric id")
    return ident


def parse_many(values: object, parse: Callable[[dict[str, Any]], T], what: str) -> tuple[T, ...]:
    """Parse every object of a JSON array; items that cannot be parsed are skipped."""
    result: list[T] = []
    for item in as_list(values):
        try:
            result.append(parse(require_object(item, what)))
        except ParseError as exc:
            log.warning("skipping an unreadable %s in a server answer: %s", what, exc)
    return tuple(result)
