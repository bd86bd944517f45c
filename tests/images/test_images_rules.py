"""check(): findings per target, table-driven from limits.IMAGE_TARGETS."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from studio.core import limits
from studio.images import (
    ImageInfo,
    Severity,
    UnknownTargetError,
    aspect_size,
    check,
    fix_crop,
    inspect,
    suggest_crop,
)
from studio.images import metadata as md
from studio.images.metadata import MetadataSummary

KB = 1024
BASE = ImageInfo(
    path=Path("picture.jpg"),
    format="JPEG",
    mime="image/jpeg",
    extension="jpg",
    extension_matches=True,
    file_size=300 * KB,
    width=1000,
    height=1000,
    mode="RGB",
    orientation=1,
    animated=False,
    frame_count=1,
    has_alpha=False,
    metadata=MetadataSummary(),
)
GIF = {"format": "GIF", "mime": "image/gif", "extension": "gif"}
ANIM = {**GIF, "animated": True, "frame_count": 12}
GPS = MetadataSummary(exif=True, gps=True, labels=(md.GPS_LOCATION, md.CAMERA))
CAMERA = MetadataSummary(exif=True, labels=(md.CAMERA,))

B, W, N = Severity.BLOCKS, Severity.WARNING, Severity.INFO

# (target, changes to BASE, {code: severity} expected — exactly these findings)
CASES: list[tuple[str, dict[str, object], dict[str, Severity]]] = [
    ("avatar", {}, {}),
    ("avatar", {"width": 400, "height": 400}, {}),
    ("avatar", {"width": 300, "height": 300}, {"too_small": B}),
    ("avatar", {"width": 1000, "height": 800}, {"not_square": B}),
    ("avatar", {"width": 2000, "height": 2000}, {"will_downscale": N}),
    ("avatar", {"file_size": 3 * limits.MB}, {"file_too_large": B}),
    (
        "avatar",
        {"format": "BMP", "mime": "image/bmp", "extension": "bmp"},
        {"format_not_allowed": B},
    ),
    ("avatar", {"extension": "png", "extension_matches": False}, {"extension_mismatch": W}),
    ("avatar", {"extension": "", "extension_matches": False}, {"extension_mismatch": W}),
    ("avatar", ANIM, {"animated": N}),
    (
        "avatar",
        {**ANIM, "file_size": 5 * limits.MB},
        {"animation_may_flatten": W, "file_too_large": B},
    ),
    ("avatar", {"orientation": 6}, {"rotated": N}),
    ("avatar", {"orientation": 6, "width": 1000, "height": 800}, {"rotated": N, "not_square": B}),
    ("avatar", {"mode": "CMYK"}, {"cmyk": N}),
    ("avatar", {"mode": "I;16"}, {"high_bit_depth": N}),
    ("avatar", {"metadata": GPS}, {"private_metadata": W}),
    ("avatar", {"metadata": CAMERA}, {"metadata": N}),
    ("user_avatar", {"width": 250, "height": 250}, {}),
    ("user_avatar", {"width": 150, "height": 150}, {"too_small": B}),
    ("user_avatar", {"width": 1000, "height": 1000}, {"will_downscale": N}),
    ("cover", {"width": 1920, "height": 1080}, {}),
    ("cover", {"width": 1921, "height": 1080}, {"will_downscale": N}),
    ("cover", {"width": 1280, "height": 720}, {"below_recommended": W}),
    ("cover", {"width": 1600, "height": 1200}, {"wrong_aspect": B, "below_recommended": W}),
    ("cover", {"width": 4000, "height": 3000}, {"wrong_aspect": B, "will_downscale": N}),
    ("avatar", {"width": 1000, "height": 300}, {"not_square": B, "too_small": B}),
    ("cover", {"width": 1080, "height": 1920, "orientation": 8}, {"rotated": N}),
    ("cover", {"width": 3840, "height": 2160}, {"will_downscale": N}),
    ("gallery", {"width": 700, "height": 700}, {"below_recommended": W}),
    ("gallery", {"width": 79, "height": 700}, {"too_small": B}),
    ("cover", {"width": 65500, "height": 1}, {"wrong_aspect": B, "too_small": B}),
    ("cover", {"width": 1, "height": 65500}, {"wrong_aspect": B, "too_small": B}),
    ("cover", {"width": 1000, "height": 4000}, {"wrong_aspect": B, "below_recommended": W}),
    ("cover", {"width": 192, "height": 108}, {"below_recommended": W}),
    ("cover", {"width": 191, "height": 108}, {"too_small": B}),
    ("gallery", {"width": 1200, "height": 800}, {}),
    ("gallery", {"width": 3000, "height": 800}, {"will_downscale": N}),
    ("claim_picture", {}, {}),
    ("claim_picture", GIF, {"format_not_allowed": B}),
    ("claim_picture", ANIM, {"format_not_allowed": B, "animation_flattened": W}),
    ("claim_picture", {"format": "WEBP", "mime": "image/webp", "extension": "webp"}, {}),
    ("claim_picture", {"width": 300, "height": 300}, {"below_recommended": W}),
]


@pytest.mark.parametrize(("target", "changes", "expected"), CASES)
def test_findings_per_target(
    target: str, changes: dict[str, object], expected: dict[str, Severity]
):
    info = dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]
    findings = check(info, target)
    assert {f.code: f.severity for f in findings} == expected
    for finding in findings:
        assert finding.message.endswith((".", ")")) and len(finding.message) > 20


def test_findings_are_sorted_most_severe_first():
    info = dataclasses.replace(BASE, width=300, height=200, metadata=CAMERA, orientation=3)
    severities = [f.severity for f in check(info, "avatar")]
    rank = {B: 0, W: 1, N: 2}
    assert severities == sorted(severities, key=rank.__getitem__)
    assert severities[0] is B


def test_fixes_name_one_click_actions():
    info = dataclasses.replace(BASE, width=1000, height=800, file_size=3 * limits.MB)
    fixes = {f.code: f.fix for f in check(info, "avatar")}
    assert fixes["not_square"] == "crop_square"
    assert fixes["file_too_large"] == "reencode"
    cover = dataclasses.replace(BASE, width=1600, height=1200, metadata=GPS)
    fixes = {f.code: f.fix for f in check(cover, "cover")}
    assert fixes["wrong_aspect"] == "crop_16_9"
    assert fixes["private_metadata"] == "strip_metadata"


def test_size_messages_use_the_limits():
    info = dataclasses.replace(BASE, width=300, height=300, file_size=3 * limits.MB)
    text = " ".join(f.message for f in check(info, "avatar"))
    avatar = limits.IMAGE_TARGETS["avatar"]
    assert f"{avatar.min_width}×{avatar.min_height}" in text
    assert "3.0 MB" in text and "2.0 MB" in text


def test_metadata_finding_lists_what_goes():
    info = dataclasses.replace(BASE, metadata=GPS)
    (finding,) = check(info, "gallery")
    assert "GPS location" in finding.message and "camera make and model" in finding.message


def test_unknown_target():
    with pytest.raises(UnknownTargetError):
        check(BASE, "banner")


@pytest.mark.parametrize(
    ("size", "aspect", "expected"),
    [
        ((800, 600), (1, 1), (100, 0, 700, 600)),
        ((600, 800), (1, 1), (0, 100, 600, 700)),
        ((1920, 1200), (16, 9), (0, 60, 1920, 1140)),
        ((1000, 400), (16, 9), (148, 2, 852, 398)),  # whole 16×9 steps: 704×396
    ],
)
def test_suggest_crop_is_centred_and_has_the_aspect(size, aspect, expected):
    box = suggest_crop(*size, aspect)
    assert box == expected
    width, height = box[2] - box[0], box[3] - box[1]
    assert abs(width / height - aspect[0] / aspect[1]) < 0.01


@pytest.mark.parametrize(
    ("size", "aspect", "expected"),
    [
        ((3000, 2000), (16, 9), (2992, 1683)),  # not 3000×1688: that scales to 1919×1080
        ((1080, 1920), (16, 9), (1072, 603)),
        ((800, 600), (4, 4), (600, 600)),
        ((10, 4), (16, 9), (7, 4)),  # smaller than one 16×9 step: the rounded fit
    ],
)
def test_aspect_size_is_whole_steps_of_the_aspect(size, aspect, expected):
    assert aspect_size(*size, aspect) == expected


def test_size_note_counts_the_crop_the_editor_makes():
    info = dataclasses.replace(BASE, width=3000, height=2000, file_size=900 * KB)
    notes = {f.code: f.message for f in check(info, "cover")}
    assert "(2992×1683 once cropped to 16:9)" in notes["will_downscale"]


def test_fix_crop_uses_the_shown_orientation():
    info = dataclasses.replace(BASE, width=600, height=800, orientation=6)  # shown 800×600
    assert fix_crop(info, "avatar") == (100, 0, 700, 600)
    assert fix_crop(info, "gallery") is None


def test_inspect_turns_unreadable_files_into_one_blocking_finding(corpus: dict[str, Path]):
    for name, code in (
        ("empty.jpg", "empty_file"),
        ("text.jpg", "not_an_image"),
        ("truncated.png", "corrupt"),
        ("bomb_huge.png", "too_many_pixels"),
    ):
        result = inspect(corpus[name], "avatar")
        assert result.info is None
        assert [(f.severity, f.code) for f in result.findings] == [(B, code)]
        assert result.blocks


def test_inspect_real_file(corpus: dict[str, Path]):
    result = inspect(corpus["png_named.jpg"], "cover")
    assert result.info is not None and result.info.format == "PNG"
    codes = {f.code for f in result.findings}
    # 160×100 cropped to 16:9 is 160×90: under a tenth of 1920×1080, so unusable as a cover.
    assert {"extension_mismatch", "wrong_aspect", "too_small"} <= codes
    gallery = inspect(corpus["png_named.jpg"], "gallery")
    assert "below_recommended" in {f.code for f in gallery.findings}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("avatar", "JPG, PNG, GIF, WEBP, up to 2 MB; square, shown in a circle; at least 400×400."),
        ("cover", "JPG, PNG, GIF, WEBP, up to 2 MB; 16:9; 1920×1080 recommended."),
        (
            "claim_picture",
            "JPG, PNG, WEBP, up to 2 MB; square, shown in a circle; 400×400 recommended.",
        ),
    ],
)
def test_rules_summary_reads_the_limits(target: str, expected: str) -> None:
    from studio.images.rules import rules_summary

    assert rules_summary(target) == expected
