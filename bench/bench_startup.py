"""Start-up benchmark: time from process start to the main window shown, for BeatPass Studio
and for a bare PySide6 window, in the same run, and their ratio (target <= 1.5).

This is the signed-out start (the sign-in dialog opens). What a producer waits for on a saved
account — the profile editable — is ``bench/bench_open.py``.

"Shown" = the window was shown and the event loop has run once (its first paint is queued).
Both are measured from the moment the process is spawned to a marker line on stdout, over
several alternating runs; the medians are compared.

    python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.5

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1100, 720); w.show()
QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), app.exit(0)))
app.exec()
"""

STUDIO = """
import sys
import studio.app as A
from PySide6.QtCore import QTimer
_start = A.Studio.start
def start(self):
    _start(self)
    QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), self.app.exit(0)))
A.Studio.start = start
sys.exit(A.main([]))
"""


def time_to_shown(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "SHOWN":
            elapsed = time.perf_counter() - start
            break
    else:
        proc.wait()
        raise RuntimeError(f"the process ended (exit {proc.returncode}) without showing a window")
    proc.wait(timeout=60)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from cached bytecode
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        env["BEATPASS_STUDIO_HOME"] = home
        for var in ("DATA", "CONFIG", "CACHE", "LOG"):
            env.pop(f"BEATPASS_STUDIO_{var}_DIR", None)
        time_to_shown(BARE, env)  # warm the file cache for both
        time_to_shown(STUDIO, env)
        bare, studio = [], []
        for _ in range(args.runs):
            bare.append(time_to_shown(BARE, env))
            studio.append(time_to_shown(STUDIO, env))
    b, s = statistics.median(bare), statistics.median(studio)
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {args.runs} each, interleaved")
    for name, times in (
        ("bare PySide6 window shown", bare),
        ("BeatPass Studio window shown", studio),
    ):
        ms = sorted(t * 1000 for t in times)
        print(
            f"{name + ':':<30} min {ms[0]:7.1f}  median {statistics.median(ms):7.1f}  "
            f"max {ms[-1]:7.1f} ms"
        )
    verdict = "OK" if s / b <= TARGET else "OVER TARGET"
    print(f"ratio studio / bare (medians):  {s / b:7.2f}  (target <= {TARGET}: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
