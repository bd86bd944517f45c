"""The gallery's background work (run through ``ctx.tasks``, never on the GUI thread): a
first look at a file for its tile, its check and preparing (the heavy parts in worker
processes, :mod:`studio.ui.gallery.jobs`), a pasted picture kept as a file, and a file of a
picture for the editor to crop."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage

from studio.core.localref import is_local
from studio.publish import local_files
from studio.ui.gallery.jobs import Checked, Kept, check_and_prepare, glimpse
from studio.ui.gallery.pool import PicturePool
from studio.ui.images.work import PreparedFile

PASTE_FOLDER = "pasted"
EDIT_FOLDER = "gallery-edit"


@dataclass(frozen=True)
class Look:
    """A first look at a file: its tile picture (square, ``box`` pixels; None when it
    cannot be read) and its size and format as stored (0×0, "" then)."""

    thumb: QImage | None
    width: int = 0
    height: int = 0
    format: str = ""


def square(image: QImage, box: int) -> QImage:
    """``image`` centre-cropped to a square and scaled to ``box`` pixels."""
    side = min(image.width(), image.height())
    crop = QRect((image.width() - side) // 2, (image.height() - side) // 2, side, side)
    return image.copy(crop).scaled(
        box,
        box,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def first_look(pool: PicturePool, path: Path, box: int) -> Look:
    """A tile picture of ``path``, made in a worker process (a task's thread)."""
    seen = pool.call(glimpse, path, box)
    if seen is None:
        return Look(None)
    width, height = seen.thumb_size
    image = QImage(seen.rgba, width, height, 4 * width, QImage.Format.Format_RGBA8888)
    return Look(square(image.copy(), box), seen.width, seen.height, seen.format)


def check_and_keep(pool: PicturePool, path: Path, data_dir: Path, name: str) -> Checked:
    """Check ``path`` and prepare and keep it, in a worker process (a task's thread)."""
    return pool.call(check_and_prepare, path, data_dir, name)


def prepared_file(kept: Kept) -> PreparedFile:
    return PreparedFile(**dataclasses.asdict(kept))


def save_pasted(image: QImage, cache_dir: Path) -> Path:
    """A pasted picture as a PNG file to import (named by its content, so pasting the same
    picture twice gives one file)."""
    folder = Path(cache_dir) / PASTE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H.%M.%S")
    tmp = folder / f".tmp-{stamp}-{id(image)}.png"
    if not image.save(str(tmp)):  # PNG, by its name
        raise OSError(f"the pasted picture could not be written to {folder}")
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()[:12]
    final = folder / f"Pasted picture {stamp} {digest}.png"
    tmp.replace(final)
    return final


def file_for_editing(url: str, data_dir: Path, cache_dir: Path) -> Path:
    """A file of the picture at ``url`` for the editor: a picture kept on this computer is
    its own file; one on BeatPass is downloaded (https, or http to this computer only)."""
    if is_local(url):
        path = local_files.path_of(data_dir, url)
        if path is None or not path.is_file():
            raise FileNotFoundError(
                "The prepared picture is no longer on this computer; add it again."
            )
        return path
    from studio.pictures import default_fetch

    data = default_fetch(url)
    folder = Path(cache_dir) / EDIT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    name = url.rsplit("/", 1)[-1].split("?", 1)[0] or "picture"
    path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{name}"
    path.write_bytes(data)
    return path
