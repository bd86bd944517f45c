"""Preparing a long animation for upload: the case of issue 8 §2.5 (a 100-frame 800×450
animated WebP over the 2 MB cap took about 30 s and said nothing).

Builds that animation (moving shapes over a grainy photo-like background, lossy WebP, about
4.7 MB), prepares it as a cover image (16:9, so no crop is needed) ``--repeat`` times, and
prints min/median/max, the result (size, quality, frames, notes), how often progress was
reported, and the longest gap between two reports — the longest a Stop can wait.

Run: .venv/bin/python bench/bench_animation.py [--repeat 3] [--frames 100] [--gif]
To time older code, put its checkout first on the path: PYTHONPATH=/path/to/old python …
(the progress figures need the progress callback, which older code does not have).
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

import studio.images
from studio.images import prepare

WIDTH, HEIGHT = 800, 450


def make_animation(path: Path, count: int, fmt: str) -> None:
    rng = random.Random(3)
    base = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
    tint = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    background = Image.merge("RGB", (base, tint, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    blobs = [
        (
            rng.randrange(WIDTH),
            rng.randrange(HEIGHT),
            rng.randrange(20, 90),
            (rng.randrange(256), rng.randrange(256), rng.randrange(256)),
            rng.uniform(-8, 8),
            rng.uniform(-8, 8),
        )
        for _ in range(25)
    ]
    frames = []
    for i in range(count):
        frame = background.copy()
        draw = ImageDraw.Draw(frame)
        for x, y, r, colour, dx, dy in blobs:
            cx, cy = (x + dx * i) % WIDTH, (y + dy * i) % HEIGHT
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        grain = Image.frombytes("L", (WIDTH, HEIGHT), rng.randbytes(WIDTH * HEIGHT))
        frames.append(Image.blend(frame, Image.merge("RGB", (grain, grain, grain)), 0.06))
    params: dict[str, object] = {"save_all": True, "append_images": frames[1:], "duration": 40}
    if fmt == "WEBP":
        params["quality"] = 80
    frames[0].save(path, fmt, loop=0, **params)


def stamper(stamps: list[float]) -> Callable[[float, str], None]:
    return lambda _share, _message: stamps.append(time.perf_counter())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--gif", action="store_true", help="an animated GIF instead of WebP")
    parser.add_argument("--target", default="cover")
    args = parser.parse_args()
    fmt = "GIF" if args.gif else "WEBP"
    has_progress = "progress" in inspect.signature(prepare).parameters
    work = Path(tempfile.mkdtemp(prefix="bench-animation-"))
    try:
        source = work / f"anim.{fmt.lower()}"
        make_animation(source, args.frames, fmt)
        print(f"studio.images from {Path(studio.images.__file__).parent}")
        print(
            f"Source: {args.frames}-frame {WIDTH}×{HEIGHT} animated {fmt}, "
            f"{source.stat().st_size / 1e6:.1f} MB; target {args.target}"
        )
        times: list[float] = []
        gaps: list[float] = []
        reports = 0
        result = None
        for _ in range(args.repeat):
            stamps: list[float] = []
            start = time.perf_counter()
            if has_progress:
                result = prepare(source, args.target, progress=stamper(stamps))
            else:
                result = prepare(source, args.target)
            end = time.perf_counter()
            times.append(end - start)
            if stamps:
                marks = [start, *stamps, end]
                gaps.append(max(b - a for a, b in itertools.pairwise(marks)))
                reports = len(stamps)
        assert result is not None
        print(
            f"prepare over {args.repeat} runs: min {min(times):.2f} s, "
            f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
        )
        print(
            f"Result: {result.width}×{result.height} {result.format} q{result.quality}, "
            f"{result.frame_count} frames, {result.size / 1e6:.2f} MB, animated={result.animated}"
        )
        print(f"Notes: {result.notes}")
        if gaps:
            print(
                f"Progress: {reports} reports per run; longest gap between reports "
                f"(how long a Stop can wait) {max(gaps):.2f} s"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
