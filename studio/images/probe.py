"""Open and describe an image file safely, without decoding its pixels.

``open_image`` is the one door every part of the pipeline uses: it refuses empty files,
non-images, formats the studio does not read (EPS would run Ghostscript), decompression bombs
(more than ``MAX_PIXELS``) and incomplete files, each with a clear ``ImageError``.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, UnidentifiedImageError

from studio.core import limits
from studio.images import unsupported
from studio.images.errors import (
    CorruptImageError,
    EmptyFileError,
    FileUnreadableError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
    UnsupportedImageError,
    as_image_error,
)
from studio.images.metadata import MetadataSummary, summarize
from studio.images.orientation import requested, stored_size

# The most pixels (width × height of one frame) the studio decodes: 80 MP, 320 MB as RGBA.
# Above it a file is refused as a possible decompression bomb, before any pixel is decoded.
# Pillow's own guard (``Image.MAX_IMAGE_PIXELS``, ~89 MP warning / ~179 MP error) stays as
# a second line; we never change that global.
MAX_PIXELS = limits.IMAGE_MAX_PIXELS

# Formats the studio opens (Pillow names; a camera MPO opens as JPEG). Others (EPS, PDF,
# PSD, TGA…) are refused.
READABLE_FORMATS: tuple[str, ...] = (
    "JPEG",
    "PNG",
    "GIF",
    "WEBP",
    "BMP",
    "TIFF",
    "AVIF",
    "ICO",
)
FORMAT_NAMES: dict[str, str] = {
    "JPEG": "JPEG",
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WebP",
    "BMP": "BMP",
    "TIFF": "TIFF",
    "AVIF": "AVIF",
    "ICO": "ICO",
}
_EXTENSIONS: dict[str, frozenset[str]] = {
    "JPEG": frozenset({"jpg", "jpeg", "jpe", "jfif", "jif"}),
    "PNG": frozenset({"png", "apng"}),
    "GIF": frozenset({"gif"}),
    "WEBP": frozenset({"webp"}),
    "BMP": frozenset({"bmp", "dib"}),
    "TIFF": frozenset({"tif", "tiff"}),
    "AVIF": frozenset({"avif", "avifs"}),
    "ICO": frozenset({"ico"}),
}
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "La", "RGBa"})
_JPEG_EOI = b"\xff\xd9"


@dataclass(frozen=True)
class ImageInfo:
    """What ``probe`` learned about a file. ``width``/``height`` are as stored; the
    ``oriented_*`` properties are as shown (after the orientation, see ``orientation``)."""

    path: Path
    format: str  # Pillow name from the content: "JPEG", "PNG", "GIF", "WEBP"…
    mime: str
    extension: str  # the file name's extension, lower case, no dot ("" when none)
    extension_matches: bool
    file_size: int
    width: int
    height: int
    mode: str
    orientation: int  # 1–8, EXIF or else XMP (``orientation.requested``)
    animated: bool
    frame_count: int
    has_alpha: bool
    metadata: MetadataSummary

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)

    @property
    def oriented_size(self) -> tuple[int, int]:
        if self.orientation >= 5:  # 5–8 swap width and height
            return self.height, self.width
        return self.width, self.height


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _claimed_format(head: bytes) -> str | None:
    """The image format the first bytes announce, if any."""
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def _damaged_header(name: str, claimed: str | None) -> str:
    kind = f"a {claimed} picture" if claimed else "a picture"
    return f"“{name}” starts like {kind} but the rest is damaged, so it cannot be opened."


def _unsupported_format(head: bytes) -> str | None:
    """Picture formats the studio does not read (it says so, and how to convert them)."""
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return "a JPEG XL picture"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "a JPEG 2000 picture"
    return None


def _sniff(head: bytes) -> str:
    """A short description of common non-images, for the error message."""
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "a HEIC photo (export it as JPEG first)"
    if head.startswith(b"8BPS"):
        return "a Photoshop document (export it as PNG or JPEG first)"
    if head.startswith(b"%!PS") or head.startswith(b"\xc5\xd0\xd3\xc6"):
        return "a PostScript/EPS file"
    if head.lstrip().lower().startswith((b"<svg", b"<?xml")):
        return "an SVG drawing (export it as PNG first)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "not a picture the studio can read"
    return "a text file, not a picture"


def _refuse_bomb(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(
            f"This picture is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels), "
            f"more than the {MAX_PIXELS // 1_000_000} megapixels the studio opens safely. "
            "Make it smaller in an image editor first."
        )


def open_image(path: str | Path) -> Image.Image:
    """Open ``path`` lazily (header only) after the safety checks; the caller closes it.

    Raises ``FileUnreadableError``, ``EmptyFileError``, ``NotAnImageError``,
    ``ImageTooLargeError`` or ``CorruptImageError``.
    """
    path = Path(path)
    name = path.name
    try:
        if path.is_dir():
            raise FileUnreadableError(f"“{name}” is a folder, not a picture.")
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise FileUnreadableError(f"“{name}” cannot be read: {exc.strerror or exc}.") from exc
    if size == 0:
        raise EmptyFileError(f"“{name}” is empty (0 bytes) — it is not a picture.")
    try:
        im = Image.open(path, formats=READABLE_FORMATS)
    except Image.DecompressionBombError as exc:
        raise ImageTooLargeError(
            f"“{name}” claims to be far larger than the {MAX_PIXELS // 1_000_000} megapixels "
            "the studio opens safely (a possible “decompression bomb”), so it was not opened."
        ) from exc
    except ValueError as exc:
        if "too large" not in str(exc).lower():
            unsupported.refuse(path, _claimed_format(head))
            raise CorruptImageError(_damaged_header(name, _claimed_format(head))) from exc
        raise ImageTooLargeError(  # Pillow caps PNG text and colour-profile chunks
            f"“{name}” holds an embedded note or colour profile that unpacks to an enormous "
            "size (a possible “decompression bomb”), so it was not opened. Save the picture "
            "again in an image editor."
        ) from exc
    except UnidentifiedImageError as exc:
        if claimed := _claimed_format(head):
            unsupported.refuse(path, claimed)
            raise CorruptImageError(_damaged_header(name, claimed)) from exc
        if other := _unsupported_format(head):
            raise UnsupportedImageError(unsupported.message(name, other)) from exc
        raise NotAnImageError(f"“{name}” is {_sniff(head)}.") from exc
    except Exception as exc:  # Pillow raises many types on damaged headers
        unsupported.refuse(path, _claimed_format(head))
        raise CorruptImageError(_damaged_header(name, _claimed_format(head))) from exc
    try:
        width, height = im.size
        if width <= 0 or height <= 0:
            raise CorruptImageError(f"“{name}” says it has no pixels ({width}×{height}).")
        _refuse_bomb(width, height)
        if kind := unsupported.undecodable_kind(path, str(im.format)):
            raise UnsupportedImageError(unsupported.message(name, kind))
        _check_complete(im, path)
    except BaseException:
        im.close()
        raise
    return im


def _check_complete(im: Image.Image, path: Path) -> None:
    """Refuse incomplete files without decoding: PNG chunks and CRCs (``verify``); a JPEG
    must have an end-of-image marker after its first scan (trailers after it are fine)."""
    incomplete = CorruptImageError(
        f"“{path.name}” is incomplete or damaged (it was probably cut off during a download "
        "or copy). Get the original file again."
    )
    if im.format == "PNG":
        try:
            with Image.open(path, formats=("PNG",)) as check:
                check.verify()
        except Exception as exc:
            raise incomplete from exc
    elif im.format in ("JPEG", "MPO") and (fp := getattr(im, "fp", None)) is not None:
        scan_start = fp.tell()
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            if mm.find(_JPEG_EOI, scan_start) < 0:
                raise incomplete


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# Adam7 passes: (first column, first row, column step, row step).
_ADAM7: tuple[tuple[int, int, int, int], ...] = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _png_raw_size(width: int, height: int, depth: int, colour: int, interlaced: bool) -> int:
    """Bytes the IDAT stream must inflate to (filter byte + packed samples per row)."""
    bits = _PNG_CHANNELS.get(colour, 4) * depth
    if not interlaced:
        return height * (1 + (width * bits + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        w, h = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if w > 0 and h > 0:
            total += h * (1 + (w * bits + 7) // 8)
    return total


def _png_data_complete(path: Path) -> bool:
    """Whether the IDAT stream holds every row (Pillow fills missing rows with black when
    the compressed data ends early inside otherwise valid chunks). Inflates in bounded
    steps and keeps nothing."""
    with path.open("rb") as fh:
        fh.seek(8)
        inflate = zlib.decompressobj()
        need = produced = 0
        while head := fh.read(8):
            if len(head) < 8:
                return False
            length, kind = struct.unpack(">I4s", head)
            if kind == b"IHDR":
                width, height, depth, colour, _, _, interlace = struct.unpack(
                    ">IIBBBBB", fh.read(13)
                )
                need = _png_raw_size(width, height, depth, colour, interlace == 1)
                fh.seek(length - 13 + 4, 1)
            elif kind == b"IDAT":
                data = fh.read(length)
                while data and produced < need:
                    produced += len(inflate.decompress(data, 1 << 20))
                    data = inflate.unconsumed_tail
                fh.seek(4, 1)
            elif kind == b"IEND" or produced >= need > 0:
                break
            else:
                fh.seek(length + 4, 1)
        return produced >= need


def _scale_grey_transparency(im: Image.Image, path: Path) -> None:
    """A 2- or 4-bit grey PNG's transparent grey (tRNS) as the 8-bit value its pixels are
    decoded to: Pillow scales the pixels (×85, ×17) but leaves the tRNS value as stored, so
    no pixel matched it and the transparency was lost. Values already scaled are left."""
    transparent = im.info.get("transparency")
    if im.format != "PNG" or im.mode != "L" or not isinstance(transparent, int):
        return
    with path.open("rb") as fh:
        header = fh.read(26)
    depth, colour = header[24], header[25]
    if colour == 0 and depth in (2, 4) and 0 < transparent < (1 << depth):
        im.info["transparency"] = transparent * 255 // ((1 << depth) - 1)


def decode(im: Image.Image, path: Path) -> Image.Image:
    """Decode the pixels of the current frame of ``im`` (opened by ``open_image``), refusing
    damaged data clearly. Returns ``im``, or a corrected copy (same ``info``) for a plain
    CMYK JPEG, which Pillow reads inverted as if it had Adobe's marker."""
    damaged = CorruptImageError(
        f"“{path.name}” is damaged or incomplete and cannot be decoded. "
        "Get the original file again."
    )
    try:
        im.load()
        if im.format == "PNG" and not _png_data_complete(path):
            raise damaged
    except ImageError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        if kind := unsupported.decode_kind(str(im.format), im.info):
            raise UnsupportedImageError(unsupported.message(path.name, kind)) from exc
        raise damaged from exc
    _scale_grey_transparency(im, path)
    if im.format in ("JPEG", "MPO") and im.mode == "CMYK" and "adobe" not in im.info:
        fixed = ImageChops.invert(im)
        fixed.info = im.info
        return fixed
    return im


def content_format(im: Image.Image) -> str:
    """The format as the studio treats it: an MPO (camera JPEG with extra pictures) is JPEG."""
    return "JPEG" if im.format == "MPO" else str(im.format)


ANIMATED_FORMATS = frozenset({"GIF", "PNG", "WEBP"})


def frame_count(im: Image.Image) -> int:
    """Frames of an animation (GIF, APNG, WebP); 1 for everything else (a TIFF's pages or
    an MPO's extra pictures are not animation)."""
    if im.format not in ANIMATED_FORMATS:
        return 1
    try:
        return max(1, int(getattr(im, "n_frames", 1)))
    except Exception as exc:
        raise CorruptImageError("The animation's frames are damaged.") from exc


def has_alpha(im: Image.Image) -> bool:
    return im.mode in _ALPHA_MODES or "transparency" in im.info


def probe(path: str | Path) -> ImageInfo:
    """Describe ``path`` from its content and headers; never decodes the pixels."""
    path = Path(path)
    with as_image_error(path.name), open_image(path) as im:
        fmt = content_format(im)
        extension = path.suffix.lower().lstrip(".")
        orientation = requested(im)
        width, height = stored_size(im)
        frames = frame_count(im)
        return ImageInfo(
            path=path,
            format=fmt,
            mime=Image.MIME.get(fmt, "application/octet-stream"),
            extension=extension,
            extension_matches=extension in _EXTENSIONS.get(fmt, frozenset()),
            file_size=path.stat().st_size,
            width=width,
            height=height,
            mode=im.mode,
            orientation=orientation,
            animated=frames > 1,
            frame_count=frames,
            has_alpha=has_alpha(im),
            metadata=summarize(im),
        )
