"""Builders for the pictures that used to come out wrong (issue 8 §2): orientation in every
format and place, 16-bit greys, lossless sources, broken colour profiles, and valid kinds of
picture Pillow cannot read — each made from scratch, nothing committed."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

import hostile_corpus as hc
import image_corpus as ic
from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter, PngImagePlugin

# Formats that carry an EXIF orientation, with the save parameters used for each.
ORIENTED_FORMATS: dict[str, tuple[str, dict[str, object]]] = {
    "JPEG": ("jpg", {"quality": 95}),
    "TIFF": ("tif", {}),
    "TIFF-LZW": ("tif", {"compression": "tiff_lzw"}),  # decoded by libtiff
    "PNG": ("png", {}),
    "WEBP": ("webp", {"lossless": True}),
}


def stored_for(orientation: int, im: Image.Image | None = None) -> Image.Image:
    """``im`` (the quadrants marker) stored so that applying ``orientation`` shows it upright."""
    im = im or ic.quadrants()
    method = ic.STORE_FOR_ORIENTATION[orientation]
    return im if method is None else im.transpose(method)


def oriented(fmt: str, orientation: int) -> bytes:
    """The marker in ``fmt`` (a key of ``ORIENTED_FORMATS``) with an EXIF orientation."""
    pillow = fmt.split("-", maxsplit=1)[0]
    _, params = ORIENTED_FORMATS[fmt]
    exif = ic.orientation_exif(orientation)
    return ic.encode(stored_for(orientation), pillow, exif=exif, **params)


def png_exif_after_idat(orientation: int) -> bytes:
    """A PNG whose eXIf chunk comes after the image data (as ImageMagick writes it)."""
    exif = ic.orientation_exif(orientation)
    payload = exif[6:] if exif.startswith(b"Exif") else exif
    plain = ic.encode(stored_for(orientation), "PNG")
    return hc.png_append_after_idat(plain, [(b"eXIf", payload)])


def xmp_orientation(orientation: int) -> bytes:
    return (
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
        b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
        b"xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation=\""
        + str(orientation).encode()
        + b'"/></rdf:RDF></x:xmpmeta>'
    )


XMP_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "AVIF")
# AVIF stores its orientation in irot/imir boxes, which cannot say "1" explicitly.
EXIF_AND_XMP_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")


def xmp_oriented(fmt: str, orientation: int, exif_orientation: int | None = None) -> bytes:
    """The marker stored for ``orientation``, which only XMP states (and EXIF too, with
    ``exif_orientation``)."""
    stored = stored_for(orientation)
    xmp = xmp_orientation(orientation)
    params: dict[str, object] = {}
    if exif_orientation is not None:
        params["exif"] = ic.orientation_exif(exif_orientation)
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        return ic.encode(stored, "PNG", pnginfo=info, **params)
    if fmt == "TIFF":  # its EXIF orientation is the TIFF tag itself
        tags: dict[int, object] = {700: xmp}
        if exif_orientation is not None:
            tags[274] = exif_orientation
        return ic.encode(stored, "TIFF", tiffinfo=tags)
    quality = {"JPEG": 95, "WEBP": 95, "AVIF": 90}[fmt]
    return ic.encode(stored, fmt, xmp=xmp, quality=quality, **params)


# --- 16-bit and 12-bit greys -----------------------------------------------------------------


def png_grey16(values: list[int], width: int, transparent: int | None = None) -> bytes:
    """A 16-bit greyscale PNG of ``values`` (row-major), with a tRNS grey when given."""
    height = len(values) // width
    samples = b"".join(struct.pack(">H", v) for v in values)
    extra = [(b"tRNS", struct.pack(">H", transparent))] if transparent is not None else []
    return hc.png_raw(width, height, 16, 0, samples, before_idat=extra)


def png_low_grey(values: list[int], depth: int, transparent: int | None = None) -> bytes:
    """A one-row 1-, 2- or 4-bit greyscale PNG of ``values``, with a tRNS grey when given."""
    bits = "".join(format(v, f"0{depth}b") for v in values)
    bits += "0" * (-len(bits) % 8)
    row = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    ihdr = struct.pack(">IIBBBBB", len(values), 1, depth, 0, 0, 0, 0)
    chunks = [(b"IHDR", ihdr), (b"IDAT", zlib.compress(b"\x00" + row)), (b"IEND", b"")]
    if transparent is not None:
        chunks.insert(1, (b"tRNS", struct.pack(">H", transparent)))
    return hc.png_join(chunks)


def png_raw_profile_exif(orientation: int) -> bytes:
    """ImageMagick's way: the EXIF as hex in a "Raw profile type exif" text chunk."""
    exif = ic.orientation_exif(orientation)
    exif = exif if exif.startswith(b"Exif") else b"Exif\x00\x00" + exif
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type exif", f"\nexif\n{len(exif):8}\n{exif.hex()}\n", zip=True)
    return ic.encode(stored_for(orientation), "PNG", pnginfo=info)


def _tiff(
    width: int, height: int, tags: list[tuple[int, int, tuple[int, ...]]], pixels: bytes
) -> bytes:
    """A little-endian, uncompressed, single-strip TIFF: ``tags`` are (tag, type, values)
    (type 3 SHORT or 4 LONG); strip offset, byte count, size tags are added here."""
    sizes = {3: 2, 4: 4}
    codes = {3: "H", 4: "I"}
    entries = [
        (256, 4, (width,)),
        (257, 4, (height,)),
        (273, 4, (0,)),  # strip offset, fixed below
        (278, 4, (height,)),
        (279, 4, (len(pixels),)),
        *tags,
    ]
    entries.sort()
    ifd_size = 2 + 12 * len(entries) + 4
    extra_at = 8 + ifd_size
    extra = b""
    for _, kind, values in entries:  # values that do not fit in 4 bytes go after the IFD
        if sizes[kind] * len(values) > 4:
            extra += struct.pack(f"<{len(values)}{codes[kind]}", *values)
    data_at = extra_at + len(extra)
    body = struct.pack("<2sHI", b"II", 42, 8) + struct.pack("<H", len(entries))
    extra_pos = extra_at
    for tag, kind, given in entries:
        values = (data_at,) if tag == 273 else given
        packed = struct.pack(f"<{len(values)}{codes[kind]}", *values)
        if len(packed) > 4:
            body += struct.pack("<HHII", tag, kind, len(values), extra_pos)
            extra_pos += len(packed)
        else:
            body += struct.pack("<HHI", tag, kind, len(values)) + packed.ljust(4, b"\x00")
    body += struct.pack("<I", 0)
    return body + extra + pixels


def tiff_float_rgb(width: int = 16, height: int = 8) -> bytes:
    """A valid 32-bit floating-point RGB TIFF (Pillow reads only single-channel floats)."""
    pixels = b"".join(
        struct.pack("<3f", x / width, y / height, 0.5) for y in range(height) for x in range(width)
    )
    tags = [(258, 3, (32, 32, 32)), (259, 3, (1,)), (262, 3, (2,)), (277, 3, (3,))]
    tags += [(284, 3, (1,)), (339, 3, (3, 3, 3))]
    return _tiff(width, height, tags, pixels)


def tiff_float16_grey(width: int = 16, height: int = 8) -> bytes:
    """A valid 16-bit (half) floating-point greyscale TIFF."""
    pixels = b"".join(struct.pack("<e", x / width) for _ in range(height) for x in range(width))
    tags = [(258, 3, (16,)), (259, 3, (1,)), (262, 3, (1,)), (277, 3, (1,)), (339, 3, (3,))]
    return _tiff(width, height, tags, pixels)


def tiff_grey12(values: list[int], width: int) -> bytes:
    """A 12-bit greyscale TIFF (samples packed two in three bytes, big-endian bit order)."""
    assert width % 2 == 0
    height = len(values) // width
    packed = bytearray()
    for a, b in zip(values[::2], values[1::2], strict=True):
        packed += bytes((a >> 4, ((a & 0xF) << 4) | (b >> 8), b & 0xFF))
    tags = [(258, 3, (12,)), (259, 3, (1,)), (262, 3, (1,)), (277, 3, (1,))]
    return _tiff(width, height, tags, bytes(packed))


# --- a valid 12-bit JPEG -------------------------------------------------------------------


class _Bits:
    def __init__(self) -> None:
        self.bits = ""

    def put(self, code: str) -> None:
        self.bits += code

    def value(self, number: int, size: int) -> None:
        if size:
            self.bits += format(number if number >= 0 else number + (1 << size) - 1, f"0{size}b")

    def data(self) -> bytes:
        padded = self.bits + "1" * (-len(self.bits) % 8)
        raw = bytes(int(padded[i : i + 8], 2) for i in range(0, len(padded), 8))
        return raw.replace(b"\xff", b"\xff\x00")


def jpeg12(grey: int = 3000, blocks: int = 2, *, precision: int = 12, sof: int = 0xC1) -> bytes:
    """A valid 12-bit greyscale JPEG (extended sequential, SOF1) of ``blocks`` flat 8×8
    blocks of value ``grey`` (0–4095): every block is its DC coefficient and an EOB.
    (``precision`` and ``sof`` make variants with the same data.)"""
    dc = 8 * (grey - 2 ** (precision - 1))  # the DC term of a flat block, quantized by 1
    category = abs(dc).bit_length()
    qt = segment(0xDB, b"\x10" + struct.pack(">64H", *([1] * 64)))
    frame = segment(sof, struct.pack(">BHHB", precision, 8, 8 * blocks, 1) + b"\x01\x11\x00")
    # DC table: category 0 -> "00", ``category`` -> "01"; AC table: EOB -> "0".
    dc_counts = bytes([0, 2] + [0] * 14)
    dht = segment(0xC4, b"\x00" + dc_counts + bytes((0, category)))
    dht += segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    sos = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    bits = _Bits()
    bits.put("01")
    bits.value(dc, category)
    bits.put("0")
    for _ in range(blocks - 1):  # the same DC again: a difference of 0
        bits.put("00")
        bits.put("0")
    return b"\xff\xd8" + qt + frame + dht + sos + bits.data() + b"\xff\xd9"


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def bmp_64bit(width: int = 4, height: int = 2) -> bytes:
    """A valid 64-bit-per-pixel BMP (BITMAPV5 header), a format Pillow does not read."""
    row = b"\x00\x10\x00\x20\x00\x30\x00\x20" * width
    pixels = row * height
    header = struct.pack("<IiiHHIIiiII", 124, width, height, 1, 64, 0, len(pixels), 0, 0, 0, 0)
    header = header.ljust(124, b"\x00")
    offset = 14 + len(header)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + header + pixels


def bmp_holding_jpeg() -> bytes:
    """A BMP whose pixels are a JPEG (compression BI_JPEG), valid for printers only."""
    inner = ic.encode(ic.quadrants(8, 8), "JPEG")
    header = struct.pack("<IiiHHIIiiII", 40, 8, 8, 1, 0, 4, len(inner), 0, 0, 0, 0)
    offset = 14 + len(header)
    return b"BM" + struct.pack("<IHHI", offset + len(inner), 0, 0, offset) + header + inner


# --- colour profiles -------------------------------------------------------------------------

BROKEN_ICC = b"\x00\x00\x01\x00this is not a colour profile" + bytes(range(200))


def lab_icc() -> bytes:
    """A readable profile that describes L*a*b* colours (wrong for RGB pixels)."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()


def png_iccp_unreadable() -> bytes:
    """A PNG whose iCCP chunk does not inflate (Pillow then has no profile bytes)."""
    plain = ic.encode(ic.quadrants(), "PNG")
    return hc.png_insert_before_idat(plain, [(b"iCCP", b"ICC Profile\x00\x00not zlib at all")])


# --- graphics, lossless sources, animations ------------------------------------------------


def graphic(width: int, height: int, colours: int = 6, seed: int = 3) -> Image.Image:
    """A flat-colour graphic: rectangles and ellipses in a few colours (RGB)."""
    rng = random.Random(seed)
    palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(colours)]
    im = Image.new("RGB", (width, height), palette[0])
    draw = ImageDraw.Draw(im)
    for i in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(4, width // 3 + 5), rng.randrange(4, height // 3 + 5)
        box = (x, y, x + w, y + h)
        colour = palette[1 + i % (colours - 1)]
        (draw.rectangle if i % 2 else draw.ellipse)(box, fill=colour)  # type: ignore[operator]
    return im


def few_colour_noise(width: int, height: int, colours: int = 16, seed: int = 5) -> Image.Image:
    """Random pixels in ``colours`` colours (RGB): big as RGB PNG, small as a palette PNG."""
    rng = random.Random(seed)
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    pal = noise.point(lambda v: v % colours).convert("P")
    pal.putpalette([rng.randrange(256) for _ in range(3 * colours)])
    return pal.convert("RGB")


def grainy_photo(width: int, height: int, seed: int = 1) -> Image.Image:
    """Smooth shapes with fine grain in each channel: a PNG of it is a little over the
    2 MB cap at 1600×1200, a lossless WebP a little under."""
    rng = random.Random(seed)
    base = Image.radial_gradient("L").resize((width, height))
    tint = Image.linear_gradient("L").resize((width, height))
    photo = Image.merge("RGB", (base, tint, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(photo)
    for _ in range(200):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(10, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in "rgb"))
    photo = photo.filter(ImageFilter.GaussianBlur(2))
    grains = [
        Image.frombytes("L", (width, height), rng.randbytes(width * height)).point(lambda v: v & 3)
        for _ in "rgb"
    ]
    return ImageChops.add(photo, Image.merge("RGB", grains))


def noisy_animation(
    path: Path,
    fmt: str,
    size: tuple[int, int],
    count: int,
    *,
    icc: bytes | None = None,
    lossless: bool = False,
) -> Path:
    """An animation of moving shapes over a noisy background (hard to compress)."""
    rng = random.Random(9)
    width, height = size
    frames = []
    for i in range(count):
        grain = Image.frombytes("L", size, rng.randbytes(width * height))
        frame = Image.merge("RGB", (grain, grain.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain))
        draw = ImageDraw.Draw(frame)
        x = (i * 7) % width
        draw.ellipse((x, height // 4, x + width // 4, height // 2), fill=(250, 40, 40))
        frames.append(frame)
    params: dict[str, object] = {"save_all": True, "append_images": frames[1:], "duration": 50}
    params["loop"] = 0
    if icc:
        params["icc_profile"] = icc
    if fmt == "WEBP":
        params.update(lossless=lossless, quality=90)
    frames[0].save(path, fmt, **params)
    return path


def write(root: Path, name: str, data: bytes) -> Path:
    path = root / name
    path.write_bytes(data)
    return path
