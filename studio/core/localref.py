"""Local picture references in drafts: ``local:<sha256>.<ext>``.

A picture (or attachment) the user adds is prepared on their machine and kept in the app's
data folder under its content hash at once; the draft refers to it by a *local reference*
instead of a server URL, so the draft survives the original file being moved or deleted,
works offline, and undo/redo is just text. Publishing uploads each referenced file once
(a plan's upload step) and puts the server's URL in its place.

Only names of this exact shape are accepted, so a reference can never point outside the
app's own folder (no paths, no ``..``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SCHEME = "local:"
EXTENSIONS = ("jpg", "png", "gif", "webp", "pdf")
_NAME = re.compile(r"[0-9a-f]{64}\.(?:jpg|png|gif|webp|pdf)")


def is_local(value: object) -> bool:
    """True for a well-formed local reference."""
    return isinstance(value, str) and value.startswith(SCHEME) and valid_name(value[len(SCHEME) :])


def valid_name(name: str) -> bool:
    return _NAME.fullmatch(name) is not None


def make_ref(sha256_hex: str, extension: str) -> str:
    """``local:<sha256>.<ext>``; raises ``ValueError`` for anything else."""
    ext = extension.lower().lstrip(".")
    ext = "jpg" if ext == "jpeg" else ext
    name = f"{sha256_hex.lower()}.{ext}"
    if not valid_name(name):
        raise ValueError(f"not a local file name: {name!r}")
    return SCHEME + name


def file_name(ref: str) -> str:
    """The file name a reference stands for; ``ValueError`` when it is not one."""
    if not is_local(ref):
        raise ValueError(f"not a local reference: {ref!r}")
    return ref[len(SCHEME) :]


def refs_in(value: Any) -> Iterator[str]:
    """Every local reference inside a JSON-like value (drafts, ops), in order, repeated."""
    if isinstance(value, str):
        if is_local(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from refs_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from refs_in(item)


def replace_refs(value: Any, urls: dict[str, str]) -> Any:
    """A copy of ``value`` with each local reference found in ``urls`` replaced by its URL."""
    if isinstance(value, str):
        return urls.get(value, value)
    if isinstance(value, dict):
        return {k: replace_refs(v, urls) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [replace_refs(v, urls) for v in value]
    return value
