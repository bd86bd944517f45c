"""Shared by the damaged-store tests: a store full of user work (drafts, snapshots, publishes,
history), ways to damage it, and a look at what a store holds."""

from __future__ import annotations

import contextlib
import random
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.store import Store, records

ACC = "http://127.0.0.1:8765/api/v1#3"
PAGE = 4096
SIBLINGS = ("-wal", "-shm", "-journal")


@dataclass
class Donor:
    """A store file and what it holds (what a whole store would give back)."""

    path: Path
    drafts: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    snapshots: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    outbox: dict[int, dict[str, Any]] = field(default_factory=dict)  # not yet delivered


def make_donor(
    folder: Path, *, drafts: int = 12, in_wal: int = 0, bio: int = 3000, seed: int = 7
) -> Donor:
    """A store with ``drafts`` drafts (bios up to ``bio`` characters, some spill onto
    overflow pages), their snapshots, five publishes (one delivered, one failed) and a
    history entry; with ``in_wal``, that many more drafts are left in the WAL only (the
    files are copied while the store is open)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "studio.db"
    rng = random.Random(seed)
    donor = Donor(path)

    def keep_wal(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA wal_autocheckpoint = 0")

    store = Store.open(path, on_connect=keep_wal)
    for i in range(drafts):
        kind = "artist" if i % 2 else "user"
        text = "".join(rng.choice("abcdefgh <>&é🎵") for _ in range(rng.choice([0, 40, bio])))
        base = {"name": f"Name {i}", "description": "", "city": "Montréal"}
        draft = {**base, "description": text}
        store.save_draft(ACC, kind, str(i), base, draft)
        store.save_snapshot(ACC, kind, str(i), base)
        donor.drafts[(kind, str(i))] = draft
        donor.snapshots[(kind, str(i))] = base
    for i in range(5):
        op = {"endpoint": "R2", "payload": {"description": "p" * rng.choice([5, 5000])}, "n": i}
        item = store.enqueue(ACC, "artist", str(i), op)
        if i == 3:
            store.mark_done(item, snapshot={"name": "sent"}, changes={"description": ["a", "b"]})
            donor.snapshots[("artist", str(i))] = {"name": "sent"}
        else:
            if i == 1:
                store.mark_failed(item, "offline", 123.0)
            donor.outbox[item] = op
    if not in_wal:
        store.close()
        return donor
    for i in range(drafts, drafts + in_wal):
        draft = {"name": f"W {i}", "description": "w" * 1500}
        store.save_draft(ACC, "artist", str(i), {"name": "", "description": ""}, draft)
        donor.drafts[("artist", str(i))] = draft
    copy = folder / "copy"
    copy.mkdir()
    shutil.copyfile(path, copy / "studio.db")
    shutil.copyfile(f"{path}-wal", copy / "studio.db-wal")
    store.close()
    donor.path = copy / "studio.db"
    return donor


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection (another tool, or damage) that writes rows as they come."""
    conn = sqlite3.connect(path, isolation_level=None)
    records.register(conn)
    try:
        yield conn
    finally:
        conn.close()


def place(donor: Donor, target: Path, db: bytes | None = None, wal: bytes | None = None) -> None:
    """Put the donor's files (or the given damaged bytes) at ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(donor.path.read_bytes() if db is None else db)
    donor_wal = Path(f"{donor.path}-wal")
    if wal is not None:
        Path(f"{target}-wal").write_bytes(wal)
    elif donor_wal.exists():
        shutil.copyfile(donor_wal, f"{target}-wal")


def drafts_of(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for key in store.draft_keys(ACC):
        record = store.load_draft(ACC, *key)
        assert record is not None, f"listed draft {key} does not load"
        found[key] = record.draft
    return found


def snapshots_of(store: Store, keys: Any) -> dict[tuple[str, str], dict[str, Any]]:
    return {key: data for key in keys if (data := store.load_snapshot(ACC, *key)) is not None}


def outbox_of(store: Store) -> dict[int, dict[str, Any]]:
    return {item.id: item.op for item in store.outbox(ACC)}


def asides(folder: Path) -> list[Path]:
    """The moved-aside store files in ``folder`` (not their -wal/-shm/-journal)."""
    return sorted(p for p in folder.glob("studio.db.corrupt-*") if not p.name.endswith(SIBLINGS))
