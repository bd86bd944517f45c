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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.store.errors import CLOSED_MESSAGE, StoreError, translate
from studio.store.recovery import is_healthy, move_aside
from studio.store.schema import check_not_newer, migrate

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0

ConnectHook = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class DraftRecord:
    base: dict[str, Any]
    draft: dict[str, Any]
    updated_at: float  # epoch seconds


@dataclass(frozen=True)
class OutboxItem:
    id: int
    account: str
    kind: str
    entity_id: str
    op: dict[str, Any]
    status: str  # "pending" (never tried or due again) or "failed"
    attempts: int
    last_error: str | None
    retry_at: float | None  # epoch seconds; None on a failed item = waits for the user
    created_at: float
    updated_at: float

    @property
    def waits_for_user(self) -> bool:
        """Failed with no automatic retry (e.g. a 4xx): the user must decide."""
        return self.status == "failed" and self.retry_at is None


def account_key(base_url: str, user_id: int | str) -> str:
    """The store's account key: ``"<base_url>#<user_id>"``."""
    return f"{base_url.rstrip('/')}#{user_id}"


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not storable as JSON: {exc}") from exc


class Store:
    """The SQLite store. Create it with :meth:`Store.open`."""

    def __init__(
        self, path: Path, *, recovered_from: Path | None = None, on_connect: ConnectHook | None
    ) -> None:
        self.path = path
        self.recovered_from = recovered_from
        self._on_connect = on_connect
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False

    # --- Opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, on_connect: ConnectHook | None = None) -> Store:
        """Open (or create) the store at ``path``: check it, move a damaged file aside,
        switch to WAL and apply migrations.

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
        recovered: Path | None = None
        if not is_healthy(path):
            recovered = move_aside(path)
            log.warning("damaged store %s moved aside to %s", path, recovered)
        store = cls(path, recovered_from=recovered, on_connect=on_connect)
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
    def recovery_message(self) -> str | None:
        """A sentence for the user when a damaged file was moved aside at open."""
        if self.recovered_from is None:
            return None
        return (
            "The local data file was damaged, so BeatPass Studio moved it aside to "
            f"{self.recovered_from} and started a fresh one. Drafts not yet published may be "
            "in the damaged file; your published profile is safe on the server."
        )

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

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    # --- Snapshots ----------------------------------------------------------------------

    def save_snapshot(self, account: str, kind: str, entity_id: str, data: dict[str, Any]) -> None:
        """Remember the last state fetched from the server."""
        text = _dumps(data)
        with self._write() as conn:
            _upsert_snapshot(conn, (account, kind, str(entity_id)), text)

    def load_snapshot(self, account: str, kind: str, entity_id: str) -> dict[str, Any] | None:
        rows = self._read(
            "SELECT data FROM snapshots WHERE account=? AND kind=? AND entity_id=?",
            (account, kind, str(entity_id)),
        )
        return json.loads(rows[0][0]) if rows else None

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

    def load_draft(self, account: str, kind: str, entity_id: str) -> DraftRecord | None:
        rows = self._read(
            "SELECT base, draft, updated_at FROM drafts WHERE account=? AND kind=? AND entity_id=?",
            (account, kind, str(entity_id)),
        )
        if not rows:
            return None
        base, draft, updated_at = rows[0]
        return DraftRecord(json.loads(base), json.loads(draft), float(updated_at))

    def delete_draft(self, account: str, kind: str, entity_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM drafts WHERE account=? AND kind=? AND entity_id=?",
                (account, kind, str(entity_id)),
            )

    def draft_keys(self, account: str) -> list[tuple[str, str]]:
        """``(kind, entity_id)`` of every saved draft of ``account``, newest first."""
        rows = self._read(
            "SELECT kind, entity_id FROM drafts WHERE account=? ORDER BY updated_at DESC",
            (account,),
        )
        return [(str(kind), str(entity_id)) for kind, entity_id in rows]

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
        text, now = _dumps(op), time.time()
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO outbox (account, kind, entity_id, op, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (account, kind, str(entity_id), text, now, now),
            )
            return int(cursor.lastrowid or 0)

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
        text, now = (None if op is None else _dumps(op)), time.time()
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
            cursor = conn.execute(
                "INSERT INTO outbox (account, kind, entity_id, op, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (account, kind, str(entity_id), text, now, now),
            )
            return int(cursor.lastrowid or 0)

    def outbox(self, account: str) -> list[OutboxItem]:
        """Items not yet delivered (pending or failed), oldest first."""
        rows = self._read(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE account=? AND status != 'done' "
            "ORDER BY id",
            (account,),
        )
        return [_outbox_item(row) for row in rows]

    def waiting_count(self) -> int:
        """Undelivered items of every account (what waits while nobody is signed in)."""
        rows = self._read("SELECT COUNT(*) FROM outbox WHERE status != 'done'")
        return int(rows[0][0])

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        rows = self._read(f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE id=?", (item_id,))
        return _outbox_item(rows[0]) if rows else None

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
            key = conn.execute(
                "SELECT account, kind, entity_id FROM outbox WHERE id=?", (item_id,)
            ).fetchone()
            if snapshot_text is not None:
                _upsert_snapshot(conn, key, snapshot_text)
            if changes_text is not None:
                _insert_history(conn, key, changes_text, item_id)

    def remove(self, item_id: int) -> None:
        """Drop an item from the outbox (the user discarded that publish)."""
        with self._write() as conn:
            conn.execute("UPDATE history SET outbox_id=NULL WHERE outbox_id=?", (item_id,))
            conn.execute("DELETE FROM outbox WHERE id=?", (item_id,))

    # --- History ------------------------------------------------------------------------

    def add_history(self, account: str, kind: str, entity_id: str, changes: dict[str, Any]) -> None:
        text = _dumps(changes)
        with self._write() as conn:
            _insert_history(conn, (account, kind, str(entity_id)), text, None)

    def history(self, account: str, kind: str, entity_id: str) -> list[dict[str, Any]]:
        """What was published, newest first: ``{"id", "published_at", "changes", "outbox_id"}``."""
        rows = self._read(
            "SELECT id, published_at, changes, outbox_id FROM history "
            "WHERE account=? AND kind=? AND entity_id=? ORDER BY published_at DESC, id DESC",
            (account, kind, str(entity_id)),
        )
        return [
            {"id": row[0], "published_at": row[1], "changes": json.loads(row[2]),
             "outbox_id": row[3]}
            for row in rows
        ]  # fmt: skip

    # --- Maintenance --------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` lines (``["ok"]`` when healthy)."""
        return [str(row[0]) for row in self._read("PRAGMA integrity_check")]


_OUTBOX_COLUMNS = (
    "id, account, kind, entity_id, op, status, attempts, last_error, retry_at, "
    "created_at, updated_at"
)


def _outbox_item(row: tuple[Any, ...]) -> OutboxItem:
    return OutboxItem(
        id=int(row[0]), account=row[1], kind=row[2], entity_id=row[3], op=json.loads(row[4]),
        status=row[5], attempts=int(row[6]), last_error=row[7], retry_at=row[8],
        created_at=float(row[9]), updated_at=float(row[10]),
    )  # fmt: skip


def _update_item(
    conn: sqlite3.Connection, item_id: int, assignments: str, params: tuple[Any, ...]
) -> None:
    cursor = conn.execute(
        f"UPDATE outbox SET {assignments}, updated_at=? WHERE id=?",
        (*params, time.time(), item_id),
    )
    if cursor.rowcount == 0:
        raise KeyError(f"no outbox item {item_id}")


def _upsert_snapshot(conn: sqlite3.Connection, key: tuple[str, str, str], text: str) -> None:
    conn.execute(
        "INSERT INTO snapshots (account, kind, entity_id, data, saved_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (account, kind, entity_id) DO UPDATE "
        "SET data=excluded.data, saved_at=excluded.saved_at",
        (*key, text, time.time()),
    )


def _insert_history(
    conn: sqlite3.Connection, key: tuple[str, str, str], text: str, outbox_id: int | None
) -> None:
    conn.execute(
        "INSERT INTO history (account, kind, entity_id, published_at, changes, outbox_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (*key, time.time(), text, outbox_id),
    )
