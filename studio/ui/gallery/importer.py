"""``GalleryImporter``: pictures dropped, pasted or chosen, checked and prepared in the
background, a few at a time, and handed over together when all are ready (the page adds
them to the draft as one undo step).

Each file goes through two steps in worker processes (:mod:`studio.ui.gallery.pool`, so the
GUI never waits for them): a first look (its tile's picture, as fast as Pillow makes one)
and then its check (the gallery's rules: what the file really is, damage, decompression
bombs…) and preparing (the same as the image editor's: turned upright, scaled, re-encoded
under 2 MB when needed, private metadata removed, kept in the app's data folder under its
content hash). Every first look comes before any preparing, so all thumbnails show early;
the preparing keeps to a memory budget. No more files are taken than the gallery
has room for; the rest are counted and said. Nothing reaches the draft before the whole
batch is ready, so a crash or a kill meanwhile leaves the draft as it was.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtGui import QImage

from studio.images import Finding
from studio.messages import user_message
from studio.tasks import TaskHandle, Tasks
from studio.ui.gallery.jobs import Checked, cost
from studio.ui.gallery.pool import PicturePool
from studio.ui.gallery.scan import Found, Skipped, collect
from studio.ui.gallery.work import Look, check_and_keep, first_look, prepared_file, save_pasted
from studio.ui.images.work import PreparedFile

log = logging.getLogger(__name__)

CHECKING, PREPARING, READY = "Checking…", "Preparing…", "Ready"
IDLE_MS = 120_000  # the worker processes stay this long after an import, for the next one
# Pictures prepared at once decode at most about this many pixels together (a 24 MP PNG is
# prepared alone, two 24 MP JPEGs side by side: see jobs.cost), so memory stays bounded.
BUDGET_PIXELS = 30_000_000
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
    cost: int = 0  # about how many pixels preparing it decodes (see jobs.cost)

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
        use_processes: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._data_dir, self._cache_dir = Path(data_dir), Path(cache_dir)
        self._thumbs_dir = Path(thumbs_dir)
        self._room = room  # pictures the draft has room for now
        self.box = box  # the tiles' thumbnail size in pixels
        self._limit = limit or max(2, QThread.idealThreadCount())
        self.pool = PicturePool(self._limit, use_processes=use_processes)
        pool = self.pool
        self.destroyed.connect(lambda *_: pool.shutdown())  # (not a method: we are gone)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self.pool.shutdown)
        self._reset()

    def _reset(self) -> None:
        self._scans = 0
        self._candidates: list[Path] = []
        self._jobs: list[Job] = []  # admitted (tiles), in order
        self._to_look: list[Job] = []
        self._to_prepare: list[Job] = []
        self._preparing_px = 0  # the cost of what is being prepared (see jobs.cost)
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
        self._idle.stop()
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
        self._idle.stop()
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

    def warm_up(self) -> None:
        """Start the worker processes now (the gallery is on screen: a drop may come), so
        the first import does not wait for them; they go again after a while unused."""
        if self.pool.running or not self.pool.use_processes:
            return
        self._tasks.run(
            self.pool.warm_up,
            owner=self,
            on_done=lambda _none: self._idle_again(),
            on_error=lambda exc: log.info("picture workers not started: %s", exc),
            name="start the picture workers",
        )

    def _idle_again(self) -> None:
        if not self.busy:
            self._idle.start()

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
        self._to_look.clear()
        self._to_prepare.clear()
        self._preparing_px = 0
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

    def _admit(self) -> None:
        """Files become tiles as far as the gallery has room for them."""
        while self._candidates and len(self._jobs) < self._room():
            job = Job(self._candidates.pop(0))
            self._jobs.append(job)
            self._to_look.append(job)
            self.jobShown.emit(job)

    def _next_to_prepare(self) -> Job | None:
        """The first picture whose preparing fits in the memory budget (any, when nothing
        is being prepared: a picture larger than the budget goes alone)."""
        for job in self._to_prepare:
            if not self._preparing_px or self._preparing_px + job.cost <= BUDGET_PIXELS:
                return job
        return None

    def _pump(self) -> None:
        """Start what may run: first looks at every file (their tiles), then checks and
        preparing, as far as the memory budget allows."""
        self._admit()
        while len(self._running) < self._limit:
            if self._to_look:
                self._look(self._to_look.pop(0))
                continue
            job = self._next_to_prepare()
            if job is None:
                break
            self._to_prepare.remove(job)
            self._prepare(job)
        self._progress()
        idle = not self._running and not self._scans and not self._to_look
        if idle and not self._to_prepare:
            self._finish()

    def _look(self, job: Job) -> None:
        handle = self._tasks.run(
            first_look,
            self.pool,
            job.path,
            self.box,
            owner=self,
            on_done=lambda look: self._looked(job, look),
            on_error=lambda _exc: self._looked(job, Look(None)),
            name="look at a picture to import",
        )
        self._running[handle] = job

    def _looked(self, job: Job, look: Look) -> None:
        self._forget(job)
        job.thumb, job.status = look.thumb, PREPARING
        # unknown size (unreadable: its check says why at once): prepared on its own
        job.cost = cost(look.width, look.height, look.format) if look.width else BUDGET_PIXELS
        self._to_prepare.append(job)
        self.jobChanged.emit(job)
        self._pump()

    def _prepare(self, job: Job) -> None:
        self._preparing_px += job.cost
        handle = self._tasks.run(
            check_and_keep,
            self.pool,
            job.path,
            self._data_dir,
            job.name,
            owner=self,
            on_done=lambda checked: self._prepared(job, checked),
            on_error=lambda exc: self._prepared(job, Checked(None, [], user_message(exc))),
            name="prepare a picture to import",
        )
        self._running[handle] = job

    def _prepared(self, job: Job, checked: Checked) -> None:
        self._forget(job)
        self._preparing_px -= job.cost
        if checked.problem or checked.kept is None:
            self._jobs.remove(job)
            self._skipped.append(Skipped(job.name, checked.problem or "it could not be prepared"))
            self.jobGone.emit(job)
        else:
            job.findings, job.status = checked.findings, READY
            job.prepared = prepared_file(checked.kept)
            self.jobChanged.emit(job)
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
        self._idle.start()
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
