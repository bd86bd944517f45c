"""Seeded fuzz: a store full of user work, damaged in many ways, then opened.

Every variant must end one of two ways. Either the damage was harmless (it hit unused
space) and the store gives back exactly what it held; or the file is moved aside untouched,
the user is told where (once), the new store is whole, holds nothing that was not there, and
keeps at least everything SQLite itself can still read from the damaged file by key.

``STORE_FUZZ_SEED`` / ``STORE_FUZZ_VARIANTS`` change the run; a failure names its seed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from damage_helpers import (
    ACC,
    PAGE,
    Donor,
    asides,
    drafts_of,
    make_donor,
    outbox_of,
    raw,
    snapshots_of,
)

from studio.store import Store

SEED = int(os.environ.get("STORE_FUZZ_SEED", "7077"))
VARIANTS = int(os.environ.get("STORE_FUZZ_VARIANTS", "80"))
KINDS = ("bytes", "byte", "truncate", "zero pages", "header", "wal", "garbage row", "empty")

GARBAGE_VALUES = (
    "CAST(X'7B2261223A22FF22' AS TEXT)",  # not UTF-8
    "'{\"name\": '",  # not JSON
    "'[1]'",  # not an object
    "'{\"name\": 5}'",  # a field of the wrong type
    "X'00FFEE'",  # a blob
    "'null'",
    "'abc'",
)


def damaged_variant(rng: random.Random, kind: str, donors: dict[str, Donor], target: Path) -> Donor:
    """Write a damaged copy of a donor at ``target``; returns the donor it came from."""
    donor = donors["wal" if kind == "wal" else "plain"]
    db = bytearray(donor.path.read_bytes())
    log = bytearray(Path(f"{donor.path}-wal").read_bytes()) if kind == "wal" else None
    if kind == "bytes":
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(db))
            db[at : at + 16] = rng.randbytes(len(db[at : at + rng.randint(1, 16)]))
    elif kind == "byte":
        db[rng.randrange(len(db))] = rng.randrange(256)
    elif kind == "truncate":
        db = db[: rng.randrange(len(db))]
    elif kind == "zero pages":
        for _ in range(rng.randint(1, 2)):
            page = rng.randrange(len(db) // PAGE)
            db[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    elif kind == "header":
        for _ in range(rng.randint(1, 4)):
            db[rng.randrange(100)] = rng.randrange(256)
    elif kind == "wal" and log is not None:
        at = rng.randrange(32, len(log))
        log[at : at + 8] = rng.randbytes(len(log[at : at + 8]))
    elif kind == "empty":
        db = bytearray()
    target.parent.mkdir(parents=True)
    target.write_bytes(bytes(db))
    if log is not None:
        Path(f"{target}-wal").write_bytes(bytes(log))
    if kind == "garbage row":
        inject_garbage(rng, target)
    return donor


def inject_garbage(rng: random.Random, target: Path) -> None:
    table = rng.choice(("drafts", "snapshots", "outbox"))
    # Any JSON object is a valid publish (another tool may add one): not damage.
    value = rng.choice([v for v in GARBAGE_VALUES if table != "outbox" or "{" not in v])
    entity = rng.choice(("1", "2", "99"))
    with raw(target) as conn:
        if table == "drafts" and entity != "99":
            column = rng.choice(("base", "draft", "updated_at"))
            conn.execute(f"UPDATE drafts SET {column} = {value} WHERE entity_id = '{entity}'")
        elif table == "drafts":
            conn.execute(
                "INSERT INTO drafts (account, kind, entity_id, base, draft, updated_at) "
                f"VALUES ('{ACC}', 'artist', '99', '{{}}', {value}, 1.0)"
            )
        elif table == "snapshots":
            conn.execute(f"UPDATE snapshots SET data = {value} WHERE entity_id = '{entity}'")
            if entity == "99":
                conn.execute(
                    "INSERT INTO snapshots (account, kind, entity_id, data, saved_at) "
                    f"VALUES ('{ACC}', 'artist', '99', {value}, 1.0)"
                )
        else:
            conn.execute(
                "INSERT INTO outbox (account, kind, entity_id, op, created_at, updated_at) "
                f"VALUES ('{ACC}', 'artist', '{entity}', {value}, 1.0, 1.0)"
            )


def sqlite_reads(path: Path, donor: Donor, scratch: Path) -> dict[str, Any]:
    """What SQLite alone reads, key by key, from a copy of the damaged file (and its WAL)
    that matches what was stored: the least the new store must keep."""
    scratch.mkdir()
    copy = scratch / "oracle.db"
    shutil.copyfile(path, copy)
    if Path(f"{path}-wal").exists():
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")
    found: dict[str, Any] = {"drafts": {}, "snapshots": {}, "outbox": {}}
    try:
        conn = sqlite3.connect(copy)
    except sqlite3.Error:
        return found
    conn.text_factory = bytes
    where = "WHERE account=? AND kind=? AND entity_id=?"
    queries = (
        ("drafts", donor.drafts, f"SELECT draft FROM drafts {where}"),
        ("snapshots", donor.snapshots, f"SELECT data FROM snapshots {where}"),
    )

    def read(sql: str, params: tuple[Any, ...]) -> Any:
        try:
            row = conn.execute(sql, params).fetchone()
            return None if row is None else json.loads(row[0])
        except Exception:
            return None

    for table, expected, sql in queries:
        for key, value in expected.items():
            if read(sql, (ACC, *key)) == value:
                found[table][key] = value
    for item_id, op in donor.outbox.items():  # a publish is of use with all it names
        try:
            names = conn.execute(
                "SELECT account, kind, entity_id FROM outbox WHERE id=?", (item_id,)
            ).fetchone()
        except Exception:
            continue
        whole = names == (ACC.encode(), b"artist", str(item_id - 1).encode())
        if whole and read("SELECT op FROM outbox WHERE id=?", (item_id,)) == op:
            found["outbox"][item_id] = op
    conn.close()
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_random_damage_is_moved_aside_with_everything_readable_kept(
    kind: str, tmp_path: Path
) -> None:
    donors = {
        "plain": make_donor(tmp_path / "donor", drafts=24),
        "wal": make_donor(tmp_path / "donor-wal", drafts=8, in_wal=6, bio=1500),
    }
    outcomes: dict[str, int] = {}
    for n in range(VARIANTS // len(KINDS)):
        seed = f"{SEED}-{kind}-{n}"
        rng = random.Random(seed)
        folder = tmp_path / f"variant-{n}"
        target = folder / "data" / "studio.db"
        donor = damaged_variant(rng, kind, donors, target)
        context = f"STORE_FUZZ_SEED={SEED}, {kind} variant {n} (seed {seed})"
        damaged_db = target.read_bytes()
        damaged_wal = Path(f"{target}-wal").read_bytes() if Path(f"{target}-wal").exists() else None
        least = sqlite_reads(target, donor, folder / "oracle")

        with Store.open(target) as store:
            moved = store.recovered_from
            drafts = drafts_of(store)
            outbox = outbox_of(store)
            snapshots = snapshots_of(store, [*donor.snapshots, ("artist", "99")])
            message = store.recovery_message
            if moved is None:  # harmless damage: everything as it was
                assert (drafts, outbox, snapshots) == (
                    donor.drafts, donor.outbox, donor.snapshots
                ), f"{context}: content changed but the store was not moved aside"  # fmt: skip
                outcomes["harmless"] = outcomes.get("harmless", 0) + 1
                continue
            outcomes["moved"] = outcomes.get("moved", 0) + 1
            assert moved.read_bytes() == damaged_db, f"{context}: the original was changed"
            if damaged_wal is not None:
                assert Path(f"{moved}-wal").read_bytes() == damaged_wal, context
            assert message is not None and str(moved) in message, context
            assert set(drafts) <= set(donor.drafts), f"{context}: a draft appeared from nowhere"
            changed = {k for k, v in drafts.items() if donor.drafts[k] != v}
            # A publish read from an older state (a delivered one may look undelivered
            # there) is kept, but waits for the user instead of being sent.
            for item_id in set(outbox) - set(donor.outbox):
                item = store.outbox_item(item_id)
                assert item is not None and item.waits_for_user, f"{context}: {item}"
            assert set(snapshots) <= set(donor.snapshots), context
            changed |= {k for k, v in snapshots.items() if donor.snapshots[k] != v}
            assert not changed or "check your drafts" in message, context
            for table, kept in (("drafts", drafts), ("snapshots", snapshots), ("outbox", outbox)):
                lost = {k for k in least[table] if kept.get(k) != least[table][k]}
                assert not lost, f"{context}: readable {table} not kept: {sorted(lost)}"
            store.acknowledge_recovery()
        with Store.open(target) as again:
            assert again.recovered_from is None, f"{context}: told twice, or the new store is bad"
            assert again.integrity_check() == ["ok"], context
            assert drafts_of(again) == drafts, context
        assert asides(target.parent) == [moved], context
    assert outcomes.get("moved", 0) >= 1, f"seed {SEED}: no variant was damage: {outcomes}"
