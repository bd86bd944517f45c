"""Animations: a shrunk or re-encoded animation says what was done, preparing reports its
progress and can be stopped, and the quality search keeps every frame under the cap
(issue 8 §2.5; the time is measured by bench/bench_animation.py)."""

from __future__ import annotations

import io
from pathlib import Path

import edge_corpus as ec
import pytest
from PIL import Image, ImageChops

from studio.core import limits
from studio.images import Cancelled, ImageError, prepare
from studio.images import animation as anim

CAP = limits.UPLOAD_RULES["artist_image"].max_bytes


@pytest.fixture(scope="module")
def long_webp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 noisy frames (sampled by the search), about 3 MB: over the cap at top quality."""
    root = tmp_path_factory.mktemp("anim")
    return ec.noisy_animation(root / "long.webp", "WEBP", (400, 300), 30)


def _frames(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as im:
        for index in range(int(getattr(im, "n_frames", 1))):
            im.seek(index)
            im.load()
        return int(getattr(im, "n_frames", 1))


def test_shrunk_animation_says_how_much(big_files: dict[str, Path]):
    prepared = prepare(big_files["anim_noise_16.gif"], "avatar")
    assert prepared.animated and prepared.frame_count == 16
    said = " ".join(prepared.notes)
    assert f"Scaled down to {prepared.width}×{prepared.height} to fit under 2 MB" in said
    assert "all 16 frames kept" in said


def test_long_animation_fits_says_so_and_reports_progress(long_webp: Path):
    assert long_webp.stat().st_size > CAP
    assert anim.SAMPLE_FROM < 30  # long enough for the search to work on a sample
    reports: list[tuple[float, str]] = []
    prepared = prepare(
        long_webp, "gallery", crop=(0, 0, 390, 300), progress=lambda s, m: reports.append((s, m))
    )
    assert prepared.animated and prepared.frame_count == 30
    assert prepared.size <= CAP and _frames(prepared.data) == 30
    assert prepared.quality is not None and prepared.quality < 90
    said = " ".join(prepared.notes)
    assert f"Re-encoded at quality {prepared.quality} to fit under 2 MB" in said
    shares = [share for share, _ in reports]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert len(reports) >= 30  # at least once a frame
    messages = {message for _, message in reports}
    assert "Reading 30 frames…" in messages
    assert any(m.startswith("Encoding the animation at") for m in messages)


def test_a_stop_from_the_progress_callback_ends_the_work(long_webp: Path):
    seen: list[float] = []

    def stop_while_encoding(share: float, message: str) -> None:
        seen.append(share)
        if message.startswith("Encoding"):
            raise Cancelled

    with pytest.raises(Cancelled):
        prepare(long_webp, "gallery", crop=(0, 0, 390, 300), progress=stop_while_encoding)
    assert seen and seen[-1] < 0.5  # stopped early, not after the encodes
    assert not issubclass(Cancelled, ImageError)  # never shown as an error


def test_a_still_reports_its_end(tmp_path: Path):
    path = tmp_path / "still.png"
    ec.graphic(300, 200).save(path)
    reports: list[float] = []
    prepare(path, "gallery", crop=(0, 0, 290, 200), progress=lambda s, m: reports.append(s))
    assert reports and reports[-1] == 1.0


def test_cropped_lossless_animation_stays_lossless(tmp_path: Path):
    frames = [ec.graphic(200, 150, seed=s) for s in range(4)]
    path = tmp_path / "lossless.webp"
    frames[0].save(
        path, "WEBP", save_all=True, append_images=frames[1:], lossless=True, duration=80
    )
    prepared = prepare(path, "gallery", crop=(0, 0, 190, 150))
    assert prepared.animated and prepared.quality is None
    with Image.open(io.BytesIO(prepared.data)) as out:
        for index, frame in enumerate(frames):
            out.seek(index)
            got = out.convert("RGB")
            assert ImageChops.difference(got, frame.crop((0, 0, 190, 150))).getbbox() is None
