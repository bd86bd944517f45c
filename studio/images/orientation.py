"""Which way up a picture is shown — one rule for every format, and never turned twice.

The rule (the one Pillow's ``ImageOps.exif_transpose`` follows):

1. the EXIF Orientation tag (1–8) when the file has one: JPEG APP1, PNG ``eXIf`` (before or
   after the image data), WebP ``EXIF``, TIFF tag 274, AVIF ``irot``/``imir`` (which Pillow
   reports as the EXIF tag);
2. otherwise the XMP ``tiff:Orientation`` property (JPEG, PNG ``iTXt``, WebP, TIFF, AVIF);
3. otherwise upright.

An EXIF tag with a value outside 1–8 counts as upright, and still wins over XMP. GIF, BMP and
ICO carry no EXIF (a GIF's rare XMP packet is not read): they are always upright. Browsers
ignore XMP, but the studio bakes the orientation into the pixels it uploads, so the picture
is shown the same way everywhere; the editor's preview, the findings, the suggested crops and
the prepared file all follow this one rule.

Some of Pillow's decoders turn the pixels themselves while loading them (current Pillow's TIFF
decoder does, and reports the turned size as soon as the file is opened) and then remove the
tag. Nothing here depends on a Pillow version:
:func:`shown_size` works from the size stored in the file's header, and after decoding,
:func:`still_to_apply` asks the loaded picture again — whatever Pillow already turned is no
longer requested by it.
"""

from __future__ import annotations

import re

from PIL import Image

from studio.images.metadata import TAG_ORIENTATION, orientation_of, read_exif, xmp_packet

_XMP_ORIENTATION = re.compile(rb'tiff:Orientation(?:="|>)([0-9])')
_TIFF_WIDTH, _TIFF_LENGTH = 256, 257


def xmp_orientation(xmp: bytes | None) -> int:
    """The XMP ``tiff:Orientation`` (1–8; 1 when missing or invalid)."""
    if not xmp:
        return 1
    match = _XMP_ORIENTATION.search(xmp)
    value = int(match.group(1)) if match else 1
    return value if 1 <= value <= 8 else 1


def requested(im: Image.Image) -> int:
    """The orientation (1–8) ``im`` asks for by the rule above; no pixel is decoded.

    Called on a decoded picture, it says what is left to do (see :func:`still_to_apply`).
    """
    try:
        exif = read_exif(im)
    except Exception:  # a broken EXIF block does not make the picture unusable
        exif = Image.Exif()
    if TAG_ORIENTATION in exif:
        return orientation_of(exif)
    return xmp_orientation(xmp_packet(im))


def still_to_apply(im: Image.Image) -> int:
    """After ``im`` was decoded: the turn Pillow did not do itself (1 when none is left)."""
    return requested(im)


def stored_size(im: Image.Image) -> tuple[int, int]:
    """Width and height of the pixels as the file stores them, before any turn. Pillow reports
    a TIFF's size already turned (for tag 274 only); its header has the stored size."""
    tags = getattr(im, "tag_v2", None)
    if tags is not None:
        width, height = tags.get(_TIFF_WIDTH), tags.get(_TIFF_LENGTH)
        if (
            isinstance(width, int)
            and isinstance(height, int)
            and sorted((width, height)) == sorted(im.size)
        ):
            return width, height
    return im.size


def shown_size(im: Image.Image, orientation: int) -> tuple[int, int]:
    """Width and height of ``im`` as shown for ``orientation`` (5–8 swap the sides)."""
    width, height = stored_size(im)
    return (height, width) if orientation >= 5 else (width, height)
