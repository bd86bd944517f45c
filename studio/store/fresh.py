"""Building a store file: the schema, WAL mode and (after a recovery) the salvaged rows.

:func:`build` writes the file at a temporary name and returns it complete and synced; the
caller renames it into place, so a file at the real name is never half made (a new store is
never an empty file: an empty ``studio.db`` is damage).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from studio.store import records
from studio.store.schema import migrate

if TYPE_CHECKING:
    from studio.store.salvage import Salvage


def build(target: Path, salvage: Salvage | None = None) -> None:
    """Write a complete store (schema, WAL mode, the salvaged rows) to ``target``, synced."""
    for leftover in (target, *(Path(f"{target}{s}") for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    records.register(conn)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")  # the finished file is synced below
        migrate(conn)
        if salvage is not None:
            _insert(conn, salvage)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for leftover in (Path(f"{target}{s}") for s in ("-wal", "-shm")):
        leftover.unlink(missing_ok=True)  # empty after the checkpoint
    with target.open("rb+") as file:
        os.fsync(file.fileno())


def _insert(conn: sqlite3.Connection, salvage: Salvage) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO drafts (account, kind, entity_id, base, draft, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, kind, entity_id) DO UPDATE "
        "SET base=excluded.base, draft=excluded.draft, updated_at=excluded.updated_at "
        "WHERE excluded.updated_at > drafts.updated_at",
        salvage.drafts,
    )
    conn.executemany(
        "INSERT INTO snapshots (account, kind, entity_id, data, saved_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (account, kind, entity_id) DO UPDATE "
        "SET data=excluded.data, saved_at=excluded.saved_at "
        "WHERE excluded.saved_at > snapshots.saved_at",
        salvage.snapshots,
    )
    conn.executemany(
        f"INSERT OR IGNORE INTO outbox ({records.OUTBOX_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        salvage.outbox,
    )
    kept_ids = {row[0] for row in salvage.outbox}
    conn.executemany(
        "INSERT OR IGNORE INTO history "
        "(id, account, kind, entity_id, published_at, changes, outbox_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*row[:6], row[6] if row[6] in kept_ids else None) for row in salvage.history],
    )
    if salvage.outbox_seq:
        # Ids of items that could not be read are never given out again.
        conn.execute("DELETE FROM sqlite_sequence WHERE name='outbox'")
        conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)", (salvage.outbox_seq,)
        )
    for table in records.COLUMNS:
        conn.execute(f"UPDATE {table} SET {records.seal_sql(table)}")
    conn.execute("COMMIT")
