"""``GalleryImporter``: pictures dropped, pasted or chosen, checked and prepared in the
background, a few at a time, and handed over together when all are ready (the page adds
them to the draft as one undo step).

Each file goes through two steps on worker threads: a check (the gallery's rules, and its
tile's thumbnail, made fast with Pillow's draft mode) and the preparing (the same as the
image editor's: turned upright, scaled, re-encoded under 2 MB when needed, private metadata
removed, kept in the app's data folder under its content hash). Every check is started
before any preparing, so all thumbnails show early. No more files are taken than the gallery
has room for; the rest are counted and said. Nothing reaches the draft before the whole
batch is ready, so a crash or a kill meanwhile leaves the draft as it was.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from studio.images import Finding
from studio.messages import user_message
from studio.tasks import TaskHandle, Tasks
from studio.ui.gallery.scan import Found, Skipped, collect
from studio.ui.gallery.work import TARGET, Inspected, inspect_picture, save_pasted
from studio.ui.images.work import PreparedFile, prepare_file

log = logging.getLogger(__name__)

CHECKING, PREPARING, READY = "Checking…", "Preparing…", "Ready"
_ids = itertools.count(1)


@dataclass(eq=False)
class Job:
    """One picture being imported (a tile until the batch is added)."""

    path: Path
    id: int = field(default_factory=lambda: next(_ids))
    status: str = CHECKING
    thumb: QImage | None = None
    findings: list[Finding] = field(default_factory=list)
    prepared: PreparedFile | None = None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class ImportOutcome:
    """What a batch brought: the prepared pictures in order (with their check findings),
    what was skipped and why, how many pictures found no room, and whether it was
    stopped or a folder was too big to read whole."""

    added: list[Job]
    skipped: list[Skipped]
    no_room: int = 0
    stopped: int = 0
    truncated: bool = False


class GalleryImporter(QObject):
    """Imports batches of files; one batch at a time (files added meanwhile join it)."""

    jobShown = Signal(object)  # noqa: N815 — Job: a tile to show
    jobChanged = Signal(object)  # noqa: N815 — Job: its thumbnail or status changed
    jobGone = Signal(object)  # noqa: N815 — Job: its tile goes (a file that cannot be used)
    progressed = Signal(int, int, str)  # done, in all, text
    finished = Signal(object)  # ImportOutcome

    def __init__(
        self,
        tasks: Tasks,
        *,
        data_dir: Path,
        cache_dir: Path,
        thumbs_dir: Path,
        room: Callable[[], int],
        box: int,
        limit: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._data_dir, self._cache_dir = Path(data_dir), Path(cache_dir)
        self._thumbs_dir = Path(thumbs_dir)
        self._room = room  # pictures the draft has room for now
        self.box = box  # the tiles' thumbnail size in pixels
        self._limit = limit or max(2, QThread.idealThreadCount())
        self._reset()

    def _reset(self) -> None:
        self._scans = 0
        self._candidates: list[Path] = []
        self._jobs: list[Job] = []  # admitted, in order
        self._checking = 0
        self._good = 0  # checked and usable
        self._to_prepare: list[Job] = []
        self._running: dict[TaskHandle, Job | None] = {}
        self._skipped: list[Skipped] = []
        self._truncated = False

    # --- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._scans or self._running or self._jobs or self._candidates)

    @property
    def jobs(self) -> list[Job]:
        """The pictures of the running batch (their tiles)."""
        return list(self._jobs)

    @property
    def pending(self) -> int:
        """Pictures on their way into the draft (they count against the room)."""
        return len(self._jobs)

    # --- commands ------------------------------------------------------------------------

    def add_paths(self, paths: list[Path], skipped: list[Skipped] | None = None) -> None:
        """Import the pictures ``paths`` bring (files, folders); ``skipped`` are what the
        caller already turned away (a web address dropped with them…)."""
        self._skipped.extend(skipped or [])
        self._scans += 1
        self._progress()
        self._tasks.run(
            collect,
            list(paths),
            owner=self,
            on_done=self._scanned,
            on_error=self._scan_failed,
            name="find pictures to import",
        )

    def add_image(self, image: QImage) -> None:
        """Import a pasted picture."""
        self._scans += 1
        self._progress()
        self._tasks.run(
            save_pasted,
            QImage(image),
            self._cache_dir,
            owner=self,
            on_done=self._pasted,
            on_error=self._scan_failed,
            name="keep the pasted picture",
        )

    def stop(self) -> None:
        """Stop: what is prepared already is added, the rest is not imported."""
        if not self.busy:
            return
        stopped = len(self._candidates) + sum(1 for j in self._jobs if j.prepared is None)
        self._cancel(lambda job: job.prepared is None)
        self._finish(stopped=stopped)

    def discard(self) -> None:
        """Drop the batch without adding anything (the gallery is being closed)."""
        if self.busy:
            self._cancel(lambda _job: True)
            self._reset()
            self.progressed.emit(0, 0, "")

    def _cancel(self, drop: Callable[[Job], bool]) -> None:
        for handle in list(self._running):
            handle.cancel()
        self._running.clear()
        self._candidates.clear()
        self._to_prepare.clear()
        self._checking = 0
        self._scans = 0
        for job in [j for j in self._jobs if drop(j)]:
            self._jobs.remove(job)
            self.jobGone.emit(job)

    # --- the batch -----------------------------------------------------------------------

    def _pasted(self, path: Path) -> None:
        self._scans -= 1
        self._scanned(Found(files=[path]))

    def _scanned(self, found: Found) -> None:
        self._scans = max(0, self._scans - 1)
        self._candidates.extend(found.files)
        self._skipped.extend(found.skipped)
        self._truncated = self._truncated or found.truncated
        self._pump()

    def _scan_failed(self, exc: BaseException) -> None:
        self._scans = max(0, self._scans - 1)
        self._skipped.append(Skipped("the dropped items", user_message(exc)))
        self._pump()

    def _has_room(self) -> bool:
        return self._good + self._checking < self._room()

    def _pump(self) -> None:
        """Start what may run: checks first (while there is room), then the preparing."""
        while len(self._running) < self._limit:
            if self._candidates and self._has_room():
                self._check(self._candidates.pop(0))
            elif self._to_prepare:
                self._prepare(self._to_prepare.pop(0))
            else:
                break
        self._progress()
        idle = not self._running and not self._scans and not self._to_prepare
        if idle and (not self._candidates or not self._has_room()):
            self._finish()

    def _check(self, path: Path) -> None:
        job = Job(path)
        self._jobs.append(job)
        self._checking += 1
        self.jobShown.emit(job)
        handle = self._tasks.run(
            inspect_picture,
            path,
            self.box,
            self._thumbs_dir,
            owner=self,
            on_done=lambda result: self._checked(job, result),
            on_error=lambda exc: self._checked(
                job, Inspected(path, None, [], None, user_message(exc))
            ),
            name="check a picture to import",
        )
        self._running[handle] = job

    def _checked(self, job: Job, result: Inspected) -> None:
        self._forget(job)
        self._checking -= 1
        if result.problem:
            self._jobs.remove(job)
            self._skipped.append(Skipped(job.name, result.problem))
            self.jobGone.emit(job)
        else:
            self._good += 1
            job.thumb, job.findings, job.status = result.thumb, result.findings, PREPARING
            self._to_prepare.append(job)
            self.jobChanged.emit(job)
        self._pump()

    def _prepare(self, job: Job) -> None:
        handle = self._tasks.run(
            prepare_file,
            job.path,
            TARGET,
            None,
            True,
            self._data_dir,
            job.name,
            context=True,
            owner=self,
            on_done=lambda prepared: self._prepared(job, prepared),
            on_error=lambda exc: self._prepare_failed(job, exc),
            name="prepare a picture to import",
        )
        self._running[handle] = job

    def _prepared(self, job: Job, prepared: PreparedFile) -> None:
        self._forget(job)
        job.prepared, job.status = prepared, READY
        self.jobChanged.emit(job)
        self._pump()

    def _prepare_failed(self, job: Job, exc: BaseException) -> None:
        self._forget(job)
        self._good -= 1
        self._jobs.remove(job)
        self._skipped.append(Skipped(job.name, user_message(exc)))
        self.jobGone.emit(job)
        self._pump()

    def _forget(self, job: Job) -> None:
        for handle, running in list(self._running.items()):
            if running is job:
                del self._running[handle]

    def _finish(self, stopped: int = 0) -> None:
        outcome = ImportOutcome(
            added=[j for j in self._jobs if j.prepared is not None],
            skipped=list(self._skipped),
            no_room=len(self._candidates),
            stopped=stopped,
            truncated=self._truncated,
        )
        nothing = not (outcome.added or outcome.skipped or outcome.no_room or outcome.stopped)
        if nothing:  # nothing came of it (an empty folder): say so all the same
            outcome = ImportOutcome([], [Skipped("the dropped items", "no files found")])
        self._reset()
        self.progressed.emit(0, 0, "")
        self.finished.emit(outcome)

    def _progress(self) -> None:
        total = len(self._jobs)
        done = sum(1 for j in self._jobs if j.prepared is not None)
        if self._scans and not total:
            text = "Looking for pictures…"
        elif total:
            text = f"Importing pictures: {done} of {total} ready…"
        else:
            return
        self.progressed.emit(done, total, text)
