"""A full disk for the store, simulated with SQLite's ``max_page_count`` (shared by the
document and publishing tests)."""

from __future__ import annotations

import sqlite3


class DiskLimit:
    """Caps the store's file at its current size (SQLite ``max_page_count``) on every
    connection the store opens, so a write that needs a new page fails as on a full disk."""

    UNLIMITED = 1_073_741_823

    def __init__(self) -> None:
        self.connections: list[sqlite3.Connection] = []
        self.full = False

    def on_connect(self, conn: sqlite3.Connection) -> None:
        self.connections.append(conn)
        self._apply(conn)

    def set_full(self, full: bool) -> None:
        self.full = full
        for conn in self.connections:
            self._apply(conn)

    def _apply(self, conn: sqlite3.Connection) -> None:
        if self.full:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
        else:
            conn.execute(f"PRAGMA max_page_count = {self.UNLIMITED}")
