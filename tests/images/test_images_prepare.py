"""prepare(): upright, cropped, scaled, converted, under the cap, decodable, scrubbed."""

from __future__ import annotations

import io
from pathlib import Path

import image_corpus as ic
import pytest
from PIL import Image

from studio.core import limits
from studio.images import (
    OUTPUT_BOX,
    BadCropError,
    CannotFitError,
    CorruptImageError,
    EmptyFileError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
    Prepared,
    fix_crop,
    prepare,
    probe,
)
from studio.images import metadata as md
from studio.images.encode import fit_still

TARGETS = tuple(limits.IMAGE_TARGETS)
GOOD = (
    "mode_1.png",
    "mode_L.png",
    "mode_LA.png",
    "mode_P.png",
    "mode_P_transparent.png",
    "mode_P.gif",
    "mode_RGB.jpg",
    "mode_RGB.png",
    "mode_RGBA.png",
    "mode_RGBA.webp",
    "mode_RGB.webp",
    "mode_CMYK.jpg",
    "mode_CMYK.tif",
    "mode_I16.png",
    "mode_I.tif",
    "mode_F.tif",
    "mode_RGB.bmp",
    "mode_RGB.tif",
    "orient_6.jpg",
    "orient_6.png",
    "private.jpg",
    "private.png",
    "png_named.jpg",
    "anim.gif",
    "anim.webp",
)


def reopen(prepared: Prepared) -> Image.Image:
    """Decode the output completely (proves it is a valid file) and check it says what it is."""
    im = Image.open(io.BytesIO(prepared.data))
    im.load()
    assert im.format == prepared.format
    assert Image.MIME[im.format] == prepared.mime
    assert im.size == (prepared.width, prepared.height)
    return im


def assert_valid(prepared: Prepared, target: str, source: Path) -> Image.Image:
    rule = limits.UPLOAD_RULES[limits.IMAGE_TARGETS[target].upload]
    assert 0 < prepared.size <= rule.max_bytes
    assert prepared.mime in rule.mimes
    im = reopen(prepared)
    info = probe(source)
    shown = info.oriented_size
    assert prepared.width <= shown[0] and prepared.height <= shown[1]  # never upscaled
    box = OUTPUT_BOX[target]
    assert prepared.width <= box[0] and prepared.height <= box[1]
    assert im.mode in ("1", "L", "RGB", "RGBA", "P", "PA", "LA")
    return im


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", GOOD)
def test_every_good_file_prepares_valid_output(corpus: dict[str, Path], name: str, target: str):
    prepared = prepare(corpus[name], target)
    assert_valid(prepared, target, corpus[name])
    assert prepared.filename("avatar").endswith("." + prepared.extension)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_is_applied(corpus: dict[str, Path], orientation: int):
    prepared = prepare(corpus[f"orient_{orientation}.jpg"], "gallery")
    im = reopen(prepared)
    assert im.size == (160, 100)
    for got, want in zip(ic.quadrant_colours(im), ic.QUADRANTS, strict=True):
        assert ic.close(got, want), (orientation, got, want)
    assert len(im.getexif()) == 0  # no orientation tag left to be applied twice
    if orientation != 1:
        assert any("right way up" in note for note in prepared.notes)


def test_orientation_in_png_exif(corpus: dict[str, Path]):
    im = reopen(prepare(corpus["orient_6.png"], "gallery"))
    assert [ic.close(g, w) for g, w in zip(ic.quadrant_colours(im), ic.QUADRANTS, strict=True)]
    assert ic.quadrant_colours(im) == list(ic.QUADRANTS)


def test_crop_is_in_shown_coordinates(corpus: dict[str, Path]):
    # Top-right quadrant as shown (green), from a file stored turned (orientation 6).
    prepared = prepare(corpus["orient_6.jpg"], "gallery", crop=(80, 0, 160, 50))
    im = reopen(prepared)
    assert im.size == (80, 50)
    assert all(ic.close(c, ic.GREEN) for c in ic.quadrant_colours(im))
    assert any("Cropped" in note for note in prepared.notes)


def test_crop_is_clamped_and_bad_crop_is_refused(corpus: dict[str, Path]):
    prepared = prepare(corpus["mode_RGB.png"], "gallery", crop=(-10, -10, 80, 50))
    assert (prepared.width, prepared.height) == (80, 50)
    with pytest.raises(BadCropError):
        prepare(corpus["mode_RGB.png"], "gallery", crop=(500, 500, 600, 600))
    with pytest.raises(BadCropError):
        prepare(corpus["mode_RGB.png"], "gallery", crop=(50, 50, 50, 90))


def test_square_fix_makes_a_square_avatar(corpus: dict[str, Path]):
    info = probe(corpus["mode_RGB.jpg"])
    crop = fix_crop(info, "avatar")
    prepared = prepare(corpus["mode_RGB.jpg"], "avatar", crop=crop)
    assert prepared.width == prepared.height == 100


def test_modes_are_converted_sensibly(corpus: dict[str, Path]):
    # 16-bit, 32-bit and float greyscale keep their full range in 8 bits.
    for name in ("mode_I16.png", "mode_I.tif", "mode_F.tif"):
        im = reopen(prepare(corpus[name], "gallery")).convert("L")
        lo, hi = im.getextrema()
        assert lo <= 5 and hi >= 250, (name, lo, hi)
    # CMYK becomes RGB with the right colours (a palette PNG when exact: 4 colours).
    for name in ("mode_CMYK.jpg", "mode_CMYK.tif"):
        im = reopen(prepare(corpus[name], "gallery"))
        assert im.mode in ("RGB", "P")
        for got, want in zip(ic.quadrant_colours(im), ic.QUADRANTS, strict=True):
            assert ic.close(got, want, 60), (name, got, want)


@pytest.mark.parametrize("name", ["mode_RGBA.png", "mode_P_transparent.png", "mode_LA.png"])
def test_transparency_is_kept_in_a_format_that_has_it(corpus: dict[str, Path], name: str):
    prepared = prepare(corpus[name], "avatar")
    assert prepared.format in ("PNG", "WEBP")
    im = reopen(prepared).convert("RGBA")
    assert im.getpixel((0, 0))[3] == 0  # type: ignore[index]
    assert im.getpixel((im.width - 1, im.height - 1))[3] == 255  # type: ignore[index]


def test_alpha_is_flattened_onto_white_for_jpeg():
    from studio.images.convert import flatten

    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    rgba.putpixel((5, 5), (255, 0, 0, 255))
    flat = flatten(rgba)
    assert flat.mode == "RGB"
    assert flat.getpixel((0, 0)) == (255, 255, 255)
    assert flat.getpixel((5, 5)) == (255, 0, 0)


def test_opaque_alpha_is_dropped(tmp_path: Path):
    path = tmp_path / "opaque.png"
    ic.quadrants().convert("RGBA").save(path)
    out = reopen(prepare(path, "gallery"))
    assert out.mode in ("RGB", "P") and "transparency" not in out.info


def test_private_metadata_removed_and_icc_kept(corpus: dict[str, Path]):
    for name in ("private.jpg", "private.png"):
        before = probe(corpus[name]).metadata
        assert before.gps
        prepared = prepare(corpus[name], "gallery")
        for label in (md.GPS_LOCATION, md.CAMERA, md.CAPTURE_DATE, md.XMP, md.COMMENT):
            assert label in prepared.removed, (name, label)
        im = reopen(prepared)
        assert len(im.getexif()) == 0
        assert not im.getexif().get_ifd(0x8825)
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "Author"):
            assert key not in im.info, (name, key)
        assert b"secret" not in prepared.data and b"Canon" not in prepared.data
        with Image.open(corpus[name]) as source:
            assert im.info.get("icc_profile") == source.info["icc_profile"]
        after = probe_bytes(prepared.data)
        assert after.labels == () and after.icc


def probe_bytes(data: bytes) -> md.MetadataSummary:
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        return md.summarize(im)


def test_clean_file_removes_nothing(corpus: dict[str, Path]):
    assert prepare(corpus["mode_RGB.png"], "gallery").removed == []


def test_png_named_jpg_comes_out_with_its_real_type(corpus: dict[str, Path]):
    prepared = prepare(corpus["png_named.jpg"], "gallery")
    assert prepared.format == "PNG" and prepared.filename("x") == "x.png"


def test_oversize_jpeg_fits_under_the_cap(big_files: dict[str, Path]):
    path = big_files["noise_4000.jpg"]
    assert path.stat().st_size > 2 * limits.MB
    for target in ("gallery", "avatar"):
        prepared = prepare(path, target)
        assert_valid(prepared, target, path)
        assert prepared.format == "JPEG" and prepared.quality is not None
    gallery = prepare(path, "gallery")
    assert gallery.quality is not None and gallery.quality < 92  # had to lower quality


def test_oversize_png_fits_under_the_cap(big_files: dict[str, Path]):
    path = big_files["noise.png"]
    assert path.stat().st_size > 2 * limits.MB
    prepared = prepare(path, "gallery")
    assert_valid(prepared, "gallery", path)
    assert prepared.format == "JPEG"  # lossless could not fit, so a lossy format took over
    assert any("Saved as JPEG" in note for note in prepared.notes)


def test_never_upscales(corpus: dict[str, Path]):
    prepared = prepare(corpus["mode_RGB.jpg"], "cover")
    assert (prepared.width, prepared.height) == (160, 100)


def test_fit_scales_down_when_the_lowest_quality_is_still_too_big():
    im = ic.noise(800, 800)
    cap = 40 * 1024
    encoded = fit_still(im, ["JPEG"], cap, None)
    assert len(encoded.data) <= cap
    assert encoded.size[0] < 800 and encoded.size[1] < 800
    assert Image.open(io.BytesIO(encoded.data)).size == encoded.size
    with pytest.raises(CannotFitError):
        fit_still(im, ["JPEG"], 100, None)


def test_animated_gif_stays_animated_within_the_cap(corpus: dict[str, Path]):
    prepared = prepare(corpus["anim.gif"], "avatar")
    assert prepared.animated and prepared.frame_count == 6
    im = reopen(prepared)
    assert im.format == "GIF" and getattr(im, "n_frames", 1) == 6
    assert prepared.size <= 2 * limits.MB


def test_animated_webp_stays_animated(corpus: dict[str, Path]):
    prepared = prepare(corpus["anim.webp"], "avatar")
    assert prepared.animated and prepared.format == "WEBP"
    assert getattr(reopen(prepared), "n_frames", 1) == 5


def test_animation_flattened_when_asked(corpus: dict[str, Path]):
    prepared = prepare(corpus["anim.gif"], "avatar", keep_animation=False)
    assert not prepared.animated
    assert getattr(reopen(prepared), "n_frames", 1) == 1
    assert any("first frame" in note for note in prepared.notes)


def test_animation_flattened_where_the_format_is_not_accepted(corpus: dict[str, Path]):
    prepared = prepare(corpus["anim.gif"], "claim_picture")
    assert not prepared.animated and prepared.format != "GIF"
    assert any("first frame" in note for note in prepared.notes)


def test_big_animation_is_shrunk_to_stay_animated(big_files: dict[str, Path]):
    path = big_files["anim_noise_16.gif"]
    assert path.stat().st_size > 2 * limits.MB
    prepared = prepare(path, "avatar")
    assert prepared.animated and prepared.frame_count == 16
    assert prepared.size <= 2 * limits.MB
    assert 400 <= prepared.width < 600  # smaller, but still a valid avatar
    assert getattr(reopen(prepared), "n_frames", 1) == 16


def test_animation_too_big_to_keep_is_flattened_with_a_note(big_files: dict[str, Path]):
    path = big_files["anim_noise_40.gif"]
    assert path.stat().st_size > 2 * limits.MB
    prepared = prepare(path, "avatar")
    assert not prepared.animated
    assert prepared.size <= 2 * limits.MB
    assert any("does not fit" in note for note in prepared.notes)
    reopen(prepared)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("empty.jpg", EmptyFileError),
        ("text.jpg", NotAnImageError),
        ("truncated.jpg", CorruptImageError),
        ("truncated.png", CorruptImageError),
        ("truncated.webp", ImageError),
        ("bomb_huge.png", ImageTooLargeError),
        ("bomb_81mp.png", ImageTooLargeError),
        ("bomb.gif", ImageTooLargeError),
    ],
)
def test_bad_files_raise_image_errors(corpus: dict[str, Path], name: str, error: type):
    with pytest.raises(error):
        prepare(corpus[name], "avatar")


def test_jpeg_damaged_inside_is_a_clear_error_or_decodable(tmp_path: Path):
    """Garbage in the middle of the scan: either refused clearly or decoded — never a crash."""
    data = bytearray(ic.encode(ic.noise(300, 200), "JPEG", quality=90))
    middle = len(data) // 2
    data[middle : middle + 400] = b"\xff\x00" * 200
    path = tmp_path / "damaged.jpg"
    path.write_bytes(bytes(data))
    try:
        prepared = prepare(path, "gallery")
    except ImageError as exc:
        assert "damaged" in str(exc) or "incomplete" in str(exc)
    else:
        reopen(prepared)
