"""Find a PNG's EXIF (``eXIf``) and XMP (``iTXt`` "XML:com.adobe.xmp") wherever they are in
the file, without decoding pixels.

Pillow parses the chunks before the image data when it opens a PNG and the ones after it only
when it decodes the pixels, so an ``eXIf`` written after ``IDAT`` (ImageMagick does) would
change the picture's orientation between probing and preparing. This reads chunk headers
and skips the image data, so it costs a few reads, never a decode.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_XMP_KEY = b"XML:com.adobe.xmp"
MAX_EXIF = 1 << 20  # larger eXIf chunks are ignored (as broken)
MAX_XMP = 1 << 20  # the XMP packet is read up to this many bytes (Pillow's text limit)
MAX_CHUNKS = 1 << 16  # a file with more chunks than this is not scanned further


@dataclass(frozen=True)
class PngMetadata:
    exif: bytes | None = None  # the eXIf payload (TIFF header first)
    xmp: bytes | None = None  # the XMP packet


def _itxt_xmp(data: bytes) -> bytes | None:
    """The text of an iTXt chunk whose keyword is the XMP one (None otherwise)."""
    keyword, sep, rest = data.partition(b"\x00")
    if not sep or keyword != _XMP_KEY or len(rest) < 2:
        return None
    compressed, method = rest[0], rest[1]
    _language, _, rest = rest[2:].partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    if not compressed:
        return text[:MAX_XMP]
    if method != 0:
        return None
    try:
        return zlib.decompressobj().decompress(text, MAX_XMP)
    except zlib.error:
        return None


def scan(path: str | Path) -> PngMetadata:
    """The first ``eXIf`` and XMP ``iTXt`` chunks of the PNG at ``path`` (before or after the
    image data). Damaged structure ends the scan with what was found so far."""
    exif: bytes | None = None
    xmp: bytes | None = None
    try:
        with Path(path).open("rb") as fh:
            if fh.read(8) != _SIGNATURE:
                return PngMetadata()
            for _ in range(MAX_CHUNKS):
                head = fh.read(8)
                if len(head) < 8:
                    break
                length, kind = struct.unpack(">I4s", head)
                if kind == b"IEND":
                    break
                if kind == b"eXIf" and exif is None and length <= MAX_EXIF:
                    exif = fh.read(length)
                    fh.seek(4, 1)
                elif kind == b"iTXt" and xmp is None and length <= 4 * MAX_XMP:
                    xmp = _itxt_xmp(fh.read(length))
                    fh.seek(4, 1)
                else:
                    fh.seek(length + 4, 1)
    except (OSError, struct.error):
        pass
    return PngMetadata(exif, xmp)
