"""Crash safety: a writer process SIGKILLed at random moments, many times. After each
kill the store opens (never "damaged"), passes integrity_check and holds every edit the
writer reported as committed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from studio.store import Store

WRITER = Path(__file__).with_name("crash_writer.py")
ACCOUNT = "http://127.0.0.1:1/api/v1#1"
ROUNDS = 30


def run_and_kill(store_path: Path, first_seq: int, delay: float) -> list[int]:
    """Start the writer, SIGKILL it after ``delay`` seconds; the sequence numbers it printed."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(store_path), str(first_seq)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    stderr = proc.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL, f"writer died on its own: {stderr}"
    text = b"".join(chunks).decode()
    complete = text if text.endswith("\n") else text.rsplit("\n", 1)[0]
    return [int(line) for line in complete.split()]


@pytest.mark.slow
def test_sigkilled_writer_never_loses_committed_edits(tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_TEST_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    store_path = tmp_path / "data" / "studio.db"
    reported: list[int] = []
    next_seq = 1
    for round_no in range(ROUNDS):
        # 0.02–0.3 s: some kills land while the writer is still starting or opening
        # (migrating) the store, most in the middle of the write loop.
        printed = run_and_kill(store_path, next_seq, rng.uniform(0.02, 0.3))
        reported += printed
        context = f"seed={seed} round={round_no}"
        if not store_path.exists():
            assert not printed, context
            continue
        with Store.open(store_path) as store:
            assert store.recovered_from is None, context
            assert store.integrity_check() == ["ok"], context
            stored = {int(e) for kind, e in store.draft_keys(ACCOUNT) if e != "live"}
            missing = set(reported) - stored
            assert not missing, f"{context}: committed edits lost: {sorted(missing)[:10]}"
            if reported:
                live = store.load_draft(ACCOUNT, "artist", "live")
                assert live is not None, context
                assert live.draft["seq"] >= reported[-1], context
            next_seq = max(stored, default=0) + 1
    assert len(reported) > ROUNDS, f"seed={seed}: the writer hardly wrote ({len(reported)})"
