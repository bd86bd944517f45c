"""The gallery's background work (run through ``ctx.tasks``, never on the GUI thread): check
a file and make its tile's first thumbnail, keep a pasted picture as a file, and give the
editor a file of a picture to crop. Preparing a picture is the image editor's own
(:func:`studio.ui.images.work.prepare_file`)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage

from studio.core.localref import is_local
from studio.images import Finding, ImageError, ImageInfo, Severity, check, probe, thumbnail
from studio.images import rules as r
from studio.messages import user_message
from studio.publish import local_files

TARGET = "gallery"
# Blocking findings ``prepare`` fixes by itself (it re-encodes under the cap and converts to
# a format BeatPass takes): an import applies them; others stop the picture.
AUTO_FIXES = frozenset({r.FIX_REENCODE, r.FIX_CONVERT_FORMAT})
PASTE_FOLDER = "pasted"
EDIT_FOLDER = "gallery-edit"


@dataclass(frozen=True)
class Inspected:
    """A file checked for the gallery. ``problem`` says why it cannot be used ("" when it
    can); ``thumb`` is its tile picture (square, ``box`` pixels) when it can."""

    path: Path
    info: ImageInfo | None
    findings: list[Finding] = field(default_factory=list)
    thumb: QImage | None = None
    problem: str = ""


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


def blocking(findings: list[Finding]) -> str:
    """The first blocking finding an import cannot fix by itself ("" for none)."""
    for finding in findings:
        if finding.severity is Severity.BLOCKS and finding.fix not in AUTO_FIXES:
            return finding.message
    return ""


def inspect_picture(path: Path, box: int, cache_dir: Path) -> Inspected:
    """Probe and check ``path`` against the gallery's rules and make its tile thumbnail
    (Pillow's draft mode: a 24 MP JPEG is read at a fraction of its size)."""
    try:
        info = probe(path)
        findings = check(info, TARGET)
        problem = blocking(findings)
        if problem:
            return Inspected(path, info, findings, None, problem)
        made = thumbnail(path, box * 2, cache_dir)  # may find damage probing did not
    except ImageError as exc:
        return Inspected(path, None, [], None, user_message(exc))
    image = QImage(str(made))
    if image.isNull():
        problem = f"“{path.name}” could not be shown. Try saving it again as JPEG or PNG."
        return Inspected(path, info, findings, None, problem)
    return Inspected(path, info, findings, square(image, box))


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
