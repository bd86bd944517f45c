"""Pictures for the preview, loaded off the GUI thread and kept in memory.

:class:`ImageLoader` fetches an image URL (https, or plain http to loopback) or reads a
picture kept on this computer (a ``local:<sha256>.<ext>`` reference of a draft, from the app's
own folder only) in a background task, decodes and scales it there (``QImage`` is safe off
the GUI thread), and hands the result back on the GUI thread. Other schemes
(``javascript:``, ``data:``, ``file:``…) are never read. Results and failures are cached, so
re-rendering never fetches again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader

from studio.core.localref import is_local
from studio.core.urls import is_secure_url
from studio.tasks import Tasks

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 12 * 1024 * 1024
FETCH_TIMEOUT_S = 15.0
ALLOCATION_LIMIT_MB = 256

Fetcher = Callable[[str], bytes]


def default_fetch(source: str) -> bytes:
    """Worker: the bytes of a public picture URL (https, or loopback http), size-capped."""
    from studio.api.media import fetch_public_image

    return fetch_public_image(source, max_bytes=MAX_IMAGE_BYTES, timeout=FETCH_TIMEOUT_S)


def decode_scaled(data: bytes, size: QSize) -> QImage:
    """Worker: decode ``data`` and scale-crop it to fill ``size`` (centre crop)."""
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


def _load(fetch: Fetcher, source: str, size: QSize) -> QImage:
    return decode_scaled(fetch(source), size)


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

    ``fetch`` runs on a worker thread; the default fetches public https (or loopback) URLs.
    With ``local_dir`` (the app's data folder) it also shows pictures kept on this computer.
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
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._fetch = fetch or default_fetch
        self._local_dir = local_dir
        self._images: dict[Key, QImage] = {}
        self._failed: set[Key] = set()
        self._pending: set[Key] = set()

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
        fetch = self._fetch
        if is_local(source) and self._local_dir is not None:
            fetch = partial(read_local, self._local_dir)
        elif not can_load(source):
            self._failed.add(key)
            return None
        self._pending.add(key)
        self._tasks.run(
            _load,
            fetch,
            source,
            QSize(size),
            on_done=partial(self._done, key),
            on_error=partial(self._failed_load, key),
            owner=self,
            name="preview image",
        )
        return None

    def failed(self, source: str, size: QSize) -> bool:
        return (source, size.width(), size.height()) in self._failed

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
