"""Pixel fixes shared by ``prepare`` and thumbnails: orientation, crop, scale, and modes
converted to what browsers show (L, RGB, RGBA) with the ICC profile kept when it fits."""

from __future__ import annotations

import io
import math
from typing import cast

from PIL import Image, ImageCms

from studio.images.errors import BadCropError

_TRANSPOSE: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_PROFILE_SPACE = {"RGB": "RGB ", "RGBA": "RGB ", "L": "GRAY", "CMYK": "CMYK"}
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


def profile_space(icc: bytes) -> str | None:
    """The ICC profile's colour space ("RGB ", "GRAY", "CMYK"…), None when unreadable."""
    try:
        return str(ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space)
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError):
        return None


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _to_8bit(im: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float greyscale to 8-bit L, scaled by the range the mode holds."""
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    if im.mode in {"F", "I"}:
        lo, hi = cast("tuple[float, float]", im.getextrema())
        if im.mode == "F" and lo >= 0 and hi <= 1.0:
            im = im.point(lambda v: v * 255.0)
        elif lo >= 0 and hi <= 255:
            pass
        elif lo >= 0 and hi <= 65535:
            im = im.point(lambda v: v * (1 / 257))
        elif hi > lo:
            im = im.point(lambda v: (v - lo) * (255.0 / (hi - lo)))
    return im.convert("L")


def to_screen_mode(im: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None, str]:
    """Convert to L, RGB or RGBA (alpha dropped when fully opaque). Returns the image, the
    ICC profile to embed (kept when it matches, sRGB after a CMYK conversion) and a note
    for the person ("" when nothing worth saying happened)."""
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
        im, note = _to_8bit(im), "Converted to 8 bits per channel."
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("P", "PA", "LA", "La", "RGBa") or "transparency" in im.info:
        alpha = mode in ("PA", "LA", "La", "RGBa") or "transparency" in im.info
        im = im.convert("RGBA" if alpha else "RGB")
    elif mode not in ("L", "RGB", "RGBA"):
        im = im.convert("RGB")
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")
    if icc and profile_space(icc) != _PROFILE_SPACE.get(im.mode):
        icc = None
    return im, icc, note


def flatten(im: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """Alpha composited onto ``background`` (for formats without transparency)."""
    if im.mode != "RGBA":
        return im
    base = Image.new("RGB", im.size, background)
    base.paste(im, mask=im.getchannel("A"))
    return base
