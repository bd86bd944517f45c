"""Finding a damaged store file, moving it aside (never deleting it) and starting a new store
that keeps everything still readable in it.

:func:`prepare` runs before the store is opened, under an inter-process lock. Any damage
counts: an empty file, a bad header, a damaged WAL, a failed integrity check, a row that does
not decode. The steps survive a kill at any point, because a *recovery record*
(``studio.db.recovery``, written atomically) says what is under way:

Only one process does this, and only while no other has the store open (see ``lock``).

1. write the record ("moving", with the aside name ``studio.db.corrupt-<time>``);
2. rename the file and its ``-wal``/``-shm``/``-journal`` to the aside name;
3. salvage the readable rows from a copy of the aside file into ``studio.db.tmp-new``;
4. rename that into place (a file at the real name is always complete);
5. mark the record "done": it now holds the notice for the user, until acknowledged.

A start that finds a "moving" record finishes those steps. Temporary files
(``studio.db.tmp-*``) only ever hold copies, so they are deleted at the next start.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from studio.store import records, wal
from studio.store.errors import (
    SQLITE_BUSY,
    SQLITE_CANTOPEN,
    SQLITE_IOERR,
    SQLITE_LOCKED,
    SQLITE_READONLY,
    translate,
)
from studio.store.lock import StoreLock
from studio.store.schema import LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

SIBLING_SUFFIXES = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_PERM, SQLITE_NOMEM = 3, 7
# Errors that say nothing about the file's content: raised, not taken for damage.
NOT_DAMAGE = {
    SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_PERM,
    SQLITE_NOMEM,
}  # fmt: skip
MOVING, DONE = "moving", "done"
# A data version this far above ours is taken for a newer app's file (left untouched);
# further above, for damage (versions grow by one per change of the tables).
NEWER_VERSIONS = 20
EMPTY = "the file is empty"


# --- Is it damaged? ---------------------------------------------------------------------------


def damage(path: Path) -> str | None:
    """Why the store file ``path`` (which exists) cannot be trusted, or None when it is whole.

    The check reads the file (and its WAL) through a read-only connection, so it never
    changes them. A file from a newer version of the app counts as whole (it is refused
    later, untouched). Errors that say nothing about the content (locked, no permission)
    raise :class:`StoreError`.
    """
    if path.stat().st_size == 0:
        return EMPTY
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "not an SQLite database"
    reason = wal.damage(Path(f"{path}-wal"))
    if reason is not None:
        return reason
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=10.0,
            isolation_level=None,
        )  # fmt: skip
    except sqlite3.Error as exc:
        raise translate(exc) from exc
    conn.text_factory = records.text_factory
    records.register(conn)
    try:
        return _check_content(conn)
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in NOT_DAMAGE:
            raise translate(exc) from exc
        return f"SQLite: {type(exc).__name__}"
    except Exception as exc:
        return f"reading it failed ({type(exc).__name__})"
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _check_content(conn: sqlite3.Connection) -> str | None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    schema = _schema(conn)
    if LATEST_VERSION < version <= LATEST_VERSION + NEWER_VERSIONS:
        # A newer app's file (refused by the opener, never moved) has a newer schema: each
        # version changes the tables. With exactly ours, only the number changed: damage.
        if schema == expected_schema(LATEST_VERSION):
            return f"its data version ({version}) is damaged"
        return None
    if not 0 <= version <= LATEST_VERSION:
        return f"its data version ({version}) is not one any version of the app writes"
    if schema != expected_schema(version):
        return f"its tables do not match its data version ({version})"
    lines = conn.execute("PRAGMA integrity_check").fetchall()
    if [tuple(line) for line in lines] != [("ok",)]:
        return "the integrity check failed"
    if version == 0:
        return None  # nothing stored yet
    for table in records.COLUMNS:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [column[0] for column in cursor.description]
        for values in cursor:
            verdict = records.check_row(table, dict(zip(names, values, strict=True)))
            if verdict != records.OK:
                return f"a row of {table} is {verdict}"
    return None


def _schema(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """What the schema holds: each table with its columns, each index with its table (not
    the SQL text, which SQLite versions may word differently)."""
    rows = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    schema = []
    for kind, name, table in rows:
        columns: tuple[str, ...] = ()
        if kind == "table" and isinstance(name, str) and name.isidentifier():
            columns = tuple(str(c[1]) for c in conn.execute(f'PRAGMA table_info("{name}")'))
        schema.append((str(kind), str(name), str(table), columns))
    return sorted(schema)


@functools.cache
def expected_schema(version: int) -> list[tuple[Any, ...]]:
    """What :func:`_schema` gives for a store at schema ``version``."""
    conn = sqlite3.connect(":memory:")
    records.register(conn)
    try:
        for migration in MIGRATIONS[:version]:
            for statement in migration:
                conn.execute(statement)
        return _schema(conn)
    finally:
        conn.close()


# --- What the user is told --------------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    """A damaged file was moved aside; the notice stays until :func:`acknowledge`."""

    asides: tuple[Path, ...]  # oldest first; the last one is this recovery's
    reason: str
    kept: dict[str, int] | None  # None: not known (the new store was made by an older run)

    @property
    def moved_to(self) -> Path:
        return self.asides[-1]

    @property
    def message(self) -> str:
        why = "damaged (it was empty)" if self.reason == EMPTY else "damaged"
        parts = [
            f"The local data file was {why}, so BeatPass Studio moved it aside to "
            f"{self.moved_to} and started a fresh one."
        ]
        if self.kept is not None:
            parts.append(_kept_sentence(self.kept))
            if self.kept.get("altered"):
                parts.append(
                    "Some of it may have been changed by the damage: check your drafts and "
                    "the publish queue before publishing."
                )
        parts.append(
            "Anything that could not be read stays in the moved file; your published profile "
            "is safe on the server."
        )
        parts += [f"An earlier damaged file is at {aside}." for aside in self.asides[:-1]]
        return " ".join(parts)


def _kept_sentence(kept: dict[str, int]) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    items = []
    if kept.get("drafts"):
        items.append(count(kept["drafts"], "draft", "drafts"))
    if kept.get("outbox"):
        items.append(count(kept["outbox"], "unpublished change", "unpublished changes"))
    if kept.get("snapshots"):
        items.append(count(kept["snapshots"], "saved profile", "saved profiles"))
    if not items:
        return "Nothing in it could still be read."
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return f"It kept what could still be read: {listed}."


# --- Preparing the file before it is opened ---------------------------------------------------


def prepare(path: Path) -> tuple[Recovery | None, StoreLock]:
    """Make ``path`` a whole store file: finish an interrupted recovery, recover a damaged
    file, or create a new one. Returns the recovery the user has not been told about yet,
    and the lock, held shared, to release once the store is closed.

    When another process has the store open, it checked the file when it opened it: this
    one leaves the file alone.
    """
    lock = StoreLock(path)
    try:
        if lock.try_exclusive():
            try:
                _check_and_recover(path)
            finally:
                lock.release()
        lock.share()
        record = _read_record(path)
    except BaseException:
        lock.release()
        raise
    if record is None or record.get("phase") != DONE:
        return None, lock
    recovery = Recovery(
        asides=tuple(path.with_name(name) for name in record["asides"]),
        reason=str(record.get("reason", "")),
        kept=record.get("kept"),
    )
    return recovery, lock


def _check_and_recover(path: Path) -> None:
    _remove_temporary(path)
    record = _read_record(path)
    if record is not None and record.get("phase") == MOVING:
        _finish(path, record)
    elif not path.exists():
        if any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")):
            _recover(path, "its journal was left without it", record)
        else:
            _create(path)
    elif (reason := damage(path)) is not None:
        _recover(path, reason, record)


def acknowledge(path: Path) -> None:
    """The user was told about the recovery: forget it (the moved-aside files stay)."""
    with contextlib.suppress(FileNotFoundError):
        _record_path(path).unlink()


def _create(path: Path) -> None:
    from studio.store import fresh  # loaded only when a store is made (not on every start)

    temporary = _temporary(path, "new")
    fresh.build(temporary)
    os.replace(temporary, path)
    _sync_folder(path.parent)


def _recover(path: Path, reason: str, previous: dict[str, Any] | None) -> None:
    aside = _aside_name(path)
    log.warning("damaged store %s (%s): moving it aside to %s", path, reason, aside)
    earlier = list(previous.get("asides", [])) if previous is not None else []
    record = {"phase": MOVING, "asides": [*earlier, aside.name], "reason": reason}
    _write_record(path, record)
    _finish(path, record)


def _finish(path: Path, record: dict[str, Any]) -> None:
    from studio.store import fresh, salvage  # loaded only for a recovery

    aside = path.with_name(record["asides"][-1])
    if not (path.exists() and aside.exists()):  # else the new store is already in place
        if path.exists():
            path.rename(aside)
        for suffix in SIBLING_SUFFIXES:
            sibling = Path(f"{path}{suffix}")
            if sibling.exists():
                sibling.rename(_free_name(Path(f"{aside}{suffix}")))
        kept = salvage.read(aside, _temporary(path, "salvage"))
        temporary = _temporary(path, "new")
        fresh.build(temporary, kept)
        record["kept"] = kept.kept()
        _write_record(path, record)
        os.replace(temporary, path)
        _sync_folder(path.parent)
        log.warning("store %s: salvaged %s from %s", path, record["kept"], aside)
    record["phase"] = DONE
    _write_record(path, record)


# --- Files ------------------------------------------------------------------------------------


def _temporary(path: Path, what: str) -> Path:
    return path.with_name(f"{path.name}.tmp-{what}")


def _remove_temporary(path: Path) -> None:
    """Temporary files of an interrupted start hold only copies: remove them."""
    for leftover in path.parent.glob(f"{_glob_escape(path.name)}.tmp-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while any(Path(f"{target}{s}").exists() for s in ("", *SIBLING_SUFFIXES)):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return target


def _free_name(target: Path) -> Path:
    """``target``, or ``target.1``, ``.2``… if taken (a moved file is never overwritten)."""
    candidate, n = target, 1
    while candidate.exists():
        candidate = target.with_name(f"{target.name}.{n}")
        n += 1
    return candidate


def _record_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.recovery")


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(_record_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("store %s: the recovery record cannot be read; ignored", path)
        return None
    asides = data.get("asides") if isinstance(data, dict) else None
    if not (isinstance(asides, list) and asides and all(isinstance(a, str) for a in asides)):
        log.warning("store %s: the recovery record is not valid; ignored", path)
        return None
    kept = data.get("kept")
    if kept is not None and not (
        isinstance(kept, dict) and all(isinstance(v, int) for v in kept.values())
    ):
        data["kept"] = None
    return data


def _write_record(path: Path, record: dict[str, Any]) -> None:
    target = _record_path(path)
    temporary = _temporary(path, "recovery")
    with temporary.open("w", encoding="utf-8") as file:
        json.dump(record, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, target)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (not possible, nor needed, on Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
