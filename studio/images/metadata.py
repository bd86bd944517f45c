"""What metadata a picture carries, in words a person understands.

Reads only what Pillow parsed at open time (no pixel decoding; a PNG's chunks after the image
data are scanned): EXIF (with GPS), XMP, IPTC, comments and text notes, and the ICC colour
profile. ``prepare`` removes everything but a usable colour profile (``icc``) and reports
these labels as "removed" — an unusable profile among them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PIL import ExifTags, Image

from studio.images import icc, pngscan

TAG_ORIENTATION = 0x0112

GPS_LOCATION = "GPS location"
CAMERA = "camera make and model"
LENS = "lens model"
CAPTURE_DATE = "capture date"
SERIAL = "camera serial number and owner name"
SOFTWARE = "editing software"
AUTHOR = "author and copyright"
DESCRIPTION = "description"
CAMERA_SETTINGS = "camera settings (exposure, focus…)"
EXIF_THUMBNAIL = "embedded thumbnail"
OTHER_EXIF = "other EXIF data"
XMP = "XMP metadata"
IPTC = "IPTC data (captions, keywords, credits)"
COMMENT = "comment"
TEXT_NOTES = "embedded text notes"
BROKEN_ICC = "damaged or mismatched colour profile"

# EXIF tags (main IFD or Exif sub-IFD) -> the label that covers them.
_TAG_LABELS: dict[int, str] = {
    0x010F: CAMERA,  # Make
    0x0110: CAMERA,  # Model
    0xA433: LENS,  # LensMake
    0xA434: LENS,  # LensModel
    0x0132: CAPTURE_DATE,  # DateTime
    0x9003: CAPTURE_DATE,  # DateTimeOriginal
    0x9004: CAPTURE_DATE,  # DateTimeDigitized
    0x9010: CAPTURE_DATE,  # OffsetTime
    0x9011: CAPTURE_DATE,  # OffsetTimeOriginal
    0x9012: CAPTURE_DATE,  # OffsetTimeDigitized
    0x9290: CAPTURE_DATE,  # SubsecTime
    0x9291: CAPTURE_DATE,  # SubsecTimeOriginal
    0x9292: CAPTURE_DATE,  # SubsecTimeDigitized
    0xA430: SERIAL,  # CameraOwnerName
    0xA431: SERIAL,  # BodySerialNumber
    0xA435: SERIAL,  # LensSerialNumber
    0x0131: SOFTWARE,  # Software
    0x013B: AUTHOR,  # Artist
    0x8298: AUTHOR,  # Copyright
    0x9C9D: AUTHOR,  # XPAuthor
    0x010E: DESCRIPTION,  # ImageDescription
    0x9C9B: DESCRIPTION,  # XPTitle
    0x9C9E: DESCRIPTION,  # XPKeywords
    0x9C9F: DESCRIPTION,  # XPSubject
    0x9286: COMMENT,  # UserComment
    0x9C9C: COMMENT,  # XPComment
}
# Structural or harmless tags that do not deserve a label of their own.
_PLAIN_TAGS = frozenset(
    {
        TAG_ORIENTATION,
        0x011A,  # XResolution
        0x011B,  # YResolution
        0x0128,  # ResolutionUnit
        0x0213,  # YCbCrPositioning
        0x0100,  # ImageWidth
        0x0101,  # ImageLength
        0xA001,  # ColorSpace
        0xA002,  # PixelXDimension
        0xA003,  # PixelYDimension
        0x9000,  # ExifVersion
        0xA000,  # FlashpixVersion
        0x9101,  # ComponentsConfiguration
        int(ExifTags.IFD.Exif),
        int(ExifTags.IFD.GPSInfo),
        int(ExifTags.IFD.Interop),
    }
)
# TIFF keeps its pixel layout in the same tags as EXIF: these describe the picture itself.
_TIFF_STRUCTURE = frozenset(
    {254, 255, 256, 257, 258, 259, 262, 263, 266, 273, 274, 277, 278, 279, 280, 281, 282}
    | {283, 284, 296, 317, 318, 319, 320, 322, 323, 324, 325, 332, 338, 339, 340, 341, 347}
    | {529, 530, 531, 532, 34675}
    | {700}  # the XMP packet: labelled as XMP
)
# The order labels are shown in.
LABEL_ORDER: tuple[str, ...] = (
    GPS_LOCATION,
    CAMERA,
    LENS,
    SERIAL,
    CAPTURE_DATE,
    SOFTWARE,
    AUTHOR,
    DESCRIPTION,
    CAMERA_SETTINGS,
    OTHER_EXIF,
    EXIF_THUMBNAIL,
    XMP,
    IPTC,
    COMMENT,
    TEXT_NOTES,
    BROKEN_ICC,
)
# Keys Pillow puts in ``info`` that are image structure, not metadata about the picture.
_RAW_EXIF = "Raw profile type exif"  # ImageMagick's EXIF in a PNG text chunk (hex)
_PNG_NON_TEXT = frozenset({"xmp", "XML:com.adobe.xmp", _RAW_EXIF})


@dataclass(frozen=True)
class MetadataSummary:
    """Which kinds of metadata a file carries, plus labels of what preparing removes."""

    exif: bool = False
    gps: bool = False
    xmp: bool = False
    iptc: bool = False
    comment: bool = False
    icc: bool = False  # a colour profile that is kept (see ``icc``)
    labels: tuple[str, ...] = ()


def _png_scan(im: Image.Image) -> pngscan.PngMetadata:
    filename = getattr(im, "filename", None)
    return pngscan.scan(filename) if filename else pngscan.PngMetadata()


def read_exif(im: Image.Image) -> Image.Exif:
    """EXIF of an open image without decoding pixels (an empty ``Exif`` when there is none).

    PNG's ``getexif`` would decode the whole image to find an eXIf chunk after the image
    data; the chunks are scanned instead (``pngscan``), so probing and preparing agree.
    """
    if im.format == "PNG" and not im.info.get("exif"):
        exif = Image.Exif()
        if found := _png_scan(im).exif:
            exif.load(b"Exif\x00\x00" + found)
        elif isinstance(raw := im.info.get(_RAW_EXIF), str):  # as Pillow's getexif reads it
            exif.load(bytes.fromhex("".join(raw.split("\n")[3:])))
        return exif
    return im.getexif()


def xmp_packet(im: Image.Image) -> bytes | None:
    """The XMP packet Pillow parsed (a PNG's is also found after the image data)."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = im.info.get(key)
        if isinstance(value, str):
            return value.encode("utf-8", "replace")
        if isinstance(value, bytes) and value:
            return value
    if im.format == "PNG":
        return _png_scan(im).xmp
    return None


def orientation_of(exif: Image.Exif) -> int:
    """EXIF orientation 1–8 (1 when missing or invalid)."""
    value = exif.get(TAG_ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _exif_labels(exif: Image.Exif, tiff: bool) -> tuple[set[str], bool]:
    labels: set[str] = set()
    gps = False
    with contextlib.suppress(Exception):  # malformed sub-IFDs: keep what was readable
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps = bool(gps_ifd) or ExifTags.IFD.GPSInfo in exif
    if gps:
        labels.add(GPS_LOCATION)
    sub: dict[int, object] = {}
    with contextlib.suppress(Exception):
        sub = dict(exif.get_ifd(ExifTags.IFD.Exif))
    other_main = False
    plain = _PLAIN_TAGS | _TIFF_STRUCTURE if tiff else _PLAIN_TAGS
    for tag in exif:
        if tag in _TAG_LABELS:
            labels.add(_TAG_LABELS[tag])
        elif tag not in plain:
            other_main = True
    settings = False
    for tag in sub:
        if tag in _TAG_LABELS:
            labels.add(_TAG_LABELS[tag])
        elif tag not in _PLAIN_TAGS:
            settings = True
    if settings:
        labels.add(CAMERA_SETTINGS)
    if other_main:
        labels.add(OTHER_EXIF)
    with contextlib.suppress(Exception):  # a TIFF's second IFD is its next page
        if not tiff and exif.get_ifd(ExifTags.IFD.IFD1):
            labels.add(EXIF_THUMBNAIL)
    return labels, gps


def _text_notes(im: Image.Image) -> dict[str, str]:
    """PNG text chunks parsed so far (tEXt/zTXt/iTXt), without the XMP packet."""
    if im.format != "PNG":
        return {}
    return {str(k): v for k, v in im.info.items() if isinstance(v, str) and k not in _PNG_NON_TEXT}


def _has_iptc(im: Image.Image) -> bool:
    photoshop = im.info.get("photoshop")
    if isinstance(photoshop, dict) and 0x0404 in photoshop:
        return True
    tag_v2 = getattr(im, "tag_v2", None)
    return bool(tag_v2 is not None and 33723 in tag_v2)


def summarize(im: Image.Image) -> MetadataSummary:
    """Summarize the metadata Pillow has parsed for ``im`` (no pixel decoding)."""
    labels: set[str] = set()
    exif_present = False
    gps = False
    try:
        exif = read_exif(im)
    except Exception:  # unreadable EXIF block: it is still metadata that goes
        exif = Image.Exif()
        exif_present = True
        labels.add(OTHER_EXIF)
    if len(exif):
        tiff = im.format == "TIFF"
        exif_labels, gps = _exif_labels(exif, tiff)
        labels |= exif_labels
        exif_present = bool(exif_labels) or not tiff
    xmp = bool(xmp_packet(im))
    if xmp:
        labels.add(XMP)
    iptc = _has_iptc(im)
    if iptc:
        labels.add(IPTC)
    comment = bool(im.info.get("comment"))
    notes = _text_notes(im)
    if "Comment" in notes:
        comment = True
    if comment:
        labels.add(COMMENT)
    if any(k != "Comment" for k in notes):
        labels.add(TEXT_NOTES)
    kept_icc = icc.usable(im) is not None
    if icc.carried(im) and not kept_icc:
        labels.add(BROKEN_ICC)
    return MetadataSummary(
        exif=exif_present,
        gps=gps,
        xmp=xmp,
        iptc=iptc,
        comment=comment,
        icc=kept_icc,
        labels=tuple(label for label in LABEL_ORDER if label in labels),
    )
