"""kill -9 in the middle of a publish plan (a real process, SIGKILL): after a restart the
plan goes on from the first step not recorded as done — no recorded step is sent again,
the page is written exactly once, and the outbox ends empty."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from publish_rig import WAIT_MS, Rig

from studio.publish import build_op, local_files
from studio.publish.plan import DONE, UPLOAD, steps_of
from studio.store import Store

VICTIM = Path(__file__).with_name("publish_victim.py")


def picture(data_dir: Path, color: tuple[int, int, int]) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (900, 900), color).save(buf, "PNG")
    return local_files.keep(data_dir, buf.getvalue(), "png", name=f"{color}.png")


def start_victim(rig: Rig, token: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, str(VICTIM), rig.sandbox.base_url, token, str(rig.store_path),
         str(rig.store_path.parent), rig.account],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.mark.slow
def test_kill_mid_plan_then_restart_sends_each_recorded_step_once(rig: Rig, qtbot: Any) -> None:
    data_dir = rig.store_path.parent
    base = rig.server_artist()
    refs = [picture(data_dir, (c, 60, 200 - c)) for c in (10, 80, 150)]
    draft = {
        **base,
        "city": "Killed Town",
        "profile_images": [*base["profile_images"], *({"id": None, "url": r} for r in refs)],
    }
    op = build_op("artist", rig.artist_id, base, draft)
    assert op is not None
    rig.store.enqueue(rig.account, "artist", rig.artist_id, op)
    rig.store.close()
    token = rig.sandbox.token_for("producer@demo.beatpass.test")
    rig.sandbox.set_faults(latency_ms=400)  # each request takes a while: the kill lands mid-plan
    rig.sandbox.clear_requests()

    victim = start_victim(rig, token)
    assert victim.stdout is not None
    line = victim.stdout.readline()  # the first upload is done and about to be recorded
    assert line.startswith("step "), victim.stderr.read() if victim.stderr else line
    qtbot.wait(150)  # it records the step, then starts the next upload
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    sent_before = len(rig.sandbox.requests("POST", "/uploads"))

    store = Store.open(rig.store_path)
    try:
        [item] = store.outbox(rig.account)
        recorded = [s for s in steps_of(item.op) if s.get("type") == UPLOAD and s["state"] == DONE]
    finally:
        store.close()
    assert recorded  # at least the first upload was recorded before the kill
    assert len(rig.sandbox.requests("PUT", "/artists")) == 0  # the page was not written yet

    rig.sandbox.set_faults()
    rig.sandbox.clear_requests()
    again = start_victim(rig, token)
    out, err = again.communicate(timeout=WAIT_MS / 1000 * 4)
    assert "delivered" in out, err
    # After the restart: exactly the uploads not recorded as done, one write, nothing else.
    assert len(rig.sandbox.requests("POST", "/uploads")) == len(refs) - len(recorded)
    assert len(rig.sandbox.requests("PUT", "/artists")) == 1
    assert sent_before >= len(recorded)
    rig.store = Store.open(rig.store_path)
    assert rig.outbox() == [] or all(i.kind == "cleanup" for i in rig.outbox())
    server = rig.server_artist()
    assert server["city"] == "Killed Town"
    assert len(server["profile_images"]) == len(base["profile_images"]) + len(refs)
