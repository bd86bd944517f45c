"""Reordering a full gallery by drag (target: longest GUI-thread stall ≤ 16 ms, one frame).

The gallery page of the demo producer's "Nova Lo-Fi" (fresh studio folders, an in-process
sandbox) is filled to its limit of ten pictures by a drop (photo-like JPEGs of 4000×3000,
prepared as a user's would be), and once every tile shows its thumbnail, tiles are dragged
as Qt delivers a drag: the app's own MIME data (made by the model, as the view's drag does),
a drag-enter on the grid, the pointer moved over the tiles in steps (the drop line follows
it, one frame apart), the drop on another tile, then a second and a half for what follows
(the rows moved, the repaint, the document's autosave). One tile per drag, then two
selected tiles together; forwards and backwards.

A 2 ms heartbeat ``QTimer`` runs on the GUI thread throughout; the longest gap between two
beats, less the interval, is the longest stall. Printed: the longest stall while hovering,
while dropping and settling, and over everything; and the longest time a drop event itself
took to handle (the move in the draft and the model), and each pointer move with its
repaint. The heartbeat's gaps count any time the machine gave to other processes too (on a
busy machine the handling times are the steadier figures).

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_gallery_reorder.py [--drags 20]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gallery_bench_rig import Heartbeat, drop, files_data, gallery_rig, make_pictures, spin
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

FULL = 10
SIZE = (4000, 3000)
STALL_TARGET_MS = 16.0
FRAME_S = 0.016  # the pointer moves once a frame
SETTLE_S = 1.5  # the autosave runs within a second of a change
HOVER_STEPS = 12


def settle(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    spin(app, lambda: time.perf_counter() >= end)


def tile_point(page: object, row: int) -> QPoint:
    """The left quarter of tile ``row`` (a drop there goes before it)."""
    rect = page.view.visualRect(page.model.index(row))  # type: ignore[attr-defined]
    return QPoint(rect.left() + rect.width() // 4, rect.center().y())


def drag(
    app: QApplication,
    page: object,
    rows: list[int],
    target: int,
    *,
    moves: list[float],
    own: list[float],
    worst: list[tuple[float, float, float]],
) -> tuple[float, float]:
    """Drag the tiles ``rows`` over the grid and drop them before tile ``target``. Returns
    the longest stall while hovering and how long the drop event took, in ms; ``moves``
    gets how long each pointer move took to handle and repaint, ``own`` the GUI thread's most
    processor time between two heartbeats, in ms."""
    model, viewport = page.model, page.view.viewport()  # type: ignore[attr-defined]
    data: QMimeData = model.mimeData([model.index(r) for r in rows])
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    start, end = tile_point(page, rows[0]), tile_point(page, target)
    beat = Heartbeat()
    beat.start()
    enter = QDragEnterEvent(start, move, data, buttons, none)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted(), "the grid refused its own drag"
    for step in range(1, HOVER_STEPS + 1):
        x = start.x() + (end.x() - start.x()) * step // HOVER_STEPS
        y = start.y() + (end.y() - start.y()) * step // HOVER_STEPS
        t0 = time.perf_counter()
        QApplication.sendEvent(viewport, QDragMoveEvent(QPoint(x, y), move, data, buttons, none))
        app.processEvents()  # the drop line repainted
        moves.append((time.perf_counter() - t0) * 1000)
        settle(app, FRAME_S)
    hover = beat.longest
    own.append(beat.busiest)
    worst.append(beat.worst())
    beat.stop()
    t0 = time.perf_counter()
    dropped = QDropEvent(QPointF(end), move, data, buttons, none)
    QApplication.sendEvent(viewport, dropped)
    handled_ms = (time.perf_counter() - t0) * 1000
    assert dropped.isAccepted(), "the drop was refused"
    return hover, handled_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drags", type=int, default=20, help="how many drags (default 20)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-reorder-"))
    paths = make_pictures(folder, FULL, SIZE)

    rig = gallery_rig("Nova Lo-Fi")
    from studio.ui.gallery import GalleryPage

    page = rig.page
    assert isinstance(page, GalleryPage)
    app, model = rig.app, page.model
    drop(page.view.viewport(), files_data(paths), QPoint(40, 40), Qt.DropAction.CopyAction)
    spin(app, lambda: model.picture_count == FULL and not page.importer.busy)
    spin(app, lambda: not page.ctx.images.busy)
    settle(app, SETTLE_S)
    print(f"a full gallery: {model.picture_count} pictures; {args.drags} drags")

    hovers: list[float] = []
    drops: list[float] = []
    handled: list[float] = []
    moves: list[float] = []
    own: list[float] = []
    worst: list[tuple[float, float, float]] = []
    for n in range(args.drags):
        rows = [n % 3] if n % 2 == 0 else [n % 3, n % 3 + 1]  # one tile, then two
        target = FULL - 1 - n % 3
        if n % 4 >= 2:  # backwards too
            rows, target = [FULL - 1 - r for r in reversed(rows)], n % 3
        page.select_rows(rows)
        before = list(model.keys)
        hover, handled_ms = drag(app, page, rows, target, moves=moves, own=own, worst=worst)
        beat = Heartbeat()
        beat.start()
        settle(app, SETTLE_S)
        beat.stop()
        assert model.keys != before, "the drag moved nothing"
        hovers.append(hover)
        drops.append(beat.longest)
        own.append(beat.busiest)
        worst.append(beat.worst())
        handled.append(handled_ms)
    rig.close()

    longest = max(*hovers, *drops, *handled)

    def line(label: str, values: list[float]) -> str:
        return f"{label}: longest {max(values):.1f} ms, median {statistics.median(values):.1f} ms"

    print(line("stall while hovering (drop line following the pointer)", hovers))
    print(line("a pointer move handled and the drop line repainted", moves))
    print(line("the drop event handled (move in the draft and the grid)", handled))
    print(line("stall after the drop (rows moved, repaint, autosave)", drops))
    print(line("the GUI thread's own work between two heartbeats", own))
    gap, thread_ms, process_ms = max(worst)
    print(
        f"the longest gap: {gap:.1f} ms, during which the GUI thread ran {thread_ms:.1f} ms and "
        f"the whole GUI process {process_ms:.1f} ms of processor time (the rest: waiting for "
        "the processor)"
    )
    verdict = "ok" if longest <= STALL_TARGET_MS else "OVER TARGET"
    print(
        f"longest GUI-thread stall: {longest:.1f} ms — target ≤ {STALL_TARGET_MS:.0f} ms: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
