"""Importing pictures into the gallery by drop: 30 pictures of 24 MP (6000×4000; JPEG, every
fifth a PNG), dropped on the gallery page's grid as three drops of ten (a BeatPass gallery
holds ten: each round starts from an empty gallery, "Nova Lo-Fi", and removes its pictures
afterwards). Cold caches: fresh studio folders.

The picture work runs in worker processes (``--threads``: in threads of the GUI process, to
compare); they start when the gallery shows, so the drops find them ready, as a user does.

Prints, against the issue's targets:
- the longest GUI-thread stall while importing (a 2 ms heartbeat; target ≤ 50 ms), and how
  much of it at most was the GUI thread's own processor time (the rest is waiting);
- the time until every tile shows its thumbnail, summed over the rounds, against Pillow's
  own ``draft()`` + ``thumbnail()`` over the same files, one after another in one process
  (target ≤ 1.5×); and the time until all pictures are prepared, kept and in the draft;
- the process's peak memory (ru_maxrss, taken before the Pillow baseline runs; target
  ≤ 600 MB).

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_gallery_import.py [--keep FOLDER]``
(``--keep`` makes the pictures there once and reuses them).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from gallery_bench_rig import (
    Heartbeat,
    MemorySampler,
    drop,
    files_data,
    gallery_rig,
    make_pictures,
    spin,
)
from PIL import Image
from PySide6.QtCore import QPoint, Qt

COUNT, ROUND = 30, 10
SIZE = (6000, 4000)
STALL_TARGET_MS, RATIO_TARGET, MEMORY_TARGET_MB = 50.0, 1.5, 600.0


def pillow_baseline(paths: list[Path], box: int) -> float:
    """Pillow's own draft + thumbnail of every file, one after another."""
    start = time.perf_counter()
    for path in paths:
        with Image.open(path) as im:
            im.draft("RGB", (box, box))
            im.thumbnail((box, box))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="make the pictures here once, then reuse")
    parser.add_argument(
        "--threads",
        action="store_true",
        help="prepare in threads of the GUI process instead of worker processes (to compare)",
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-pictures-"))
    paths = sorted(folder.glob("photo_*.*")) if args.keep else []
    if len(paths) != COUNT:
        print(f"making {COUNT} pictures of {SIZE[0]}×{SIZE[1]} in {folder}…")
        paths = make_pictures(folder, COUNT, SIZE)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{COUNT} pictures, {megabytes:.0f} MB on disk")

    rig = gallery_rig("Nova Lo-Fi")
    from studio.ui.gallery import GalleryPage, edit

    page = rig.page
    assert isinstance(page, GalleryPage)
    if args.threads:
        page.importer.pool.use_processes = False
    # the page has been on screen a moment before the first drop: its workers are up
    page.importer.pool.warm_up()
    model, app = page.model, rig.app
    box = page.importer.box
    beat = Heartbeat()
    memory = MemorySampler().start()
    shown_s = ready_s = 0.0
    stalls: list[float] = []
    busiest: list[float] = []
    worst: list[tuple[float, float, float]] = []
    for start in range(0, COUNT, ROUND):
        batch = paths[start : start + ROUND]
        data = files_data(batch)
        beat.start()
        t0 = time.perf_counter()
        drop(page.view.viewport(), data, QPoint(40, 40), Qt.DropAction.CopyAction)
        spin(app, lambda: len(page.importing()) + model.picture_count == ROUND)
        spin(app, lambda: all(job.thumb is not None for job in page.importing()))
        t1 = time.perf_counter()
        spin(app, lambda: not page.importer.busy)
        t2 = time.perf_counter()
        beat.stop()
        shown_s += t1 - t0
        ready_s += t2 - t0
        stalls.append(beat.longest)
        busiest.append(beat.busiest)
        worst.append(beat.worst())
        assert model.picture_count == len(batch), page.message.text()
        doc = page.document
        assert doc is not None
        edit.remove_pictures(doc, model.keys)
        spin(app, lambda: not page.ctx.images.busy)
    memory.stop()
    workers = page.importer.pool.workers if page.importer.pool.use_processes else 0
    page.importer.pool.shutdown(wait=True)  # the worker processes end (counted below)
    rig.close()
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    baseline_s = pillow_baseline(paths, box)
    ratio = shown_s / baseline_s

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    print(f"thumbnail size: {box} px; rounds: {COUNT // ROUND} drops of {ROUND}")
    print(
        f"longest GUI-thread stall: {max(stalls):.1f} ms (per round: "
        f"{', '.join(f'{s:.1f}' for s in stalls)}) — target ≤ {STALL_TARGET_MS:.0f} ms: "
        f"{verdict(max(stalls) <= STALL_TARGET_MS)}"
    )
    gap, thread_ms, process_ms = max(worst)
    print(
        f"  the longest: {gap:.1f} ms, during which the GUI thread ran {thread_ms:.1f} ms and "
        f"the whole GUI process {process_ms:.1f} ms of processor time (the rest: waiting for "
        "the processor)"
    )
    print(f"  the GUI thread's own work between two heartbeats at most: {max(busiest):.1f} ms")
    print(
        f"every thumbnail shown: {shown_s:.2f} s; Pillow draft()+thumbnail(), one process: "
        f"{baseline_s:.2f} s; ratio {ratio:.2f}× — target ≤ {RATIO_TARGET}×: "
        f"{verdict(ratio <= RATIO_TARGET)}"
    )
    print(f"every picture prepared, kept and in the draft: {ready_s:.2f} s")
    total_mb = memory.peak_mb
    print(
        f"peak memory, the GUI process and its {workers} worker processes together: "
        f"{total_mb:.0f} MB (GUI process alone {memory.gui_peak_mb:.0f} MB"
        + (f"; one worker at most {worker_mb:.0f} MB" if workers else "")
        + f") — target ≤ {MEMORY_TARGET_MB:.0f} MB: {verdict(total_mb <= MEMORY_TARGET_MB)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
