"""ICC colour profiles: one rule for every path a picture takes.

A profile is kept — on a file passed through untouched, a re-encoded still and a re-encoded
animation alike — when LittleCMS can read it and it describes the kind of colours the pixels
hold (an RGB profile on RGB pixels, a grey one on grey pixels, a CMYK one on CMYK pixels).
Otherwise it is dropped, and the picture's metadata summary says so
(:data:`studio.images.metadata.BROKEN_ICC`, listed with what preparing removes).

When the pixels change kind on the way (grey with transparency becomes RGBA, CMYK becomes
RGB), their colours are converted with the profile and the output carries sRGB.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageCms

# Pillow mode -> the ICC colour space its pixels are in.
_SPACE_OF_MODE: dict[str, str] = {
    "1": "GRAY",
    "L": "GRAY",
    "LA": "GRAY",
    "La": "GRAY",
    "I": "GRAY",
    "F": "GRAY",
    "P": "RGB ",
    "PA": "RGB ",
    "RGB": "RGB ",
    "RGBA": "RGB ",
    "RGBa": "RGB ",
    "RGBX": "RGB ",
    "CMYK": "CMYK",
}


def space_of_mode(mode: str) -> str | None:
    if mode.startswith("I;16"):
        return "GRAY"
    return _SPACE_OF_MODE.get(mode)


def profile_space(icc: bytes) -> str | None:
    """The ICC profile's colour space ("RGB ", "GRAY", "CMYK"…), None when unreadable."""
    try:
        return str(ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space)
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError, AttributeError):
        return None


def fits(icc: bytes | None, mode: str) -> bool:
    """Whether ``icc`` is readable and describes pixels of ``mode``."""
    return bool(icc) and profile_space(icc or b"") == space_of_mode(mode)


def carried(im: Image.Image) -> bool:
    """Whether the file holds a colour profile at all (readable or not)."""
    return "icc_profile" in im.info


def usable(im: Image.Image) -> bytes | None:
    """The profile of the open picture ``im`` when it is kept (see the module rule)."""
    icc = im.info.get("icc_profile")
    return icc if isinstance(icc, bytes) and fits(icc, im.mode) else None


@cache
def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def grey_to_srgb(im: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """``im`` (L or LA) as RGB(A): with its grey profile, its greys converted to sRGB and the
    sRGB profile returned; without one, plainly."""
    alpha = im.getchannel("A") if im.mode in ("LA", "La") else None
    grey = im.getchannel("L") if alpha is not None else im.convert("L")
    rgb: Image.Image | None = None
    if icc and profile_space(icc) == "GRAY":
        try:
            rgb = ImageCms.profileToProfile(
                grey,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except ImageCms.PyCMSError:
            rgb = None
    out_icc = srgb_profile() if rgb is not None else None
    if rgb is None:
        rgb = grey.convert("RGB")
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb, out_icc
