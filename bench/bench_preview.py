"""Preview re-render time after a keystroke on the demo profile (target ≤ 16 ms).

Starts the sandbox (demo seed), loads "Nova Beats" into a PreviewPane (live state, tracks,
albums, credits, gallery), then simulates typing into the name and the biography: each
keystroke is one ``set_artist_data`` + ``render_now`` (the debounce is skipped so the render
itself is measured), followed by processing the resulting layout and paint events.

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_preview.py``
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from studio.api import BeatPassClient
from studio.core.drafts import artist_draft_from_api
from studio.sandbox.server import start_sandbox
from studio.tasks import Tasks
from studio.ui.preview import PreviewPane

TARGET_MS = 16.0
KEYSTROKES = 60


def wait(app: QApplication, pane: PreviewPane, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        pane.grab()
        if not pane.images.busy and pane.status.text().startswith(("Draft", "Live")):
            return
        time.sleep(0.02)


def measure(app: QApplication, pane: PreviewPane, draft: dict, field: str) -> list[float]:
    times = []
    base = draft[field]
    for i in range(KEYSTROKES):
        typed = base + "abcdefghij klmnopqrst"[: i % 20 + 1]
        start = time.perf_counter()
        pane.set_artist_data({**draft, field: typed})
        pane.render_now()
        app.processEvents()  # layout requests
        pane.repaint()  # the paint the user sees
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    verdict = "OK" if p95 <= TARGET_MS else "OVER TARGET"
    print(
        f"{name:<28} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   "
        f"max {max(times):6.2f} ms   ({verdict}, target ≤ {TARGET_MS:.0f} ms)"
    )


def main() -> int:
    app = QApplication(sys.argv)
    handle = start_sandbox(Path(tempfile.mkdtemp(prefix="bench-preview-")), seed="demo")
    tasks = Tasks()
    try:
        client = BeatPassClient(handle.base_url, handle.token_for("producer@demo.beatpass.test"))
        artist_id = client.me().artists[0].id
        draft = artist_draft_from_api(client.artist(artist_id).artist.raw)
        pane = PreviewPane(tasks)
        pane.set_client(client)
        pane.resize(1000, 900)
        pane.show()
        pane.set_artist_data(draft)
        pane.load_artist(artist_id)
        wait(app, pane)
        print(
            f"demo profile: {draft['name']!r}, {len(draft['links'])} links, "
            f"{len(draft['profile_images'])} photos, {len(draft['genres'])} genres"
        )
        for width in ("desktop", "phone"):
            pane.set_mode(width=width)
            wait(app, pane)
            report(f"{width}: typing the name", measure(app, pane, draft, "name"))
            report(f"{width}: typing the bio", measure(app, pane, draft, "description"))
        pane.close()
    finally:
        tasks.shutdown()
        handle.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
