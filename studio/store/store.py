"""The local store: one SQLite file holding, per account and entity, the last server
snapshot, the draft (base + draft), the outbox of pending publishes and the history of
what was published.

Durability: WAL journal with ``synchronous=FULL``, so every committed transaction is on
disk (the WAL is fsynced at each commit) and survives a killed process or a power cut.
Every write method is one ``BEGIN IMMEDIATE … COMMIT`` transaction.

Threads: each thread gets its own connection (opened on first use, closed by
:meth:`Store.close`), so reads from a parallel pool run alongside the writer; SQLite's
busy timeout serialises concurrent writers. Call :meth:`Store.close` once the worker pools
are drained.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from studio.store import records, recovery
from studio.store.errors import (
    CLOSED_MESSAGE,
    StoreCorrupt,
    StoreError,
    garbled,
    prepare_failed,
    translate,
)
from studio.store.lock import StoreLock
from studio.store.records import OUTBOX_COLUMNS, DraftRecord, OutboxItem
from studio.store.recovery import Recovery
from studio.store.schema import check_not_newer, migrate

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0

ConnectHook = Callable[[sqlite3.Connection], None]
DamageHook = Callable[[str], None]

DAMAGED_ROW_MESSAGE = (
    "Part of the local data file is damaged: something saved on this computer could not be "
    "read, so it was left out and is not shown. Restart BeatPass Studio: it moves the damaged "
    "file aside and keeps everything that can still be read."
)
__all__ = ["DAMAGED_ROW_MESSAGE", "DraftRecord", "OutboxItem", "Store", "account_key"]


def account_key(base_url: str, user_id: int | str) -> str:
    """The store's account key: ``"<base_url>#<user_id>"``."""
    return f"{base_url.rstrip('/')}#{user_id}"


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not storable as JSON: {exc}") from exc


class Store:
    """The SQLite store. Create it with :meth:`Store.open`.

    A row that cannot be decoded while in use (damage that appeared after the open) is
    treated as missing: a warning is logged and ``on_damage`` (set with
    :meth:`set_damage_hook`) is told once, with a sentence for the user.
    """

    def __init__(
        self, path: Path, *, recovery: Recovery | None = None, on_connect: ConnectHook | None
    ) -> None:
        self.path = path
        self.recovery = recovery
        self._on_connect = on_connect
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        self._on_damage: DamageHook | None = None
        self._damage_found = False
        self._damage_told = False
        self._file_lock: StoreLock | None = None  # held shared while open (see ``lock``)

    # --- Opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, on_connect: ConnectHook | None = None) -> Store:
        """Open (or create) the store at ``path``: check it, move a damaged file aside
        (keeping what can still be read, see ``recovery``), switch to WAL and apply
        migrations.

        ``on_connect`` runs on every new connection (tests use it, e.g. for
        ``PRAGMA max_page_count``). Raises :class:`StoreTooNew` for a file written by a
        newer version (left untouched), :class:`StoreError` when the file cannot be opened.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder {path.parent} ({exc.strerror}).") from exc
        if path.exists() and not path.is_file():
            raise StoreError(f"The local data file {path} cannot be used: it is not a file.")
        try:
            recovered, lock = recovery.prepare(path)
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        except OSError as exc:
            raise prepare_failed(path, exc) from exc
        store = cls(path, recovery=recovered, on_connect=on_connect)
        store._file_lock = lock
        try:
            conn = store._conn()
            check_not_newer(conn, path)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("store %s: WAL not available, journal mode is %s", path, mode)
            migrate(conn)
        except sqlite3.Error as exc:
            store.close()
            raise translate(exc) from exc
        except BaseException:
            store.close()
            raise
        return store

    @property
    def recovered_from(self) -> Path | None:
        """Where the damaged file was moved at open (None: it was not damaged)."""
        return None if self.recovery is None else self.recovery.moved_to

    @property
    def recovery_message(self) -> str | None:
        """A sentence for the user when a damaged file was moved aside at open: where it
        went and what was kept. Shown once: call :meth:`acknowledge_recovery` after."""
        return None if self.recovery is None else self.recovery.message

    def acknowledge_recovery(self) -> None:
        """The user has seen :attr:`recovery_message`: later starts do not repeat it."""
        if self.recovery is not None:
            try:
                recovery.acknowledge(self.path)
            except OSError as exc:
                log.warning(
                    "store %s: the recovery notice could not be cleared: %s", self.path, exc
                )

    def set_damage_hook(self, hook: DamageHook | None) -> None:
        """``hook(message)`` runs (on the reading thread) the first time a damaged row is
        found while in use; a damage found before the hook was set is reported at once."""
        with self._lock:
            self._on_damage = hook
        self._tell_damage()

    def close(self) -> None:
        """Close every connection (call after the worker pools are drained). Idempotent."""
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except sqlite3.Error:  # pragma: no cover - closing is best effort
                log.warning("closing a store connection failed", exc_info=True)
        if self._file_lock is not None:
            self._file_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and not self._closed:
            return conn
        with self._lock:
            if self._closed:
                raise StoreError(CLOSED_MESSAGE)
            try:
                conn = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                    check_same_thread=False,
                )  # fmt: skip
                conn.text_factory = records.text_factory  # bad text never raises mid-query
                records.register(conn)  # row_crc(): each written row carries its checksum
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = FULL")
                if self._on_connect is not None:
                    self._on_connect(conn)
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            self._connections.append(conn)
        self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; sqlite errors become :class:`StoreError`."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        except UnicodeDecodeError as exc:
            raise garbled(exc) from exc

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        except UnicodeDecodeError as exc:
            raise garbled(exc) from exc

    def _read_or_damaged(
        self, what: str, sql: str, params: tuple[Any, ...] = ()
    ) -> list[tuple[Any, ...]]:
        """Like ``_read``, but a damaged page means: nothing there (reported)."""
        try:
            return self._read(sql, params)
        except StoreCorrupt:
            self._damaged(what)
            return []

    def _damaged(self, what: str) -> None:
        log.warning("store %s: %s cannot be read (damaged); treated as missing", self.path, what)
        with self._lock:
            self._damage_found = True
        self._tell_damage()

    def _tell_damage(self) -> None:
        with self._lock:
            hook = self._on_damage if self._damage_found and not self._damage_told else None
            if hook is not None:
                self._damage_told = True
        if hook is not None:
            try:
                hook(DAMAGED_ROW_MESSAGE)
            except Exception:
                log.warning("reporting a damaged row failed", exc_info=True)

    # --- Snapshots ----------------------------------------------------------------------

    def save_snapshot(self, account: str, kind: str, entity_id: str, data: dict[str, Any]) -> None:
        """Remember the last state fetched from the server."""
        text = _dumps(data)
        with self._write() as conn:
            _upsert_snapshot(conn, (account, kind, str(entity_id)), text)

    def load_snapshot(self, account: str, kind: str, entity_id: str) -> dict[str, Any] | None:
        """The stored snapshot; None when there is none or it is damaged."""
        what = f"the saved {kind} {entity_id}"
        rows = self._read_or_damaged(
            what,
            "SELECT data FROM snapshots WHERE account=? AND kind=? AND entity_id=?",
            (account, kind, str(entity_id)),
        )
        if not rows:
            return None
        data = records.entity_object(kind, rows[0][0])
        if data is None:
            self._damaged(what)
        return data

    # --- Drafts -------------------------------------------------------------------------

    def save_draft(
        self, account: str, kind: str, entity_id: str, base: dict[str, Any], draft: dict[str, Any]
    ) -> None:
        """Save (replace) the draft of one entity with the base it started from."""
        base_text, draft_text = _dumps(base), _dumps(draft)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts (account, kind, entity_id, base, draft, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, kind, entity_id) DO UPDATE "
                "SET base=excluded.base, draft=excluded.draft, updated_at=excluded.updated_at",
                (account, kind, str(entity_id), base_text, draft_text, time.time()),
            )
            _seal(conn, "drafts", (account, kind, str(entity_id)))

    def load_draft(self, account: str, kind: str, entity_id: str) -> DraftRecord | None:
        """The stored draft; None when there is none or it is damaged (the editor then
        opens from the server's state)."""
        what = f"the draft of {kind} {entity_id}"
        rows = self._read_or_damaged(
            what,
            "SELECT base, draft, updated_at FROM drafts WHERE account=? AND kind=? AND entity_id=?",
            (account, kind, str(entity_id)),
        )
        if not rows:
            return None
        record = records.draft_record(kind, *rows[0])
        if record is None:
            self._damaged(what)
        return record

    def delete_draft(self, account: str, kind: str, entity_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM drafts WHERE account=? AND kind=? AND entity_id=?",
                (account, kind, str(entity_id)),
            )

    def draft_keys(self, account: str) -> list[tuple[str, str]]:
        """``(kind, entity_id)`` of every saved draft of ``account``, newest first."""
        rows = self._read_or_damaged(
            "the list of drafts",
            "SELECT account, kind, entity_id FROM drafts WHERE account=? ORDER BY updated_at DESC",
            (account,),
        )
        keys = [records.key(row) for row in rows]
        if None in keys:
            self._damaged("a draft's name")
        return [(names[1], names[2]) for names in keys if names is not None]

    def entity_ids(self, account: str, kind: str) -> list[str]:
        """Ids of every ``kind`` entity of ``account`` with a snapshot or a draft here
        (the producer profiles this app already knows, for the sign-in's fallback)."""
        rows = self._read(
            "SELECT entity_id FROM snapshots WHERE account=? AND kind=? "
            "UNION SELECT entity_id FROM drafts WHERE account=? AND kind=?",
            (account, kind, account, kind),
        )
        return sorted(str(row[0]) for row in rows)

    # --- Outbox -------------------------------------------------------------------------

    def enqueue(self, account: str, kind: str, entity_id: str, op: dict[str, Any]) -> int:
        """Add a pending publish; returns its id."""
        text = _dumps(op)
        with self._write() as conn:
            return _insert_outbox(conn, (account, kind, str(entity_id)), text)

    def enqueue_replacing(
        self,
        account: str,
        kind: str,
        entity_id: str,
        op: dict[str, Any] | None,
        *,
        keep: frozenset[int] = frozenset(),
    ) -> int | None:
        """In one transaction: drop the undelivered items of this account, kind and entity
        (except ``keep``), then add ``op`` (None: add nothing). Returns the new id or None.
        All or nothing: a full disk leaves the outbox exactly as it was."""
        text = None if op is None else _dumps(op)
        with self._write() as conn:
            rows = conn.execute(
                "SELECT id FROM outbox WHERE account=? AND kind=? AND entity_id=? "
                "AND status != 'done'",
                (account, kind, str(entity_id)),
            ).fetchall()
            for (item_id,) in rows:
                if int(item_id) not in keep:
                    conn.execute("UPDATE history SET outbox_id=NULL WHERE outbox_id=?", (item_id,))
                    conn.execute("DELETE FROM outbox WHERE id=?", (item_id,))
            if text is None:
                return None
            return _insert_outbox(conn, (account, kind, str(entity_id)), text)

    def outbox(self, account: str) -> list[OutboxItem]:
        """Items not yet delivered (pending or failed), oldest first; damaged ones left out."""
        rows = self._read_or_damaged(
            "the publish queue",
            f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE account=? AND status != 'done' ORDER BY id",
            (account,),
        )
        return [item for row in rows if (item := self._outbox_item(row)) is not None]

    def waiting_count(self) -> int:
        """Undelivered items of every account (what waits while nobody is signed in)."""
        rows = self._read("SELECT COUNT(*) FROM outbox WHERE status != 'done'")
        return int(rows[0][0])

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        rows = self._read_or_damaged(
            f"publish {item_id}", f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id=?", (item_id,)
        )
        return self._outbox_item(rows[0]) if rows else None

    def _outbox_item(self, row: tuple[Any, ...]) -> OutboxItem | None:
        item = records.outbox_item(row)
        if item is None:
            self._damaged(f"publish {row[0]!r}")
        return item

    def update_op(self, item_id: int, op: dict[str, Any]) -> None:
        """Replace an item's op (e.g. after a merge settled what to send)."""
        text = _dumps(op)
        with self._write() as conn:
            _update_item(conn, item_id, "op=?", (text,))

    def mark_failed(self, item_id: int, error: str, retry_at: float | None) -> None:
        """Record a failed try; ``retry_at`` None means: wait for the user (no auto retry)."""
        with self._write() as conn:
            _update_item(
                conn, item_id, "status='failed', attempts=attempts+1, last_error=?, retry_at=?",
                (error, retry_at),
            )  # fmt: skip

    def mark_pending(self, item_id: int) -> None:
        """Make a failed item due now (the user said "retry")."""
        with self._write() as conn:
            _update_item(conn, item_id, "status='pending', retry_at=NULL", ())

    def mark_done(
        self,
        item_id: int,
        *,
        snapshot: dict[str, Any] | None = None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        """Mark an item delivered; in the same transaction optionally store the server's
        answer as the entity's snapshot and add ``changes`` to its history."""
        snapshot_text = None if snapshot is None else _dumps(snapshot)
        changes_text = None if changes is None else _dumps(changes)
        with self._write() as conn:
            _update_item(conn, item_id, "status='done', retry_at=NULL", ())
            row = conn.execute(
                "SELECT account, kind, entity_id FROM outbox WHERE id=?", (item_id,)
            ).fetchone()
            key = records.key(tuple(row))
            if key is None:  # the item's names are damaged: nothing to file it under
                self._damaged(f"publish {item_id}")
                return
            if snapshot_text is not None:
                _upsert_snapshot(conn, key, snapshot_text)
            if changes_text is not None:
                _insert_history(conn, key, changes_text, item_id)

    def remove(self, item_id: int) -> None:
        """Drop an item from the outbox (the user discarded that publish)."""
        with self._write() as conn:
            conn.execute("UPDATE history SET outbox_id=NULL WHERE outbox_id=?", (item_id,))
            conn.execute("DELETE FROM outbox WHERE id=?", (item_id,))

    def prune_done(self, older_than: float) -> int:
        """Delete delivered outbox rows last changed before ``older_than`` (epoch seconds);
        their history stays (it no longer points at them). Returns how many went."""
        with self._write() as conn:
            rows = conn.execute(
                "SELECT id FROM outbox WHERE status='done' AND updated_at < ?", (older_than,)
            ).fetchall()
            for (item_id,) in rows:
                conn.execute("UPDATE history SET outbox_id=NULL WHERE outbox_id=?", (item_id,))
                conn.execute("DELETE FROM outbox WHERE id=?", (item_id,))
            return len(rows)

    # --- History ------------------------------------------------------------------------

    def add_history(self, account: str, kind: str, entity_id: str, changes: dict[str, Any]) -> None:
        text = _dumps(changes)
        with self._write() as conn:
            _insert_history(conn, (account, kind, str(entity_id)), text, None)

    def history(self, account: str, kind: str, entity_id: str) -> list[dict[str, Any]]:
        """What was published, newest first: ``{"id", "published_at", "changes", "outbox_id"}``."""
        rows = self._read_or_damaged(
            f"the history of {kind} {entity_id}",
            "SELECT id, published_at, changes, outbox_id FROM history "
            "WHERE account=? AND kind=? AND entity_id=? ORDER BY published_at DESC, id DESC",
            (account, kind, str(entity_id)),
        )
        entries = [records.history_entry(tuple(row)) for row in rows]
        if None in entries:
            self._damaged(f"the history of {kind} {entity_id}")
        return [entry for entry in entries if entry is not None]

    # --- Maintenance --------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` lines (``["ok"]`` when healthy)."""
        return [str(row[0]) for row in self._read("PRAGMA integrity_check")]


def _update_item(
    conn: sqlite3.Connection, item_id: int, assignments: str, params: tuple[Any, ...]
) -> None:
    cursor = conn.execute(
        f"UPDATE outbox SET {assignments}, updated_at=? WHERE id=?",
        (*params, time.time(), item_id),
    )
    if cursor.rowcount == 0:
        raise KeyError(f"no outbox item {item_id}")
    _seal(conn, "outbox", item_id)


def _upsert_snapshot(conn: sqlite3.Connection, key: tuple[str, str, str], text: str) -> None:
    conn.execute(
        "INSERT INTO snapshots (account, kind, entity_id, data, saved_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (account, kind, entity_id) DO UPDATE "
        "SET data=excluded.data, saved_at=excluded.saved_at",
        (*key, text, time.time()),
    )
    _seal(conn, "snapshots", key)


def _insert_history(
    conn: sqlite3.Connection, key: tuple[str, str, str], text: str, outbox_id: int | None
) -> None:
    cursor = conn.execute(
        "INSERT INTO history (account, kind, entity_id, published_at, changes, outbox_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (*key, time.time(), text, outbox_id),
    )
    _seal(conn, "history", int(cursor.lastrowid or 0))


def _insert_outbox(conn: sqlite3.Connection, key: tuple[str, str, str], text: str) -> int:
    """Add a pending outbox row (sealed with its checksum); its id."""
    now = time.time()
    cursor = conn.execute(
        "INSERT INTO outbox (account, kind, entity_id, op, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (*key, text, now, now),
    )
    item_id = int(cursor.lastrowid or 0)
    _seal(conn, "outbox", item_id)
    return item_id


def _seal(conn: sqlite3.Connection, table: str, which: int | tuple[str, str, str]) -> None:
    """Store the checksum of a row just written (by id, or by its account/kind/entity key),
    computed from the values as stored."""
    params: tuple[Any, ...]
    if isinstance(which, int):
        where, params = "id=?", (which,)
    else:
        where, params = "account=? AND kind=? AND entity_id=?", which
    conn.execute(f"UPDATE {table} SET {records.seal_sql(table)} WHERE {where}", params)
