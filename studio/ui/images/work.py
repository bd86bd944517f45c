"""The editor's background work (run through ``ctx.tasks``, never on the GUI thread):
inspect a file and load its preview, and prepare the picture, kept in the app's data folder
under its content hash (:mod:`studio.publish.local_files`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

from studio.images import Finding, ImageError, ImageInfo, Severity, check, prepare, probe, thumbnail
from studio.messages import user_message
from studio.publish import local_files
from studio.ui.images.plan import Crop

PREVIEW_BOX = 1600  # pixels on the long side of the preview the crop view shows


@dataclass(frozen=True)
class Loaded:
    """A file checked and, when readable, its preview. ``info`` None: unusable file."""

    path: Path
    info: ImageInfo | None
    findings: list[Finding]
    preview: QImage | None = None


@dataclass(frozen=True)
class PreparedFile:
    """A prepared picture kept on this computer (``ref``: its ``local:`` reference), with
    what was done to it."""

    ref: str
    name: str  # the file the user picked
    width: int
    height: int
    size: int
    format: str
    animated: bool
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load_file(path: Path, target_key: str, cache_dir: Path) -> Loaded:
    """Probe and check ``path``; decode a preview only when the file is usable."""
    try:
        info = probe(path)
        findings = check(info, target_key)
        thumb = thumbnail(path, PREVIEW_BOX, cache_dir)  # may find damage probing did not
    except ImageError as exc:
        return Loaded(path, None, [Finding(Severity.BLOCKS, exc.code, user_message(exc))])
    image = QImage(str(thumb))
    if image.isNull():
        message = f"“{path.name}” could not be shown. Try saving it again as JPEG or PNG."
        return Loaded(path, None, [Finding(Severity.BLOCKS, "corrupt", message)])
    return Loaded(path, info, findings, image)


def prepare_file(  # noqa: PLR0917 (the task's arguments, in order)
    path: Path,
    target_key: str,
    crop: Crop | None,
    keep_animation: bool,
    data_dir: Path,
    name: str = "",
) -> PreparedFile:
    """``prepare`` the picture and keep it (with the name of the file the user picked)."""
    prepared = prepare(path, target_key, crop=crop, keep_animation=keep_animation)
    ref = local_files.keep(data_dir, prepared.data, prepared.extension, name=name or path.name)
    return PreparedFile(
        ref=ref,
        name=name or path.name,
        width=prepared.width,
        height=prepared.height,
        size=prepared.size,
        format=prepared.format,
        animated=prepared.animated,
        removed=list(prepared.removed),
        notes=list(prepared.notes),
    )
