"""What a drop (or the file dialog) brings, as files to try (no Qt; a worker runs it).

Files named one by one are all tried (the picture checks say what each really is). Folders
are walked, sub-folders too, in name order: files with a picture's extension are tried, the
others are skipped as "not a picture"; hidden files are ignored. A folder with thousands of
files stops being read after :data:`MAX_ENTRIES` entries (the summary says so): the gallery
takes ten pictures anyway.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PICTURE_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "bmp", "tif", "tiff", "avif", "heic"}
)
MAX_ENTRIES = 5000  # entries read in dropped folders, in all
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})
NOT_A_PICTURE = "not a picture"


@dataclass(frozen=True)
class Skipped:
    """A file or folder that is not imported, and why (a short phrase)."""

    name: str
    reason: str


@dataclass
class Found:
    """The files to try, in order, and what was skipped on the way."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    truncated: bool = False  # a folder had more entries than were read


def is_picture_name(name: str) -> bool:
    return name.rpartition(".")[2].lower() in PICTURE_EXTENSIONS if "." in name else False


def collect(paths: list[Path], max_entries: int = MAX_ENTRIES) -> Found:
    """The files ``paths`` bring: files as they are, folders' pictures."""
    found = Found()
    budget = [max_entries]
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, found, budget, seen=set())
        elif path.exists() or path.is_symlink():
            found.files.append(path)
        else:
            found.skipped.append(Skipped(path.name or str(path), "no longer there"))
    return found


def _walk(folder: Path, found: Found, budget: list[int], seen: set[tuple[int, int]]) -> None:
    try:
        stat = folder.stat()
        if (stat.st_dev, stat.st_ino) in seen:
            return  # a link back up: read once
        seen.add((stat.st_dev, stat.st_ino))
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name.casefold())
    except OSError:
        found.skipped.append(Skipped(folder.name or str(folder), "folder cannot be read"))
        return
    for entry in listed:
        if budget[0] <= 0:
            found.truncated = True
            return
        budget[0] -= 1
        name = entry.name
        if name.startswith(".") or name.casefold() in IGNORED_NAMES:
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(Path(entry.path), found, budget, seen)
        elif is_picture_name(name):
            found.files.append(Path(entry.path))
        else:
            found.skipped.append(Skipped(name, NOT_A_PICTURE))
