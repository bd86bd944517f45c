"""The SQLite store: snapshots, drafts, outbox, history, threads, migrations, a newer
schema, damaged files moved aside, and a full disk."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from fresh_python import fresh_python

from studio.paths import AppPaths
from studio.store import (
    Store,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreTooNew,
    account_key,
    records,
)
from studio.store.errors import translate
from studio.store.schema import LATEST_VERSION, MIGRATIONS

ACC = account_key("http://127.0.0.1:8765/api/v1/", 3)
OTHER = account_key("http://127.0.0.1:8765/api/v1", 4)
HOSTILE = '<script>alert("x")</script> &amp; \u202e 🎵 \x00 end'


@pytest.fixture
def store_path() -> Path:
    return AppPaths.from_env().store_file


@pytest.fixture
def store(store_path: Path) -> Any:
    with Store.open(store_path) as opened:
        yield opened


def test_account_key() -> None:
    assert ACC == "http://127.0.0.1:8765/api/v1#3"


def test_open_creates_a_wal_store_at_the_latest_version(store: Store, store_path: Path) -> None:
    assert store.path == store_path
    assert store_path.exists()
    assert store.recovered_from is None
    assert store.recovery_message is None
    conn = sqlite3.connect(store_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    finally:
        conn.close()
    assert store.integrity_check() == ["ok"]


def test_snapshots(store: Store) -> None:
    assert store.load_snapshot(ACC, "artist", "7") is None
    store.save_snapshot(ACC, "artist", "7", {"name": "A"})
    store.save_snapshot(ACC, "artist", "7", {"name": "B", "description": HOSTILE})
    assert store.load_snapshot(ACC, "artist", "7") == {"name": "B", "description": HOSTILE}
    assert store.load_snapshot(OTHER, "artist", "7") is None
    assert store.load_snapshot(ACC, "user", "7") is None


def test_drafts(store: Store) -> None:
    assert store.load_draft(ACC, "artist", "7") is None
    store.save_draft(ACC, "artist", "7", {"city": "A"}, {"city": "B"})
    first = store.load_draft(ACC, "artist", "7")
    assert first is not None
    store.save_draft(ACC, "artist", 7, {"city": "A"}, {"city": HOSTILE})  # type: ignore[arg-type]
    store.save_draft(ACC, "user", "3", {}, {"username": "x"})
    record = store.load_draft(ACC, "artist", "7")
    assert record is not None
    assert (record.base, record.draft) == ({"city": "A"}, {"city": HOSTILE})
    assert record.updated_at >= first.updated_at
    assert store.draft_keys(ACC) == [("user", "3"), ("artist", "7")]
    assert store.draft_keys(OTHER) == []
    store.delete_draft(ACC, "artist", "7")
    assert store.load_draft(ACC, "artist", "7") is None
    assert store.draft_keys(ACC) == [("user", "3")]


def test_data_survives_reopening(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.save_draft(ACC, "artist", "7", {"a": 1}, {"a": 2})
        store.enqueue(ACC, "artist", "7", {"endpoint": "R2"})
    with Store.open(store_path) as store:
        record = store.load_draft(ACC, "artist", "7")
        assert record is not None and record.draft == {"a": 2}
        assert [item.op for item in store.outbox(ACC)] == [{"endpoint": "R2"}]


def test_outbox_lifecycle(store: Store) -> None:
    first = store.enqueue(ACC, "artist", "7", {"endpoint": "R2", "n": 1})
    second = store.enqueue(ACC, "user", "3", {"endpoint": "U2", "n": 2})
    store.enqueue(OTHER, "user", "4", {"endpoint": "U2"})
    assert second > first
    items = store.outbox(ACC)
    assert [(i.id, i.kind, i.entity_id, i.op["n"]) for i in items] == [
        (first, "artist", "7", 1),
        (second, "user", "3", 2),
    ]
    assert items[0].status == "pending" and items[0].attempts == 0
    assert items[0].last_error is None and items[0].retry_at is None

    store.mark_failed(first, "offline", 1234.5)
    store.mark_failed(first, "HTTP 503", 2345.5)
    item = store.outbox_item(first)
    assert item is not None
    assert (item.status, item.attempts, item.last_error, item.retry_at) == (
        "failed", 2, "HTTP 503", 2345.5
    )  # fmt: skip
    assert not item.waits_for_user
    store.mark_failed(first, "422: name", None)
    item = store.outbox_item(first)
    assert item is not None and item.waits_for_user

    store.mark_pending(first)
    item = store.outbox_item(first)
    assert item is not None and (item.status, item.retry_at) == ("pending", None)

    store.update_op(second, {"endpoint": "U2", "n": 3})
    store.mark_done(first, snapshot={"name": "server"}, changes={"city": ["A", "B"]})
    assert [i.id for i in store.outbox(ACC)] == [second]
    assert store.outbox(ACC)[0].op["n"] == 3
    assert store.load_snapshot(ACC, "artist", "7") == {"name": "server"}
    [entry] = store.history(ACC, "artist", "7")
    assert entry["changes"] == {"city": ["A", "B"]}
    assert entry["outbox_id"] == first

    store.remove(second)
    assert store.outbox(ACC) == []
    assert len(store.outbox(OTHER)) == 1


def test_unknown_outbox_item(store: Store) -> None:
    assert store.outbox_item(99) is None
    for call in (
        lambda: store.mark_failed(99, "x", None),
        lambda: store.mark_done(99, changes={"x": 1}),
        lambda: store.mark_pending(99),
        lambda: store.update_op(99, {}),
    ):
        with pytest.raises(KeyError):
            call()
    assert store.history(ACC, "artist", "7") == []  # the failed mark_done wrote nothing


def test_history_newest_first(store: Store) -> None:
    store.add_history(ACC, "artist", "7", {"n": 1})
    store.add_history(ACC, "artist", "7", {"n": 2, "bio": HOSTILE})
    store.add_history(ACC, "artist", "8", {"n": 3})
    entries = store.history(ACC, "artist", "7")
    assert [e["changes"] for e in entries] == [{"n": 2, "bio": HOSTILE}, {"n": 1}]
    assert entries[0]["published_at"] >= entries[1]["published_at"]
    assert entries[0]["outbox_id"] is None


def test_values_that_are_not_json_are_refused_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(ValueError, match="JSON"):
        store.save_draft(ACC, "artist", "7", {}, {"x": object()})
    with pytest.raises(ValueError, match="JSON"):
        store.save_snapshot(ACC, "artist", "7", {"x": float("nan")})
    assert store.load_draft(ACC, "artist", "7") is None
    assert store.load_snapshot(ACC, "artist", "7") is None


def test_closed_store(store_path: Path) -> None:
    store = Store.open(store_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.load_draft(ACC, "artist", "7")
    with pytest.raises(StoreError, match="closed"):
        store.save_draft(ACC, "artist", "7", {}, {})


def test_threads_each_get_a_connection_and_see_all_writes(store: Store) -> None:
    errors: list[BaseException] = []
    seen: list[int] = []

    def writer(n: int) -> None:
        try:
            for i in range(25):
                store.save_draft(ACC, "artist", f"{n}-{i}", {}, {"n": n, "i": i})
                store.enqueue(ACC, "artist", f"{n}-{i}", {"i": i})
        except BaseException as exc:
            errors.append(exc)

    def reader() -> None:
        try:
            for _ in range(50):
                seen.append(len(store.draft_keys(ACC)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.draft_keys(ACC)) == 75
    assert len(store.outbox(ACC)) == 75
    assert seen and max(seen) <= 75
    assert store.integrity_check() == ["ok"]


# --- Migrations and versions ------------------------------------------------------------------


def make_db(path: Path, version: int, statements: tuple[str, ...] = ()) -> None:
    conn = sqlite3.connect(path)
    records.register(conn)
    try:
        for migration in MIGRATIONS[: min(version, LATEST_VERSION)]:
            for statement in migration:
                conn.execute(statement)
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
    finally:
        conn.close()


def test_an_older_store_is_migrated_and_keeps_its_data(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    make_db(
        store_path,
        1,
        (
            "INSERT INTO drafts VALUES ('acc', 'artist', '7', '{\"a\":1}', '{\"a\":2}', 1.0)",
            "INSERT INTO history (account, kind, entity_id, published_at, changes) "
            "VALUES ('acc', 'artist', '7', 5.0, '{\"n\":1}')",
        ),
    )
    with Store.open(store_path) as store:
        record = store.load_draft("acc", "artist", "7")
        assert record is not None and (record.base, record.draft) == ({"a": 1}, {"a": 2})
        assert store.history("acc", "artist", "7") == [
            {"id": 1, "published_at": 5.0, "changes": {"n": 1}, "outbox_id": None}
        ]
        item = store.enqueue("acc", "artist", "7", {})
        store.mark_done(item, changes={"n": 2})
        assert store.history("acc", "artist", "7")[0]["outbox_id"] == item
    conn = sqlite3.connect(store_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"outbox_by_account", "history_by_entity"} <= indexes
    finally:
        conn.close()


def test_a_newer_store_is_refused_and_left_untouched(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    make_db(store_path, LATEST_VERSION + 1, ("CREATE TABLE future (x)",))
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    with pytest.raises(StoreTooNew, match="newer version of BeatPass Studio") as info:
        Store.open(store_path)
    assert f"data version {LATEST_VERSION + 1}" in str(info.value)
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before
    conn = sqlite3.connect(store_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched
    finally:
        conn.close()
    assert not list(store_path.parent.glob("*.corrupt-*"))


# --- Damaged files ------------------------------------------------------------------------------


def real_db_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "donor.db"
    with Store.open(path) as store:
        for i in range(60):
            store.save_draft(ACC, "artist", str(i), {}, {"bio": "x" * 2000})
    return path.read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "header only", "zeroed pages"])
def test_a_damaged_file_is_moved_aside_and_a_fresh_store_opens(
    damage: str, store_path: Path, tmp_path: Path
) -> None:
    good = real_db_bytes(tmp_path)
    content = {
        "garbage": b"this is not a database at all\n" * 200,
        "truncated": good[: len(good) // 2 + 100],
        "header only": good[:60],
        "zeroed pages": good[:4096] + b"\x00" * (len(good) - 4096),
    }[damage]
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(content)
    Path(f"{store_path}-wal").write_bytes(b"wal leftovers")
    Path(f"{store_path}-shm").write_bytes(b"shm leftovers")

    with Store.open(store_path) as store:
        moved = store.recovered_from
        assert moved is not None
        assert moved.parent == store_path.parent
        assert moved.name.startswith("studio.db.corrupt-")
        assert moved.read_bytes() == content  # never deleted, never changed
        assert Path(f"{moved}-wal").read_bytes() == b"wal leftovers"
        assert Path(f"{moved}-shm").exists()  # SQLite's index of the WAL, moved along
        message = store.recovery_message
        assert message is not None and str(moved) in message and "damaged" in message
        # The fresh store works.
        store.save_draft(ACC, "artist", "7", {}, {"a": 1})
        assert store.integrity_check() == ["ok"]


def test_two_recoveries_in_the_same_second_keep_both_files(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    moved = []
    for text in (b"first garbage" * 50, b"second garbage" * 50):
        store_path.write_bytes(text)
        with Store.open(store_path) as store:
            moved.append(store.recovered_from)
    assert moved[0] != moved[1]
    assert moved[0] is not None and moved[0].read_bytes() == b"first garbage" * 50
    assert moved[1] is not None and moved[1].read_bytes() == b"second garbage" * 50


def test_an_empty_file_is_moved_aside_and_the_user_is_told(store_path: Path) -> None:
    """A 0-byte store file is damage (a new store is made whole under a temporary name, so
    it is never empty): moved aside, never silently taken for a new store."""
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"")
    with Store.open(store_path) as store:
        moved = store.recovered_from
        assert moved is not None and moved.is_file() and moved.stat().st_size == 0
        message = store.recovery_message
        assert message is not None and str(moved) in message and "empty" in message
        store.save_snapshot(ACC, "user", "3", {"a": 1})


def test_unopenable_path_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    with pytest.raises(StoreError, match="not a file"):
        Store.open(folder)
    assert folder.is_dir()


# --- Full disk ----------------------------------------------------------------------------------


def test_full_disk_raises_store_full_and_keeps_committed_data(store_path: Path) -> None:
    connections: list[sqlite3.Connection] = []

    def limit(conn: sqlite3.Connection) -> None:
        connections.append(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 8) + 4}")

    with Store.open(store_path) as fresh:  # create the tables first
        fresh.save_draft(ACC, "artist", "7", {}, {"bio": "committed"})

    with Store.open(store_path, on_connect=limit) as store:
        with pytest.raises(StoreFull) as info:
            for i in range(200):
                store.save_draft(ACC, "artist", str(100 + i), {}, {"bio": "y" * 4000})
        message = str(info.value)
        assert "disk is full" in message and "stays in the window" in message
        # What was committed is intact and the store still reads and works.
        record = store.load_draft(ACC, "artist", "7")
        assert record is not None and record.draft == {"bio": "committed"}
        store.save_draft(ACC, "artist", "7", {}, {"bio": "small"})  # fits in place
        assert store.integrity_check() == ["ok"]
        # Space comes back: saving works again.
        for conn in connections:
            conn.execute("PRAGMA max_page_count = 1000000")
        store.save_draft(ACC, "artist", "big", {}, {"bio": "z" * 40000})
        assert store.load_draft(ACC, "artist", "big") is not None


@pytest.mark.parametrize(
    ("code", "error_type", "words"),
    [
        (13, StoreFull, "disk is full"),  # SQLITE_FULL
        (10 | (4 << 8), StoreFull, "could not be written"),  # SQLITE_IOERR_WRITE
        (11, StoreCorrupt, "damaged"),  # SQLITE_CORRUPT
        (26, StoreCorrupt, "damaged"),  # SQLITE_NOTADB
        (5, StoreError, "busy"),  # SQLITE_BUSY
        (8, StoreError, "read-only"),  # SQLITE_READONLY
    ],
)
def test_sqlite_errors_become_plain_store_errors(
    code: int, error_type: type[StoreError], words: str
) -> None:
    exc = sqlite3.OperationalError("low-level text")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    error = translate(exc)
    assert type(error) is error_type
    assert words in str(error)


def test_prune_done_removes_old_delivered_items_only(store_path: Path) -> None:
    import time as _time

    with Store.open(store_path) as store:
        old = store.enqueue("a", "artist", "1", {"x": 1})
        store.mark_done(old, changes={"fields": {}})
        waiting = store.enqueue("a", "artist", "2", {"x": 2})
        recent = store.enqueue("a", "artist", "3", {"x": 3})
        store.mark_done(recent)
        assert store.prune_done(_time.time() - 3600) == 0  # nothing that old yet
        assert store.prune_done(_time.time() + 1) == 2  # both delivered ones go
        assert store.outbox_item(old) is None and store.outbox_item(recent) is None
        assert store.outbox_item(waiting) is not None  # never an undelivered one
        [entry] = store.history("a", "artist", "1")  # the history stays, unlinked
        assert entry["outbox_id"] is None
        assert store.integrity_check() == ["ok"]
    with Store.open(store_path) as again:  # every row still checks out (nothing "damaged")
        assert again.recovered_from is None and len(again.history("a", "artist", "1")) == 1


def test_opening_a_whole_store_loads_neither_the_builder_nor_the_salvager(tmp_path: Path) -> None:
    """What only making a store (``fresh``) or recovering one (``salvage``) needs is loaded
    then, not on every start: ~1.3 ms of a worker's time before the profile is editable."""
    path = tmp_path / "studio.db"
    code = f"""
import sys
from studio.store import Store
Store.open({str(path)!r}).close()
loaded = ("studio.store.fresh", "studio.store.salvage")
print("made:", sorted(m for m in loaded if m in sys.modules))
"""
    made = fresh_python(code).split("\n")[0]
    assert made == "made: ['studio.store.fresh']"
    opened = fresh_python(code.replace("made:", "opened:")).split("\n")[0]
    assert opened == "opened: []"
