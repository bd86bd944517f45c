"""Outages: how fast "Offline" shows, and how fast a waiting publish goes out once the
server is back, for outages of several lengths (targets: Offline ≤ 1 s after a refused
connection; the publish delivered within a few seconds of the server's return, whatever
the outage's length).

A real sandbox serves the demo producer; an ``OutboxRunner`` (the app's, with its default
backoff and connectivity probe) publishes a bio change. The sandbox is stopped (its port
refuses connections), the publish is queued, and after ``--outage`` seconds the sandbox
comes back on the same port with the same data. Printed per outage length: time from the
enqueue to "Offline", tries made during the outage, and time from the server's return to
the delivery.

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_outage.py [--outage 10 60 180]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from studio.api import BeatPassClient
from studio.core.drafts import artist_draft_from_api
from studio.publish import OFFLINE_TEXT, OutboxRunner
from studio.sandbox.server import SandboxHandle, start_sandbox
from studio.store import Store, account_key
from studio.tasks import Tasks

PRODUCER = "producer@demo.beatpass.test"


def wait_until(predicate, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if predicate():
            return True
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return predicate()


def one_outage(workdir: Path, outage_s: float) -> dict[str, float]:
    data = workdir / f"sandbox-{outage_s}"
    sandbox: SandboxHandle = start_sandbox(data)
    tasks = Tasks()
    store = Store.open(workdir / f"studio-{outage_s}.db")
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER))
    me = client.me()
    artist = next(a for a in me.artists if a.name == "Nova Beats")
    account = account_key(sandbox.base_url, me.id)
    base = artist_draft_from_api(client.artist(artist.id).artist.raw)
    draft = {**base, "description": f"Written during a {outage_s:.0f} s outage."}
    runner = OutboxRunner(tasks, store, client=lambda: client, account=lambda: account)
    delivered: list[float] = []
    runner.delivered.connect(lambda _d: delivered.append(time.monotonic()))
    port = sandbox.port
    sandbox.stop()
    started = time.monotonic()
    runner.enqueue("artist", str(artist.id), base, draft)
    wait_until(lambda: runner.status == OFFLINE_TEXT, 30)
    to_offline = time.monotonic() - started
    wait_until(lambda: False, outage_s)
    tries = sum(item.attempts for item in store.outbox(account))
    back = start_sandbox(data, port=port)
    returned = time.monotonic()
    wait_until(lambda: bool(delivered), 600)
    resume = (delivered[0] - returned) if delivered else float("nan")
    back.stop()
    tasks.shutdown(10000)
    store.close()
    client.close()
    return {"offline_s": to_offline, "tries": tries, "resume_s": resume}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, nargs="+", default=[10.0, 60.0])
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QCoreApplication)
    print(f"{'outage':>8} {'to Offline':>11} {'tries while down':>17} {'back → delivered':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for outage in args.outage:
            r = one_outage(Path(tmp), outage)
            print(
                f"{outage:>7.0f}s {r['offline_s']:>10.2f}s {r['tries']:>17.0f} "
                f"{r['resume_s']:>16.2f}s"
            )
    print("targets: Offline ≤ 1 s; delivered within a few seconds of the server's return")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
