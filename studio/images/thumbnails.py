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

from PIL import Image

from studio.images import icc as colour
from studio.images.convert import (
    draft_size,
    fit_size,
    orient,
    resize,
    to_screen_mode,
    value_range,
)
from studio.images.encode import exact_palette
from studio.images.errors import FileUnreadableError, as_image_error
from studio.images.orientation import requested, shown_size, still_to_apply
from studio.images.probe import decode, open_image

THUMBNAIL_VERSION = 2  # bump when the way thumbnails are made changes
THUMBNAIL_QUALITY = 85
# Thumbnails up to this many pixels are PNG whatever they show: JPEG's 8×8 blocks and halved
# colour resolution smear a tiny picture (an icon, a logo), and the file stays small anyway.
SMALL_THUMBNAIL_PIXELS = 128 * 128
_PALETTE_MODES = frozenset({"1", "P", "PA"})
_LOSSY_FORMATS = frozenset({"JPEG", "MPO", "AVIF"})
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


def _lossless_wanted(pix: Image.Image, source_mode: str, flat: bool) -> bool:
    """PNG rather than JPEG: transparency, a palette or bilevel source, a flat-colour
    source (``flat``: at most 256 colours), few colours left, or a small picture."""
    return (
        pix.mode == "RGBA"
        or source_mode in _PALETTE_MODES
        or flat
        or pix.width * pix.height <= SMALL_THUMBNAIL_PIXELS
        or pix.getcolors(256) is not None
    )


def thumbnail(path: str | Path, size: int | tuple[int, int], cache_dir: str | Path) -> Path:
    """A picture of ``path`` fitting ``size`` (an int is a square box), the right way up,
    first frame of an animation; made once, then read from ``cache_dir``. The format
    follows the content: PNG (a palette picture when that is exact) for transparency,
    palette sources, flat-colour graphics and small pictures; JPEG (full colour resolution)
    for photos. Raises ``ImageError`` subclasses for bad files."""
    box = _box(size)
    cache = Path(cache_dir)
    key = cache_key(path, box)
    for ext in ("jpg", "png"):
        cached = cache / f"{key}.{ext}"
        if cached.is_file():
            return cached
    with as_image_error(Path(path).name), open_image(path) as im:
        orientation = requested(im)
        source_mode = im.mode
        if im.format in {"JPEG", "MPO"}:
            shown = shown_size(im, orientation)
            scale = min(1.0, box[0] / shown[0], box[1] / shown[1])
            im.draft(None, draft_size(im.width, im.height, scale))
        icc = colour.usable(im)
        pix = decode(im, Path(path))
        pix = orient(pix, still_to_apply(im))
        pix, icc, _ = to_screen_mode(pix, icc, value_range(im))
        # a flat-colour graphic stays sharp (JPEG sources are photos: not counted)
        flat = im.format not in _LOSSY_FORMATS and pix.getcolors(256) is not None
    pix = resize(pix, fit_size(pix.width, pix.height, box))
    pix.info = {}
    params: dict[str, object] = {"icc_profile": icc} if icc else {}
    if _lossless_wanted(pix, source_mode, flat):
        ext, fmt = "png", "PNG"
        pix = exact_palette(pix) or pix
    else:
        ext, fmt = "jpg", "JPEG"
        params.update(quality=THUMBNAIL_QUALITY, subsampling=0)
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
