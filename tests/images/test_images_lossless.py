"""Lossless sources stay lossless when that fits under the cap (issue 8 §2.3), and
thumbnails pick their format by content (§2.4)."""

from __future__ import annotations

import io
from pathlib import Path

import edge_corpus as ec
import image_corpus as ic
from PIL import Image, ImageChops

from studio.core import limits
from studio.images import prepare, thumbnail

CAP = limits.UPLOAD_RULES["artist_image"].max_bytes


def _pixels_equal(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def _decoded(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_cropped_lossless_webp_stays_lossless_webp(tmp_path: Path):
    source = ec.graphic(600, 400)
    path = tmp_path / "graphic.webp"
    source.save(path, "WEBP", lossless=True)
    crop = (37, 21, 537, 371)
    prepared = prepare(path, "gallery", crop=crop)
    assert prepared.format == "WEBP" and prepared.quality is None
    assert _pixels_equal(_decoded(prepared.data).convert("RGB"), source.crop(crop))


def test_cropped_lossy_webp_stays_lossy(tmp_path: Path):
    path = tmp_path / "photo.webp"
    ic.noise(300, 200).save(path, "WEBP", quality=80)
    prepared = prepare(path, "gallery", crop=(0, 0, 290, 200))
    assert prepared.format == "WEBP" and prepared.quality is not None


def test_few_colour_png_too_big_as_rgb_stays_an_exact_png(tmp_path: Path):
    source = ec.few_colour_noise(2000, 1500, 16)
    path = tmp_path / "dots.png"
    source.save(path, "PNG", compress_level=1)
    assert path.stat().st_size > CAP  # as it is (RGB) it does not fit
    prepared = prepare(path, "gallery", crop=(0, 0, 1990, 1500))
    assert prepared.format == "PNG" and prepared.quality is None
    assert _pixels_equal(_decoded(prepared.data).convert("RGB"), source.crop((0, 0, 1990, 1500)))


def test_png_that_fits_only_as_lossless_webp_becomes_lossless_webp(tmp_path: Path):
    source = ec.grainy_photo(1600, 1200)
    path = tmp_path / "grainy.png"
    source.save(path, "PNG", compress_level=1)
    png = io.BytesIO()
    source.crop((0, 0, 1590, 1200)).save(png, "PNG", compress_level=6)
    assert len(png.getvalue()) > CAP  # a PNG of the crop does not fit
    prepared = prepare(path, "gallery", crop=(0, 0, 1590, 1200))
    assert prepared.format == "WEBP" and prepared.quality is None
    assert any("lossless" in note for note in prepared.notes)
    assert _pixels_equal(_decoded(prepared.data).convert("RGB"), source.crop((0, 0, 1590, 1200)))


def test_palette_gif_still_is_an_exact_png(tmp_path: Path):
    source = ec.graphic(300, 200).quantize(8)
    path = tmp_path / "logo.gif"
    source.save(path, "GIF")
    prepared = prepare(path, "gallery", crop=(10, 10, 290, 190))
    assert prepared.format == "PNG"
    out = _decoded(prepared.data).convert("RGB")
    assert _pixels_equal(out, source.convert("RGB").crop((10, 10, 290, 190)))


# --- thumbnails --------------------------------------------------------------------------


def _colours_exact(thumb: Path, source: Image.Image) -> bool:
    with Image.open(thumb) as im:
        got = {c for _, c in im.convert("RGB").getcolors(1 << 16) or []}
    return got <= {c for _, c in source.convert("RGB").getcolors(1 << 16) or []}


def test_tiny_palette_icon_thumbnail_is_an_exact_png(tmp_path: Path):
    icon = ec.graphic(24, 24, colours=4).quantize(4)
    path = tmp_path / "icon.png"
    icon.save(path)
    thumb = thumbnail(path, 64, tmp_path / "thumbs")
    with Image.open(thumb) as im:
        assert im.format == "PNG" and im.size == (24, 24)
    assert _colours_exact(thumb, icon)


def test_flat_colour_graphic_thumbnail_is_png(tmp_path: Path):
    graphic = ec.graphic(800, 600)
    path = tmp_path / "poster.png"
    graphic.save(path)
    with Image.open(thumbnail(path, 256, tmp_path / "thumbs")) as im:
        assert im.format == "PNG" and im.size == (256, 192)
        im.load()
        # a flat area keeps its exact colour (JPEG's blocks would shift it)
        assert im.convert("RGB").getpixel((2, 2)) == graphic.getpixel((4, 4))


def test_small_photo_thumbnail_is_png_and_big_photo_thumbnail_jpeg(tmp_path: Path):
    small, big = tmp_path / "small.jpg", tmp_path / "big.jpg"
    ic.noise(100, 80).save(small, quality=90)
    ic.noise(1200, 800).save(big, quality=90)
    with Image.open(thumbnail(small, 256, tmp_path / "thumbs")) as im:
        assert im.format == "PNG"
    with Image.open(thumbnail(big, 256, tmp_path / "thumbs")) as im:
        assert im.format == "JPEG" and im.size == (256, 171)
