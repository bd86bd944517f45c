"""Encode a picture under a byte cap with the best quality that fits.

Lossless formats (PNG — as a palette picture when it has at most 256 colours — GIF and
lossless WebP) are tried once, at full size; lossy ones get a binary search on quality; when
even the lowest quality is too big, the picture is scaled down and tried again.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from PIL import Image, ImageChops

from studio.images.convert import flatten, resize
from studio.images.errors import CannotFitError
from studio.images.icc import grey_to_srgb

QUALITY_MAX: dict[str, int] = {"JPEG": 92, "WEBP": 90}
QUALITY_MIN = 40
WEBP_LOSSLESS = "WEBP-lossless"  # a candidate of ``fit_still``: WebP, lossless
LOSSLESS = frozenset({"PNG", "GIF", WEBP_LOSSLESS})
# A lossless WebP is rarely below this share of the PNG: not tried when the PNG is bigger.
WEBP_LOSSLESS_SHARE = 0.6
SHRINK_MIN, SHRINK_MAX = 0.5, 0.9  # each downscale step keeps this share of the sides
MIN_SIDE = 16  # never shrink below this to make a file fit
WEBP_METHOD = 4  # 0 fast … 6 small; 4 is libwebp's own default
_STANDARD_LUMA_SUM = 3688  # sum of the JPEG standard's luminance table (quality 50)


@dataclass(frozen=True)
class Encoded:
    data: bytes
    format: str
    quality: int | None  # None for lossless
    size: tuple[int, int]


def output_format(candidate: str) -> str:
    """The Pillow format name of a ``fit_still`` candidate."""
    return "WEBP" if candidate == WEBP_LOSSLESS else candidate


def exact_palette(im: Image.Image) -> Image.Image | None:
    """``im`` (RGB) as a palette picture with exactly the same pixels, when it has at most
    256 colours (a graphic, a screenshot of flat colours); None otherwise."""
    if im.mode != "RGB":
        return None
    colours = im.getcolors(256)
    if colours is None:
        return None
    palette = Image.new("P", (1, 1))
    flat = [channel for _, rgb in colours if isinstance(rgb, tuple) for channel in rgb]
    palette.putpalette(flat + flat[:3] * (256 - len(colours)))
    indexed = im.quantize(palette=palette, dither=Image.Dither.NONE)
    if ImageChops.difference(indexed.convert("RGB"), im).getbbox() is not None:
        return None
    return indexed


def encode_still(im: Image.Image, fmt: str, icc: bytes | None, quality: int | None) -> bytes:
    """``im`` as ``fmt`` bytes (a ``fit_still`` candidate) with only the ICC profile as
    metadata."""
    out = io.BytesIO()
    clean = im.copy() if im.info else im
    clean.info = {}  # never carry EXIF/XMP/comments over from the source
    params: dict[str, object] = {}
    if fmt in ("WEBP", WEBP_LOSSLESS) and clean.mode in ("L", "LA"):
        clean, icc = grey_to_srgb(clean, icc)  # WebP holds RGB only: keep the greys true
    if fmt == "JPEG":
        clean = flatten(clean)
        params.update(quality=quality, optimize=True)
    elif fmt == "WEBP":
        params.update(quality=quality, method=WEBP_METHOD)
    elif fmt == WEBP_LOSSLESS:
        params.update(lossless=True, quality=80, method=WEBP_METHOD)
    elif fmt == "PNG":
        clean = exact_palette(clean) or clean
        params.update(optimize=False, compress_level=6)
    if icc:
        params["icc_profile"] = icc
    clean.save(out, output_format(fmt), **params)
    return out.getvalue()


def source_quality(im: Image.Image) -> int | None:
    """The quality a JPEG was saved with, estimated from its luminance quantization table
    (libjpeg's scaling, inverted); None for other formats."""
    tables = getattr(im, "quantization", None)
    if not isinstance(tables, dict) or not tables.get(0):
        return None
    scale = 100 * sum(tables[0]) / _STANDARD_LUMA_SUM
    quality = (200 - scale) / 2 if scale <= 100 else 5000 / scale
    return max(1, min(100, round(quality)))


def best_quality(
    encode: Callable[[int], bytes], cap: int, top: int
) -> tuple[bytes, int] | tuple[None, bytes]:
    """Binary search for the highest quality in [QUALITY_MIN, top] whose bytes fit ``cap``.
    Returns (data, quality), or (None, smallest data) when even the lowest is too big."""
    data = encode(top)
    if len(data) <= cap:
        return data, top
    low_data = encode(QUALITY_MIN)
    if len(low_data) > cap:
        return None, low_data
    lo, hi, best = QUALITY_MIN, top, (low_data, QUALITY_MIN)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        data = encode(mid)
        if len(data) <= cap:
            lo, best = mid, (data, mid)
        else:
            hi = mid
    return best


def shrink_factor(size: int, cap: int) -> float:
    """How much to scale the sides so a file of ``size`` bytes might fit ``cap``."""
    return min(SHRINK_MAX, max(SHRINK_MIN, math.sqrt(cap / size) * 0.95))


def fit_still(
    im: Image.Image,
    formats: Sequence[str],
    cap: int,
    icc: bytes | None,
    ceiling: int | None = None,
) -> Encoded:
    """The first of ``formats`` that fits ``cap`` at the best quality, scaling down if
    needed. Lossless formats are only tried at full size (then a lossy one takes over).
    ``ceiling`` caps the quality (a JPEG's own quality: more only makes the file bigger).
    A lossless WebP is skipped when an earlier lossless candidate was far over the cap."""
    current = im
    first = True
    while True:
        smallest = 0
        for fmt in formats:
            if fmt in LOSSLESS:
                if not first or (smallest and smallest * WEBP_LOSSLESS_SHARE > cap):
                    continue
                data = encode_still(current, fmt, icc, None)
                if len(data) <= cap:
                    return Encoded(data, output_format(fmt), None, current.size)
                smallest = min(smallest or len(data), len(data))
                continue
            top = QUALITY_MAX[fmt]
            if ceiling is not None:
                top = max(QUALITY_MIN, min(top, ceiling))
            found, result = best_quality(partial(encode_still, current, fmt, icc), cap, top)
            if found is not None:
                assert isinstance(result, int)
                return Encoded(found, fmt, result, current.size)
            assert isinstance(result, bytes)
            smallest = len(result)
        factor = shrink_factor(smallest, cap)
        width, height = current.size
        new = (max(1, int(width * factor)), max(1, int(height * factor)))
        if min(new) < MIN_SIDE or not any(f not in LOSSLESS for f in formats):
            raise CannotFitError(
                f"The picture cannot be made smaller than {cap // 1024} KB without ruining it."
            )
        current = resize(im, new)
        first = False
