"""Pictures for the preview, loaded off the GUI thread and kept in memory.

:class:`ImageLoader` fetches an image URL (https, or plain http to loopback) or reads a
picture kept on this computer (a ``local:<sha256>.<ext>`` reference of a draft, from the app's
own folder only) in a background task, decodes and scales it there (``QImage`` is safe off
the GUI thread), and hands the result back on the GUI thread. Other schemes
(``javascript:``, ``data:``, ``file:``…) are never read.

Each address is fetched once: its bytes are kept (up to ``BYTES_KEPT``) and every size asked
for is scaled from them; a size asked for while the address is being fetched waits for that
fetch. Fetches of one host run one after another, over the fetcher's one kept-alive
connection (:class:`~studio.api.media.PictureFetcher`, whose HTTP cache on disk lets the next
start skip what did not change). Scaled results and failures are cached, so re-rendering
never fetches again.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader

from studio.core.localref import is_local
from studio.core.urls import is_secure_url
from studio.tasks import Tasks

if TYPE_CHECKING:
    from studio.api.media import PictureFetcher

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 12 * 1024 * 1024
FETCH_TIMEOUT_S = 15.0
ALLOCATION_LIMIT_MB = 256
BYTES_KEPT = 48 * 1024 * 1024  # fetched pictures kept in memory (least recently used go)
LOCAL = "local:"  # the "host" of pictures kept on this computer (read in parallel)

Fetcher = Callable[[str], bytes]


def default_fetch(source: str) -> bytes:
    """Worker: the bytes of a public picture URL (https, or loopback http), size-capped."""
    from studio.api.media import fetch_public_image

    return fetch_public_image(source, max_bytes=MAX_IMAGE_BYTES, timeout=FETCH_TIMEOUT_S)


class _SharedFetch:
    """Worker-side: one :class:`PictureFetcher` for the loader (made on first use)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._fetcher: PictureFetcher | None = None

    def __call__(self, source: str) -> bytes:
        with self._lock:
            if self._fetcher is None:
                from studio.api.media import PictureFetcher

                self._fetcher = PictureFetcher(self._cache_dir)
            fetcher = self._fetcher
        return fetcher.fetch(source, max_bytes=MAX_IMAGE_BYTES, timeout=FETCH_TIMEOUT_S)


# Qt's image decoding off the GUI thread goes one thread at a time. Qt loads its image
# plugins under a lock of its own, and creating a plugin sends a Qt event whose delivery
# takes the Python interpreter lock (PySide's QApplication), while PySide keeps that lock
# through QImageReader calls: two threads decoding at once, the first pictures of a run,
# could each wait for the other's lock for ever (seen at start-up: the window froze).
QT_IMAGE_IO = threading.Lock()
_PRIMED = threading.Event()
_PRIME_PROBE = b"\x00studio: no picture\x00" * 4  # no image plugin recognises it


def prime_image_plugins() -> None:
    """Create Qt's image plugins now, on the GUI thread, before anything decodes off it.

    The lock above keeps two workers apart, not a worker and the GUI thread: Qt itself may
    load an image plugin on the GUI thread (a style's pixmap, an icon), holding its plugin
    lock while creating the plugin waits for the interpreter, which a worker inside
    QImageReader holds while it waits for that plugin lock (a test run froze so). Plugins
    made once are only looked up afterwards. A reader over bytes no plugin recognises asks
    every plugin, which makes them all (~5 ms, once)."""
    if _PRIMED.is_set():
        return
    buffer = QBuffer()
    buffer.setData(QByteArray(_PRIME_PROBE))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    QImageReader(buffer).canRead()
    _PRIMED.set()


def decode_scaled(data: bytes, size: QSize) -> QImage:
    """Worker: decode ``data`` and scale-crop it to fill ``size`` (centre crop)."""
    with QT_IMAGE_IO:
        return _decode_scaled(data, size)


def _decode_scaled(data: bytes, size: QSize) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    original = reader.size()
    if original.isValid() and original.width() > 0 and original.height() > 0:
        scaled = original.scaled(size, Qt.AspectRatioMode.KeepAspectRatioByExpanding)
        if scaled.width() < original.width():
            reader.setScaledSize(scaled)
    image = reader.read()
    if image.isNull():
        raise ValueError(reader.errorString() or "unreadable image")
    image = image.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = max(0, (image.width() - size.width()) // 2)
    y = max(0, (image.height() - size.height()) // 2)
    return image.copy(x, y, size.width(), size.height()).convertToFormat(
        QImage.Format.Format_ARGB32_Premultiplied
    )


def can_load(source: str | None) -> bool:
    """True when the preview may fetch ``source``: an https URL, or plain http to loopback."""
    return bool(source) and is_secure_url(source or "")


def read_local(folder: Path, ref: str) -> bytes:
    """Worker: the bytes of a picture kept on this computer (``local:`` reference)."""
    from studio.publish.local_files import read

    return read(folder, ref)


Key = tuple[str, int, int]


class ImageLoader(QObject):
    """Loads pictures in background tasks; emits :attr:`loaded` (source, w, h) when one is ready.

    ``fetch`` runs on a worker thread; the default fetches public https (or loopback) URLs
    with one pooled connection per host and an HTTP cache (on disk in ``cache_dir``, else in
    memory). With ``local_dir`` (the app's data folder) it also shows pictures kept on this
    computer.
    """

    loaded = Signal(str, int, int)
    idle = Signal()

    def __init__(
        self,
        tasks: Tasks,
        fetch: Fetcher | None = None,
        parent: QObject | None = None,
        *,
        local_dir: Path | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._fetch: Fetcher = fetch or _SharedFetch(cache_dir)
        self._local_dir = local_dir
        self._images: dict[Key, QImage] = {}
        self._failed: set[Key] = set()
        self._pending: set[Key] = set()  # sizes asked for and not ready yet
        self._bytes: OrderedDict[str, bytes] = OrderedDict()  # address → bytes (LRU)
        self._bytes_kept = 0
        self._waiting: dict[str, list[Key]] = {}  # address being fetched → sizes waiting
        self._queue: list[str] = []  # addresses to fetch, in the order asked
        self._in_flight: set[str] = set()  # hosts with a fetch running
        self.fetches = 0  # addresses fetched (or read) so far

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def image(self, source: str | None, size: QSize) -> QImage | None:
        """The cached picture, or None (and a load starts when it may be fetched)."""
        if not source:
            return None
        key = (source, size.width(), size.height())
        cached = self._images.get(key)
        if cached is not None or key in self._failed or key in self._pending:
            return cached
        if not (is_local(source) and self._local_dir is not None) and not can_load(source):
            self._failed.add(key)
            return None
        self._pending.add(key)
        data = self._bytes.get(source)
        if data is not None:
            self._bytes.move_to_end(source)
            self._decode(key, data)
            return None
        waiting = self._waiting.setdefault(source, [])
        waiting.append(key)
        if len(waiting) == 1:  # the first size asked for: fetch the address
            self._queue.append(source)
            self._pump()
        return None

    def failed(self, source: str, size: QSize) -> bool:
        return (source, size.width(), size.height()) in self._failed

    # --- fetching: once per address, one at a time per host ---------------------------------

    def _host(self, source: str) -> str:
        return LOCAL if is_local(source) else urlsplit(source).netloc.lower()

    def _pump(self) -> None:
        """Start the fetches whose host has none running (pictures kept here: all)."""
        for source in list(self._queue):
            host = self._host(source)
            if host != LOCAL and host in self._in_flight:
                continue
            self._queue.remove(source)
            if host != LOCAL:
                self._in_flight.add(host)
            fetch = self._fetch
            if host == LOCAL and self._local_dir is not None:
                fetch = partial(read_local, self._local_dir)
            self.fetches += 1
            self._tasks.run(
                fetch,
                source,
                on_done=partial(self._fetched, source, host),
                on_error=partial(self._fetch_failed, source, host),
                owner=self,
                name="fetch picture",
            )

    def _fetched(self, source: str, host: str, data: bytes) -> None:
        self._in_flight.discard(host)
        self._keep(source, data)
        for key in self._waiting.pop(source, []):
            self._decode(key, data)
        self._pump()

    def _fetch_failed(self, source: str, host: str, exc: BaseException) -> None:
        self._in_flight.discard(host)
        for key in self._waiting.pop(source, []):
            self._failed_load(key, exc)
        self._pump()

    def _keep(self, source: str, data: bytes) -> None:
        if len(data) > BYTES_KEPT:
            return
        self._bytes[source] = data
        self._bytes_kept += len(data)
        while self._bytes_kept > BYTES_KEPT:
            _old, dropped = self._bytes.popitem(last=False)
            self._bytes_kept -= len(dropped)

    def _decode(self, key: Key, data: bytes) -> None:
        prime_image_plugins()
        self._tasks.run(
            decode_scaled,
            data,
            QSize(key[1], key[2]),
            on_done=partial(self._done, key),
            on_error=partial(self._failed_load, key),
            owner=self,
            name="scale picture",
        )

    def _done(self, key: Key, image: QImage) -> None:
        self._pending.discard(key)
        self._images[key] = image
        self.loaded.emit(*key)
        if not self._pending:
            self.idle.emit()

    def _failed_load(self, key: Key, exc: BaseException) -> None:
        self._pending.discard(key)
        self._failed.add(key)
        log.info("preview image not loaded: %s", type(exc).__name__)
        self.loaded.emit(*key)
        if not self._pending:
            self.idle.emit()
