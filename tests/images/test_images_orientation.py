"""Orientation: every value 1–8 in JPEG, TIFF (plain and libtiff-decoded), PNG (eXIf before
and after the image data) and WebP is applied exactly once — by Pillow's decoder or by the
studio, never both — in probe, the suggested crop, prepare and thumbnails; and XMP-only
orientation follows one rule in every format (issue 8 §2.1 and §2.8)."""

from __future__ import annotations

import io
from pathlib import Path

import edge_corpus as ec
import image_corpus as ic
import pytest
from PIL import Image

from studio.images import fix_crop, prepare, probe, thumbnail

CASES = [(fmt, o) for fmt in ec.ORIENTED_FORMATS for o in range(1, 9)]


def _file(tmp_path: Path, fmt: str, orientation: int) -> Path:
    ext, _ = ec.ORIENTED_FORMATS[fmt]
    return ec.write(tmp_path, f"o{orientation}-{fmt}.{ext}", ec.oriented(fmt, orientation))


def _upright(im: Image.Image) -> bool:
    colours = ic.quadrant_colours(im)
    return all(ic.close(g, w, 60) for g, w in zip(colours, ic.QUADRANTS, strict=True))


@pytest.mark.parametrize(("fmt", "orientation"), CASES)
def test_probe_reports_the_shown_size(tmp_path: Path, fmt: str, orientation: int):
    info = probe(_file(tmp_path, fmt, orientation))
    assert info.orientation == orientation
    assert info.oriented_size == (160, 100), (fmt, orientation)
    stored = (100, 160) if orientation >= 5 else (160, 100)
    assert (info.width, info.height) == stored  # as stored in the file, before any turn


@pytest.mark.parametrize(("fmt", "orientation"), CASES)
def test_prepared_and_thumbnail_are_upright(tmp_path: Path, fmt: str, orientation: int):
    path = _file(tmp_path, fmt, orientation)
    prepared = prepare(path, "gallery")
    with Image.open(io.BytesIO(prepared.data)) as im:
        assert im.size == (160, 100), (fmt, orientation)
        assert _upright(im), (fmt, orientation, ic.quadrant_colours(im))
        assert im.getexif().get(0x0112) is None
    with Image.open(thumbnail(path, 80, tmp_path / "thumbs")) as thumb:
        assert thumb.size == (80, 50)
        assert _upright(thumb), (fmt, orientation)
    assert ("right way up" in " ".join(prepared.notes)) == (orientation != 1)


@pytest.mark.parametrize(("fmt", "orientation"), CASES)
def test_crops_are_in_shown_coordinates(tmp_path: Path, fmt: str, orientation: int):
    path = _file(tmp_path, fmt, orientation)
    info = probe(path)
    assert fix_crop(info, "avatar") == (30, 0, 130, 100)  # the centred square as shown
    prepared = prepare(path, "gallery", crop=(80, 0, 160, 50))  # the top-right quadrant
    with Image.open(io.BytesIO(prepared.data)) as im:
        assert im.size == (80, 50)
        assert all(ic.close(c, ic.GREEN, 60) for c in ic.quadrant_colours(im)), (fmt, orientation)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_png_exif_after_the_image_data_counts_everywhere(tmp_path: Path, orientation: int):
    path = ec.write(tmp_path, f"late{orientation}.png", ec.png_exif_after_idat(orientation))
    info = probe(path)
    assert (info.orientation, info.oriented_size) == (orientation, (160, 100))
    with Image.open(io.BytesIO(prepare(path, "gallery").data)) as im:
        assert im.size == (160, 100) and _upright(im)
    with Image.open(thumbnail(path, 80, tmp_path / "thumbs")) as thumb:
        assert _upright(thumb)


@pytest.mark.parametrize("orientation", [3, 6])
def test_png_exif_in_an_imagemagick_text_chunk_counts(tmp_path: Path, orientation: int):
    path = ec.write(tmp_path, f"im{orientation}.png", ec.png_raw_profile_exif(orientation))
    info = probe(path)
    assert (info.orientation, info.oriented_size) == (orientation, (160, 100))
    with Image.open(io.BytesIO(prepare(path, "gallery").data)) as im:
        assert im.size == (160, 100) and _upright(im)
    with Image.open(thumbnail(path, 80, tmp_path / "thumbs")) as thumb:
        assert _upright(thumb)


def test_what_pillow_turned_is_not_turned_again(tmp_path: Path):
    """Pinned to the installed Pillow: whatever its decoder turned is no longer requested by
    the decoded picture, and the studio turns only what is left."""
    from studio.images import orientation as orient_rule

    for fmt in ec.ORIENTED_FORMATS:
        path = _file(tmp_path, fmt, 6)
        with Image.open(path) as im:
            assert orient_rule.requested(im) == 6
            assert orient_rule.shown_size(im, 6) == (160, 100)
            im.load()
            left = orient_rule.still_to_apply(im)
            turned_by_pillow = im.size == (160, 100)
            assert left == (1 if turned_by_pillow else 6), fmt


@pytest.mark.parametrize("fmt", ec.XMP_FORMATS)
def test_orientation_only_in_xmp_is_applied_in_every_format(tmp_path: Path, fmt: str):
    path = ec.write(tmp_path, f"xmp.{fmt.lower()}", ec.xmp_oriented(fmt, 6))
    info = probe(path)
    assert (info.orientation, info.oriented_size) == (6, (160, 100)), fmt
    prepared = prepare(path, "gallery")
    with Image.open(io.BytesIO(prepared.data)) as im:
        assert im.size == (160, 100) and _upright(im), fmt
    with Image.open(thumbnail(path, 80, tmp_path / "thumbs")) as thumb:
        assert thumb.size == (80, 50) and _upright(thumb), fmt


@pytest.mark.parametrize("fmt", ec.EXIF_AND_XMP_FORMATS)
def test_exif_orientation_wins_over_xmp(tmp_path: Path, fmt: str):
    path = ec.write(tmp_path, f"both.{fmt.lower()}", ec.xmp_oriented(fmt, 6, exif_orientation=1))
    info = probe(path)
    assert (info.orientation, info.oriented_size) == (1, (100, 160)), fmt
    prepared = prepare(path, "gallery")
    assert (prepared.width, prepared.height) == (100, 160), fmt
    assert not any("right way up" in note for note in prepared.notes)
