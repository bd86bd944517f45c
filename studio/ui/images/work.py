"""The editor's background work (run through ``ctx.tasks``, never on the GUI thread):
inspect a file and load its preview, and prepare the picture, kept in the app's data folder
under its content hash (:mod:`studio.publish.local_files`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox, QProgressBar

from studio.images import (
    Cancelled,
    Finding,
    ImageError,
    ImageInfo,
    Severity,
    check,
    prepare,
    probe,
    thumbnail,
)
from studio.messages import user_message
from studio.pictures import decode_within
from studio.publish import local_files
from studio.tasks import Progress, TaskCancelled, TaskContext
from studio.ui.images.plan import Crop

PREVIEW_BOX = 1600  # pixels on the long side of the preview the crop view shows
PROGRESS_STEPS = 1000  # progress is reported in thousandths
_MIN_PROGRESS_STEP = 5  # fewer signals: report again after half a percent (or a new message)


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
    try:
        image = decode_within(thumb.read_bytes(), QSize(PREVIEW_BOX, PREVIEW_BOX))
    except (OSError, ValueError):
        image = QImage()
    if image.isNull():
        message = f"“{path.name}” could not be shown. Try saving it again as JPEG or PNG."
        return Loaded(path, None, [Finding(Severity.BLOCKS, "corrupt", message)])
    return Loaded(path, info, findings, image)


class _Reporter:
    """Passes ``prepare``'s progress to the task (thinned out) and stops it when cancelled."""

    def __init__(self, task: TaskContext) -> None:
        self._task = task
        self._last = (-PROGRESS_STEPS, "")

    def __call__(self, share: float, message: str) -> None:
        if self._task.cancelled:
            raise Cancelled
        done = round(share * PROGRESS_STEPS)
        if done - self._last[0] >= _MIN_PROGRESS_STEP or message != self._last[1]:
            self._last = (done, message)
            self._task.progress(done, PROGRESS_STEPS, message)


def prepare_file(  # noqa: PLR0917 (a task's positional arguments)
    task: TaskContext,
    path: Path,
    target_key: str,
    crop: Crop | None,
    keep_animation: bool,
    data_dir: Path,
    name: str = "",
) -> PreparedFile:
    """``prepare`` the picture and keep it, with the name of the file the user picked (run
    with ``context=True``: progress is reported, and a cancel stops the work between
    frames)."""
    try:
        prepared = prepare(
            path,
            target_key,
            crop=crop,
            keep_animation=keep_animation,
            progress=_Reporter(task),
        )
    except Cancelled:
        raise TaskCancelled("prepare picture") from None
    task.check()  # nothing is written once the person stopped it
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


class PreparingIndicator:
    """The editor's progress bar and a "Stop preparing" button while a picture is prepared
    (a long animation takes seconds); the bar shows the upload's progress afterwards."""

    def __init__(
        self, bar: QProgressBar, buttons: QDialogButtonBox, on_stop: Callable[[], None]
    ) -> None:
        self.bar = bar
        self.stop_button = buttons.addButton(
            "S&top preparing", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.stop_button.setAccessibleName("Stop preparing the picture")
        self.stop_button.clicked.connect(on_stop)
        self.stop_button.hide()
        self._text = ""

    def start(self, text: str) -> None:
        self._text = text
        self.show(Progress(0, PROGRESS_STEPS, text))

    def show(self, progress: Progress) -> None:
        """Show ``progress`` (a task's ``on_progress``: the dialog may be gone already)."""
        if not self._text or not shiboken6.isValid(self.bar):
            return
        self.bar.setAccessibleName("Preparing progress")
        self.bar.setRange(0, progress.total or 0)
        self.bar.setValue(progress.done)
        self.bar.setFormat(f"{progress.message or self._text} %p%")
        self.bar.show()
        self.stop_button.show()

    def hide(self) -> None:
        self._text = ""
        if not shiboken6.isValid(self.bar):
            return
        self.stop_button.hide()
        self.bar.hide()
        self.bar.setFormat("%p%")
        self.bar.setAccessibleName("Upload progress")
