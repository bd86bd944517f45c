"""Image pipeline speed: prepare a 24-megapixel JPEG for upload and make its thumbnail,
compared with libvips (pyvips) doing the same work in the same run.

Fair by construction:
- the sides are interleaved: every round runs each contender once, in a rotating order, so
  a slow patch of the machine (other processes, thermal) hits all of them alike;
- libvips runs single-threaded (like Pillow, whose decode/resize/encode use one thread) and
  with its default thread pool, and both ratios are reported;
- both sides write JPEG with the same settings: the quality Pillow chose, the same chroma
  subsampling (4:2:0 for the prepared upload as Pillow writes it, 4:4:4 for thumbnails as
  the studio writes them), optimized Huffman tables, no metadata;
- libvips' operation cache is off (Pillow has none), so no run reuses an earlier one.

Run: .venv/bin/python bench/bench_images.py [--repeat 7] [--size 256] [--target gallery]
(``pip install -e ".[bench]"`` and libvips, e.g. ``apt-get install -y libvips42``; without
them the Pillow side still runs.) Prints figures only; the target (thumbnail ≤ 1.5×
libvips) is reported, never asserted.
"""

from __future__ import annotations

import argparse
import io
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
from studio.images.thumbnails import THUMBNAIL_QUALITY

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


def load_pyvips() -> Any:
    try:
        import pyvips

        pyvips.Image.black(1, 1).avg()  # proves libvips itself loads
    except Exception as exc:  # ImportError, OSError from cffi when libvips is missing
        print(f"libvips comparison SKIPPED: pyvips/libvips not available ({type(exc).__name__}).")
        print('  Install with: pip install -e ".[bench]" and apt-get install -y libvips42')
        print("  Pillow figures only.\n")
        return None
    return pyvips


class Contender:
    """One way of doing the work, timed once per round."""

    def __init__(self, name: str, run: Callable[[], object], before: Callable[[], None]) -> None:
        self.name, self._run, self._before = name, run, before
        self.times: list[float] = []

    def once(self) -> None:
        self._before()
        start = time.perf_counter()
        self._run()
        self.times.append(time.perf_counter() - start)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def line(self) -> str:
        ms = [t * 1000 for t in self.times]
        return (
            f"  {self.name:<48} min {min(ms):7.1f}  median {statistics.median(ms):7.1f}  "
            f"max {max(ms):7.1f} ms"
        )


def interleave(contenders: list[Contender], repeat: int) -> None:
    """One warm-up run each, then ``repeat`` rounds, each contender once per round, the
    order rotating from round to round."""
    for contender in contenders:
        contender.once()
        contender.times.clear()
    for round_no in range(repeat):
        shift = round_no % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            contender.once()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--size", type=int, default=256, help="thumbnail box (pixels)")
    parser.add_argument("--target", default="gallery", help="upload target for prepare()")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-images-"))
    try:
        source = work / "photo-24mp.jpg"
        make_photo(source)
        print(f"Source: {WIDTH}×{HEIGHT} JPEG, {source.stat().st_size / 1e6:.1f} MB")
        prepared = prepare(source, args.target)
        print(
            f"Pillow prepare ({args.target}) → {prepared.width}×{prepared.height} "
            f"{prepared.format} q{prepared.quality}, {prepared.size / 1e6:.2f} MB"
        )
        counter = iter(range(1_000_000))
        cache = work / "cache"

        def fresh_cache() -> None:  # a cold thumbnail every time (no cached file)
            nonlocal cache
            cache = work / f"cache-{next(counter)}"

        def nothing() -> None:
            return None

        pillow = [
            Contender(
                "Pillow prepare (decode+crop+scale+encode)",
                lambda: prepare(source, args.target),
                nothing,
            ),
            Contender(
                f"Pillow thumbnail {args.size}px (hash+decode+save)",
                lambda: thumbnail(source, args.size, cache),
                fresh_cache,
            ),
        ]
        warm = work / "cache-warm"
        thumbnail(source, args.size, warm)
        hashing = Contender(
            "Pillow thumbnail from cache (hash only)",
            lambda: thumbnail(source, args.size, warm),
            nothing,
        )
        vips = load_pyvips()
        contenders = [*pillow, hashing]
        threads: dict[str, int] = {}
        if vips is not None:
            vips.cache_set_max(0)  # no operation cache: every run does the work
            default_threads = vips.concurrency_get()
            box = prepared.width, prepared.height
            quality = prepared.quality or 90
            with Image.open(io.BytesIO(prepared.data)) as out:
                sampling = out.layer  # e.g. [("1", 2, 2, 0), …]: 2×2 on luma = 4:2:0
            subsample = "on" if sampling and sampling[0][1] == 2 else "off"

            def with_threads(n: int) -> Callable[[], None]:
                return lambda: vips.concurrency_set(n)

            def vips_prepare() -> bytes:
                image = vips.Image.thumbnail(str(source), box[0], height=box[1])
                return bytes(
                    image.jpegsave_buffer(
                        Q=quality, subsample_mode=subsample, optimize_coding=True, strip=True
                    )
                )

            def vips_thumbnail() -> bytes:
                image = vips.Image.thumbnail(str(source), args.size, height=args.size)
                return bytes(
                    image.jpegsave_buffer(
                        Q=THUMBNAIL_QUALITY, subsample_mode="off", optimize_coding=True, strip=True
                    )
                )

            for label, n in (
                ("1 thread", 1),
                (f"default, {default_threads} threads", default_threads),
            ):
                threads[label] = n
                contenders += [
                    Contender(
                        f"libvips prepare-equivalent ({label})", vips_prepare, with_threads(n)
                    ),
                    Contender(
                        f"libvips thumbnail {args.size}px ({label})",
                        vips_thumbnail,
                        with_threads(n),
                    ),
                ]
            vips.concurrency_set(1)
            vips_bytes = len(vips_prepare())
            print(
                f"libvips {vips.version(0)}.{vips.version(1)}: same box, JPEG Q{quality}, "
                f"subsampling {'4:2:0' if subsample == 'on' else '4:4:4'} → "
                f"{vips_bytes / 1e6:.2f} MB (Pillow: {prepared.size / 1e6:.2f} MB)"
            )
        print(f"\n{args.repeat} interleaved rounds (one warm-up each):")
        interleave(contenders, args.repeat)
        for contender in contenders:
            print(contender.line())
        if vips is None:
            return
        by_name = {c.name: c for c in contenders}
        t_prepare, t_thumb = pillow[0].median, pillow[1].median
        t_hash = hashing.median
        print("\nRatios of medians, Pillow / libvips:")
        for label in threads:
            v_prep = by_name[f"libvips prepare-equivalent ({label})"].median
            v_thumb = by_name[f"libvips thumbnail {args.size}px ({label})"].median
            ratio = t_thumb / v_thumb
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            print(f"  libvips {label}:")
            print(f"    prepare    {t_prepare / v_prep:5.2f}×  (Pillow also checks the cap)")
            print(
                f"    thumbnail  {ratio:5.2f}×  (target ≤ {TARGET_RATIO}×: {verdict}); "
                f"without Pillow's cache-key hashing {(t_thumb - t_hash) / v_thumb:5.2f}×"
            )
            print(f"    both       {(t_prepare + t_thumb) / (v_prep + v_thumb):5.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
