"""A process that opens a damaged store and is killed (SIGKILL) in the middle of recovering
it, by the kill-safety test.

Usage: ``python recovery_victim.py STORE_PATH``. Before and after each step that changes
files (writing the recovery record, renaming, salvaging, building the new store, replacing),
it prints ``step <n> <what>`` (flushed) and pauses, so the test can kill it right there;
also in the middle of building the new store file (around inserting the salvaged rows).
"""

from __future__ import annotations

import functools
import os
import pathlib
import sys
import time
from collections.abc import Callable
from typing import Any

from studio.store import Store, fresh, recovery, salvage

PAUSE_S = 0.05
count = 0


def step(what: str) -> None:
    global count
    count += 1
    sys.stdout.write(f"step {count} {what}\n")
    sys.stdout.flush()
    time.sleep(PAUSE_S)


def marked(what: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        step(f"before {what}")
        result = fn(*args, **kwargs)
        step(f"after {what}")
        return result

    return wrapper


def main() -> None:
    recovery._write_record = marked("record", recovery._write_record)  # type: ignore[attr-defined]
    salvage.read = marked("salvage", salvage.read)  # type: ignore[assignment]
    fresh.build = marked("build", fresh.build)  # type: ignore[assignment]
    fresh._insert = marked("insert", fresh._insert)  # type: ignore[attr-defined]  # mid-build
    os.replace = marked("replace", os.replace)  # type: ignore[assignment]
    pathlib.Path.rename = marked("rename", pathlib.Path.rename)  # type: ignore[method-assign]
    store = Store.open(pathlib.Path(sys.argv[1]))
    sys.stdout.write(f"opened {store.recovered_from}\n")
    sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main()
