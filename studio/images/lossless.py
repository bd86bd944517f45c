"""Remove metadata from a JPEG, PNG, GIF or WebP file without re-encoding its pixels.

Used when a picture needs no pixel change: the upload is then the person's own bytes, with
no generation loss and never bigger than the original. Each function keeps only what
shapes the picture (and the ICC colour profile) and drops EXIF, XMP, IPTC, comments, text
notes, unknown chunks and anything after the end of the image (a camera's second picture,
a phone's "motion photo" video). ``None`` means the structure was not as expected: the
caller then re-encodes instead.
"""

from __future__ import annotations

import struct
from pathlib import Path

# JPEG markers kept before and between scans: DHT, DAC, DQT, DRI, the SOF markers, and
# APP0 JFIF, APP2 ICC, APP14 Adobe (it says how the colours are stored).
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_TABLES = frozenset({0xC4, 0xCC, 0xDB, 0xDD}) | _JPEG_SOF
_JPEG_APP_KEEP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}

# PNG chunks that shape the picture or its colours (plus APNG's animation chunks).
_PNG_KEEP = frozenset(
    {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"iCCP", b"sRGB", b"gAMA", b"cHRM", b"cICP"}
    | {b"sBIT", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
)
_WEBP_KEEP = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_ICC, _VP8X_EXIF, _VP8X_XMP = 0x20, 0x08, 0x04


def strip(data: bytes, fmt: str, *, keep_icc: bool = True) -> bytes | None:
    """``data`` (a file of format ``fmt``, Pillow name) without its metadata, or None.
    ``keep_icc=False`` also drops the colour profile (an unusable one, see ``icc``)."""
    try:
        if fmt == "JPEG":
            return _jpeg(data, keep_icc)
        if fmt == "PNG":
            return _png(data, keep_icc)
        if fmt == "GIF":
            return _gif(data)
        if fmt == "WEBP":
            return _webp(data, keep_icc)
    except (IndexError, struct.error):
        return None
    return None


def webp_is_lossless(path: Path) -> bool:
    """Whether a WebP file's (first) picture is stored lossless (a ``VP8L`` bitstream).
    Reads chunk headers only."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
                return False
            for _ in range(64):  # VP8X, ICCP, ANIM, EXIF… come before the first picture
                chunk = fh.read(8)
                if len(chunk) < 8:
                    return False
                kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if kind in (b"VP8L", b"VP8 "):
                    return kind == b"VP8L"
                if kind == b"ANMF":  # an animation frame: its chunks follow a 16-byte header
                    fh.seek(16, 1)
                else:
                    fh.seek(size + (size & 1), 1)
    except (OSError, struct.error):
        return False
    return False


def _jpeg(data: bytes, keep_icc: bool) -> bytes | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    out = [b"\xff\xd8"]
    pos, end = 2, len(data)
    while pos < end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image: nothing after it is kept
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length: not expected here
            return None
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        seg_end = pos + 2 + length
        if length < 2 or seg_end > end:
            return None
        payload = data[pos + 4 : seg_end]
        keep = marker in _JPEG_TABLES or (
            marker in _JPEG_APP_KEEP
            and payload.startswith(_JPEG_APP_KEEP[marker])
            and (keep_icc or marker != 0xE2)
        )
        if marker == 0xDA:  # a scan: header, then entropy-coded data up to the next marker
            scan_end = _scan_end(data, seg_end)
            if scan_end is None:
                return None
            out.append(data[pos:scan_end])
            pos = scan_end
            continue
        if keep:
            out.append(data[pos:seg_end])
        pos = seg_end
    return None


def _scan_end(data: bytes, pos: int) -> int | None:
    """Where the entropy-coded data starting at ``pos`` ends (the next real marker)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return None
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1  # stuffed byte, restart marker or fill byte: still in the scan
            continue
        return pos


def _png(data: bytes, keep_icc: bool) -> bytes | None:
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        return None
    out = [signature]
    pos = len(signature)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk_end = pos + 12 + length
        if chunk_end > len(data):
            return None
        if kind in _PNG_KEEP and (keep_icc or kind != b"iCCP"):
            out.append(data[pos:chunk_end])
        if kind == b"IEND":
            return b"".join(out)
        pos = chunk_end
    return None


def _gif(data: bytes) -> bytes | None:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    out = [data[:pos]]
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            out.append(b";")
            return b"".join(out)
        if block == 0x2C:  # image: descriptor, local colour table, LZW data
            local = data[pos + 9]
            start = pos
            pos += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0) + 1
            pos = _gif_sub_blocks(data, pos)
            out.append(data[start:pos])
        elif block == 0x21:  # extension: keep graphic control and the NETSCAPE loop count
            label = data[pos + 1]
            start = pos
            pos = _gif_sub_blocks(data, pos + 2)
            if label == 0xF9 or (label == 0xFF and data[start + 3 : start + 14] == b"NETSCAPE2.0"):
                out.append(data[start:pos])
        else:
            return None
    return None


def _gif_sub_blocks(data: bytes, pos: int) -> int:
    """The position after the data sub-blocks starting at ``pos`` (IndexError if cut)."""
    while data[pos]:
        pos += data[pos] + 1
    return pos + 1


def _webp(data: bytes, keep_icc: bool) -> bytes | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    out: list[bytes] = []
    pos = 12
    while pos + 8 <= end:
        kind, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunk_end = pos + 8 + size + (size & 1)
        if chunk_end > end + (size & 1):
            return None
        chunk = data[pos:chunk_end]
        if kind == b"VP8X":
            dropped = _VP8X_EXIF | _VP8X_XMP | (0 if keep_icc else _VP8X_ICC)
            chunk = chunk[:8] + bytes((chunk[8] & ~dropped,)) + chunk[9:]
        if kind in _WEBP_KEEP and (keep_icc or kind != b"ICCP"):
            out.append(chunk)
        pos = chunk_end
    if not out:
        return None
    body = b"WEBP" + b"".join(out)
    return b"RIFF" + struct.pack("<I", len(body)) + body
