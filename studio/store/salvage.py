"""Keeping what can still be read from a damaged store, and building a new store file.

:func:`read` works on a *copy* of the damaged file (and its WAL) in a scratch folder, so the
moved-aside original is never changed. Each table is read row by row: a damaged page stops
a scan, so the scan skips ahead past it and goes on; each row is fetched on its own and kept
only when it decodes (see ``records``). When SQLite cannot even read the file's schema (a
damaged first page or header), the copy's first page is replaced by that of an empty store:
every store file was made by the same first migration, so its tables sit on the same pages.

``fresh.build`` writes what is kept into a new store file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from studio.store import pages, records, wal
from studio.store.schema import LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
DEFAULT_PAGE = 4096
MAX_SKIPS = 64  # damaged stretches skipped per table before giving up on it
MAX_GAP_PROBES = 4096  # a skipped stretch this short has each of its rowids tried
LOWEST_ROWID = 0  # rowids of the store's tables start at 1
HIGHEST_ROWID = 2**63 - 1

Row = tuple[Any, ...]


@dataclass
class Salvage:
    """The rows kept from a damaged file, as stored (text already checked)."""

    drafts: list[Row] = field(default_factory=list)
    snapshots: list[Row] = field(default_factory=list)
    outbox: list[Row] = field(default_factory=list)
    history: list[Row] = field(default_factory=list)  # with outbox_id (None when unknown)
    outbox_seq: int = 0
    altered: int = 0  # rows kept although the damage may have changed them
    # (table, identity) → (rank, verdict, row): the best copy of each row found so far
    offers: dict[tuple[str, Any], tuple[int, str, dict[str, Any]]] = field(default_factory=dict)
    done: set[Any] = field(default_factory=set)  # ids of publishes known to be delivered

    def kept(self) -> dict[str, int]:
        """What was kept, for the user: drafts, unpublished changes, snapshots, history."""
        waiting = sum(1 for row in self.outbox if row[5] != "done")
        return {
            "drafts": len(self.drafts),
            "outbox": waiting,
            "snapshots": len(self.snapshots),
            "history": len(self.history),
            "altered": self.altered,
        }


# --- Reading a damaged copy -------------------------------------------------------------------


def read(damaged: Path, scratch: Path) -> Salvage:
    """Everything readable in ``damaged`` (plus its ``-wal``), read from copies in
    ``scratch`` (made here, removed before returning). Never raises for damage."""
    salvage = Salvage()
    if not damaged.is_file() or damaged.stat().st_size == 0:
        return salvage
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        copy = scratch / "salvage.db"
        shutil.copyfile(damaged, copy)
        log_file = Path(f"{damaged}-wal")
        damaged_pages = wal.apply(log_file, copy) if log_file.is_file() else None
        page_size = _page_size(copy)
        image = copy.read_bytes()  # the pages as they are, for rows SQLite cannot reach
        first_page_whole = _readable(copy)
        if not first_page_whole:
            _replace_first_page(copy, scratch / "template.db")
        with _connect(copy) as conn:
            _read_tables(conn, salvage)
        _read_orphans(image, page_size, salvage, trust_freelist=first_page_whole)
        if damaged_pages:
            _read_prefix(damaged, scratch, salvage)
    except OSError:
        raise  # e.g. a full disk: the recovery is finished at the next start
    except Exception:
        log.warning("salvage of %s stopped early", damaged, exc_info=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _settle(salvage)
    return salvage


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(
        f"file:{quote(str(path))}", uri=True, isolation_level=None, check_same_thread=False
    )
    conn.text_factory = records.text_factory
    records.register(conn)
    try:
        yield conn
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _readable(path: Path) -> bool:
    """True when SQLite reads the copy's schema and finds the store's tables in it."""
    try:
        with _connect(path) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except Exception:
        return False
    return {"drafts", "outbox", "snapshots"} <= names


def _page_size(path: Path) -> int:
    with path.open("rb") as file:
        head = file.read(100)
    if len(head) >= 18:
        size = int.from_bytes(head[16:18], "big")
        size = 65536 if size == 1 else size
        if 512 <= size <= 65536 and size & (size - 1) == 0:
            return size
    return DEFAULT_PAGE


def _replace_first_page(copy: Path, template: Path) -> None:
    """Put an empty store's first page (header and schema) in place of the copy's."""
    page_size = _page_size(copy)
    conn = sqlite3.connect(template, isolation_level=None)
    records.register(conn)
    try:
        conn.execute(f"PRAGMA page_size = {page_size}")
        conn.execute("PRAGMA journal_mode = WAL")
        for statement in (s for m in MIGRATIONS for s in m):
            if not statement.lstrip().upper().startswith("CREATE INDEX"):
                conn.execute(statement)  # tables only: their pages are the same in every store
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    first = bytearray(template.read_bytes()[:page_size])
    pages = max(copy.stat().st_size // page_size, 1)
    first[28:32] = pages.to_bytes(4, "big")  # the copy's size, not the template's
    with copy.open("r+b") as file:
        file.write(first)
    log.info("salvage: the damaged file's first page was replaced by an empty store's")


ALTERED_NOTE = (
    "Recovered from a damaged data file and possibly changed by the damage: check it, then "
    "retry or discard it."
)


def _read_tables(conn: sqlite3.Connection, salvage: Salvage, *, sure: bool = True) -> None:
    for table in records.COLUMNS:
        keys = _index_keys(conn, table)
        try:
            for rowid, row in _rows(conn, table):
                key = keys.get(rowid)
                if key is not None and records.check_row(table, row) != records.OK:
                    # The key held by the table's index, if the row checks with it.
                    candidate = {**row, "account": key[0], "kind": key[1], "entity_id": key[2]}
                    if records.check_row(table, candidate) == records.OK:
                        row = candidate  # noqa: PLW2901
                _offer(salvage, table, row, sure=sure)
        except Exception:
            log.warning("salvage: table %s could not be read", table, exc_info=True)
    with contextlib.suppress(Exception):
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name='outbox'").fetchone()
        if seq is not None and isinstance(seq[0], int):
            salvage.outbox_seq = seq[0]


def _offer(salvage: Salvage, table: str, row: dict[str, Any], *, sure: bool = True) -> None:
    """Consider ``row`` for keeping: a whole row beats one read from an older page (``sure``
    is False), which beats one the damage changed; the first of equals stays."""
    verdict = records.check_row(table, row)
    if table == "outbox" and sure and row.get("status") == "done":
        salvage.done.add(row.get("id"))  # whatever else is damaged: it was delivered
    if verdict == records.DAMAGED or (verdict == records.PARTIAL and table == "history"):
        return
    rank = (0 if sure else 1) if verdict == records.OK else 2
    identity = (table, _identity(table, row))
    if identity not in salvage.offers or rank < salvage.offers[identity][0]:
        salvage.offers[identity] = (rank, verdict, row)


def _settle(salvage: Salvage) -> None:
    """Keep the best copy of each row.

    A row the damage touched is kept when it is the user's work: a draft (the editor shows
    it; a damaged base or time is filled in), a publish (it then waits for the user instead
    of being sent). A changed snapshot is kept too: it only stands in for the server's state
    until the next fetch, and a merge takes the server's value where they differ. A row
    read from an older page may be an old one, since deleted or changed: a draft counts as
    changed, a publish waits for the user.
    """
    for (table, _who), (rank, verdict, row) in salvage.offers.items():
        if rank > 0:
            salvage.altered += 1
        if verdict == records.PARTIAL:
            row = _fill_in(table, row)  # noqa: PLW2901
        if table == "outbox" and row.get("id") in salvage.done:
            row = {**row, "status": "done", "retry_at": None}  # noqa: PLW2901
        elif rank > 0 and table == "outbox" and row["status"] != "done":
            row = {**row, "status": "failed", "retry_at": None, "last_error": ALTERED_NOTE}  # noqa: PLW2901
        values = tuple(records.as_text(row.get(column)) for column in records.COLUMNS[table])
        if table == "history":
            values = (*values, row.get("outbox_id"))
        getattr(salvage, table).append(values)
    salvage.offers.clear()
    salvage.outbox_seq = max([salvage.outbox_seq, *(row[0] for row in salvage.outbox)])
    _rebase_drafts(salvage)


def _fill_in(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row whose user part decodes, with the rest made valid (see ``records.users_part``);
    a draft's missing base is filled in from its snapshot later (:func:`_rebase_drafts`)."""
    fixed = {column: records.as_text(row.get(column)) for column in records.COLUMNS[table]}

    def number(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    if table == "drafts":
        kind = str(fixed["kind"])
        if records.entity_object(kind, fixed["base"]) is None:
            fixed["base"] = None
        if not number(fixed["updated_at"]):
            fixed["updated_at"] = 0.0
        return fixed
    if fixed["status"] not in records.STATUSES:
        fixed["status"] = "failed"
    if not isinstance(fixed["attempts"], int):
        fixed["attempts"] = 0
    for column in ("created_at", "updated_at"):
        if not number(fixed[column]):
            fixed[column] = 0.0
    return fixed


def _rebase_drafts(salvage: Salvage) -> None:
    """A draft whose base was lost starts from its entity's snapshot (or from nothing);
    fields the draft lacks come from that base, so none looks cleared by the user."""
    snapshots = {row[:3]: row[3] for row in salvage.snapshots}
    drafts = []
    for row in salvage.drafts:
        if row[3] is not None:
            drafts.append(row)
            continue
        base_text = snapshots.get(row[:3], "{}")
        base = records.json_object(base_text) or {}
        draft = {**base, **(records.json_object(row[4]) or {})}
        drafts.append((*row[:3], base_text, json.dumps(draft, ensure_ascii=False), *row[5:]))
    salvage.drafts = drafts


def _read_orphans(image: bytes, page_size: int, salvage: Salvage, *, trust_freelist: bool) -> None:
    """Rows on leaf pages SQLite could not reach (below a damaged interior page)."""
    try:
        found, whole = pages.leaf_rows(image, page_size)
    except Exception:
        log.warning("salvage: the pages could not be read one by one", exc_info=True)
        return
    added = _offer_found(found, salvage, sure=whole and trust_freelist)
    if added:
        log.info("salvage: %d rows found on pages SQLite could not reach", added)


def _offer_found(found: list[pages.Record], salvage: Salvage, *, sure: bool) -> int:
    """Offer the records read from pages; how many rows were not found before."""
    before = len(salvage.offers)
    for rowid, values in found:
        table, row = _classify(rowid, values)
        if table is not None:
            _offer(salvage, table, row, sure=sure)
    return len(salvage.offers) - before


def _identity(table: str, row: dict[str, Any]) -> Any:
    if table in ("outbox", "history"):
        return row.get("id")
    return (row.get("account"), row.get("kind"), row.get("entity_id"))


def _read_prefix(damaged: Path, scratch: Path, salvage: Salvage) -> None:
    """Rows still missing or changed, read from the state SQLite itself sees: the WAL up to
    its first damaged frame. An older state (a row deleted since may come back), so a draft
    from it counts as changed and a publish waits for the user."""
    prefix = scratch / "prefix.db"
    shutil.copyfile(damaged, prefix)
    if wal.apply(Path(f"{damaged}-wal"), prefix, stop_at_damage=True) is None:
        return
    page_size = _page_size(prefix)
    image = prefix.read_bytes()
    if not _readable(prefix):
        _replace_first_page(prefix, scratch / "template-prefix.db")
    with _connect(prefix) as conn:
        _read_tables(conn, salvage, sure=False)
    with contextlib.suppress(Exception):
        _offer_found(pages.leaf_rows(image, page_size)[0], salvage, sure=False)


def _classify(rowid: int, values: tuple[Any, ...]) -> tuple[str | None, dict[str, Any]]:
    """Which table a record read from a page belongs to, by its shape (and as a row)."""
    n = len(values)
    if n and values[0] is None:  # an INTEGER PRIMARY KEY is stored as the rowid
        if n in (11, 12) and values[5] in records.STATUSES:
            row = dict(zip((*records.COLUMNS["outbox"], "crc"), values, strict=False))
            return "outbox", {**row, "id": rowid}
        if n in (6, 7, 8):
            names = (*records.COLUMNS["history"], "outbox_id", "crc")
            return "history", {**dict(zip(names, values, strict=False)), "id": rowid}
        return None, {}
    if n in (6, 7) and isinstance(values[3], str) and isinstance(values[4], str):
        return "drafts", dict(zip((*records.COLUMNS["drafts"], "crc"), values, strict=False))
    if n in (5, 6) and isinstance(values[3], str) and isinstance(values[4], int | float):
        return "snapshots", dict(zip((*records.COLUMNS["snapshots"], "crc"), values, strict=False))
    return None, {}


def _index_keys(conn: sqlite3.Connection, table: str) -> dict[int, tuple[str, str, str]]:
    """``rowid → (account, kind, entity_id)`` as the key index of drafts/snapshots holds
    them: a second copy of a row's key, for a row whose own copy was damaged."""
    keys: dict[int, tuple[str, str, str]] = {}
    if table not in ("drafts", "snapshots"):
        return keys
    try:
        for *values, rowid in conn.execute(
            f"SELECT account, kind, entity_id, rowid FROM {table} "
            f"INDEXED BY sqlite_autoindex_{table}_1"
        ):
            key = records.key(tuple(values))
            if key is not None and isinstance(rowid, int):
                keys[rowid] = key
    except Exception:  # a damaged index: the keys read so far
        log.info("salvage: the key index of %s is damaged", table)
    return keys


def _rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(rowid, row)`` of every row of ``table`` SQLite can read, each fetched on its own;
    a row that cannot be read whole is read column by column (its readable part may be
    enough, see ``records.users_part``)."""
    try:
        columns = [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]
    except Exception:
        columns = []
    for rowid in _rowids(conn, table):
        try:
            cursor = conn.execute(f"SELECT * FROM {table} NOT INDEXED WHERE rowid = ?", (rowid,))
            values = cursor.fetchone()
        except Exception:
            row = _row_by_column(conn, table, columns, rowid)
            if row:
                yield rowid, row
            continue
        if values is not None:
            names = [column[0] for column in cursor.description]
            yield rowid, dict(zip(names, values, strict=True))


def _row_by_column(
    conn: sqlite3.Connection, table: str, columns: list[str], rowid: int
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in columns:
        try:
            found = conn.execute(
                f'SELECT "{column}" FROM {table} NOT INDEXED WHERE rowid = ?', (rowid,)
            ).fetchone()
        except Exception:
            continue
        if found is not None:
            row[column] = found[0]
    return row


def _rowids(conn: sqlite3.Connection, table: str) -> list[int]:
    """The rowids of ``table``: from a scan of the table that skips past stretches SQLite
    cannot read (and tries each rowid of a skipped stretch, if it is short), and from the
    table's indexes, which hold every rowid again."""
    found: set[int] = set()
    after = LOWEST_ROWID
    for _ in range(MAX_SKIPS):
        try:
            for (rowid,) in conn.execute(
                f"SELECT rowid FROM {table} NOT INDEXED WHERE rowid > ? ORDER BY rowid", (after,)
            ):
                found.add(rowid)
                after = rowid
            break
        except Exception:
            resume = _next_readable(conn, table, after)
            if resume is None:
                break
            if resume - after <= MAX_GAP_PROBES:
                found.update(range(after + 1, resume + 1))  # rows that may sit in the gap
            after = resume
    return sorted(found | _index_rowids(conn, table))


def _index_rowids(conn: sqlite3.Connection, table: str) -> set[int]:
    found: set[int] = set()
    try:
        indexes = [
            str(name)
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            )
        ]
    except Exception:
        return found
    for index in indexes:
        try:
            for (rowid,) in conn.execute(f'SELECT rowid FROM {table} INDEXED BY "{index}"'):
                if isinstance(rowid, int):
                    found.add(rowid)
        except Exception:
            continue
    return found


def _next_readable(conn: sqlite3.Connection, table: str, after: int) -> int | None:
    """A start past ``after`` from which a seek into ``table`` works again (None: none)."""

    def works(start: int) -> bool:
        try:
            conn.execute(
                f"SELECT rowid FROM {table} NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT 1",
                (start,),
            ).fetchall()
        except Exception:
            return False
        return True

    step = 1
    while after + step < HIGHEST_ROWID:
        if works(after + step):
            low, high = after + step // 2, after + step  # works(high); low failed or is `after`
            while high - low > 1:
                middle = (low + high) // 2
                if works(middle):
                    high = middle
                else:
                    low = middle
            return high
        step *= 2
    return None
