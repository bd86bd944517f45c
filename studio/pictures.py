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
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

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


ALLOCATION_LIMIT_PIXELS = ALLOCATION_LIMIT_MB * 1024 * 1024 // 4  # RGBA


def _open(data: bytes) -> Any:
    """A Pillow image of ``data`` (not loaded yet); ``ValueError`` when it is no picture or
    too large to decode."""
    import io

    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError("unreadable image") from exc
    if image.width * image.height > ALLOCATION_LIMIT_PIXELS:
        raise ValueError("image too large to show")
    return image


def to_qimage(image: Any) -> QImage:
    """A premultiplied ``QImage`` owning a copy of a Pillow image's pixels.

    Pictures are decoded off the GUI thread with Pillow, never with Qt's ``QImageReader``:
    PySide keeps the interpreter lock through that call while Qt takes its own locks inside
    (image plugins, signal connections), and a GUI thread holding one of those locks while
    it waits for the interpreter froze the app (seen three times at start-up)."""
    rgba = image.convert("RGBA")
    width, height = rgba.size
    qimage = QImage(
        rgba.tobytes("raw", "RGBA"), width, height, 4 * width, QImage.Format.Format_RGBA8888
    )
    return qimage.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)  # a copy


def decode_scaled(data: bytes, size: QSize) -> QImage:
    """Worker: decode ``data`` and scale-crop it to fill ``size`` (centre crop)."""
    from PIL import Image, ImageOps

    width, height = size.width(), size.height()
    try:
        with _open(data) as image:
            side = 2 * max(width, height)  # either way round, before the EXIF turn
            image.draft("RGB", (side, side))  # JPEG: decode at a smaller scale
            upright = ImageOps.exif_transpose(image)
            filled = ImageOps.fit(upright, (width, height), Image.Resampling.LANCZOS)
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError("unreadable image") from exc
    return to_qimage(filled)


def decode_within(data: bytes, box: QSize) -> QImage:
    """Worker: decode ``data`` scaled to fit ``box`` (never enlarged)."""
    from PIL import Image, ImageOps

    try:
        with _open(data) as image:
            side = max(box.width(), box.height())
            image.draft("RGB", (side, side))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((box.width(), box.height()), Image.Resampling.LANCZOS)
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError("unreadable image") from exc
    return to_qimage(upright)


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
        self._held = False  # see hold
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

    def hold(self) -> None:
        """Queue fetches without starting them until :meth:`release`. The first fetch loads
        the HTTP client, its cache and Pillow on a worker (~70 ms of CPU); at start-up that
        would compete for the interpreter with the page being built and its first preview."""
        self._held = True

    @property
    def held(self) -> bool:
        return self._held

    def release(self) -> None:
        if self._held:
            self._held = False
            self._pump()

    def failed(self, source: str, size: QSize) -> bool:
        return (source, size.width(), size.height()) in self._failed

    # --- fetching: once per address, one at a time per host ---------------------------------

    def _host(self, source: str) -> str:
        return LOCAL if is_local(source) else urlsplit(source).netloc.lower()

    def _pump(self) -> None:
        """Start the fetches whose host has none running (pictures kept here: all)."""
        if self._held:
            return
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
