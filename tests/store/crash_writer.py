"""Writer process for the crash-safety test (run as a script, killed with SIGKILL).

Usage: ``python crash_writer.py STORE_PATH FIRST_SEQ``. Forever: save a new draft row for
``seq`` and overwrite the ``live`` draft, each its own committed transaction, then print
``seq`` (flushed): a printed number is a promise that both writes were committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studio.store import Store

ACCOUNT = "http://127.0.0.1:1/api/v1#1"


def main() -> None:
    path, seq = Path(sys.argv[1]), int(sys.argv[2])
    store = Store.open(path)
    while True:
        draft = {"seq": seq, "bio": "<b>x</b>" * (seq % 300)}
        store.save_draft(ACCOUNT, "artist", str(seq), {"seq": seq - 1}, draft)
        store.save_draft(ACCOUNT, "artist", "live", {"seq": seq - 1}, draft)
        sys.stdout.write(f"{seq}\n")
        sys.stdout.flush()
        seq += 1


if __name__ == "__main__":
    main()
