"""Kill safety of a recovery: a process recovering a damaged store is SIGKILLed before and
after each step that changes files (and at random moments). After every kill the damaged
original is still there, whole, under its own name or one moved-aside name (never deleted,
never copied twice); the next start finishes the recovery with the same result as an
uninterrupted one and tells the user where the original went."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from damage_helpers import asides, drafts_of, make_donor, outbox_of, place, raw

from studio.store import Store

VICTIM = Path(__file__).with_name("recovery_victim.py")
RANDOM_KILLS = 4


def damaged_store(tmp_path: Path, folder: str) -> tuple[Path, bytes, bytes]:
    """A store whose one draft row is damaged (all else readable), in its WAL a few more
    drafts; returns its path and the bytes of the file and of its WAL."""
    donor = make_donor(tmp_path / f"{folder}-donor", drafts=30, in_wal=4)
    target = tmp_path / folder / "studio.db"
    place(donor, target)
    with raw(target) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE drafts SET draft = CAST(X'7BFF7D' AS TEXT) WHERE entity_id = '5'")
        db, log = target.read_bytes(), Path(f"{target}-wal").read_bytes()  # as a crash leaves them
    target.write_bytes(db)
    Path(f"{target}-wal").write_bytes(log)
    return target, db, log


def run_victim(target: Path, kill_at: int | None, delay: float | None = None) -> list[str]:
    """Run the victim; SIGKILL it when it prints step ``kill_at`` (or after ``delay`` s)."""
    proc = subprocess.Popen(
        [sys.executable, str(VICTIM), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines: list[str] = []
    started = time.monotonic()
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if kill_at is not None and line.startswith(f"step {kill_at} "):
                break
            if delay is not None and time.monotonic() - started > delay:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        proc.stdout.close()
        stderr = proc.stderr.read()
        proc.stderr.close()
    assert "Traceback" not in stderr, stderr
    return lines


def original_is_kept(target: Path, db: bytes, log: bytes, context: str) -> None:
    """The damaged original exists whole in exactly one place, and so does its WAL."""
    folder = target.parent
    holders = [p for p in [target, *asides(folder)] if p.exists() and p.read_bytes() == db]
    assert len(holders) == 1, f"{context}: the original is in {holders}"
    [holder] = holders
    # The WAL is beside it, or still under the old name between the two renames.
    places = [Path(f"{holder}-wal"), Path(f"{target}-wal")]
    assert any(p.exists() and p.read_bytes() == log for p in places), f"{context}: WAL lost"
    for aside in asides(folder):  # nothing else was ever moved aside
        assert aside == holder, f"{context}: a second aside file {aside}"


@pytest.mark.slow
def test_a_kill_during_recovery_never_loses_the_original(tmp_path: Path) -> None:
    # The uninterrupted recovery, for reference.
    reference, _db, _log = damaged_store(tmp_path, "reference")
    lines = run_victim(reference, kill_at=None)
    assert lines[-1].startswith("opened ") and "None" not in lines[-1], lines
    steps = [line for line in lines if line.startswith("step ")]
    assert len(steps) >= 10, steps  # record, renames, salvage, build, replace…
    with Store.open(reference) as store:
        expected_drafts, expected_outbox = drafts_of(store), outbox_of(store)
        assert len(expected_drafts) == 33  # all but the damaged one
        assert store.recovery_message is not None

    seed = int(os.environ.get("RECOVERY_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    kills: list[tuple[int | None, float | None]] = [(n, None) for n in range(1, len(steps) + 1)]
    kills += [(None, rng.uniform(0.0, 1.0)) for _ in range(RANDOM_KILLS)]
    for number, (kill_at, delay) in enumerate(kills):
        context = f"seed={seed} kill {number}: at step {kill_at} / after {delay} s"
        target, db, log = damaged_store(tmp_path, f"run-{number}")
        printed = run_victim(target, kill_at, delay)
        context += f" (last output: {printed[-1:]})"
        original_is_kept(target, db, log, context)
        with Store.open(target) as store:  # the next start finishes the recovery
            moved = store.recovered_from
            assert moved is not None, context
            assert moved.read_bytes() == db and Path(f"{moved}-wal").read_bytes() == log, context
            message = store.recovery_message
            assert message is not None and str(moved) in message, context
            assert drafts_of(store) == expected_drafts, context
            assert outbox_of(store) == expected_outbox, context
        assert asides(target.parent) == [moved], context
        leftovers = [p.name for p in target.parent.iterdir() if ".tmp-" in p.name]
        assert not leftovers, f"{context}: {leftovers}"
