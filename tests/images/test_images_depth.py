"""Deep greys (16-bit PNG, 12-bit and 32-bit TIFF, float TIFF) are scaled by the range their
sample type holds — never by the values they happen to contain — and a 16-bit grey's
transparent value (tRNS) stays transparent (issue 8 §2.2)."""

from __future__ import annotations

import io
from pathlib import Path

import edge_corpus as ec
import pytest
from PIL import Image

from studio.images import prepare, thumbnail

# 16-bit samples all at or below 255: near black (255/65535 ≈ 0.4 %), not white.
DARK16 = [0, 30, 60, 90, 120, 150, 180, 255] * 4


def _out(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_16_bit_grey_with_small_values_stays_dark(tmp_path: Path):
    path = ec.write(tmp_path, "dark16.png", ec.png_grey16(DARK16, 8))
    out = _out(prepare(path, "gallery").data).convert("L")
    assert out.getextrema() == (0, 1)  # 255/257 rounds to 1, not 255
    with Image.open(thumbnail(path, 8, tmp_path / "thumbs")) as thumb:
        assert thumb.convert("L").getextrema()[1] <= 1


def test_16_bit_grey_scales_by_257(tmp_path: Path):
    values = [0, 257, 32896, 65535] * 2
    path = ec.write(tmp_path, "full16.png", ec.png_grey16(values, 4))
    out = _out(prepare(path, "gallery").data).convert("L")
    assert list(out.get_flattened_data()) == [0, 1, 128, 255] * 2


@pytest.mark.parametrize("values", [DARK16, [v * 257 for v in DARK16]])
def test_16_bit_grey_keeps_its_transparent_value(tmp_path: Path, values: list[int]):
    transparent = values[1]
    path = ec.write(tmp_path, "trns16.png", ec.png_grey16(values, 8, transparent=transparent))
    prepared = prepare(path, "avatar")
    assert prepared.format in ("PNG", "WEBP")
    out = _out(prepared.data).convert("RGBA")
    alpha = [out.getpixel((x, 0))[3] for x in range(8)]  # type: ignore[index]
    assert alpha == [255, 0, 255, 255, 255, 255, 255, 255]
    with Image.open(thumbnail(path, 8, tmp_path / "thumbs")) as thumb:
        assert thumb.convert("RGBA").getpixel((1, 0))[3] == 0  # type: ignore[index]


def test_12_bit_tiff_scales_by_4095(tmp_path: Path):
    path = ec.write(tmp_path, "grey12.tif", ec.tiff_grey12([0, 4095, 2048, 1000] * 2, 4))
    out = _out(prepare(path, "gallery").data).convert("L")
    assert list(out.get_flattened_data()) == [0, 255, 128, 62] * 2


def test_32_bit_tiff_is_scaled_by_its_range_not_its_content(tmp_path: Path):
    im = Image.new("I", (4, 1))
    for x, v in enumerate((0, 255, 65535, 2**31 - 1)):  # signed 32-bit samples
        im.putpixel((x, 0), v)
    path = tmp_path / "int32.tif"
    im.save(path, "TIFF")
    out = _out(prepare(path, "gallery").data).convert("L")
    assert list(out.get_flattened_data()) == [128, 128, 128, 255]


def test_float_tiff_is_0_to_1(tmp_path: Path):
    im = Image.new("F", (4, 1))
    for x, v in enumerate((0.0, 0.25, 1.0, 3.0)):
        im.putpixel((x, 0), v)
    path = tmp_path / "float.tif"
    im.save(path, "TIFF")
    out = _out(prepare(path, "gallery").data).convert("L")
    assert list(out.get_flattened_data()) == [0, 64, 255, 255]


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_low_bit_grey_keeps_its_transparent_value(tmp_path: Path, depth: int):
    """Pillow scales 2- and 4-bit greys to 8 bits but not their tRNS value."""
    values = [i % (1 << depth) for i in range(8)]
    path = ec.write(tmp_path, f"grey{depth}.png", ec.png_low_grey(values, depth, transparent=1))
    prepared = prepare(path, "avatar", crop=(0, 0, 7, 1))  # re-encoded, not passed through
    out = _out(prepared.data).convert("RGBA")
    alpha = [out.getpixel((x, 0))[3] for x in range(7)]  # type: ignore[index]
    assert alpha == [0 if v == 1 else 255 for v in values[:7]]
