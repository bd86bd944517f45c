"""What the gallery benchmarks share: a GUI-thread heartbeat, the gallery page signed in to
an in-process sandbox (on temporary studio folders), drops sent as Qt events, 24 MP test
pictures."""

from __future__ import annotations

import os
import resource
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMainWindow

PRODUCER = "producer@demo.beatpass.test"
HEARTBEAT_MS = 2


class Heartbeat:
    """Ticks on the GUI thread; ``longest`` is the longest gap beyond the interval, in ms
    (how long the GUI thread could not answer). ``busiest`` is the most processor time the
    GUI thread itself used between two ticks, in ms: the part of a stall that is the app's
    own work (the rest of a gap is time the thread waited — for the processor on a busy
    machine, or for the interpreter lock)."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.busy: list[float] = []
        self.process: list[float] = []
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_process = time.process_time()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self.busy.clear()
        self.process.clear()
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_process = time.process_time()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        self.gaps.append((now - self._last) * 1000)
        self.busy.append((cpu - self._last_cpu) * 1000)
        self.process.append((process - self._last_process) * 1000)
        self._last, self._last_cpu, self._last_process = now, cpu, process

    @property
    def longest(self) -> float:
        return max((g - HEARTBEAT_MS for g in self.gaps), default=0.0)

    @property
    def busiest(self) -> float:
        return max(self.busy, default=0.0)

    def worst(self) -> tuple[float, float, float]:
        """The longest gap (beyond the interval), with the processor time the GUI thread
        and the whole GUI process (all its threads, not the worker processes) used during
        it, in ms: little of either means the machine gave the processor to others."""
        if not self.gaps:
            return 0.0, 0.0, 0.0
        n = max(range(len(self.gaps)), key=self.gaps.__getitem__)
        return self.gaps[n] - HEARTBEAT_MS, self.busy[n], self.process[n]


class MemorySampler:
    """The largest resident memory of this process and its worker processes together,
    sampled every few milliseconds from /proc (Linux; elsewhere only this process's peak,
    from ``ru_maxrss``)."""

    def __init__(self, every_s: float = 0.01) -> None:
        self.peak_mb = 0.0
        self.gui_peak_mb = 0.0
        self._every = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory sampler", daemon=True)

    def start(self) -> MemorySampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if not Path("/proc/self/statm").exists():
            self.gui_peak_mb = self.peak_mb = (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            )

    @staticmethod
    def _rss_mb(pid: int | str) -> float:
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            return 0.0
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self._every):
            children: set[int] = set()
            for task in Path(f"/proc/{me}/task").glob("*/children"):
                try:
                    children |= {int(p) for p in task.read_text().split()}
                except OSError:
                    continue
            gui = self._rss_mb(me)
            self.gui_peak_mb = max(self.gui_peak_mb, gui)
            self.peak_mb = max(self.peak_mb, gui + sum(self._rss_mb(p) for p in children))


def spin(app: QApplication, done: Callable[[], bool], seconds: float = 300.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the benchmark did not finish")
        app.processEvents()
        time.sleep(0.0005)


@dataclass
class Rig:
    app: QApplication
    page: object  # GalleryPage
    window: QMainWindow
    close: Callable[[], None]


def gallery_rig(artist_name: str) -> Rig:
    """The gallery page of the demo producer's ``artist_name`` in a window, on fresh
    temporary studio folders (cold thumbnail cache), against an in-process sandbox."""
    root = Path(tempfile.mkdtemp(prefix="bench-gallery-"))
    os.environ["BEATPASS_STUDIO_HOME"] = str(root / "home")
    for var in ("DATA", "CONFIG", "CACHE", "LOG"):
        os.environ.pop(f"BEATPASS_STUDIO_{var}_DIR", None)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from studio.api import BeatPassClient
    from studio.context import Session, build_context
    from studio.paths import AppPaths
    from studio.sandbox.server import start_sandbox
    from studio.ui.gallery import GalleryPage

    sandbox = start_sandbox(root / "sandbox", seed="demo", port=0)
    ctx = build_context(AppPaths.from_env().ensure())
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER))
    user = client.me()
    ctx.set_session(Session(sandbox.base_url, client, user, str(user.id), True))
    artist = next(a for a in user.artists if a.name == artist_name)
    window = QMainWindow()
    window.resize(1200, 820)
    page = GalleryPage(ctx)
    window.setCentralWidget(page)
    window.show()
    page.set_target(ctx.session, artist)
    spin(app, lambda: page.document is not None)
    spin(app, lambda: not ctx.images.busy)

    def close() -> None:
        window.close()
        ctx.tasks.shutdown(30_000)
        if ctx.store is not None:
            ctx.store.close()
        client.close()
        sandbox.stop()

    return Rig(app, page, window, close)


def drop(widget: object, data: QMimeData, pos: QPoint, action: Qt.DropAction) -> None:
    """Enter, move and drop ``data`` at ``pos``, as Qt delivers a drop."""
    none = Qt.KeyboardModifier.NoModifier
    left = Qt.MouseButton.LeftButton
    QApplication.sendEvent(widget, QDragEnterEvent(pos, action, data, left, none))  # type: ignore[arg-type]
    QApplication.sendEvent(widget, QDragMoveEvent(pos, action, data, left, none))  # type: ignore[arg-type]
    QApplication.sendEvent(widget, QDropEvent(QPointF(pos), action, data, left, none))  # type: ignore[arg-type]


def files_data(paths: list[Path]) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def make_pictures(folder: Path, count: int, size: tuple[int, int]) -> list[Path]:
    """``count`` photo-like pictures of ``size``: JPEG, every fifth a PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    ramp = Image.linear_gradient("L").resize(size)
    grain = Image.effect_noise(size, 24)
    made = []
    for n in range(count):
        red = ramp.point(lambda v, n=n: (v + 37 * n) % 256)
        picture = Image.merge("RGB", (red, grain, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
        if n % 5 == 4:
            path = folder / f"photo_{n:02d}.png"
            picture.save(path, compress_level=6)
        else:
            path = folder / f"photo_{n:02d}.jpg"
            picture.save(path, quality=90)
        made.append(path)
    return made
