"""thumbnail(): cached by content hash, upright, safe under concurrency."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import image_corpus as ic
import pytest
from PIL import Image

from studio.images import CorruptImageError, ImageTooLargeError, NotAnImageError, thumbnail
from studio.images import thumbnails as thumbs


def test_thumbnail_fits_the_box_and_is_upright(corpus: dict[str, Path], tmp_path: Path):
    path = thumbnail(corpus["orient_6.jpg"], 64, tmp_path / "cache")
    assert path.parent == tmp_path / "cache"
    with Image.open(path) as im:
        im.load()
        assert im.size == (64, 40)  # shown 160×100, not the stored 100×160
        for got, want in zip(ic.quadrant_colours(im), ic.QUADRANTS, strict=True):
            assert ic.close(got, want, 60)


def test_second_call_is_read_from_the_cache(
    corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    first = thumbnail(corpus["mode_RGB.jpg"], 48, tmp_path)

    def no_decoding(*args: object) -> None:
        raise AssertionError("the cached thumbnail must be reused")

    monkeypatch.setattr(thumbs, "open_image", no_decoding)
    assert thumbnail(corpus["mode_RGB.jpg"], 48, tmp_path) == first
    copy = tmp_path / "renamed.jpeg"
    shutil.copy(corpus["mode_RGB.jpg"], copy)
    assert thumbnail(copy, 48, tmp_path) == first  # same bytes, same thumbnail


def test_key_changes_with_size_content_and_version(
    corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "pic.png"
    shutil.copy(corpus["mode_RGB.png"], path)
    key = thumbs.cache_key(path, 48)
    assert thumbs.cache_key(path, 49) != key
    assert thumbs.cache_key(path, (48, 30)) != key
    ic.quadrants().transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(path)
    assert thumbs.cache_key(path, 48) != key
    changed = thumbs.cache_key(path, 48)
    monkeypatch.setattr(thumbs, "THUMBNAIL_VERSION", thumbs.THUMBNAIL_VERSION + 1)
    assert thumbs.cache_key(path, 48) != changed


def test_transparent_thumbnail_is_png(corpus: dict[str, Path], tmp_path: Path):
    path = thumbnail(corpus["mode_RGBA.png"], 32, tmp_path)
    with Image.open(path) as im:
        assert im.format == "PNG" and im.mode == "RGBA"
        assert im.getpixel((0, 0))[3] == 0  # type: ignore[index]


def test_animation_thumbnail_is_the_first_frame(corpus: dict[str, Path], tmp_path: Path):
    path = thumbnail(corpus["anim.gif"], 50, tmp_path)
    with Image.open(path) as im:
        assert getattr(im, "n_frames", 1) == 1 and im.size == (50, 50)


def test_high_bit_depth_and_cmyk(corpus: dict[str, Path], tmp_path: Path):
    for name in ("mode_I16.png", "mode_CMYK.jpg", "mode_F.tif", "mode_1.png"):
        with Image.open(thumbnail(corpus[name], 40, tmp_path)) as im:
            im.load()
            assert im.mode in ("L", "RGB", "P"), name


def test_concurrent_calls_agree_and_leave_no_temp_files(corpus: dict[str, Path], tmp_path: Path):
    cache = tmp_path / "shared"
    names = ["mode_RGB.jpg", "orient_3.jpg", "mode_RGBA.png"] * 6
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda n: thumbnail(corpus[n], 40, cache), names))
    by_name: dict[str, set[Path]] = {}
    for name, result in zip(names, results, strict=True):
        by_name.setdefault(name, set()).add(result)
    assert all(len(paths) == 1 for paths in by_name.values())
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        p.name for paths in by_name.values() for p in paths
    )
    for path in results:
        with Image.open(path) as im:
            im.load()


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("text.jpg", NotAnImageError),
        ("truncated.jpg", CorruptImageError),
        ("bomb_huge.png", ImageTooLargeError),
    ],
)
def test_bad_files(corpus: dict[str, Path], tmp_path: Path, name: str, error: type):
    with pytest.raises(error):
        thumbnail(corpus[name], 40, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_size_must_be_positive(corpus: dict[str, Path], tmp_path: Path):
    with pytest.raises(ValueError, match="positive"):
        thumbnail(corpus["mode_RGB.jpg"], 0, tmp_path)
