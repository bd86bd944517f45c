"""Colour profiles follow one rule on every path (issue 8 §2.6): a readable profile that fits
the pixels is kept — passed through, re-encoded still or re-encoded animation alike — and a
broken or mismatched one is dropped everywhere and listed with what is removed."""

from __future__ import annotations

import io
from pathlib import Path

import edge_corpus as ec
import image_corpus as ic
import pytest
from PIL import Image

from studio.images import Prepared, check, prepare, probe
from studio.images import metadata as md

CROP = (0, 0, 150, 100)  # any crop forces a re-encode


def _icc_of(prepared: Prepared) -> bytes | None:
    with Image.open(io.BytesIO(prepared.data)) as im:
        im.load()
        return im.info.get("icc_profile")


def _still(tmp_path: Path, fmt: str, icc: bytes) -> Path:
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    path = tmp_path / f"still.{ext}"
    ic.quadrants().save(path, fmt, icc_profile=icc)
    return path


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("bad", ["broken", "mismatched"])
def test_unusable_profile_is_dropped_and_said_on_both_paths(tmp_path: Path, fmt: str, bad: str):
    icc = ec.BROKEN_ICC if bad == "broken" else ec.lab_icc()
    path = _still(tmp_path, fmt, icc)
    info = probe(path)
    assert md.BROKEN_ICC in info.metadata.labels and not info.metadata.icc
    said = [f.message for f in check(info, "gallery") if f.code == "metadata"]
    assert said and md.BROKEN_ICC in said[0]
    for prepared in (prepare(path, "gallery"), prepare(path, "gallery", crop=CROP)):
        assert _icc_of(prepared) is None, (fmt, prepared.notes)
        assert md.BROKEN_ICC in prepared.removed
        assert b"this is not a colour profile" not in prepared.data
    assert "Kept as it is (not re-encoded)." in prepare(path, "gallery").notes


def test_png_profile_that_does_not_inflate_is_dropped(tmp_path: Path):
    path = ec.write(tmp_path, "iccp.png", ec.png_iccp_unreadable())
    for prepared in (prepare(path, "gallery"), prepare(path, "gallery", crop=CROP)):
        assert b"iCCP" not in prepared.data
        assert md.BROKEN_ICC in prepared.removed


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_valid_profile_is_kept_on_both_paths(tmp_path: Path, fmt: str):
    path = _still(tmp_path, fmt, ic.srgb_icc())
    assert probe(path).metadata.icc
    for prepared in (prepare(path, "gallery"), prepare(path, "gallery", crop=CROP)):
        assert _icc_of(prepared) == ic.srgb_icc(), fmt
        assert md.BROKEN_ICC not in prepared.removed


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_reencoded_animation_keeps_its_profile(tmp_path: Path, fmt: str):
    path = ec.noisy_animation(
        tmp_path / f"anim.{fmt.lower()}", fmt, (200, 150), 4, icc=ic.srgb_icc()
    )
    passed = prepare(path, "gallery")
    reencoded = prepare(path, "gallery", crop=(0, 0, 190, 150))
    assert passed.animated and reencoded.animated
    assert _icc_of(passed) == ic.srgb_icc()
    assert _icc_of(reencoded) == ic.srgb_icc()


def test_broken_profile_of_an_animation_is_dropped_on_both_paths(tmp_path: Path):
    path = ec.noisy_animation(tmp_path / "anim.webp", "WEBP", (200, 150), 4, icc=ec.BROKEN_ICC)
    for prepared in (prepare(path, "gallery"), prepare(path, "gallery", crop=(0, 0, 190, 150))):
        assert prepared.animated
        assert _icc_of(prepared) is None
        assert md.BROKEN_ICC in prepared.removed


def test_the_editor_does_not_say_an_unusable_profile_is_kept():
    from studio.ui.images.plan import removal_text

    text = removal_text([md.GPS_LOCATION, md.BROKEN_ICC])
    assert md.BROKEN_ICC in text.lower() and "standard sRGB" in text
    assert "profile is kept" not in text
    assert "profile is kept" in removal_text([md.GPS_LOCATION])
