"""Image pipeline speed: prepare a 24-megapixel JPEG for upload and make its thumbnail,
compared with libvips (pyvips) doing the same in the same run.

Run: /work/venv/bin/python bench/bench_images.py [--repeat N] [--size 256]
Prints figures only; targets (thumbnail ≤ 1.5× libvips) are reported, not asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

from studio.images import prepare, thumbnail

WIDTH, HEIGHT = 6000, 4000
TARGET_RATIO = 1.5


def make_photo(path: Path) -> None:
    """A photo-like 6000×4000 JPEG: smooth gradients, shapes and fine grain."""
    base = Image.radial_gradient("L").resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    tint = Image.linear_gradient("L").resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    photo = Image.merge("RGB", (base, tint, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(photo)
    rng = random.Random(1)
    for _ in range(300):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        r = rng.randrange(20, 400)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    photo = photo.filter(ImageFilter.GaussianBlur(3))
    grain = Image.frombytes(
        "L", (WIDTH // 2, HEIGHT // 2), rng.randbytes(WIDTH * HEIGHT // 4)
    ).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    photo = Image.blend(photo, Image.merge("RGB", (grain, grain, grain)), 0.08)
    photo.save(path, "JPEG", quality=92)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs (after one warm-up run)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def load_pyvips() -> Any:
    try:
        import pyvips

        pyvips.Image.black(1, 1).avg()  # proves libvips itself loads
    except Exception as exc:  # ImportError, OSError from cffi when libvips is missing
        print(f"pyvips/libvips not available ({type(exc).__name__}: {exc}).")
        print("Install libvips (apt-get install -y libvips42) to compare; Pillow figures only.")
        return None
    return pyvips


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=256, help="thumbnail box (pixels)")
    parser.add_argument("--target", default="gallery", help="upload target for prepare()")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-images-"))
    try:
        source = work / "photo-24mp.jpg"
        make_photo(source)
        print(f"Source: {WIDTH}×{HEIGHT} JPEG, {source.stat().st_size / 1e6:.1f} MB")
        print(f"Median of {args.repeat} runs each.\n")

        prepared = prepare(source, args.target)
        t_prepare = timed(lambda: prepare(source, args.target), args.repeat)
        print(
            f"Pillow prepare ({args.target}): {t_prepare * 1000:7.1f} ms  → "
            f"{prepared.width}×{prepared.height} {prepared.format} q{prepared.quality}, "
            f"{prepared.size / 1e6:.2f} MB"
        )

        counter = iter(range(1_000_000))

        def cold_thumbnail() -> Path:
            return thumbnail(source, args.size, work / f"cache-{next(counter)}")

        t_thumb = timed(cold_thumbnail, args.repeat)
        warm = work / "cache-warm"
        thumbnail(source, args.size, warm)
        t_cached = timed(lambda: thumbnail(source, args.size, warm), args.repeat)
        print(f"Pillow thumbnail {args.size}px (hash + decode + save): {t_thumb * 1000:7.1f} ms")
        print(f"Pillow thumbnail from cache (hash only):      {t_cached * 1000:7.1f} ms")
        print(
            f"Pillow prepare + thumbnail:                   {(t_prepare + t_thumb) * 1000:7.1f} ms"
        )

        vips = load_pyvips()
        if vips is None:
            return

        def vips_thumbnail() -> None:
            image = vips.Image.thumbnail(str(source), args.size)
            image.write_to_file(str(work / "vips-thumb.jpg[Q=85,strip]"))

        box = prepared.width, prepared.height

        def vips_prepare() -> None:
            image = vips.Image.thumbnail(str(source), box[0], height=box[1])
            image.jpegsave_buffer(Q=prepared.quality or 90, strip=True, optimize_coding=True)

        t_vthumb = timed(vips_thumbnail, args.repeat)
        t_vprep = timed(vips_prepare, args.repeat)
        ratio = t_thumb / t_vthumb
        verdict = "meets" if ratio <= TARGET_RATIO else "misses"
        version = f"{vips.version(0)}.{vips.version(1)}"
        print(f"\nlibvips {version} thumbnail:         {t_vthumb * 1000:7.1f} ms")
        print(f"libvips resize + JPEG save (one pass): {t_vprep * 1000:7.1f} ms")
        print(
            f"\nThumbnail ratio Pillow/libvips: {ratio:.2f}× (target ≤ {TARGET_RATIO}×: {verdict})"
        )
        print(
            f"Prepare ratio Pillow/libvips:   {t_prepare / t_vprep:.2f}× "
            "(Pillow also searches the best quality under the cap)"
        )
        print(
            f"Prepare + thumbnail ratio:      {(t_prepare + t_thumb) / (t_vprep + t_vthumb):.2f}×"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
