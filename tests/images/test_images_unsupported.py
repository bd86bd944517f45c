"""Valid pictures of kinds Pillow cannot read are called unsupported (with what to do), not
damaged; damaged ones still are (issue 8 §2.7)."""

from __future__ import annotations

from pathlib import Path

import edge_corpus as ec
import image_corpus as ic
import pytest

from studio.images import (
    CorruptImageError,
    ImageError,
    Severity,
    UnsupportedImageError,
    inspect,
    prepare,
    probe,
    thumbnail,
)

UNSUPPORTED = {
    "twelve.jpg": (ec.jpeg12, "a 12-bit JPEG"),
    "lossless16.jpg": (lambda: ec.jpeg12(precision=16, sof=0xC3), "a lossless 16-bit JPEG"),
    "float_rgb.tif": (ec.tiff_float_rgb, "a floating-point TIFF"),
    "float16.tif": (ec.tiff_float16_grey, "a floating-point TIFF"),
    "deep.bmp": (ec.bmp_64bit, "a 64-bit BMP"),
    "printer.bmp": (ec.bmp_holding_jpeg, "a BMP holding a JPEG picture"),
    "photo.jxl": (lambda: b"\xff\x0a" + bytes(64), "a JPEG XL picture"),
    "photo.jp2": (lambda: b"\x00\x00\x00\x0cjP  \r\n\x87\n" + bytes(64), "a JPEG 2000 picture"),
    "hierarchical.jpg": (lambda: ec.jpeg12(200, precision=8, sof=0xC5), "a hierarchical JPEG"),
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_valid_unsupported_kinds_say_so(tmp_path: Path, name: str):
    build, kind = UNSUPPORTED[name]
    path = ec.write(tmp_path, name, build())
    calls = (
        lambda: probe(path),
        lambda: prepare(path, "gallery"),
        lambda: thumbnail(path, 64, tmp_path / "thumbs"),
    )
    for call in calls:
        with pytest.raises(UnsupportedImageError) as caught:
            call()
        message = str(caught.value)
        assert f"“{name}” is {kind}" in message
        assert "isn't supported" in message and "JPEG or PNG" in message
        assert "damaged" not in message
    finding = inspect(path, "avatar").findings[0]
    assert (finding.severity, finding.code) == (Severity.BLOCKS, "unsupported")


def test_the_12_bit_jpeg_is_well_formed():
    """The same bytes at 8 bits decode to the grey they encode: the builder is right."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(ec.jpeg12(200, precision=8))) as im:
        im.load()
        assert im.getextrema() == (200, 200)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cut.jpg", ec.jpeg12()[:20]),  # cut inside the frame header
        ("nostrips.tif", ec.tiff_float_rgb()[:8] + b"\x00" * 40),  # no directory left
        ("badheader.bmp", ec.bmp_64bit()[:14] + b"\x07\x00\x00\x00" + bytes(40)),
        ("zero.jpg", ic.encode(ic.quadrants(), "JPEG")[:200] + b"\x00" * 50),
    ],
)
def test_damaged_files_are_still_damaged(tmp_path: Path, name: str, data: bytes):
    path = ec.write(tmp_path, name, data)
    with pytest.raises(ImageError) as caught:
        prepare(path, "gallery")
    assert not isinstance(caught.value, UnsupportedImageError), str(caught.value)
    assert isinstance(caught.value, CorruptImageError)
