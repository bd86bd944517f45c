"""Bounded mutation fuzzing (seeded, a few hundred mutants) and a memory bound for bombs."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import hostile_corpus as hc
import pytest
from PIL import Image

from studio.core import limits
from studio.images import ImageError, check, prepare, probe, thumbnail

SOURCES = (
    "jpeg_progressive.jpg",
    "orient_private_6.jpg",
    "png_text.png",
    "png_adam7.png",
    "png_apng.png",
    "gif_mixed_frames.gif",
    "webp_meta.webp",
    "webp_anim.webp",
    "tiff_lzw.tif",
    "bmp_rle8.bmp",
)
MUTANTS_PER_SOURCE = 30
BOMBS = (
    "bomb_png_zeros.png",
    "bomb_bmp_rle.bmp",
    "bomb_tiff_huge.tif",
    "bomb_webp_claims.webp",
    "bomb_gif_frames.gif",
    "png_icc_bomb.png",
    "png_text_bomb.png",
)
BOMB_MEMORY_MB = 128  # well below what any of them claims to decode to


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """Byte flips (mostly in the headers, where parsers decide things), boundary values,
    insertions, and truncation."""
    blob = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        head = rng.random() < 0.7
        pos = rng.randrange(min(len(blob), 300) if head else len(blob))
        action = rng.random()
        if action < 0.6:
            blob[pos] = rng.randrange(256)
        elif action < 0.8:
            blob[pos : pos + 2] = rng.choice((b"\xff\xff", b"\x00\x00", b"\x7f\xff", b"\x80\x00"))
        else:
            blob[pos:pos] = rng.randbytes(rng.randint(1, 16))
    if rng.random() < 0.2:
        blob = blob[: rng.randrange(8, len(blob))]
    return bytes(blob)


@pytest.fixture(scope="module")
def sources() -> dict[str, bytes]:
    return {name: hc.CATALOGUE[name]() for name in SOURCES}


@pytest.mark.parametrize("name", SOURCES)
def test_only_image_errors_escape_from_mutants(
    sources: dict[str, bytes], tmp_path: Path, name: str
):
    rng = random.Random(f"fuzz-{name}")
    cap = limits.UPLOAD_RULES["artist_image"].max_bytes
    worked = refused = 0
    for index in range(MUTANTS_PER_SOURCE):
        path = tmp_path / f"{index}-{name}"
        path.write_bytes(_mutate(sources[name], rng))
        try:
            info = probe(path)
            for target in ("avatar", "cover"):
                check(info, target)
            prepared = prepare(path, "avatar")
            thumbnail(path, 32, tmp_path / "thumbs")
        except ImageError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc)
            refused += 1
            continue
        assert prepared.size <= cap
        with Image.open(io.BytesIO(prepared.data)) as out:
            for frame in range(int(getattr(out, "n_frames", 1))):
                out.seek(frame)
                out.load()
        worked += 1
    assert worked + refused == MUTANTS_PER_SOURCE


_MEASURE = textwrap.dedent(
    """
    import json, resource, sys
    from studio.images import ImageError, prepare, probe, thumbnail

    def peak_kb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    warm, cache, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    prepare(warm, "avatar")  # load the codecs before the baseline
    thumbnail(warm, 32, cache)
    base = peak_kb()
    outcomes = {}
    for path in paths:
        outcome = []
        for step in (probe, lambda p: prepare(p, "avatar"), lambda p: thumbnail(p, 64, cache)):
            try:
                step(path)
                outcome.append("ok")
            except ImageError as exc:
                outcome.append(type(exc).__name__)
        outcomes[path] = outcome
    print(json.dumps({"growth_mb": (peak_kb() - base) / 1024, "outcomes": outcomes}))
    """
)


def test_bombs_never_allocate_much(tmp_path: Path):
    """In a fresh process (so the peak is the bombs' own), every bomb is refused or flattened
    while the peak resident memory grows by less than ``BOMB_MEMORY_MB``."""
    paths = []
    for name in BOMBS:
        path = tmp_path / name
        path.write_bytes(hc.CATALOGUE[name]())
        paths.append(str(path))
    warm = tmp_path / "warm.png"
    Image.new("RGB", (500, 500), "red").save(warm)
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(warm), str(tmp_path / "cache"), *paths],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["growth_mb"] < BOMB_MEMORY_MB, report
    for path, outcome in report["outcomes"].items():
        if path.endswith("bomb_gif_frames.gif"):
            assert outcome == ["ok", "ok", "ok"]  # flattened to its first frame
        else:
            assert outcome == ["ImageTooLargeError"] * 3, (path, outcome)
