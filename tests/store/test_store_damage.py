"""Damaged store files (issue 7 items 2 and 3): any damage moves the file aside, a new store
keeps everything still readable, the user is told once where the old file is; rows found
damaged while in use are treated as missing and reported, never shown as raw text."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import struct
import threading
from pathlib import Path

import pytest
from damage_helpers import (
    ACC,
    PAGE,
    asides,
    drafts_of,
    make_donor,
    outbox_of,
    place,
    raw,
    snapshots_of,
)

from studio.paths import AppPaths
from studio.store import DAMAGED_ROW_MESSAGE, Store, StoreCorrupt, fresh, wal


@pytest.fixture
def store_path() -> Path:
    return AppPaths.from_env().store_file


def open_moved(path: Path) -> Store:
    """Open ``path``, which must be found damaged: moved aside, with a notice naming where."""
    original = path.read_bytes()
    store = Store.open(path)
    moved = store.recovered_from
    assert moved is not None, "the damaged store was not moved aside"
    assert moved.read_bytes() == original, "the moved-aside file must be the untouched original"
    message = store.recovery_message
    assert message is not None and str(moved) in message
    return store


def test_an_integrity_check_that_raises_unicode_decode_error_is_damage(
    tmp_path: Path, store_path: Path
) -> None:
    donor = make_donor(tmp_path / "donor")
    place(donor, store_path)
    with raw(store_path) as conn:  # a damaged schema entry with bytes that are not UTF-8
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET name = CAST(X'C3FF' AS TEXT), "
            "sql = 'CREATE INDEX ' || CAST(X'C3FF' AS TEXT) || ' ON' "
            "WHERE name = 'outbox_by_account'"
        )
    probe = sqlite3.connect(store_path)
    with pytest.raises(UnicodeDecodeError):  # SQLite's own error text cannot be decoded
        probe.execute("PRAGMA quick_check").fetchall()
    probe.close()

    with open_moved(store_path) as store:
        assert drafts_of(store) == donor.drafts
        assert outbox_of(store) == donor.outbox
        assert snapshots_of(store, donor.snapshots) == donor.snapshots
    with Store.open(store_path) as again:  # the new store is whole: not moved again
        assert again.recovered_from == asides(store_path.parent)[0]  # still the one notice
        assert len(asides(store_path.parent)) == 1


NOT_UTF8 = "CAST(X'7B226E616D65223A22FF227D' AS TEXT)"  # {"name":"\xff"}
GARBAGE_ROWS = {
    "draft text not UTF-8": f"INSERT INTO drafts (account, kind, entity_id, base, draft, "
    f"updated_at) VALUES ('{ACC}', 'artist', '99', '{{}}', {NOT_UTF8}, 1.0)",
    "draft not JSON": f"INSERT INTO drafts (account, kind, entity_id, base, draft, updated_at) "
    f"VALUES ('{ACC}', 'artist', '99', '{{}}', '{{\"name\": ', 1.0)",
    "draft JSON not an object": f"INSERT INTO drafts (account, kind, entity_id, base, draft, "
    f"updated_at) VALUES ('{ACC}', 'artist', '99', '[1, 2]', '{{}}', 1.0)",
    "draft field of the wrong type": f"INSERT INTO drafts (account, kind, entity_id, base, "
    f"draft, updated_at) VALUES ('{ACC}', 'artist', '99', '{{}}', '{{\"name\": 5}}', 1.0)",
    "draft blob": f"INSERT INTO drafts (account, kind, entity_id, base, draft, updated_at) "
    f"VALUES ('{ACC}', 'artist', '99', '{{}}', X'00FF00', 1.0)",
    "draft time not a number": f"INSERT INTO drafts (account, kind, entity_id, base, draft, "
    f"updated_at) VALUES ('{ACC}', 'artist', '99', '{{}}', '{{}}', 'yesterday')",
    "snapshot not UTF-8": f"INSERT INTO snapshots (account, kind, entity_id, data, saved_at) "
    f"VALUES ('{ACC}', 'artist', '99', {NOT_UTF8}, 1.0)",
    "snapshot not JSON": f"INSERT INTO snapshots (account, kind, entity_id, data, saved_at) "
    f"VALUES ('{ACC}', 'user', '99', 'nul', 1.0)",
    "publish op not UTF-8": f"INSERT INTO outbox (account, kind, entity_id, op, created_at, "
    f"updated_at) VALUES ('{ACC}', 'artist', '99', {NOT_UTF8}, 1.0, 1.0)",
    "publish op not JSON": f"INSERT INTO outbox (account, kind, entity_id, op, created_at, "
    f"updated_at) VALUES ('{ACC}', 'artist', '99', '{{op', 1.0, 1.0)",
    "publish status unknown": f"INSERT INTO outbox (account, kind, entity_id, op, status, "
    f"created_at, updated_at) VALUES ('{ACC}', 'artist', '99', '{{}}', 'zzz', 1.0, 1.0)",
    "history not JSON": f"INSERT INTO history (account, kind, entity_id, published_at, "
    f"changes) VALUES ('{ACC}', 'artist', '99', 1.0, '{{')",
}


# The user's part of these rows (a draft's draft, a publish's op) still decodes: kept.
USERS_PART_KEPT = {"draft JSON not an object", "draft time not a number", "publish status unknown"}


@pytest.mark.parametrize("garbage", GARBAGE_ROWS)
def test_a_row_that_cannot_be_decoded_moves_the_file_aside_and_the_rest_is_kept(
    garbage: str, tmp_path: Path, store_path: Path
) -> None:
    donor = make_donor(tmp_path / "donor")
    place(donor, store_path)
    with raw(store_path) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(GARBAGE_ROWS[garbage])
    with open_moved(store_path) as store:
        drafts, outbox = drafts_of(store), outbox_of(store)
        extra_draft = drafts.pop(("artist", "99"), None)
        extra_publish = {k: outbox.pop(k) for k in set(outbox) - set(donor.outbox)}
        assert drafts == donor.drafts
        assert outbox == donor.outbox
        assert snapshots_of(store, [*donor.snapshots, ("artist", "99")]) == donor.snapshots
        assert len(store.history(ACC, "artist", "3")) == 1
        statuses = [item.status for item in store.outbox(ACC) if item.id in donor.outbox]
        assert statuses == ["pending", "failed", "pending", "pending"]
        message = store.recovery_message or ""
        assert "drafts" in message and "unpublished changes" in message
        if garbage in USERS_PART_KEPT and garbage.startswith("draft"):
            assert extra_draft == {} and "check your drafts" in message
        elif garbage in USERS_PART_KEPT:
            [(item_id, op)] = extra_publish.items()
            item = store.outbox_item(item_id)
            assert op == {} and item is not None and item.waits_for_user
        else:
            assert extra_draft is None and not extra_publish
    with Store.open(store_path) as again:
        assert len(asides(store_path.parent)) == 1
        assert again.integrity_check() == ["ok"]


def test_a_value_changed_in_place_is_found_by_the_row_checksum(
    tmp_path: Path, store_path: Path
) -> None:
    """Damage that leaves a row readable (a letter changed) is still damage: the draft is
    kept for the user to check, a changed publish waits for the user."""
    donor = make_donor(tmp_path / "donor")
    place(donor, store_path)
    [first_item, *_] = donor.outbox
    with raw(store_path) as conn:
        conn.execute(
            "UPDATE drafts SET draft = replace(draft, 'Name 1', 'Name X') WHERE entity_id = '1'"
        )
        conn.execute(
            "UPDATE snapshots SET data = replace(data, 'Name 2', 'Name Y') WHERE entity_id = '2'"
        )
        conn.execute("UPDATE outbox SET op = replace(op, 'R2', 'R3') WHERE id = ?", (first_item,))
    with open_moved(store_path) as store:
        drafts = drafts_of(store)
        assert drafts[("artist", "1")]["name"] == "Name X"
        assert {k: v for k, v in drafts.items() if k != ("artist", "1")} == {
            k: v for k, v in donor.drafts.items() if k != ("artist", "1")
        }
        assert (store.load_snapshot(ACC, "user", "2") or {})["name"] == "Name Y"
        item = store.outbox_item(first_item)
        assert item is not None and item.op["endpoint"] == "R3"
        assert item.waits_for_user and "damaged" in (item.last_error or "")
        assert "check your drafts" in (store.recovery_message or "")


def test_a_zero_byte_file_is_moved_aside_with_a_notice(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"")
    with open_moved(store_path) as store:
        assert "empty" in (store.recovery_message or "")
        assert store.integrity_check() == ["ok"]


def wal_frames(data: bytes) -> tuple[int, int]:
    page_size = struct.unpack(">I", data[8:12])[0]
    return page_size, (len(data) - wal.HEADER) // (wal.FRAME_HEADER + page_size)


def test_a_damaged_wal_is_found_and_frames_after_the_damage_are_kept(
    tmp_path: Path, store_path: Path
) -> None:
    donor = make_donor(tmp_path / "donor", in_wal=6)
    log = bytearray(Path(f"{donor.path}-wal").read_bytes())
    page_size, frames = wal_frames(bytes(log))
    middle = wal.HEADER + (frames // 2) * (wal.FRAME_HEADER + page_size) + wal.FRAME_HEADER + 100
    log[middle] ^= 0xFF
    place(donor, store_path, wal=bytes(log))
    assert wal.damage(Path(f"{store_path}-wal")) is not None

    # SQLite alone stops at the damaged frame: fewer drafts than were committed.
    view = tmp_path / "view"
    view.mkdir()
    shutil.copyfile(store_path, view / "v.db")
    shutil.copyfile(f"{store_path}-wal", view / "v.db-wal")
    conn = sqlite3.connect(view / "v.db")
    sqlite_sees = conn.execute("SELECT count(*) FROM drafts").fetchone()[0]
    conn.close()
    assert sqlite_sees < len(donor.drafts)

    with open_moved(store_path) as store:
        assert Path(f"{store.recovered_from}-wal").read_bytes() == bytes(log)
        drafts = drafts_of(store)
        assert len(drafts) > sqlite_sees
        assert all(donor.drafts[key] == value for key, value in drafts.items())


def test_a_torn_last_wal_frame_is_a_kill_not_damage(tmp_path: Path) -> None:
    """A kill while SQLite writes a frame leaves the frame's header without its page (the
    file ends there, or older frames follow); a whole frame that fails is damage."""
    donor = make_donor(tmp_path / "donor", in_wal=2)
    log = Path(f"{donor.path}-wal").read_bytes()
    page_size, frames = wal_frames(log)
    last = wal.HEADER + (frames - 1) * (wal.FRAME_HEADER + page_size)
    checked = tmp_path / "checked-wal"
    checked.write_bytes(log[: last + wal.FRAME_HEADER])  # the page was never written
    assert wal.damage(checked) is None
    older = bytearray(log[last:])  # a frame of an older generation (other salts) follows
    older[8:16] = bytes(8)
    checked.write_bytes(log[: last + wal.FRAME_HEADER] + bytes(older[wal.FRAME_HEADER :]) + older)
    assert wal.damage(checked) is None
    damaged = bytearray(log)
    damaged[last + wal.FRAME_HEADER + 10] ^= 0x01  # the last frame, whole but changed
    checked.write_bytes(bytes(damaged))
    assert wal.damage(checked) is not None
    damaged = bytearray(log)
    damaged[wal.HEADER + wal.FRAME_HEADER + 10] ^= 0x01  # the first frame: later ones follow
    checked.write_bytes(bytes(damaged))
    assert wal.damage(checked) is not None


def root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[
                0
            ]
        )
    finally:
        conn.close()


@pytest.mark.parametrize("page", ["first page (header and schema)", "drafts' interior page"])
def test_rows_are_kept_when_the_pages_that_lead_to_them_are_lost(
    page: str, tmp_path: Path, store_path: Path
) -> None:
    donor = make_donor(tmp_path / "donor", drafts=40)
    number = 1 if page.startswith("first") else root_page(donor.path, "drafts")
    data = bytearray(donor.path.read_bytes())
    data[(number - 1) * PAGE : number * PAGE] = bytes(PAGE)
    place(donor, store_path, db=bytes(data))
    with open_moved(store_path) as store:
        assert drafts_of(store) == donor.drafts
        assert outbox_of(store) == donor.outbox


def test_the_notice_stays_until_acknowledged_then_is_never_repeated(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"garbage" * 100)
    with open_moved(store_path) as store:
        first = store.recovery_message
    with Store.open(store_path) as store:  # not acknowledged (the app died before showing it)
        assert store.recovery_message == first
        store.acknowledge_recovery()
    with Store.open(store_path) as store:
        assert store.recovery_message is None and store.recovered_from is None
    assert [p.read_bytes() for p in asides(store_path.parent)] == [b"garbage" * 100]


def test_a_second_damage_before_the_notice_names_both_files(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"first" * 100)
    Store.open(store_path).close()
    store_path.write_bytes(b"second" * 100)
    with Store.open(store_path) as store:
        first, second = sorted(asides(store_path.parent), key=lambda p: p.read_bytes())
        message = store.recovery_message or ""
        assert store.recovered_from == second
        assert f"moved it aside to {second}" in message
        assert f"An earlier damaged file is at {first}" in message


def test_a_store_in_use_by_another_app_is_not_checked_or_moved(store_path: Path) -> None:
    first = Store.open(store_path)
    first.save_draft(ACC, "artist", "1", {}, {"name": "A"})
    with raw(store_path) as conn:
        conn.execute(
            f"INSERT INTO drafts VALUES ('{ACC}', 'artist', '2', '{{}}', {NOT_UTF8}, 1, NULL)"
        )
    with Store.open(store_path) as second:  # the first app has it open: left alone
        assert second.recovered_from is None
        assert not asides(store_path.parent)
    first.close()
    with open_moved(store_path) as third:  # nobody has it open: checked, moved
        assert drafts_of(third) == {("artist", "1"): {"name": "A"}}


def test_a_recovery_cut_short_is_finished_at_the_next_start(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    donor = make_donor(tmp_path / "donor")
    place(donor, store_path)
    with raw(store_path) as conn:
        conn.execute(f"UPDATE drafts SET draft = {NOT_UTF8} WHERE entity_id = '0'")
    original = store_path.read_bytes()

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # stands for the process dying here

    monkeypatch.setattr(fresh, "build", killed)
    with pytest.raises(KeyboardInterrupt):
        Store.open(store_path)
    assert not store_path.exists()
    [moved] = asides(store_path.parent)
    assert moved.read_bytes() == original
    monkeypatch.undo()

    with Store.open(store_path) as store:
        assert store.recovered_from == moved
        assert drafts_of(store) == {k: v for k, v in donor.drafts.items() if k != ("user", "0")}
        assert outbox_of(store) == donor.outbox
    assert asides(store_path.parent) == [moved]


def test_a_damaged_lock_file_is_remade(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.with_name("studio.db.lock").write_bytes(b"not a database at all" * 300)
    with Store.open(store_path) as store:
        store.save_draft(ACC, "artist", "1", {}, {"name": "A"})
        assert store.recovered_from is None


# --- Damage found while in use -----------------------------------------------------------------


def test_rows_damaged_while_in_use_are_missing_logged_and_told_once(
    store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    told: list[str] = []
    with Store.open(store_path) as store:
        store.set_damage_hook(told.append)
        store.save_draft(ACC, "artist", "1", {"name": "A"}, {"name": "B"})
        store.save_draft(ACC, "artist", "2", {"name": "A"}, {"name": "C"})
        store.save_snapshot(ACC, "artist", "1", {"name": "A"})
        good = store.enqueue(ACC, "artist", "1", {"n": 1})
        bad = store.enqueue(ACC, "artist", "2", {"n": 2})
        store.add_history(ACC, "artist", "1", {"name": ["A", "B"]})
        store.add_history(ACC, "artist", "1", {"name": ["B", "C"]})
        with raw(store_path) as conn:  # damage appears after the open
            conn.execute(f"UPDATE drafts SET draft = {NOT_UTF8} WHERE entity_id = '1'")
            conn.execute("UPDATE snapshots SET data = '{' WHERE entity_id = '1'")
            conn.execute("UPDATE outbox SET op = 'RAW ROW TEXT' WHERE id = ?", (bad,))
            conn.execute("UPDATE history SET changes = '[' WHERE id = 2")

        with caplog.at_level(logging.WARNING, logger="studio.store"):
            assert store.load_draft(ACC, "artist", "1") is None
            record = store.load_draft(ACC, "artist", "2")
            assert record is not None and record.draft == {"name": "C"}
            assert store.load_snapshot(ACC, "artist", "1") is None
            assert [item.id for item in store.outbox(ACC)] == [good]
            assert store.outbox_item(bad) is None
            assert [e["changes"] for e in store.history(ACC, "artist", "1")] == [
                {"name": ["A", "B"]}
            ]
        assert told == [DAMAGED_ROW_MESSAGE]
        assert "RAW ROW TEXT" not in DAMAGED_ROW_MESSAGE
        assert sum("cannot be read" in r.getMessage() for r in caplog.records) >= 5
        # Editing goes on: saving over the damaged draft works.
        store.save_draft(ACC, "artist", "1", {"name": "A"}, {"name": "D"})
        assert (store.load_draft(ACC, "artist", "1") or record).draft == {"name": "D"}
    with open_moved(store_path) as reopened:  # at the next start, the damage is recovered
        assert [item.id for item in reopened.outbox(ACC)] == [good]


def test_a_schema_damaged_while_in_use_reads_as_missing_and_writes_fail_plainly(
    store_path: Path,
) -> None:
    told: list[str] = []
    with Store.open(store_path) as store:
        store.set_damage_hook(told.append)
        store.save_draft(ACC, "artist", "1", {}, {"name": "A"})
        with raw(store_path) as conn:
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute(
                "UPDATE sqlite_master SET sql = 'CREATE TABLE ' || CAST(X'C3FF' AS TEXT) "
                "WHERE name = 'history'"
            )
        results: list[object] = []

        def fresh_thread() -> None:  # a new connection reads the damaged schema
            results.append(store.load_draft(ACC, "artist", "1"))
            try:
                store.save_draft(ACC, "artist", "1", {}, {"name": "B"})
            except StoreCorrupt as exc:
                results.append(str(exc))

        worker = threading.Thread(target=fresh_thread)
        worker.start()
        worker.join()
        assert results[0] is None
        assert isinstance(results[1], str) and "damaged" in results[1]
        assert "\ufffd" not in results[1] and "CREATE" not in results[1]
        assert told == [DAMAGED_ROW_MESSAGE]
