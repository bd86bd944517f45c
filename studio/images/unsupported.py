"""Tell a valid picture of a kind Pillow cannot read from a damaged one.

When Pillow refuses a file that starts like a JPEG, TIFF or BMP, its header is read here: if
it is well-formed and describes a variant Pillow does not handle (12-bit or lossless JPEG,
floating-point or 12-bit TIFF, 64-bit BMP…), the person is told that this kind of picture
isn't supported and to save it as JPEG or PNG — not that the file is damaged. Only headers
are read (a few KB at most).
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import TiffImagePlugin

from studio.images.errors import UnsupportedImageError

_HEAD = 1 << 16  # bytes read to find a JPEG's frame header

# JPEG start-of-frame markers (not DHT C4, JPG C8, DAC CC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_LOSSLESS_SOF = frozenset({0xC3, 0xC7, 0xCB, 0xCF})
_HIERARCHICAL_SOF = frozenset({0xC5, 0xC6, 0xC7, 0xCD, 0xCE, 0xCF})

# TIFF tags.
_WIDTH, _LENGTH, _BITS, _COMPRESSION, _PHOTOMETRIC = 256, 257, 258, 259, 262
_SAMPLES, _SAMPLE_FORMAT, _STRIPS, _TILES, _EXTRA, _FILL = 277, 339, 273, 324, 338, 266
_MAX_SAMPLES = 16  # more channels than this is no picture but a damaged header
_FLOAT = 3
_PHOTOMETRIC_NAMES = {4: "a transparency mask", 8: "CIE L*a*b*", 9: "ICC L*a*b*", 10: "ITU L*a*b*"}
_PHOTOMETRIC_NAMES |= {32844: "LogL", 32845: "LogLuv", 34892: "linear raw (DNG)"}

# BMP header fields that are valid in the format.
_BMP_HEADERS = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
_BMP_BITS = frozenset({1, 2, 4, 8, 16, 24, 32, 64})
_BMP_COMPRESSIONS = {0: "", 1: "", 2: "", 3: "", 4: "a JPEG", 5: "a PNG", 6: ""}
_BMP_COMPRESSIONS |= {11: "CMYK", 12: "CMYK", 13: "CMYK"}


def message(name: str, kind: str) -> str:
    return (
        f"“{name}” is {kind}: this kind of picture isn't supported. Save it as JPEG or PNG "
        "in an image editor, then choose that file."
    )


def _jpeg(path: Path) -> str | None:
    with path.open("rb") as fh:
        data = fh.read(_HEAD)
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF:
            if length < 8 or pos + 10 > len(data):
                return None
            precision = data[pos + 4]
            width = struct.unpack(">H", data[pos + 7 : pos + 9])[0]
            channels = data[pos + 9]
            if precision not in (2, 8, 12, 16) or width == 0 or channels == 0:
                return None  # not a valid frame header: damaged
            if marker in _LOSSLESS_SOF:
                return f"a lossless {precision}-bit JPEG"
            if marker in _HIERARCHICAL_SOF:
                return "a hierarchical JPEG"
            if precision != 8:
                return f"a {precision}-bit JPEG"
            if channels not in (1, 3, 4):
                return f"a JPEG with {channels} colour channels"
            return None
        if marker in (0xDA, 0xD9):
            return None
        pos += 2 + length
    return None


def _first(value: object) -> object:
    return value[0] if isinstance(value, tuple) and value else value


def _tuple(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def _pillow_layout(ifd: TiffImagePlugin.ImageFileDirectory_v2) -> tuple[object, ...]:
    """The key Pillow's TIFF reader looks up in its table of pixel layouts (``OPEN_INFO``),
    built the way it builds it."""
    photometric = _first(ifd.get(_PHOTOMETRIC, 0))
    sample_format = _tuple(ifd.get(_SAMPLE_FORMAT, (1,)))
    if len(sample_format) > 1 and max(sample_format) == min(sample_format):  # type: ignore[type-var]
        sample_format = sample_format[:1]
    bits = _tuple(ifd.get(_BITS, (1,)))
    jpeg = _first(ifd.get(_COMPRESSION, 1)) == 7 and photometric in (2, 6)
    samples = _first(ifd.get(_SAMPLES, 3 if jpeg else 1))
    if isinstance(samples, int):
        if samples < len(bits):
            bits = bits[:samples]
        elif samples > len(bits) == 1:
            bits = bits * samples
    extra = _tuple(ifd.get(_EXTRA, ()))
    return (ifd.prefix, photometric, sample_format, _first(ifd.get(_FILL, 1)), bits, extra)


def _tiff(path: Path) -> str | None:
    with path.open("rb") as fh:
        ifd = TiffImagePlugin.ImageFileDirectory_v2(fh.read(8))
        fh.seek(ifd.next)
        ifd.load(fh)
    width, height = ifd.get(_WIDTH), ifd.get(_LENGTH)
    bits = _tuple(ifd.get(_BITS, (1,)))
    samples = _first(ifd.get(_SAMPLES, 1))
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        return None
    if not all(isinstance(b, int) and 0 < b <= 64 for b in bits):
        return None
    if _STRIPS not in ifd and _TILES not in ifd:
        return None  # no pixel data at all: damaged
    if not isinstance(samples, int) or not 0 < samples <= _MAX_SAMPLES:
        return None
    if 0xBC01 in ifd:
        return "a Windows Media Photo (JPEG XR) TIFF"
    if _first(ifd.get(_COMPRESSION, 1)) not in TiffImagePlugin.COMPRESSION_INFO:
        return "a TIFF compressed in a way the studio cannot read"
    if _pillow_layout(ifd) in TiffImagePlugin.OPEN_INFO:
        return None  # Pillow reads pixels laid out like this: the file is damaged
    if _first(ifd.get(_SAMPLE_FORMAT)) == _FLOAT:
        return "a floating-point TIFF"
    photometric = _first(ifd.get(_PHOTOMETRIC))
    if photometric in _PHOTOMETRIC_NAMES:
        return f"a TIFF in {_PHOTOMETRIC_NAMES[photometric]} colours"
    if samples > 4:
        return f"a TIFF with {samples} channels"
    if any(b not in (1, 2, 4, 8, 16) for b in bits):
        return f"a TIFF with {bits[0]} bits per channel"
    return "an unusual kind of TIFF"


def _bmp(path: Path) -> str | None:
    with path.open("rb") as fh:
        data = fh.read(64)
    if len(data) < 30 or not data.startswith(b"BM"):
        return None
    header = struct.unpack("<I", data[14:18])[0]
    if header not in _BMP_HEADERS:
        return None
    if header == 12:  # OS/2 1.x: 16-bit sizes
        width, height, _, bits = struct.unpack("<HHHH", data[18:26])
        compression, colours = 0, 0
    elif header == 16:  # OS/2 2.x, short form: no compression or palette size fields
        width, height, _, bits = struct.unpack("<iiHH", data[18:30])
        compression, colours = 0, 0
    else:
        if len(data) < 50:
            return None
        width, height, _, bits, compression = struct.unpack("<iiHHI", data[18:34])
        colours = struct.unpack("<I", data[46:50])[0]
    if width <= 0 or height == 0 or (0 < bits <= 8 and colours > 1 << bits):
        return None
    if compression not in _BMP_COMPRESSIONS:
        return None
    if bits not in _BMP_BITS and not (bits == 0 and compression in (4, 5)):
        return None
    if inner := _BMP_COMPRESSIONS[compression]:
        return f"a BMP holding {inner} picture" if inner != "CMYK" else "a CMYK BMP"
    if bits == 64:
        return "a 64-bit BMP"
    if header in (16, 64):
        return "an OS/2 BMP"
    return "an unusual kind of BMP"


_CLASSIFIERS = {"JPEG": _jpeg, "TIFF": _tiff, "BMP": _bmp}


def kind(path: Path, claimed: str | None) -> str | None:
    """The kind of valid picture the file at ``path`` (which starts like ``claimed``) is,
    when Pillow refused it: None when its header is not valid (then it is damaged)."""
    classify = _CLASSIFIERS.get(claimed or "")
    if classify is None:
        return None
    try:
        return classify(path)
    except Exception:  # a header too damaged to read: the file is damaged
        return None


def undecodable_kind(path: Path, fmt: str) -> str | None:
    """For a file Pillow opened: a hierarchical JPEG, whose frame header Pillow accepts but
    libjpeg cannot decode (None for everything else)."""
    if fmt not in ("JPEG", "MPO"):
        return None
    found = kind(path, "JPEG")
    return found if found and "hierarchical" in found else None


# TIFF codecs Pillow knows by name but libtiff may be built without (it then cannot decode).
_OPTIONAL_TIFF_CODECS = {
    "webp": "WebP",
    "zstd": "Zstandard",
    "lzma": "LZMA",
    "tiff_sgilog": "SGI LogLuv",
    "tiff_sgilog24": "SGI LogLuv",
    "tiff_thunderscan": "ThunderScan",
}


def decode_kind(fmt: str, info: dict[str | tuple[int, int], object]) -> str | None:
    """For a picture Pillow opened but could not decode: a TIFF whose codec this build of
    libtiff may lack (None otherwise: the file is damaged)."""
    codec = _OPTIONAL_TIFF_CODECS.get(str(info.get("compression"))) if fmt == "TIFF" else None
    return f"a TIFF compressed with {codec}" if codec else None


def refuse(path: Path, claimed: str | None) -> None:
    """Raise ``UnsupportedImageError`` when the refused file is a valid unsupported kind."""
    if found := kind(path, claimed):
        raise UnsupportedImageError(message(path.name, found))
