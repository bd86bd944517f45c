"""Builders for the hostile corpus: real-world broken and unusual files, made with Pillow plus
byte-level surgery (JPEG segments, PNG chunks, GIF blocks, RIFF headers). Nothing large is
committed; the three JPEGs Pillow cannot write (arithmetic coding, 4:1:1 subsampling) are
tiny fixtures of the quadrants picture made with libjpeg-turbo (``cjpeg -arithmetic``,
``cjpeg -sample 4x1``, ``jpegtran -arithmetic -progressive``)."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import image_corpus as ic
from PIL import Image, ImageChops, ImageCms, PngImagePlugin

FIXTURES = Path(__file__).parent / "fixtures"
SOI, EOI = b"\xff\xd8", b"\xff\xd9"


# --- JPEG surgery -------------------------------------------------------------------------


def jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The marker segments before the first scan as (marker, payload), and the rest (SOS on)."""
    assert data[:2] == SOI
    pos, segments = 2, []
    while True:
        marker = data[pos + 1]
        if marker == 0xDA:
            return segments, data[pos:]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segments.append((marker, data[pos + 4 : pos + 2 + length]))
        pos += 2 + length


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_join(segments: Iterable[tuple[int, bytes]], rest: bytes) -> bytes:
    return SOI + b"".join(segment(m, p) for m, p in segments) + rest


def jpeg_edit(
    data: bytes, edit: Callable[[list[tuple[int, bytes]]], list[tuple[int, bytes]]]
) -> bytes:
    segments, rest = jpeg_segments(data)
    return jpeg_join(edit(segments), rest)


def jpeg_with_exif(im: Image.Image, exif: bytes, **params: object) -> bytes:
    """``im`` as JPEG with a raw APP1 EXIF payload (``Exif\\0\\0`` + TIFF bytes)."""
    plain = ic.encode(im, "JPEG", quality=90, **params)
    return jpeg_edit(plain, lambda segs: [segs[0], (0xE1, exif), *segs[1:]])


def tiff_ifd(entries: list[tuple[int, int, int, bytes]], next_ifd: int = 0) -> bytes:
    """A little-endian TIFF header + one IFD; entries are (tag, type, count, 4-byte value)."""
    body = struct.pack("<2sHI", b"II", 42, 8) + struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        body += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00")
    return body + struct.pack("<I", next_ifd)


def exif_payload(tiff: bytes) -> bytes:
    return b"Exif\x00\x00" + tiff


def cmyk_jpeg(target: Image.Image, *, adobe: bool) -> bytes:
    """A CMYK JPEG that shows ``target`` (RGB). With the Adobe APP14 marker Photoshop-style
    inverted data; without it plain CMYK (as some scanners and old tools write)."""
    cmyk = target.convert("CMYK")
    if adobe:
        return ic.encode(cmyk, "JPEG", quality=95)
    # Pillow stores CMYK inverted (Adobe style); pre-invert and drop APP14 so that the plain
    # reading gives back ``cmyk``.
    data = ic.encode(ImageChops.invert(cmyk), "JPEG", quality=95)
    return jpeg_edit(data, lambda segs: [s for s in segs if s[0] != 0xEE])


def ycck_jpeg(target: Image.Image) -> bytes:
    """A YCCK JPEG (Adobe transform 2) that shows ``target``: the CMY channels are stored
    as YCbCr of their inverses, as Photoshop writes them."""
    cmyk = target.convert("CMYK")
    c, m, y, k = cmyk.split()
    ycc = Image.merge("RGB", (c, m, y)).convert("YCbCr").split()
    stored = Image.merge("CMYK", (*(ImageChops.invert(b) for b in ycc), k))
    data = ic.encode(stored, "JPEG", quality=95)

    def transform_2(segs: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
        adobe = (0xEE, b"Adobe")
        return [(m, p[:11] + b"\x02" if (m, p[:5]) == adobe else p) for m, p in segs]

    return jpeg_edit(data, transform_2)


def icc_split(im: Image.Image, icc: bytes, parts: int) -> bytes:
    """A JPEG whose ICC profile is spread over ``parts`` APP2 chunks."""
    step = -(-len(icc) // parts)
    chunks = [icc[i : i + step] for i in range(0, len(icc), step)]
    app2 = [
        (0xE2, b"ICC_PROFILE\x00" + bytes((n + 1, len(chunks))) + chunk)
        for n, chunk in enumerate(chunks)
    ]
    plain = ic.encode(im, "JPEG", quality=90)
    return jpeg_edit(plain, lambda segs: [segs[0], *app2, *segs[1:]])


def exif_thumbnail_exif(thumb: Image.Image) -> bytes:
    """EXIF whose IFD1 holds ``thumb`` as its embedded JPEG thumbnail."""
    thumb_data = ic.encode(thumb, "JPEG", quality=80)
    # IFD0 at 8: one entry (Make, inline "Ph\0"), next IFD at 26; IFD1: two entries, then data.
    ifd0 = tiff_ifd([(0x010F, 2, 3, b"Ph\x00")], next_ifd=26)
    ifd1_entries = [
        (0x0201, 4, 1, struct.pack("<I", 26 + 2 + 24 + 4)),
        (0x0202, 4, 1, struct.pack("<I", len(thumb_data))),
    ]
    ifd1 = struct.pack("<H", 2) + b"".join(
        struct.pack("<HHI", t, k, c) + v for t, k, c, v in ifd1_entries
    )
    return exif_payload(ifd0 + ifd1 + struct.pack("<I", 0) + thumb_data)


# --- PNG surgery --------------------------------------------------------------------------


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    pos, out = 8, []
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        out.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


def png_join(chunks: Iterable[tuple[bytes, bytes]]) -> bytes:
    return PNG_SIG + b"".join(chunk(k, d) for k, d in chunks)


def png_raw(
    width: int,
    height: int,
    depth: int,
    colour: int,
    pixels: bytes,
    *,
    interlace: bool = False,
    before_idat: Iterable[tuple[bytes, bytes]] = (),
    after_idat: Iterable[tuple[bytes, bytes]] = (),
) -> bytes:
    """A PNG from raw big-endian samples (row-major, ``width``×``height``), filter 0."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    bpp = channels * depth // 8
    rows = [pixels[y * width * bpp : (y + 1) * width * bpp] for y in range(height)]
    if interlace:  # Adam7: seven reduced pictures, one after the other
        passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4))
        passes += ((1, 0, 2, 2), (0, 1, 1, 2))
        raw = b""
        for x0, y0, dx, dy in passes:
            for y in range(y0, height, dy):
                line = b"".join(rows[y][x * bpp : (x + 1) * bpp] for x in range(x0, width, dx))
                if line:
                    raw += b"\x00" + line
    else:
        raw = b"".join(b"\x00" + row for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, int(interlace))
    return png_join(
        [
            (b"IHDR", ihdr),
            *before_idat,
            (b"IDAT", zlib.compress(raw, 9)),
            *after_idat,
            (b"IEND", b""),
        ]
    )


def png16(im: Image.Image) -> bytes:
    """``im`` (RGB or RGBA) as a 16-bit-per-channel PNG."""
    colour = 6 if im.mode == "RGBA" else 2
    samples = b"".join(bytes((v, v)) for v in im.tobytes())
    return png_raw(im.width, im.height, 16, colour, samples)


def png_interlaced(im: Image.Image) -> bytes:
    return png_raw(im.width, im.height, 8, 2, im.convert("RGB").tobytes(), interlace=True)


def png_zeros(width: int, height: int) -> bytes:
    """A real, complete greyscale PNG of zeros: a few KB that decode to width×height bytes."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return png_join([(b"IHDR", ihdr), (b"IDAT", idat), (b"IEND", b"")])


# --- GIF surgery --------------------------------------------------------------------------


def _gif_parts(im: Image.Image) -> tuple[bytes, bytes]:
    """(colour table, LZW image data incl. min code size and sub-blocks) of ``im`` as GIF."""
    data = ic.encode(im.convert("P", palette=Image.Palette.ADAPTIVE, colors=16), "GIF")
    flags = data[10]
    table_size = 3 * (2 << (flags & 7))
    table = data[13 : 13 + table_size]
    pos = 13 + table_size
    while data[pos] == 0x21:  # skip extensions
        pos += 2
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    assert data[pos] == 0x2C
    local = data[pos + 9]
    pos += 10
    if local & 0x80:
        table = data[pos : pos + 3 * (2 << (local & 7))]
        pos += len(table)
    end = pos + 1
    while data[end]:
        end += data[end] + 1
    return table, data[pos : end + 1]


def gif_frames(
    screen: tuple[int, int],
    frames: list[tuple[Image.Image, int, int, int, int]],
    *,
    global_only: bool = False,
    loop: bool = True,
) -> bytes:
    """A GIF with frames (image, left, top, disposal, delay in 1/100 s), each frame with its
    own colour table (or only the first frame's as the global table)."""
    parts = [_gif_parts(f[0]) for f in frames]
    table0 = parts[0][0]
    out = b"GIF89a" + struct.pack("<HHBBB", *screen, 0x80 | 0x70 | _bits(table0), 0, 0) + table0
    if loop:
        out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    for (im, left, top, disposal, delay), (table, lzw) in zip(frames, parts, strict=True):
        out += b"\x21\xf9\x04" + bytes((disposal << 2,)) + struct.pack("<H", delay) + b"\x00\x00"
        local = 0 if global_only else 0x80 | _bits(table)
        out += b"\x2c" + struct.pack("<HHHHB", left, top, im.width, im.height, local)
        out += b"" if global_only else table
        out += lzw
    return out + b";"


def _bits(table: bytes) -> int:
    return (len(table) // 3).bit_length() - 2


def gif_lzw_bomb(width: int, height: int, frames: int) -> bytes:
    """An animation of ``frames`` full ``width``×``height`` frames, each a few KB of LZW."""
    im = Image.new("P", (width, height), 0)
    im.putpalette([0, 0, 0, 255, 255, 255])
    one = ic.encode(im, "GIF")
    table, lzw = _gif_parts(im)
    out = one[:13] + table + b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    for _ in range(frames):
        out += b"\x21\xf9\x04\x00\x00\x00\x00\x00"
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + lzw
    return out + b";"


# --- BMP, WebP and the rest -----------------------------------------------------------------


def bmp_rle8(width: int, height: int, fill: int = 1) -> bytes:
    """An 8-bit RLE BMP: every row runs of colour ``fill`` (then end of line)."""
    runs = bytes((255, fill)) * (width // 255) + (
        bytes((width % 255, fill)) if width % 255 else b""
    )
    rows = (runs + b"\x00\x00") * height + b"\x00\x01"
    palette = bytes((0, 0, 0, 0, 0, 0, 255, 0)) + b"\0" * 4 * 254
    header_size = 14 + 40 + len(palette)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 1, len(rows), 2835, 2835, 256, 0)
    head = b"BM" + struct.pack("<IHHI", header_size + len(rows), 0, 0, header_size)
    return head + info + palette + rows


def bmp_top_down(im: Image.Image) -> bytes:
    """``im`` as a top-down BMP (negative height, rows stored first to last)."""
    data = bytearray(ic.encode(im.convert("RGB"), "BMP"))
    offset = struct.unpack("<I", data[10:14])[0]
    width, height = im.size
    stride = (width * 3 + 3) & ~3
    rows = [data[offset + y * stride : offset + (y + 1) * stride] for y in range(height)]
    data[offset:] = b"".join(reversed(rows))
    data[22:26] = struct.pack("<i", -height)
    return bytes(data)


def riff_size(data: bytes, size: int) -> bytes:
    return data[:4] + struct.pack("<I", size) + data[8:]


def xmp_packet(secret: str) -> bytes:
    return f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{secret}</x:xmpmeta>".encode()


def big_icc() -> bytes:
    """A valid sRGB profile padded past 64 KB (so it needs several JPEG APP2 chunks)."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc += b"\x00" * 70_000
    icc[0:4] = struct.pack(">I", len(icc))
    return bytes(icc)


def png_text_bomb() -> bytes:
    """zTXt that inflates to 32 MB (Pillow caps text chunks; the picture itself is fine)."""
    big = zlib.compress(b"A" * (32 << 20), 9)
    return png_insert_before_idat(
        ic.encode(ic.quadrants(), "PNG"), [(b"zTXt", b"Comment\x00\x00" + big)]
    )


def png_insert_before_idat(data: bytes, extra: list[tuple[bytes, bytes]]) -> bytes:
    chunks = png_chunks(data)
    at = next(i for i, (k, _) in enumerate(chunks) if k == b"IDAT")
    return png_join([*chunks[:at], *extra, *chunks[at:]])


def png_append_after_idat(data: bytes, extra: list[tuple[bytes, bytes]]) -> bytes:
    chunks = png_chunks(data)
    return png_join([*chunks[:-1], *extra, chunks[-1]])


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


# --- The catalogue --------------------------------------------------------------------------


def _orientation_bad_type() -> bytes:
    # Orientation as ASCII "6" (type 2) instead of SHORT.
    return exif_payload(tiff_ifd([(0x0112, 2, 2, b"6\x00")]))


def _orientation_value(value: int) -> bytes:
    return exif_payload(tiff_ifd([(0x0112, 3, 1, struct.pack("<H", value))]))


def _broken_ifd() -> bytes:
    # Two entries; the second points its value far past the end, and the IFD count lies.
    tiff = bytearray(
        tiff_ifd(
            [(0x0112, 3, 1, struct.pack("<H", 6)), (0x010F, 2, 400, struct.pack("<I", 99999))],
            next_ifd=77777,
        )
    )
    tiff[8:10] = struct.pack("<H", 900)  # entry count far beyond the data
    return exif_payload(bytes(tiff))


def _orientation_6_plus_broken_sub_ifd() -> bytes:
    # Orientation 6 is readable; the Exif sub-IFD pointer goes nowhere.
    return exif_payload(
        tiff_ifd([(0x0112, 3, 1, struct.pack("<H", 6)), (0x8769, 4, 1, struct.pack("<I", 5000))])
    )


def _huge_app_segments() -> bytes:
    filler = [(0xE4 + n % 8, b"JUNK" + b"\x00" * 65_000) for n in range(40)]
    plain = ic.encode(ic.quadrants(), "JPEG", quality=90)
    return jpeg_edit(plain, lambda segs: [segs[0], *filler, *segs[1:]])


def _mpo() -> bytes:
    return encode(
        ic.quadrants(), "MPO", save_all=True, append_images=[ic.quadrants(80, 50)], quality=90
    )


def _apng() -> bytes:
    frames = [Image.new("RGBA", (400, 400), (i * 40, 100, 200, 255)) for i in range(5)]
    return encode(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=50, loop=0)


def _png_exif_late(orientation: int) -> bytes:
    stored = _stored_for(orientation, ic.quadrants())
    exif = ic.orientation_exif(orientation)
    return png_append_after_idat(
        ic.encode(stored, "PNG"), [(b"eXIf", exif[6:] if exif.startswith(b"Exif") else exif)]
    )


def _png_bad_crc(kind: bytes) -> bytes:
    data = ic.encode(ic.quadrants(), "PNG", pnginfo=_png_text())
    chunks = png_chunks(data)
    out = PNG_SIG
    for k, d in chunks:
        out += chunk(k, d, crc=0xDEADBEEF if k == kind else None)
    return out


def _png_text() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "made at home", zip=True)
    info.add_itxt("Author", "Ünïcode person", lang="de", tkey="Autor", zip=True)
    return info


def _png_idat_short() -> bytes:
    """Chunks all valid (CRCs fine) but the zlib stream holds only half the rows."""
    im = ic.noise(200, 150)
    raw = b"".join(b"\x00" + im.tobytes()[y * 600 : (y + 1) * 600] for y in range(75))
    ihdr = struct.pack(">IIBBBBB", 200, 150, 8, 2, 0, 0, 0)
    return png_join([(b"IHDR", ihdr), (b"IDAT", zlib.compress(raw)), (b"IEND", b"")])


def _png_claims_more_rows() -> bytes:
    """IHDR says 400×400; the data holds 100×100."""
    small = ic.encode(ic.quadrants(100, 100), "PNG")
    chunks = png_chunks(small)
    ihdr = bytearray(chunks[0][1])
    ihdr[0:8] = struct.pack(">II", 400, 400)
    return png_join([(b"IHDR", bytes(ihdr)), *chunks[1:]])


def _jpeg_claims_more_rows() -> bytes:
    """SOF says 400 rows; the scan holds 100."""
    data = ic.encode(ic.quadrants(160, 100), "JPEG", quality=90)

    def taller(segs: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
        return [
            (m, p[:1] + struct.pack(">H", 400) + p[3:]) if m == 0xC0 else (m, p) for m, p in segs
        ]

    return jpeg_edit(data, taller)


def _gif_mixed_frames() -> bytes:
    base = ic.quadrants(400, 400)
    return gif_frames(
        (400, 400),
        [
            (base, 0, 0, 1, 10),
            (Image.new("RGB", (100, 60), (0, 0, 0)), 30, 40, 2, 10),
            (Image.new("RGB", (50, 200), (255, 255, 255)), 300, 150, 3, 0),
            (Image.new("RGB", (400, 400), (9, 99, 199)), 0, 0, 0, 7),
        ],
    )


def _gif_truncated_last() -> bytes:
    frames = [(ic.noise(400, 400, seed=s), 0, 0, 1, 8) for s in range(3)]
    data = gif_frames((400, 400), frames)
    return data[: len(data) - 3000]


def _gif_zero_delay() -> bytes:
    frames = [(Image.new("RGB", (400, 400), (i * 8 % 256, 50, 100)), 0, 0, 1, 0) for i in range(60)]
    return gif_frames((400, 400), frames)


def _gif_global_only() -> bytes:
    base = ic.quadrants(400, 400)
    return gif_frames((400, 400), [(base, 0, 0, 1, 10), (base, 0, 0, 1, 10)], global_only=True)


def _webp(**params: object) -> bytes:
    return encode(ic.quadrants(400, 400), "WEBP", **params)


def _webp_alpha() -> bytes:
    im = ic.quadrants(400, 400).convert("RGBA")
    im.paste((0, 0, 0, 0), (0, 0, 40, 40))
    return encode(im, "WEBP", quality=90)


def _webp_meta() -> bytes:
    return encode(
        ic.quadrants(400, 400),
        "WEBP",
        quality=90,
        exif=ic.private_exif(orientation=1).tobytes(),
        xmp=xmp_packet("secret-xmp"),
        icc_profile=ic.srgb_icc(),
    )


def _webp_anim() -> bytes:
    frames = [Image.new("RGB", (400, 400), (i * 50, 20, 200)) for i in range(4)]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=90, loop=0)


def _tiff_16bit() -> bytes:
    grad = Image.linear_gradient("L").resize((160, 100)).convert("I").point(lambda v: v * 257)
    return encode(grad.convert("I;16"), "TIFF")


def _ico() -> bytes:
    return encode(ic.quadrants(256, 256), "ICO", sizes=[(16, 16), (64, 64), (256, 256)])


def _avif() -> bytes:
    return encode(ic.quadrants(400, 400), "AVIF", quality=80)


def _heic_header() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def _zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.txt", "hello")
    return out.getvalue()


def _polyglot() -> bytes:
    return b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=1;alert(document.domain);//" + b"\x3b"


def _gif_bomb_frames() -> bytes:
    return gif_lzw_bomb(3000, 3000, 60)


def _webp_claiming(width: int, height: int) -> bytes:
    """A lossless WebP whose VP8L header claims ``width``×``height``."""
    data = bytearray(encode(Image.new("RGB", (64, 64), (1, 2, 3)), "WEBP", lossless=True))
    at = data.find(b"VP8L") + 9
    alpha_version = struct.unpack("<I", data[at : at + 4])[0] >> 28
    data[at : at + 4] = struct.pack("<I", (width - 1) | (height - 1) << 14 | alpha_version << 28)
    return bytes(data)


def jpeg_padded_to(im: Image.Image, size: int) -> bytes:
    """``im`` as JPEG padded with APP15 segments to exactly ``size`` bytes."""
    plain = ic.encode(im, "JPEG", quality=90)
    left = size - len(plain)
    pads = []
    while left:
        payload = min(left, 65535) - 4
        if 0 < left - (payload + 4) < 5:  # leave room for one more whole segment
            payload -= 8
        pads.append((0xEF, b"\x00" * payload))
        left -= payload + 4
    data = jpeg_edit(plain, lambda segs: [segs[0], *pads, *segs[1:]])
    assert len(data) == size
    return data


def _wide(width: int, height: int, fmt: str) -> bytes:
    return encode(Image.new("RGB", (width, height), (200, 30, 30)), fmt)


def _stored_for(orientation: int, im: Image.Image) -> Image.Image:
    method = ic.STORE_FOR_ORIENTATION[orientation]
    return im if method is None else im.transpose(method)


def _private_exif_orient(orientation: int) -> bytes:
    stored = _stored_for(orientation, ic.quadrants())
    return ic.encode(stored, "JPEG", quality=95, exif=ic.private_exif(orientation).tobytes())


CATALOGUE: dict[str, Callable[[], bytes]] = {
    # JPEG
    "jpeg_progressive.jpg": lambda: ic.encode(ic.quadrants(), "JPEG", quality=90, progressive=True),
    "jpeg_cmyk_adobe.jpg": lambda: cmyk_jpeg(ic.quadrants(), adobe=True),
    "jpeg_cmyk_plain.jpg": lambda: cmyk_jpeg(ic.quadrants(), adobe=False),
    "jpeg_ycck.jpg": lambda: ycck_jpeg(ic.quadrants()),
    "jpeg_411.jpg": (FIXTURES / "subsampling_411.jpg").read_bytes,
    "jpeg_arithmetic.jpg": (FIXTURES / "arithmetic.jpg").read_bytes,
    "jpeg_arithmetic_progressive.jpg": (FIXTURES / "arithmetic_progressive.jpg").read_bytes,
    "jpeg_restart.jpg": lambda: ic.encode(
        ic.quadrants(), "JPEG", quality=90, restart_marker_blocks=1
    ),
    "jpeg_garbage_after_eoi.jpg": lambda: (
        ic.encode(ic.quadrants(), "JPEG", quality=90) + b"\x00GARBAGE" * 5000
    ),
    "jpeg_two_soi.jpg": lambda: SOI + ic.encode(ic.quadrants(), "JPEG", quality=90),
    "jpeg_broken_ifd.jpg": lambda: jpeg_with_exif(ic.quadrants(), _broken_ifd()),
    "jpeg_orientation_ascii.jpg": lambda: jpeg_with_exif(ic.quadrants(), _orientation_bad_type()),
    "jpeg_orientation_0.jpg": lambda: jpeg_with_exif(ic.quadrants(), _orientation_value(0)),
    "jpeg_orientation_9.jpg": lambda: jpeg_with_exif(ic.quadrants(), _orientation_value(9)),
    "jpeg_orientation_6_broken_subifd.jpg": lambda: jpeg_with_exif(
        ic.quadrants().transpose(Image.Transpose.ROTATE_90), _orientation_6_plus_broken_sub_ifd()
    ),
    "jpeg_exif_thumb_bigger.jpg": lambda: jpeg_with_exif(
        ic.quadrants(40, 25), exif_thumbnail_exif(ic.noise(160, 120))
    ),
    "jpeg_huge_app.jpg": _huge_app_segments,
    "jpeg_icc_split.jpg": lambda: icc_split(ic.quadrants(), ic.srgb_icc(), 3),
    "jpeg_icc_big.jpg": lambda: ic.encode(
        ic.quadrants(), "JPEG", quality=90, icc_profile=big_icc()
    ),
    "jpeg_mpo.jpg": _mpo,
    "jpeg_named.png": lambda: ic.encode(ic.quadrants(), "JPEG", quality=90),
    "jpeg_1x1.jpg": lambda: _wide(1, 1, "JPEG"),
    "jpeg_65500x1.jpg": lambda: _wide(65500, 1, "JPEG"),
    "jpeg_claims_more_rows.jpg": _jpeg_claims_more_rows,
    # PNG
    "png_rgb16.png": lambda: png16(ic.quadrants()),
    "png_rgba16.png": lambda: png16(ic.quadrants().convert("RGBA")),
    "png_palette_trns.png": lambda: ic.encode(ic.quadrants().convert("P"), "PNG", transparency=0),
    "png_la.png": lambda: ic.encode(ic.quadrants().convert("LA"), "PNG"),
    "png_adam7.png": lambda: png_interlaced(ic.quadrants()),
    "png_icc_bomb.png": lambda: png_insert_before_idat(
        ic.encode(ic.quadrants(), "PNG"),
        [(b"iCCP", b"bomb\x00\x00" + zlib.compress(b"\x00" * (64 << 20), 9))],
    ),
    "png_bad_crc_idat.png": lambda: _png_bad_crc(b"IDAT"),
    "png_bad_crc_text.png": lambda: _png_bad_crc(b"zTXt"),
    "png_exif_late_6.png": lambda: _png_exif_late(6),
    "png_text.png": lambda: ic.encode(ic.quadrants(), "PNG", pnginfo=_png_text()),
    "png_text_bomb.png": png_text_bomb,
    "png_apng.png": _apng,
    "png_idat_short.png": _png_idat_short,
    "png_claims_more_rows.png": _png_claims_more_rows,
    "png_30000x1.png": lambda: _wide(30000, 1, "PNG"),
    # GIF
    "gif_zero_delay.gif": _gif_zero_delay,
    "gif_mixed_frames.gif": _gif_mixed_frames,
    "gif_truncated_last.gif": _gif_truncated_last,
    "gif_global_only.gif": _gif_global_only,
    "gif_one_frame.gif": lambda: ic.encode(ic.quadrants(400, 400).convert("P"), "GIF"),
    # WebP
    "webp_lossy.webp": lambda: _webp(quality=80),
    "webp_lossless.webp": lambda: _webp(lossless=True),
    "webp_alpha.webp": _webp_alpha,
    "webp_anim.webp": _webp_anim,
    "webp_meta.webp": _webp_meta,
    "webp_riff_short.webp": lambda: riff_size(_webp(quality=80), 100),
    "webp_riff_long.webp": lambda: riff_size(_webp(quality=80), 10_000_000),
    # Others
    "tiff_pages.tif": lambda: encode(
        ic.quadrants(), "TIFF", save_all=True, append_images=[ic.noise(50, 50)]
    ),
    "tiff_16bit.tif": _tiff_16bit,
    "tiff_cmyk.tif": lambda: encode(ic.quadrants().convert("CMYK"), "TIFF"),
    "tiff_lzw.tif": lambda: encode(ic.quadrants(), "TIFF", compression="tiff_lzw"),
    "tiff_jpeg.tif": lambda: encode(ic.quadrants(), "TIFF", compression="jpeg"),
    "bmp_rle8.bmp": lambda: bmp_rle8(160, 100),
    "bmp_1bit.bmp": lambda: encode(ic.quadrants().convert("1"), "BMP"),
    "bmp_top_down.bmp": lambda: bmp_top_down(ic.quadrants()),
    "icon.ico": _ico,
    "avif.avif": _avif,
    "heic.heic": _heic_header,
    "svg.png": lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    "xml_svg.jpg": lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    "html.jpg": lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "pdf.png": lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "zip.jpg": _zip,
    "empty.png": lambda: b"",
    "one_byte.gif": lambda: b"G",
    "one_ff.jpg": lambda: b"\xff",
    "polyglot.gif": _polyglot,
    # Bombs
    "bomb_png_zeros.png": lambda: png_zeros(12000, 12000),
    "bomb_gif_frames.gif": _gif_bomb_frames,
    "bomb_webp_claims.webp": lambda: _webp_claiming(16383, 16383),
    "webp_solid_2400.webp": lambda: encode(
        Image.new("RGB", (2400, 2400), "navy"), "WEBP", lossless=True
    ),
    "bomb_bmp_rle.bmp": lambda: bmp_rle8(20000, 20000),
    "bomb_tiff_huge.tif": lambda: (
        encode(Image.new("1", (1, 1)), "TIFF")[:0] + _tiff_claiming(100_000, 100_000)
    ),
    # Orientation with private EXIF
    **{f"orient_private_{o}.jpg": (lambda o=o: _private_exif_orient(o)) for o in range(1, 9)},
}


def _tiff_claiming(width: int, height: int) -> bytes:
    entries = [
        (256, 4, 1, struct.pack("<I", width)),
        (257, 4, 1, struct.pack("<I", height)),
        (258, 3, 1, struct.pack("<H", 8)),
        (259, 3, 1, struct.pack("<H", 1)),
        (262, 3, 1, struct.pack("<H", 1)),
        (273, 4, 1, struct.pack("<I", 200)),
        (277, 3, 1, struct.pack("<H", 1)),
        (278, 4, 1, struct.pack("<I", height)),
        (279, 4, 1, struct.pack("<I", 16)),
    ]
    return tiff_ifd(entries).ljust(216, b"\x00")


def build(root: Path) -> dict[str, Path]:
    files = {}
    for name, make in CATALOGUE.items():
        path = root / name
        path.write_bytes(make())
        files[name] = path
    return files
