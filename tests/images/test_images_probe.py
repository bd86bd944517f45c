"""probe(): content over extension, metadata seen without decoding, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from studio.images import (
    MAX_PIXELS,
    CorruptImageError,
    EmptyFileError,
    FileUnreadableError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
    probe,
)
from studio.images import metadata as md


@pytest.mark.parametrize(
    ("name", "fmt", "mode"),
    [
        ("mode_1.png", "PNG", "1"),
        ("mode_L.png", "PNG", "L"),
        ("mode_LA.png", "PNG", "LA"),
        ("mode_P.png", "PNG", "P"),
        ("mode_RGBA.png", "PNG", "RGBA"),
        ("mode_RGB.jpg", "JPEG", "RGB"),
        ("mode_CMYK.jpg", "JPEG", "CMYK"),
        ("mode_I16.png", "PNG", "I;16"),
        ("mode_I.tif", "TIFF", "I"),
        ("mode_F.tif", "TIFF", "F"),
        ("mode_RGB.webp", "WEBP", "RGB"),
        ("mode_P.gif", "GIF", "P"),
    ],
)
def test_probe_reads_format_and_mode(corpus: dict[str, Path], name: str, fmt: str, mode: str):
    info = probe(corpus[name])
    assert (info.format, info.mode) == (fmt, mode)
    assert (info.width, info.height) == (160, 100)
    assert info.file_size == corpus[name].stat().st_size
    assert info.mime == Image.MIME[fmt]
    assert info.extension_matches
    assert not info.animated and info.frame_count == 1


def test_alpha_is_detected(corpus: dict[str, Path]):
    assert probe(corpus["mode_RGBA.png"]).has_alpha
    assert probe(corpus["mode_P_transparent.png"]).has_alpha
    assert not probe(corpus["mode_RGB.png"]).has_alpha


def test_png_named_jpg_is_a_png_with_a_lying_extension(corpus: dict[str, Path]):
    info = probe(corpus["png_named.jpg"])
    assert info.format == "PNG"
    assert info.extension == "jpg"
    assert not info.extension_matches


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_and_oriented_size(corpus: dict[str, Path], orientation: int):
    info = probe(corpus[f"orient_{orientation}.jpg"])
    assert info.orientation == orientation
    assert info.oriented_size == (160, 100)  # as shown, whatever the stored shape


def test_metadata_is_seen_without_decoding(corpus: dict[str, Path], monkeypatch):
    def refuse(self: Image.Image) -> None:
        raise AssertionError("probe must not decode pixels")

    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", refuse)
    info = probe(corpus["private.jpg"])
    meta = info.metadata
    assert (meta.exif, meta.gps, meta.xmp, meta.comment, meta.icc) == (True,) * 5
    for label in (md.GPS_LOCATION, md.CAMERA, md.CAPTURE_DATE, md.XMP, md.COMMENT):
        assert label in meta.labels
    png = probe(corpus["private.png"]).metadata
    assert png.gps and png.xmp and png.comment and png.icc
    assert md.TEXT_NOTES in png.labels


def test_clean_file_has_no_metadata_labels(corpus: dict[str, Path]):
    meta = probe(corpus["mode_RGB.png"]).metadata
    assert meta.labels == ()
    assert not (meta.exif or meta.gps or meta.xmp or meta.comment)


def test_animation_is_counted(corpus: dict[str, Path]):
    gif = probe(corpus["anim.gif"])
    assert gif.animated and gif.frame_count == 6
    webp = probe(corpus["anim.webp"])
    assert webp.animated and webp.frame_count == 5


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("empty.jpg", EmptyFileError, "empty"),
        ("text.jpg", NotAnImageError, "text file"),
        ("doc.jpg", NotAnImageError, "PDF"),
        ("drawing.eps", NotAnImageError, "EPS"),
        ("truncated.jpg", CorruptImageError, "incomplete"),
        ("truncated.png", CorruptImageError, "incomplete"),
        ("bomb_huge.png", ImageTooLargeError, "decompression bomb"),
        ("bomb.gif", ImageTooLargeError, "decompression bomb"),
        ("bomb_81mp.png", ImageTooLargeError, "9000×9000"),
    ],
)
def test_bad_files_raise_clear_errors(
    corpus: dict[str, Path], name: str, error: type[ImageError], words: str
):
    with pytest.raises(error) as caught:
        probe(corpus[name])
    message = str(caught.value)
    assert words in message
    assert name in message or error is ImageTooLargeError
    assert "Traceback" not in message


def test_truncated_webp_is_an_image_error(corpus: dict[str, Path]):
    with pytest.raises(ImageError):
        probe(corpus["truncated.webp"])


def test_bomb_limit_is_explicit_and_below_pillows_guard():
    assert MAX_PIXELS <= Image.MAX_IMAGE_PIXELS  # type: ignore[operator]
    assert MAX_PIXELS < 9000 * 9000  # the corpus file just above the limit


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(FileUnreadableError, match="cannot be read"):
        probe(tmp_path / "nope.png")
    with pytest.raises(FileUnreadableError, match="folder"):
        probe(tmp_path)


def test_jpeg_with_a_trailer_after_the_end_marker_is_complete(
    corpus: dict[str, Path], tmp_path: Path
):
    """Phones append data (motion photos) after the JPEG's end: that is not truncation."""
    path = tmp_path / "motion.jpg"
    path.write_bytes(corpus["mode_RGB.jpg"].read_bytes() + b"\x00ftypmp42" + b"\x17" * 70_000)
    assert probe(path).format == "JPEG"


def test_image_package_imports_no_qt():
    code = (
        "import sys, studio.images, studio.images.prepare, studio.images.thumbnails; "
        "assert 'PySide6' not in sys.modules, 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
