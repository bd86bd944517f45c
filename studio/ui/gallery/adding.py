"""``PictureAdder``: the gallery page's ways of adding pictures — the file dialog (several
files), drops of files and folders, paste — through the importer, and the batch put in the
draft as one undo step, with what happened in a few sentences (what was skipped and why,
what was removed from the pictures, duplicates, the limit of ten)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.context import AppContext
from studio.ui.gallery import edit
from studio.ui.gallery.importer import GalleryImporter, ImportOutcome
from studio.ui.gallery.items import MAX_PICTURES, room_left
from studio.ui.gallery.model import GalleryModel, notes_of
from studio.ui.gallery.scan import Skipped
from studio.ui.gallery.summary import import_summary
from studio.ui.gallery.view import ExternalDrop, external_drop
from studio.ui.images.dialog import FILE_FILTER

WEB_ADDRESS = (
    "a web address: save the picture on your computer first, then add the file (only files "
    "on this computer can be added)"
)
ONLY_PICTURES = (
    "Only pictures can be added here: drop picture files or a folder, paste a copied picture, "
    "or use Add pictures…. Nothing was added."
)
FROM_THE_WEB = (
    "Pictures on the web cannot be added by their address: save the picture on your computer "
    "first, then add the file. Nothing was added."
)
FULL = (
    f"The gallery is full: BeatPass shows at most {MAX_PICTURES} pictures. Remove one to make "
    "room. Nothing was added."
)


class PictureAdder(QObject):
    """Adds pictures to the model's document (see the module's docstring)."""

    said = Signal(str, bool, str)  # a message for the page: text, a problem?, details
    added = Signal(int)  # how many pictures reached the draft (at the end of the gallery)

    def __init__(self, ctx: AppContext, model: GalleryModel, box: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.model = ctx, model
        self._window = parent
        self.file_dialog: QFileDialog | None = None
        self.importer = GalleryImporter(
            ctx.tasks,
            data_dir=ctx.paths.data,
            cache_dir=ctx.paths.cache,
            thumbs_dir=ctx.paths.thumbnails,
            room=lambda: room_left(model.picture_count),
            box=box,
            parent=self,
        )
        importer = self.importer
        importer.jobShown.connect(model.show_job)
        importer.jobChanged.connect(model.update_job)
        importer.jobGone.connect(model.drop_job)
        importer.finished.connect(self._imported)

    def room(self) -> int:
        """Pictures that can still be added (the ones being imported count)."""
        return room_left(self.model.picture_count) - self.importer.pending

    def choose_files(self) -> None:
        """The file dialog (several files; non-blocking)."""
        if self.model.document is None:
            return
        dialog = QFileDialog(
            self._window, "Add pictures to the gallery", str(Path.home()), FILE_FILTER
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.filesSelected.connect(lambda names: self.add_files([Path(n) for n in names]))
        self.file_dialog = dialog
        dialog.open()

    def paste(self) -> None:
        """Ctrl+V: a copied picture, or copied picture files."""
        data = QGuiApplication.clipboard().mimeData()
        self.handle_drop(external_drop(data) if data is not None else ExternalDrop())

    def add_files(self, paths: list[Path], skipped: list[Skipped] | None = None) -> bool:
        """Import pictures from files and folders; False when there is no room at all."""
        if self.model.document is None:
            return False
        if self.room() <= 0:
            self.said.emit(FULL, True, "")
            return False
        self.importer.add_paths(paths, skipped)
        return True

    def handle_drop(self, drop: ExternalDrop) -> None:
        """Files and folders are imported; a web address or text gets a clear message."""
        if self.model.document is None:
            return
        web = [Skipped(address, WEB_ADDRESS) for address in drop.addresses]
        if drop.paths:
            self.add_files(drop.paths, web)
        elif drop.image is not None:
            if self.room() <= 0:
                self.said.emit(FULL, True, "")
            else:
                self.importer.add_image(drop.image)
        elif web:
            self.said.emit(FROM_THE_WEB, True, "")
        else:
            self.said.emit(ONLY_PICTURES, True, "")

    def _imported(self, outcome: ImportOutcome) -> None:
        doc = self.model.document
        jobs = [j for j in outcome.added if j.prepared is not None]
        before = {str(i.get("url")) for i in self.model.items}
        refs = [j.prepared.ref for j in jobs if j.prepared is not None]
        added = edit.add_pictures(doc, refs) if doc is not None else 0
        for job in jobs:
            self.model.drop_job(job)
        kept, extra = jobs[:added], len(jobs) - added
        duplicates: list[str] = []
        for job in kept:
            assert job.prepared is not None
            self.ctx.workspace.note_name(job.prepared.ref, job.name)
            notes = notes_of(job.findings, job.prepared.removed, job.prepared.notes)
            self.model.remember(job.prepared.ref, notes, job.thumb)
            if job.prepared.ref in before:
                duplicates.append(job.name)
            before.add(job.prepared.ref)
        summary = import_summary(
            added,
            outcome.skipped,
            outcome.no_room + extra,
            outcome.stopped,
            outcome.truncated,
            [j.prepared.removed for j in kept if j.prepared is not None],
            duplicates,
        )
        self.said.emit(summary.text, summary.problem and not added, summary.details)
        if added:
            self.added.emit(added)
