"""Builders for the generated image corpus (nothing large is committed)."""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageCms

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)
QUADRANTS = (RED, GREEN, BLUE, YELLOW)  # top-left, top-right, bottom-left, bottom-right

# How to store a picture so that a viewer applying EXIF orientation N shows it upright
# (the inverse of what the orientation asks a viewer to do).
STORE_FOR_ORIENTATION: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,  # viewer turns it 90° clockwise
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,  # viewer turns it 90° counter-clockwise
}


def quadrants(width: int = 160, height: int = 100) -> Image.Image:
    """An upright marker picture: four coloured quadrants."""
    im = Image.new("RGB", (width, height))
    hw, hh = width // 2, height // 2
    for colour, box in zip(
        QUADRANTS,
        ((0, 0, hw, hh), (hw, 0, width, hh), (0, hh, hw, height), (hw, hh, width, height)),
        strict=True,
    ):
        im.paste(colour, box)
    return im


def quadrant_colours(im: Image.Image) -> list[tuple[int, int, int]]:
    """The colour at the centre of each quadrant (top-left, top-right, bottom-left, …)."""
    rgb = im.convert("RGB")
    w, h = rgb.size
    points = (
        (w // 4, h // 4),
        (3 * w // 4, h // 4),
        (w // 4, 3 * h // 4),
        (3 * w // 4, 3 * h // 4),
    )
    return [rgb.getpixel(p) for p in points]  # type: ignore[misc]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@functools.cache
def srgb_icc() -> bytes:
    """One sRGB profile for the whole run: lcms stamps a profile with the time it is made,
    so two made a second apart differ (a test comparing them failed when the clock ticked)."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def private_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF with GPS, camera make/model, capture date and a camera setting."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 5D"
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 10.0)
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[0x9003] = "2024:05:01 10:00:00"  # DateTimeOriginal
    sub[0x829A] = (1, 100)  # ExposureTime
    return exif


def orientation_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def noise(width: int, height: int, seed: int = 7) -> Image.Image:
    """Colour noise (the same for the same seed): incompressible, so files get big."""
    return Image.frombytes(
        "RGB", (width, height), random.Random(seed).randbytes(width * height * 3)
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims ``width``×``height`` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _chunk(b"IEND", b"")
    )


def gif_claiming(width: int, height: int) -> bytes:
    """A few bytes of GIF whose screen and frame claim ``width``×``height``."""
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", width, height, 0, 0, 0)
        + b","
        + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x08\x02\x02\x44\x01\x00;"
    )


def animated(
    path: Path, fmt: str, size: tuple[int, int], count: int, *, noisy: bool = False
) -> Path:
    frames: list[Image.Image] = []
    for i in range(count):
        if noisy:  # random palette indices: incompressible, no slow quantizing
            frame = Image.frombytes("P", size, random.Random(i).randbytes(size[0] * size[1]))
            frame.putpalette(bytes(range(256)) * 3)
            frames.append(frame)
        else:
            hue = (i * 37 % 256, 255 - i * 29 % 256, i * 53 % 256)
            frames.append(Image.new("RGB", size, hue))
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=80, loop=0)
    return path


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()
