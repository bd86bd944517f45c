"""Finding a damaged store file and moving it aside (never deleting it)."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from studio.store.errors import SQLITE_CORRUPT, SQLITE_NOTADB, translate

SIBLING_SUFFIXES = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"


def is_healthy(path: Path) -> bool:
    """False when ``path`` is not a usable SQLite database (garbage, truncated, damaged).

    A missing or empty file is healthy (it becomes a fresh store). The check opens the file
    read-only, so it never changes the file or its WAL. Errors that say nothing about the
    file's content (locked, no permission) raise :class:`StoreError` instead.
    """
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return True
    if path.is_file():
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=10.0,
            isolation_level=None,
        )  # fmt: skip
    except sqlite3.Error as exc:
        raise translate(exc) from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return False
        raise translate(exc) from exc
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    return [tuple(row) for row in rows] == [("ok",)]


def move_aside(path: Path) -> Path:
    """Rename ``path`` (and its -wal/-shm/-journal siblings) to ``<name>.corrupt-<time>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while any(Path(f"{target}{s}").exists() for s in ("", *SIBLING_SUFFIXES)):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    path.rename(target)
    for suffix in SIBLING_SUFFIXES:
        sibling = Path(f"{path}{suffix}")
        if sibling.exists():
            sibling.rename(Path(f"{target}{suffix}"))
    return target
