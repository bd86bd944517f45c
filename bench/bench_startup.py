"""Start-up benchmark: time from process start to the main window shown, for BeatPass Studio
and for a bare PySide6 window, in the same run, and their ratio (target <= 1.3).

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
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {args.runs} each (medians)")
    print(f"bare PySide6 window shown:   {b * 1000:7.1f} ms")
    print(f"BeatPass Studio window shown: {s * 1000:7.1f} ms")
    print(f"ratio studio / bare:          {s / b:7.2f}  (target <= 1.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
