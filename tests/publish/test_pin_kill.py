"""kill -9 in the middle of publishing a pin (a real process, SIGKILL): P1 reached BeatPass
and was applied, but the process died before the answer came back. After a restart the
plan resumes — it reads P3, finds the pin already there, and is delivered without sending
P1 again; the outbox ends empty."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from publish_rig import PRODUCER, WAIT_MS, Rig

from studio.core.pin_catalog import CATALOG_PER_PAGE, from_track
from studio.core.pins import PIN, fetch_pin, pinned_id, with_pin
from studio.publish import build_op
from studio.publish.plan import DONE, steps_of
from studio.store import Store

VICTIM = Path(__file__).with_name("pin_victim.py")


def start_victim(rig: Rig, token: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, str(VICTIM), rig.sandbox.base_url, token, str(rig.store_path),
         str(rig.store_path.parent), rig.account],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def p1_sent(rig: Rig) -> int:
    return len([r for r in rig.sandbox.requests("POST", "/artists") if r.path.endswith("/pin")])


@pytest.mark.slow
def test_kill_after_p1_was_applied_then_restart_never_pins_twice(rig: Rig, qtbot: Any) -> None:
    base = fetch_pin(rig.client, rig.artist_id)
    tracks = rig.client.iter_pages(
        lambda p: rig.client.artist_tracks(int(rig.artist_id), p, CATALOG_PER_PAGE)
    )
    target = next(from_track(t) for t in tracks if t.pin_eligibility and t.pin_eligibility.eligible
                  and t.id != pinned_id(base))  # fmt: skip
    op = build_op(PIN, rig.artist_id, base, with_pin(base, target.summary()))
    assert op is not None
    rig.store.enqueue(rig.account, PIN, rig.artist_id, op)
    rig.store.close()
    token = rig.sandbox.token_for(PRODUCER)
    rig.sandbox.clear_requests()

    victim = start_victim(rig, token)
    # P1 runs on the server, then — before its answer leaves — the publisher is killed.
    rig.sandbox.on_answer_dropped(lambda: victim.send_signal(signal.SIGKILL))
    rig.sandbox.set_faults(drop_answer_next=1)
    assert victim.wait(WAIT_MS / 1000) == -signal.SIGKILL
    rig.sandbox.on_answer_dropped(None)
    rig.sandbox.set_faults()
    assert p1_sent(rig) == 1
    assert pinned_id(fetch_pin(rig.fresh_client(), rig.artist_id)) == target.id  # applied
    store = Store.open(rig.store_path)
    try:
        [item] = store.outbox(rig.account)
        assert [s["state"] for s in steps_of(item.op)] != [DONE]  # not known to be done
    finally:
        store.close()

    rig.sandbox.clear_requests()
    again = start_victim(rig, token)
    out, err = again.communicate(timeout=WAIT_MS / 1000 * 2)
    assert "delivered" in out, err
    assert p1_sent(rig) == 0  # checked with P3, not sent again
    rig.store = Store.open(rig.store_path)
    assert rig.outbox() == []
    assert pinned_id(fetch_pin(rig.fresh_client(), rig.artist_id)) == target.id
