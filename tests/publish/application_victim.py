"""A Studio-like process that sends the outbox of one account until it is killed (SIGKILL),
for the kill-during-submit test.

Usage: ``python application_victim.py STORE_PATH DATA_DIR BASE_URL ACCOUNT`` with the API
token in ``APPLY_TOKEN``. It runs the outbox runner on the store (the test has put the
application's plan there) and prints ``ready`` once it started; the test kills it while the
send is in flight.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from studio.api import BeatPassClient
from studio.publish import OutboxRunner
from studio.store import Store
from studio.tasks import Tasks


def main() -> None:
    store_path, data_dir, base_url, account = sys.argv[1:5]
    app = QCoreApplication([sys.argv[0]])
    store = Store.open(Path(store_path))
    client = BeatPassClient(base_url, os.environ["APPLY_TOKEN"], backoff_factor=0)
    tasks = Tasks()
    runner = OutboxRunner(
        tasks,
        store,
        client=lambda: client,
        account=lambda: account,
        data_dir=Path(data_dir),
    )
    runner.reset()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    app.exec()


if __name__ == "__main__":
    main()
