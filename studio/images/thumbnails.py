"""Thumbnails cached on disk by content: the key is the SHA-256 of the file's bytes plus the
box size and ``THUMBNAIL_VERSION``, so a renamed file reuses its thumbnail and an edited one
gets a new one. Safe to call from several threads or processes at once (temp file, then
``os.replace``)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from studio.images.convert import draft_size, fit_size, orient, resize, to_screen_mode
from studio.images.errors import FileUnreadableError, as_image_error
from studio.images.metadata import orientation_of, read_exif
from studio.images.probe import decode, open_image

THUMBNAIL_VERSION = 1  # bump when the way thumbnails are made changes
THUMBNAIL_QUALITY = 85
_CHUNK = 1 << 20


def _box(size: int | tuple[int, int]) -> tuple[int, int]:
    box = (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))
    if box[0] < 1 or box[1] < 1:
        raise ValueError(f"thumbnail size must be positive, not {size!r}")
    return box


def cache_key(path: str | Path, size: int | tuple[int, int]) -> str:
    """The hex key a thumbnail of ``path`` at ``size`` is stored under."""
    box = _box(size)
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise FileUnreadableError(
            f"“{Path(path).name}” cannot be read: {exc.strerror or exc}."
        ) from exc
    digest.update(f"|{box[0]}x{box[1]}|v{THUMBNAIL_VERSION}".encode())
    return digest.hexdigest()


def thumbnail(path: str | Path, size: int | tuple[int, int], cache_dir: str | Path) -> Path:
    """A JPEG (or PNG when transparent) of ``path`` fitting ``size`` (an int is a square
    box), the right way up, first frame of an animation; made once, then read from
    ``cache_dir``. Raises ``ImageError`` subclasses for bad files."""
    box = _box(size)
    cache = Path(cache_dir)
    key = cache_key(path, box)
    for ext in ("jpg", "png"):
        cached = cache / f"{key}.{ext}"
        if cached.is_file():
            return cached
    with as_image_error(Path(path).name), open_image(path) as im:
        try:
            orientation = orientation_of(read_exif(im))
        except Exception:
            orientation = 1
        if im.format in {"JPEG", "MPO"}:
            stored_box = box[::-1] if orientation >= 5 else box
            scale = min(1.0, stored_box[0] / im.width, stored_box[1] / im.height)
            im.draft(None, draft_size(im.width, im.height, scale))
        pix = decode(im, Path(path))
        icc = im.info.get("icc_profile") or None
        pix, icc, _ = to_screen_mode(orient(pix, orientation), icc)
    pix = resize(pix, fit_size(pix.width, pix.height, box))
    pix.info = {}
    ext, fmt = ("png", "PNG") if pix.mode == "RGBA" else ("jpg", "JPEG")
    params: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        params["quality"] = THUMBNAIL_QUALITY
    cache.mkdir(parents=True, exist_ok=True)
    final = cache / f"{key}.{ext}"
    fd, tmp_name = tempfile.mkstemp(dir=cache, prefix=".tmp-", suffix=f".{ext}")
    try:
        with os.fdopen(fd, "wb") as fh:
            pix.save(fh, fmt, **params)
        os.replace(tmp_name, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return final
