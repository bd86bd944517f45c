"""The hostile corpus (``hostile_corpus.py``): real-world broken and unusual files through
probe, check, prepare and thumbnail. Every file either works correctly or raises an
``ImageError`` with a plain message — never another exception, a wrong-way-up or
metadata-carrying output, an output over the cap, upscaled, or bigger than needed."""

from __future__ import annotations

import io
from pathlib import Path

import hostile_corpus as hc
import image_corpus as ic
import pytest
from PIL import Image

from studio.core import limits
from studio.images import (
    OUTPUT_BOX,
    CorruptImageError,
    EmptyFileError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
    Prepared,
    Severity,
    check,
    fix_crop,
    prepare,
    probe,
    thumbnail,
)
from studio.images import metadata as md

TARGETS = tuple(limits.IMAGE_TARGETS)
PREPARED_FOR = ("avatar", "cover", "gallery")

# name -> (error of probe, error of prepare); files not listed work.
REFUSED: dict[str, tuple[type[ImageError] | None, type[ImageError]]] = {
    "jpeg_two_soi.jpg": (None, CorruptImageError),
    "png_idat_short.png": (None, CorruptImageError),
    "png_claims_more_rows.png": (None, CorruptImageError),
    "png_icc_bomb.png": (ImageTooLargeError, ImageTooLargeError),
    "png_text_bomb.png": (ImageTooLargeError, ImageTooLargeError),
    "png_bad_crc_idat.png": (CorruptImageError, CorruptImageError),
    "png_bad_crc_text.png": (CorruptImageError, CorruptImageError),
    "webp_riff_short.webp": (CorruptImageError, CorruptImageError),
    "webp_riff_long.webp": (CorruptImageError, CorruptImageError),
    "heic.heic": (NotAnImageError, NotAnImageError),
    "svg.png": (NotAnImageError, NotAnImageError),
    "xml_svg.jpg": (NotAnImageError, NotAnImageError),
    "html.jpg": (NotAnImageError, NotAnImageError),
    "pdf.png": (NotAnImageError, NotAnImageError),
    "zip.jpg": (NotAnImageError, NotAnImageError),
    "empty.png": (EmptyFileError, EmptyFileError),
    "one_byte.gif": (NotAnImageError, NotAnImageError),
    "one_ff.jpg": (NotAnImageError, NotAnImageError),
    "polyglot.gif": (CorruptImageError, CorruptImageError),
    "bomb_png_zeros.png": (ImageTooLargeError, ImageTooLargeError),
    "bomb_bmp_rle.bmp": (ImageTooLargeError, ImageTooLargeError),
    "bomb_tiff_huge.tif": (ImageTooLargeError, ImageTooLargeError),
    "bomb_webp_claims.webp": (ImageTooLargeError, ImageTooLargeError),
}
# Files whose picture, as shown, is the 160×100 quadrants marker.
QUADRANTS = (
    "jpeg_progressive.jpg",
    "jpeg_cmyk_adobe.jpg",
    "jpeg_cmyk_plain.jpg",
    "jpeg_ycck.jpg",
    "jpeg_411.jpg",
    "jpeg_arithmetic.jpg",
    "jpeg_arithmetic_progressive.jpg",
    "jpeg_restart.jpg",
    "jpeg_garbage_after_eoi.jpg",
    "jpeg_orientation_ascii.jpg",
    "jpeg_orientation_0.jpg",
    "jpeg_orientation_9.jpg",
    "jpeg_orientation_6_broken_subifd.jpg",
    "jpeg_huge_app.jpg",
    "jpeg_icc_split.jpg",
    "jpeg_mpo.jpg",
    "png_rgb16.png",
    "png_rgba16.png",
    "png_adam7.png",
    "png_text.png",
    "tiff_pages.tif",
    "tiff_cmyk.tif",
    "tiff_lzw.tif",
    "tiff_jpeg.tif",
    "bmp_top_down.bmp",
    *(f"orient_private_{o}.jpg" for o in range(1, 9)),
)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hc.build(tmp_path_factory.mktemp("hostile"))


def assert_plain_message(exc: ImageError) -> None:
    message = str(exc)
    assert message.strip() and exc.code
    for leak in ("Traceback", "PIL", "Errno", 'File "', "\n"):
        assert leak not in message, message


def assert_contract(prepared: Prepared, source: Path, target: str) -> Image.Image:
    """Decodable (every frame), under the cap, allowed type, never upscaled, inside the
    target's box, no metadata but the colour profile."""
    rule = limits.UPLOAD_RULES[limits.IMAGE_TARGETS[target].upload]
    assert 0 < prepared.size <= rule.max_bytes
    assert prepared.mime in rule.mimes
    info = probe(source)
    shown = info.oriented_size
    assert prepared.width <= shown[0] and prepared.height <= shown[1]
    box = OUTPUT_BOX[target]
    assert prepared.width <= box[0] and prepared.height <= box[1]
    im = Image.open(io.BytesIO(prepared.data))
    assert im.format == prepared.format and im.size == (prepared.width, prepared.height)
    frames = int(getattr(im, "n_frames", 1))
    assert frames == prepared.frame_count and prepared.animated == (frames > 1)
    for index in range(frames):
        im.seek(index)
        im.load()
    im.seek(0)
    summary = md.summarize(im)
    assert summary.labels == () and not summary.exif, summary
    if info.metadata.icc and info.mode != "CMYK" and im.mode != "L":
        assert summary.icc
    return im


@pytest.mark.parametrize("name", list(hc.CATALOGUE))
def test_every_hostile_file_keeps_the_contract(hostile: dict[str, Path], tmp_path: Path, name: str):
    path = hostile[name]
    probe_error, prepare_error = REFUSED.get(name, (None, None))
    if probe_error is not None:
        with pytest.raises(probe_error) as caught:
            probe(path)
        assert_plain_message(caught.value)
    else:
        info = probe(path)
        for target in TARGETS:
            for finding in check(info, target):
                assert finding.message and finding.severity in Severity
    for target in PREPARED_FOR:
        if prepare_error is not None:
            with pytest.raises(prepare_error) as refused:
                prepare(path, target)
            assert_plain_message(refused.value)
        else:
            assert_contract(prepare(path, target), path, target)
    try:
        thumb = thumbnail(path, 64, tmp_path / "thumbs")
    except ImageError as exc:
        assert prepare_error is not None, exc
        assert_plain_message(exc)
    else:
        assert prepare_error is None
        with Image.open(thumb) as im:
            im.load()
            assert max(im.size) <= 64


@pytest.mark.parametrize("name", QUADRANTS)
def test_shown_right_way_up_in_the_right_colours(
    hostile: dict[str, Path], tmp_path: Path, name: str
):
    """CMYK with and without Adobe's marker, YCCK, 4:1:1, arithmetic coding, 16-bit, Adam7,
    top-down BMP, orientation 1–8: the output and the thumbnail show the marker upright."""
    prepared = prepare(hostile[name], "gallery")
    with Image.open(io.BytesIO(prepared.data)) as im:
        assert im.size == (160, 100)
        for got, want in zip(ic.quadrant_colours(im), ic.QUADRANTS, strict=True):
            assert ic.close(got, want, 60), (name, got, want)
    with Image.open(thumbnail(hostile[name], 80, tmp_path)) as thumb:
        assert thumb.size == (80, 50)
        for got, want in zip(ic.quadrant_colours(thumb), ic.QUADRANTS, strict=True):
            assert ic.close(got, want, 60), (name, got, want)


@pytest.mark.parametrize("orientation", range(5, 9))
def test_crop_in_shown_coordinates_for_turned_photos(hostile: dict[str, Path], orientation: int):
    path = hostile[f"orient_private_{orientation}.jpg"]
    assert probe(path).oriented_size == (160, 100)
    for crop, colour in (((80, 0, 160, 50), ic.GREEN), ((0, 50, 80, 100), ic.BLUE)):
        prepared = prepare(path, "gallery", crop=crop)
        assert (prepared.width, prepared.height) == (80, 50)
        with Image.open(io.BytesIO(prepared.data)) as im:
            assert all(ic.close(c, colour) for c in ic.quadrant_colours(im)), orientation
        assert b"Canon" not in prepared.data and md.GPS_LOCATION in prepared.removed


@pytest.mark.parametrize(
    ("name", "leftovers"),
    [
        ("jpeg_garbage_after_eoi.jpg", [b"GARBAGE"]),
        ("jpeg_huge_app.jpg", [b"JUNK"]),
        ("jpeg_exif_thumb_bigger.jpg", [b"Exif"]),
        ("jpeg_icc_split.jpg", []),
        ("orient_private_1.jpg", [b"Canon", b"EOS 5D"]),
        ("png_text.png", [b"made at home", b"zTXt", b"iTXt"]),
        ("webp_meta.webp", [b"secret-xmp", b"Canon"]),
        ("gif_zero_delay.gif", []),
        ("webp_anim.webp", []),
    ],
)
def test_untouched_pictures_keep_their_own_bytes(
    hostile: dict[str, Path], name: str, leftovers: list[bytes]
):
    """A picture that needs no pixel change is not re-encoded: the output is the file minus
    its metadata (and whatever trails the image), never bigger than the original."""
    path = hostile[name]
    prepared = prepare(path, "gallery")
    assert prepared.quality is None and "Kept as it is (not re-encoded)." in prepared.notes
    assert prepared.size <= path.stat().st_size
    for secret in leftovers:
        assert secret not in prepared.data, secret
    info = probe(path)
    assert prepared.frame_count == info.frame_count
    if info.metadata.icc:
        with Image.open(io.BytesIO(prepared.data)) as im:
            assert im.info["icc_profile"] == Image.open(path).info["icc_profile"]


def test_camera_extras_after_the_picture_are_dropped(hostile: dict[str, Path]):
    prepared = prepare(hostile["jpeg_mpo.jpg"], "gallery")
    assert prepared.data.count(b"\xff\xd8") == 1  # the second (MPO) picture is gone
    assert prepared.data.endswith(b"\xff\xd9")


def test_reencoded_jpeg_never_goes_above_its_own_quality(tmp_path: Path):
    path = tmp_path / "q70.jpg"
    ic.noise(600, 400).save(path, quality=70)
    prepared = prepare(path, "gallery", crop=(0, 0, 590, 400))  # a crop forces re-encoding
    assert prepared.quality == 70
    assert prepared.size < path.stat().st_size


def test_wide_and_tall_strips_are_blocked_with_a_clear_message(tmp_path: Path):
    for size in ((65500, 1), (1, 30000)):
        path = tmp_path / f"strip_{size[0]}x{size[1]}.png"
        Image.new("L", size, 128).save(path)
        info = probe(path)
        for target in ("avatar", "cover", "user_avatar"):
            blocking = {f.code: f for f in check(info, target) if f.severity is Severity.BLOCKS}
            assert "too_small" in blocking, (size, target)
            assert "once cropped to" in blocking["too_small"].message


def test_portrait_cover_gets_a_16_9_crop(tmp_path: Path):
    path = tmp_path / "portrait.jpg"
    ic.quadrants(1080, 1920).save(path, quality=85)
    info = probe(path)
    findings = {f.code: f for f in check(info, "cover")}
    assert findings["wrong_aspect"].severity is Severity.BLOCKS
    crop = fix_crop(info, "cover")
    assert crop is not None
    prepared = prepare(path, "cover", crop=crop)
    assert (prepared.width, prepared.height) == (1072, 603)  # whole 16×9 steps, as the editor
    assert prepared.width * 9 == prepared.height * 16


def test_exactly_at_the_cap_and_just_over(tmp_path: Path):
    cap = limits.UPLOAD_RULES["artist_image"].max_bytes
    picture = ic.quadrants(600, 600)
    at, over = tmp_path / "at.jpg", tmp_path / "over.jpg"
    at.write_bytes(hc.jpeg_padded_to(picture, cap))
    over.write_bytes(hc.jpeg_padded_to(picture, cap + 1))
    assert probe(at).file_size == cap
    assert "file_too_large" not in {f.code for f in check(probe(at), "avatar")}
    too_large = [f for f in check(probe(over), "avatar") if f.code == "file_too_large"]
    assert too_large and too_large[0].severity is Severity.BLOCKS
    for path in (at, over):
        prepared = prepare(path, "avatar")
        assert_contract(prepared, path, "avatar")
        assert prepared.size < 100_000  # the padding went, the picture stayed
        assert (prepared.width, prepared.height) == (600, 600)


def test_animated_avatar_kept_when_it_fits_and_flattened_with_a_warning_when_not(
    hostile: dict[str, Path], big_files: dict[str, Path]
):
    small = probe(hostile["gif_mixed_frames.gif"])
    findings = {f.code: f for f in check(small, "avatar")}
    assert findings["animated"].severity is Severity.INFO
    assert "stays animated" in findings["animated"].message
    assert prepare(hostile["gif_mixed_frames.gif"], "avatar").animated
    big = probe(big_files["anim_noise_40.gif"])
    findings = {f.code: f for f in check(big, "avatar")}
    assert findings["animation_may_flatten"].severity is Severity.WARNING
    assert "only the first frame" in findings["animation_may_flatten"].message


def test_damaged_end_of_an_animation_keeps_the_good_frames(hostile: dict[str, Path]):
    path = hostile["gif_truncated_last.gif"]
    prepared = prepare(path, "avatar")
    assert prepared.animated and prepared.frame_count == 2
    assert any("first 2 of 3 frames" in note for note in prepared.notes)
    assert_contract(prepared, path, "avatar")


def test_animation_bomb_is_flattened_not_decoded(hostile: dict[str, Path]):
    prepared = prepare(hostile["bomb_gif_frames.gif"], "avatar")
    assert not prepared.animated
    assert any("too large to process" in note for note in prepared.notes)


def test_formats_outside_the_upload_types(hostile: dict[str, Path]):
    avif = probe(hostile["avif.avif"])
    assert avif.format == "AVIF"
    assert "format_not_allowed" in {f.code for f in check(avif, "avatar")}
    assert prepare(hostile["avif.avif"], "avatar").format == "JPEG"
    with pytest.raises(NotAnImageError, match="HEIC"):
        probe(hostile["heic.heic"])
    assert probe(hostile["tiff_pages.tif"]).metadata.labels == ()  # layout tags are no metadata
