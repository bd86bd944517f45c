"""What checking the store at every start costs, and what a recovery costs.

Every open runs the integrity check and decodes (and checksums) every row, on the writer
thread, before the store is ready; a damaged file is moved aside and salvaged. This prints,
for stores of growing size: the open of a whole store, and the open (recovery) of the same
store with one damaged row.

Run: .venv/bin/python bench/bench_store_open.py [--repeat N]
Prints figures only.
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from studio.store import Store

ACCOUNT = "https://open.beatpass.ca/api/v1#7"
SIZES = (10, 100, 1000)  # drafts (each with a snapshot); plus as many publishes and history


def make_store(path: Path, drafts: int) -> None:
    rng = random.Random(drafts)
    with Store.open(path) as store:
        for i in range(drafts):
            bio = "".join(rng.choice("abcdefgh ") for _ in range(rng.choice([200, 2000, 8000])))
            base = {"name": f"Producer {i}", "description": "", "city": "Montréal"}
            store.save_draft(ACCOUNT, "artist", str(i), base, {**base, "description": bio})
            store.save_snapshot(ACCOUNT, "artist", str(i), base)
            item = store.enqueue(ACCOUNT, "artist", str(i), {"payload": {"description": bio}})
            store.mark_done(item, changes={"description": ["", bio[:100]]})


def timed_open(source: Path, work: Path, damage: bool) -> float:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    target = work / "studio.db"
    shutil.copyfile(source, target)
    if damage:
        conn = sqlite3.connect(target)
        conn.execute("UPDATE drafts SET draft = CAST(X'7BFF' AS TEXT) WHERE entity_id = '1'")
        conn.commit()
        conn.close()
    started = time.perf_counter()
    store = Store.open(target)
    elapsed = time.perf_counter() - started
    assert (store.recovered_from is not None) == damage
    store.close()
    return elapsed


def main() -> None:
    logging.disable(logging.WARNING)  # each recovery logs what it moved and kept
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        print(f"{'drafts':>7} {'file MB':>8} {'open ms (median)':>17} {'recovery ms':>12}")
        for drafts in SIZES:
            source = root / f"source-{drafts}" / "studio.db"
            source.parent.mkdir()
            make_store(source, drafts)
            size = source.stat().st_size / 1e6
            opens = [timed_open(source, root / "w", False) for _ in range(args.repeat)]
            recoveries = [timed_open(source, root / "w", True) for _ in range(args.repeat)]
            print(
                f"{drafts:>7} {size:>8.1f} {statistics.median(opens) * 1000:>17.1f} "
                f"{statistics.median(recoveries) * 1000:>12.1f}"
            )


if __name__ == "__main__":
    main()
