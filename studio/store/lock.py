"""Which process may check, recover or create the store file.

SQLite's own file locks on a small side file (``studio.db.lock``, no content) do the job on
every platform and are released by the OS when a process dies. A process that opens the
store takes the lock *exclusively* for the checks (only when no other process has the store
open), then holds it *shared* for as long as its store is open: a second app started
meanwhile neither checks nor moves a file that the first one is using.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from studio.store.errors import (
    BUSY_MESSAGE,
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    StoreError,
    translate,
)

LOCK_TIMEOUT_S = 60.0


class StoreLock:
    def __init__(self, path: Path) -> None:
        self.path = path.with_name(f"{path.name}.lock")
        self._conn: sqlite3.Connection | None = None

    def try_exclusive(self) -> bool:
        """Take the lock alone, now; False when another process holds it."""
        return self._begin("BEGIN EXCLUSIVE", 0.0)

    def share(self) -> None:
        """Hold the lock shared (waits while another process recovers the store)."""
        if not self._begin("BEGIN", LOCK_TIMEOUT_S, read=True):
            raise StoreError(BUSY_MESSAGE)

    def release(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def _begin(self, statement: str, timeout: float, *, read: bool = False) -> bool:
        self.release()
        for attempt in (1, 2):
            try:
                conn = sqlite3.connect(
                    self.path, timeout=timeout, isolation_level=None, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            try:
                conn.execute(statement)
                if read:  # a read inside the transaction takes the shared lock
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            except sqlite3.Error as exc:
                conn.close()
                code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
                if code in (SQLITE_CORRUPT, SQLITE_NOTADB) and attempt == 1:
                    self.path.unlink(missing_ok=True)  # the lock file holds nothing: remake it
                    continue
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                    return False
                raise translate(exc) from exc
            self._conn = conn
            return True
        return False  # pragma: no cover - the second attempt returns or raises
