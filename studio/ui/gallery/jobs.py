"""The heavy steps of importing a picture, as plain functions of plain values (no Qt), so
they run in a worker process (:mod:`studio.ui.gallery.pool`) and never hold the GUI
process's interpreter lock:

- :func:`glimpse`: a first look — the picture's size and a small picture for its tile, as
  fast as Pillow itself makes one (draft mode). Nothing is judged here: a file that cannot
  be read gives no glimpse, and the check says why.
- :func:`check_and_prepare`: the gallery's checks (``studio.images``: what the file really
  is, damage, decompression bombs, the rules), then the picture prepared and kept in the
  app's data folder under its content hash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from studio.images import (
    MAX_PIXELS,
    Finding,
    ImageError,
    ImageInfo,
    Severity,
    check,
    prepare,
    probe,
)
from studio.images import rules as r
from studio.images.convert import orient
from studio.images.orientation import requested
from studio.messages import user_message

TARGET = "gallery"
# Blocking findings ``prepare`` fixes by itself (it re-encodes under the cap and converts to
# a format BeatPass takes): an import applies them; others stop the picture.
AUTO_FIXES = frozenset({r.FIX_REENCODE, r.FIX_CONVERT_FORMAT})
JPEG_LIKE = frozenset({"JPEG", "MPO"})


@dataclass(frozen=True)
class Glimpse:
    """A first look at a picture: its size as stored, its format, and a small picture of
    it the right way up (``rgba``: ``thumb_size`` pixels, 8 bits per channel)."""

    width: int
    height: int
    format: str
    thumb_size: tuple[int, int]
    rgba: bytes


@dataclass(frozen=True)
class Kept:
    """A picture prepared and kept on this computer (``ref``: its ``local:`` reference)."""

    ref: str
    name: str
    width: int
    height: int
    size: int
    format: str
    animated: bool
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """A file checked for the gallery: ``problem`` says why it cannot be used ("" when it
    can); then ``kept`` is the picture prepared (when asked for)."""

    info: ImageInfo | None
    findings: list[Finding] = field(default_factory=list)
    problem: str = ""
    kept: Kept | None = None


def blocking(findings: list[Finding]) -> str:
    """The first blocking finding an import cannot fix by itself ("" for none)."""
    for finding in findings:
        if finding.severity is Severity.BLOCKS and finding.fix not in AUTO_FIXES:
            return finding.message
    return ""


def glimpse(path: Path, box: int) -> Glimpse | None:
    """A tile picture of ``path`` whose shorter side is ``box`` pixels (the tile shows its
    middle square); None when it cannot be read (the check will say why)."""
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                return None  # never decoded: the check refuses it with the reason
            size, fmt = im.size, str(im.format)
            turn = requested(im)
            scale = min(1.0, box / max(1, min(size)))
            wanted = (max(1, math.ceil(size[0] * scale)), max(1, math.ceil(size[1] * scale)))
            im.draft("RGB", wanted)
            im.thumbnail(wanted)
            small = orient(im.convert("RGBA"), turn)
    except Exception:  # any damage: no glimpse (the check names it)
        return None
    return Glimpse(size[0], size[1], fmt, small.size, small.tobytes())


def check_file(path: Path) -> Checked:
    """Probe ``path`` and check it against the gallery's rules."""
    try:
        info = probe(path)
    except ImageError as exc:
        return Checked(None, [], user_message(exc))
    findings = check(info, TARGET)
    return Checked(info, findings, blocking(findings))


def prepare_file(path: Path, data_dir: Path, name: str) -> Kept:
    """Prepare ``path`` for the gallery and keep it (its content hash names it)."""
    from studio.publish import local_files

    prepared = prepare(path, TARGET)
    ref = local_files.keep(data_dir, prepared.data, prepared.extension, name=name)
    return Kept(
        ref=ref,
        name=name,
        width=prepared.width,
        height=prepared.height,
        size=prepared.size,
        format=prepared.format,
        animated=prepared.animated,
        removed=list(prepared.removed),
        notes=list(prepared.notes),
    )


def check_and_prepare(path: Path, data_dir: Path, name: str) -> Checked:
    """:func:`check_file`, then (when nothing stops it) :func:`prepare_file`."""
    checked = check_file(path)
    if checked.problem:
        return checked
    try:
        kept = prepare_file(path, data_dir, name)
    except ImageError as exc:
        return Checked(checked.info, checked.findings, user_message(exc))
    return Checked(checked.info, checked.findings, "", kept)


def cost(width: int, height: int, fmt: str, box: int = 2048) -> int:
    """About how many pixels preparing such a picture decodes at once (a JPEG much larger
    than the output is decoded at half or a quarter of its size)."""
    scale = 1
    if fmt in JPEG_LIKE:
        while scale < 8 and min(width, height) // (scale * 2) >= box:
            scale *= 2
    return (width // scale) * (height // scale)
