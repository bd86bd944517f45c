"""Pixel fixes shared by ``prepare`` and thumbnails: orientation, crop, scale, and modes
converted to what browsers show (L, RGB, RGBA) with the ICC profile kept when it fits."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageCms, ImageMath

from studio.images.errors import BadCropError
from studio.images.icc import fits, grey_to_srgb, profile_space, srgb_profile

_TRANSPOSE: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
WHITE = (255, 255, 255)


def orient(im: Image.Image, orientation: int) -> Image.Image:
    """Turn ``im`` the right way up for EXIF ``orientation`` (1–8)."""
    method = _TRANSPOSE.get(orientation)
    return im if method is None else im.transpose(method)


def clamp_crop(
    crop: tuple[int, int, int, int], width: int, height: int
) -> tuple[int, int, int, int]:
    """``crop`` limited to the picture; ``BadCropError`` when nothing is left."""
    left, top, right, bottom = (int(v) for v in crop)
    box = (max(0, left), max(0, top), min(width, right), min(height, bottom))
    if box[2] - box[0] < 1 or box[3] - box[1] < 1:
        raise BadCropError(
            f"The crop rectangle {crop} is outside the {width}×{height} picture or empty."
        )
    return box


def fit_size(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """``width``×``height`` scaled down (never up) to fit ``box``, aspect kept."""
    scale = min(1.0, box[0] / width, box[1] / height)
    if scale >= 1.0:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


def draft_size(width: int, height: int, scale: float) -> tuple[int, int]:
    """The size to ask a JPEG decoder for so that scaling by ``scale`` loses nothing."""
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def resize(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    if im.size == size:
        return im
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


# TIFF tags that say how a sample is stored and what range it covers.
_BITS_PER_SAMPLE, _SAMPLE_FORMAT, _SMIN, _SMAX = 258, 339, 340, 341
_SIGNED = 2


def _first(value: object) -> object:
    return value[0] if isinstance(value, tuple) and value else value


def value_range(im: Image.Image) -> tuple[float, float]:
    """The range of values ``im``'s samples can hold, from the file's bit depth and sample
    type — never from the values it happens to contain. A 16-bit picture is 0–65535 even
    when all its values are below 256; floating point is 0–1 unless a TIFF says otherwise."""
    mode = im.mode
    tags = getattr(im, "tag_v2", None)
    if mode == "F":
        if tags is not None:
            low, high = _first(tags.get(_SMIN)), _first(tags.get(_SMAX))
            if isinstance(low, int | float) and isinstance(high, int | float) and high > low:
                return float(low), float(high)
        return 0.0, 1.0
    if not mode.startswith("I"):
        return 0.0, 255.0
    bits, signed = (16, mode == "I;16S") if mode.startswith("I;16") else (16, False)
    if tags is not None:  # a TIFF says how many bits a sample has (12-bit opens as I;16)
        stored, kind = _first(tags.get(_BITS_PER_SAMPLE)), _first(tags.get(_SAMPLE_FORMAT))
        if isinstance(stored, int) and 1 < stored <= 32:
            bits, signed = stored, kind == _SIGNED
    if signed:
        return -float(2 ** (bits - 1)), float(2 ** (bits - 1) - 1)
    return 0.0, float(2**bits - 1)  # a PNG (or one inside an ICO) has 16 bits per sample


def _to_8bit(im: Image.Image, value_range: tuple[float, float]) -> Image.Image:
    """16-bit, 32-bit and float greyscale to 8-bit L, scaled by ``value_range`` (the range
    the file's sample type holds); a transparent grey value (PNG tRNS) becomes an alpha
    channel (LA)."""
    transparent = im.info.get("transparency")
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    low, high = value_range
    scale = 255.0 / (high - low)
    grey = im.point(lambda v: (v - low) * scale + 0.5).convert("L")
    if isinstance(transparent, int) and im.mode == "I":
        mask = ImageMath.lambda_eval(
            lambda a: a["convert"]((a["im"] != transparent) * 255, "L"), im=im
        )
        if isinstance(mask, Image.Image):
            grey = Image.merge("LA", (grey, mask))
    return grey


def to_screen_mode(
    im: Image.Image, icc: bytes | None, value_range: tuple[float, float] = (0.0, 255.0)
) -> tuple[Image.Image, bytes | None, str]:
    """Convert to L, RGB or RGBA (alpha dropped when fully opaque). ``icc`` is the source's
    usable profile (``icc.usable``); ``value_range`` the range of its samples (see
    :func:`value_range`, which needs the opened file). Returns the image, the profile to
    embed (kept when it still describes the pixels; sRGB after a conversion through the
    profile) and a note for the person ("" when nothing worth saying happened)."""
    note = ""
    mode = im.mode
    if mode == "CMYK":
        if icc and profile_space(icc) == "CMYK":
            try:
                srgb = ImageCms.createProfile("sRGB")
                converted = ImageCms.profileToProfile(
                    im, ImageCms.ImageCmsProfile(io.BytesIO(icc)), srgb, outputMode="RGB"
                )
                if converted is not None:
                    return converted, srgb_profile(), "Print (CMYK) colours converted to sRGB."
            except ImageCms.PyCMSError:
                pass
        im, icc, note = im.convert("RGB"), None, "Print (CMYK) colours converted to RGB."
    elif mode.startswith("I") or mode == "F":
        im, note = _to_8bit(im, value_range), "Converted to 8 bits per channel."
    elif mode in ("1", "L") and "transparency" in im.info:
        im = im.convert("L").convert("LA")
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("P", "PA", "RGBa") or (mode == "RGB" and "transparency" in im.info):
        alpha = mode in ("PA", "RGBa") or "transparency" in im.info
        im = im.convert("RGBA" if alpha else "RGB")
    elif mode not in ("L", "LA", "La", "RGB", "RGBA"):
        im, icc = im.convert("RGB"), None
    if im.mode in ("LA", "La"):
        if im.getchannel("A").getextrema() == (255, 255):
            im = im.getchannel("L")
        else:
            im, icc = grey_to_srgb(im, icc)
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")
    if icc and not fits(icc, im.mode):
        icc = None
    return im, icc, note


def flatten(im: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """Alpha composited onto ``background`` (for formats without transparency)."""
    if im.mode != "RGBA":
        return im
    base = Image.new("RGB", im.size, background)
    base.paste(im, mask=im.getchannel("A"))
    return base
