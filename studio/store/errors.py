"""Store errors, each with a plain message a person can act on."""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8

FULL_MESSAGE = (
    "Your changes could not be saved: the disk is full. Free some space; what you typed "
    "stays in the window and is saved as soon as there is room."
)
IOERR_MESSAGE = (
    "Your changes could not be saved: the disk could not be written (it may be full or "
    "removed). What you typed stays in the window; free some space or check the disk."
)
CORRUPT_MESSAGE = (
    "The local data file is damaged. Restart BeatPass Studio: it will move the damaged file "
    "aside and start a fresh one, keeping everything that can still be read."
)
BUSY_MESSAGE = (
    "The local data file is busy (another BeatPass Studio window may be using it). "
    "Try again in a moment."
)
READONLY_MESSAGE = (
    "The local data file is read-only, so changes cannot be saved. Check the folder's permissions."
)
CLOSED_MESSAGE = "The local data file is closed; changes can no longer be saved in this session."


class StoreError(Exception):
    """A store operation failed; ``str(error)`` is a sentence for the user."""


class StoreCorrupt(StoreError):  # noqa: N818 - name fixed by INTERFACES §7
    """The database file is damaged (found while in use; at open it is moved aside)."""


class StoreFull(StoreError):  # noqa: N818 - name fixed by INTERFACES §7
    """The disk is full (or could not be written): the caller keeps the user's text."""


class StoreTooNew(StoreError):  # noqa: N818 - named like its siblings
    """The file was written by a newer version of the app; it is left untouched."""


def translate(exc: sqlite3.Error) -> StoreError:
    """The :class:`StoreError` for an ``sqlite3`` error."""
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in str(exc):
        return StoreError(CLOSED_MESSAGE)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL:
        return StoreFull(FULL_MESSAGE)
    if primary == SQLITE_IOERR:
        return StoreFull(IOERR_MESSAGE)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreCorrupt(CORRUPT_MESSAGE)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreError(BUSY_MESSAGE)
    if primary == SQLITE_READONLY:
        return StoreError(READONLY_MESSAGE)
    return StoreError(f"The local data file could not be used ({exc}).")


def garbled(exc: UnicodeDecodeError) -> StoreCorrupt:
    """SQLite's error text quoted damaged bytes (e.g. a damaged schema), so Python could not
    even decode the error: the file is damaged."""
    log.warning("store error text could not be decoded (%s): the file is damaged", exc.reason)
    return StoreCorrupt(CORRUPT_MESSAGE)


def prepare_failed(path: Path, exc: OSError) -> StoreError:
    if exc.errno == errno.ENOSPC:
        return StoreFull(
            f"The local data file {path} could not be prepared: the disk is full. Free some "
            "space and restart BeatPass Studio; nothing was deleted."
        )
    reason = exc.strerror or "an input/output error"
    return StoreError(f"The local data file {path} could not be prepared ({reason}).")
