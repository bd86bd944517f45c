"""kill -9 in the middle of a credits publish (a real process, SIGKILL): after a restart the
plan goes on; an add whose answer never came back is checked against the server first, so
no credit is added twice and each item is sent once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from credit_rig import add_new, keys_of, open_credits, roles_by_key, server_credits, uncredited
from publish_rig import PRODUCER, WAIT_MS, Rig

from studio.core.credit_drafts import FIELD
from studio.publish import build_op
from studio.publish.plan import DONE, steps_of
from studio.store import Store

VICTIM = Path(__file__).with_name("credit_victim.py")


def start_victim(rig: Rig, token: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, str(VICTIM), rig.sandbox.base_url, token, str(rig.store_path),
         str(rig.store_path.parent), rig.account],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def add_posts(rig: Rig) -> list[str]:
    path = f"/artists/{rig.artist_id}/credits"
    return [r.path for r in rig.sandbox.requests("POST", path) if r.path.endswith("/credits")]


@pytest.mark.slow
def test_kill_mid_credits_plan_then_restart_adds_each_item_once(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    songs = uncredited(rig, count=4)
    for n, song in enumerate(songs):
        add_new(doc, song, ["producer", "composer"], n)
    doc.remove_item(FIELD, len(doc.draft[FIELD]) - 1)
    wanted = doc.draft
    op = build_op("credits", rig.artist_id, doc.base, wanted)
    assert op is not None
    assert [s["type"] for s in op["steps"]] == ["check", *["add"] * 4, "delete", "order"]
    rig.store.enqueue(rig.account, "credits", rig.artist_id, op)
    rig.docs.clear()
    rig.store.close()
    token = rig.sandbox.token_for(PRODUCER)
    rig.sandbox.set_faults(latency_ms=400)  # each request takes a while: the kill lands mid-add
    rig.sandbox.clear_requests()

    victim = start_victim(rig, token)
    assert victim.stdout is not None
    for _ in range(2):  # the check, then the first add are done
        line = victim.stdout.readline()
        assert line.startswith("step "), victim.stderr.read() if victim.stderr else line
    qtbot.wait(600)  # it records the step and sends the second add: killed while it waits
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    first_run = add_posts(rig)

    store = Store.open(rig.store_path)
    try:
        [item] = store.outbox(rig.account)
        states = [s["state"] for s in steps_of(item.op)]
    finally:
        store.close()
    assert states[:2] == [DONE, DONE] and "sending" in states  # an add was on its way

    rig.sandbox.set_faults()
    qtbot.wait(500)  # a request still in its latency wait is served now
    rig.sandbox.clear_requests()
    again = start_victim(rig, token)
    out, err = again.communicate(timeout=WAIT_MS / 1000 * 4)
    assert "delivered" in out, err
    # Every new item was POSTed exactly once over both runs: the one whose answer the kill
    # lost was found on the server by the restarted plan, not sent again.
    assert len(first_run) + len(add_posts(rig)) == len(songs)
    server = server_credits(rig)
    assert keys_of(server) == keys_of(wanted)
    assert roles_by_key(server) == roles_by_key(wanted)
    rig.store = Store.open(rig.store_path)
    assert rig.outbox() == []
