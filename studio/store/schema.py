"""The store's tables and their migrations.

``MIGRATIONS[n]`` takes a database from schema version ``n`` to ``n + 1``; the version lives
in ``PRAGMA user_version``. Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3

from studio.store.errors import StoreTooNew

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 0 → 1: snapshots, drafts, outbox, history.
    (
        """CREATE TABLE snapshots (
            account TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL,
            data TEXT NOT NULL, saved_at REAL NOT NULL,
            PRIMARY KEY (account, kind, entity_id))""",
        """CREATE TABLE drafts (
            account TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL,
            base TEXT NOT NULL, draft TEXT NOT NULL, updated_at REAL NOT NULL,
            PRIMARY KEY (account, kind, entity_id))""",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL,
            op TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'failed', 'done')),
            attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, retry_at REAL,
            created_at REAL NOT NULL, updated_at REAL NOT NULL)""",
        """CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL,
            published_at REAL NOT NULL, changes TEXT NOT NULL)""",
    ),
    # 1 → 2: lookup indexes; a history entry remembers the outbox item that published it.
    (
        "CREATE INDEX outbox_by_account ON outbox (account, status, id)",
        "CREATE INDEX history_by_entity ON history (account, kind, entity_id, published_at)",
        "ALTER TABLE history ADD COLUMN outbox_id INTEGER "
        "REFERENCES outbox (id) ON DELETE SET NULL",
    ),
    # 2 → 3: each row carries a checksum of its values (``records.row_crc``, registered on
    # every connection as ``row_crc``), so damage that leaves a row readable but changed is
    # found at open. Rows already stored get theirs here.
    (
        "ALTER TABLE drafts ADD COLUMN crc INTEGER",
        "ALTER TABLE snapshots ADD COLUMN crc INTEGER",
        "ALTER TABLE outbox ADD COLUMN crc INTEGER",
        "ALTER TABLE history ADD COLUMN crc INTEGER",
        "UPDATE drafts SET crc = row_crc(account, kind, entity_id, base, draft, updated_at)",
        "UPDATE snapshots SET crc = row_crc(account, kind, entity_id, data, saved_at)",
        "UPDATE outbox SET crc = row_crc(id, account, kind, entity_id, op, status, attempts, "
        "last_error, retry_at, created_at, updated_at)",
        "UPDATE history SET crc = row_crc(id, account, kind, entity_id, published_at, changes)",
    ),
)

LATEST_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(conn: sqlite3.Connection, path: object) -> int:
    """The file's schema version; :class:`StoreTooNew` when this code cannot read it."""
    version = user_version(conn)
    if version > LATEST_VERSION:
        raise StoreTooNew(
            f"The local data file {path} was written by a newer version of BeatPass Studio "
            f"(data version {version}; this version reads up to {LATEST_VERSION}). Update "
            "BeatPass Studio to use it; the file was left untouched."
        )
    return version


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Apply the missing migrations up to ``target``, one transaction each."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(conn)  # re-read under the write lock
            if version >= target:
                conn.execute("COMMIT")
                return version
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
