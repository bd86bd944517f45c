"""Damaged and unusual files: every outcome is a result or an ImageError, never a crash."""

from __future__ import annotations

import io
import random
from pathlib import Path

import image_corpus as ic
import pytest
from PIL import Image

from studio.core import limits
from studio.images import CorruptImageError, ImageError, prepare, probe, thumbnail

SOURCES = ("mode_RGB.jpg", "mode_RGB.png", "mode_P.gif", "mode_RGB.webp", "anim.gif", "private.jpg")


def _mutants(data: bytes, seed: int, count: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        blob = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        if rng.random() < 0.3:
            blob = blob[: rng.randrange(8, len(blob))]
        out.append(bytes(blob))
    return out


@pytest.mark.parametrize("name", SOURCES)
def test_mutated_files_never_crash(corpus: dict[str, Path], tmp_path: Path, name: str):
    cap = limits.UPLOAD_RULES["artist_image"].max_bytes
    outcomes = {"ok": 0, "refused": 0}
    for i, blob in enumerate(_mutants(corpus[name].read_bytes(), seed=len(name), count=12)):
        path = tmp_path / f"{i}-{name}"
        path.write_bytes(blob)
        try:
            probe(path)
            prepared = prepare(path, "avatar")
            thumbnail(path, 32, tmp_path / "cache")
        except ImageError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            outcomes["refused"] += 1
            continue
        assert prepared.size <= cap
        with Image.open(io.BytesIO(prepared.data)) as out:
            out.load()
        outcomes["ok"] += 1
    assert sum(outcomes.values()) == 12


def test_camera_mpo_is_a_still_jpeg(tmp_path: Path):
    path = tmp_path / "camera.jpg"
    ic.quadrants().save(
        path, "MPO", save_all=True, append_images=[ic.quadrants(80, 50)], quality=95
    )
    info = probe(path)
    assert info.format == "JPEG" and info.mime == "image/jpeg"
    assert not info.animated and info.frame_count == 1
    prepared = prepare(path, "gallery")
    assert prepared.format == "JPEG" and not prepared.animated
    assert (prepared.width, prepared.height) == (160, 100)


def test_multipage_tiff_is_not_an_animation(tmp_path: Path):
    path = tmp_path / "pages.tif"
    ic.quadrants().save(path, "TIFF", save_all=True, append_images=[ic.quadrants()])
    info = probe(path)
    assert not info.animated
    prepared = prepare(path, "gallery")
    assert prepared.format in ("PNG", "JPEG") and not prepared.animated


def test_very_thin_picture(tmp_path: Path):
    path = tmp_path / "thin.png"
    Image.new("RGB", (3000, 2), "red").save(path)
    prepared = prepare(path, "gallery")
    assert prepared.width == 2048 and prepared.height >= 1
    with Image.open(io.BytesIO(prepared.data)) as out:
        out.load()


@pytest.mark.parametrize(
    ("head", "claimed"),
    [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff\xe0", "JPEG"), (b"GIF89a", "GIF")],
)
def test_damaged_header_names_the_format_it_claims(tmp_path: Path, head: bytes, claimed: str):
    path = tmp_path / "broken.bin"
    path.write_bytes(head + b"\x00\x13garbage" * 10)
    with pytest.raises(CorruptImageError, match=f"starts like a {claimed} picture"):
        probe(path)
