"""A publishing process for the credits kill -9 test (run as a script, killed with SIGKILL).

Usage: ``python publish_victim.py BASE_URL TOKEN STORE_PATH DATA_DIR ACCOUNT``. Runs the
outbox of ``ACCOUNT`` with the app's runner and prints ``step <item> <index>`` (flushed)
each time a step is done — recorded in the store right after — and ``delivered`` at the end.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

import studio.workspace.kinds  # noqa: F401 — the credits kinds, as the app has them
from studio.api import BeatPassClient
from studio.publish import Backoff, OutboxRunner
from studio.store import Store
from studio.tasks import Tasks


def main() -> None:
    base_url, token, store_path, data_dir, account = sys.argv[1:6]
    app = QCoreApplication([])
    tasks = Tasks()
    store = Store.open(Path(store_path))
    client = BeatPassClient(base_url, token, backoff_factor=0)
    runner = OutboxRunner(
        tasks,
        store,
        client=lambda: client,
        account=lambda: account,
        data_dir=Path(data_dir),
        backoff=Backoff(base=0.05, cap=0.2),
    )

    def say(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    runner.stepDone.connect(lambda item, index: say(f"step {item} {index}"))
    runner.delivered.connect(lambda _d: (say("delivered"), app.quit()))
    runner.reset()
    app.exec()
    tasks.shutdown(10000)
    store.close()


if __name__ == "__main__":
    main()
