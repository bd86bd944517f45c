"""What the gallery page does with one picture: Replace it with another file or Crop it,
both through the avatar's image editor (its prepared picture comes back to the gallery
item, one undo step), and show it larger."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from studio.context import AppContext
from studio.document import DraftDocument
from studio.messages import user_message
from studio.ui.gallery import edit
from studio.ui.gallery.adding import FULL
from studio.ui.gallery.items import GALLERY
from studio.ui.gallery.jobs import TARGET
from studio.ui.gallery.model import GalleryModel, Role, notes_of
from studio.ui.gallery.viewer import PictureViewer
from studio.ui.gallery.work import file_for_editing
from studio.ui.images.dialog import ImageEditorDialog, open_image_editor
from studio.ui.images.work import PreparedFile


def replacer(
    doc: DraftDocument, key: str, model: GalleryModel, say: Callable[[str], None]
) -> Callable[[PreparedFile], None]:
    """Where the image editor puts a gallery picture's new file: in place of ``key`` (one
    undo step) — or, when that picture was removed meanwhile, at the end. It never needs the
    page or the editor (either may be gone when the picture is ready)."""

    def deliver(prepared: PreparedFile) -> None:
        if not shiboken6.isValid(doc):
            return
        if shiboken6.isValid(model):
            model.remember(prepared.ref, notes_of([], prepared.removed, prepared.notes))
        if edit.replace_picture(doc, key, prepared.ref):
            return
        if edit.add_pictures(doc, [prepared.ref]):
            say("The picture was removed meanwhile: the new one was added at the end.")
        else:
            say(FULL)

    return deliver


class OnePicture(QObject):
    """Replace, Crop and the larger view for the picture at a row of ``model``."""

    said = Signal(str, bool, str)  # a message for the page: text, a problem?, details

    def __init__(self, ctx: AppContext, model: GalleryModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.model = ctx, model
        self._window = parent
        self.editor: ImageEditorDialog | None = None
        self.viewer: PictureViewer | None = None

    def replace(self, row: int) -> None:
        """Replace the picture with another file, chosen in the image editor."""
        self._open_editor(row, None)

    def crop(self, row: int) -> None:
        """Crop the picture in the image editor (a picture on BeatPass is fetched first)."""
        if self.model.document is None:
            return
        url = str(self.model.index(row).data(Role.URL))
        self.said.emit("Opening the picture…", False, "")
        self.ctx.tasks.run(
            file_for_editing,
            url,
            self.ctx.paths.data,
            self.ctx.paths.cache,
            owner=self,
            on_done=lambda path: self._open_editor(row, path),
            on_error=lambda exc: self.said.emit(
                f"The picture could not be opened for cropping. {user_message(exc)}", True, ""
            ),
            name="open a gallery picture for cropping",
        )

    def _open_editor(self, row: int, path: Path | None) -> None:
        doc = self.model.document
        if doc is None or row >= self.model.picture_count:
            return
        key = self.model.keys[row]
        deliver = replacer(doc, key, self.model, self.ctx.signals.message.emit)
        self.editor = open_image_editor(
            self.ctx, doc, GALLERY, TARGET, "artist_image", self._window, deliver=deliver
        )
        if path is not None:
            self.said.emit("", False, "")
            self.editor.load_file(path)

    def view(self, row: int, origin: str) -> None:
        """The picture larger (Left/Right step through the gallery)."""
        viewer = PictureViewer(
            self.model, row, self.ctx.tasks, self.ctx.paths.data, origin, self._window
        )
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _r: self._viewer_closed(viewer))
        self.viewer = viewer
        viewer.open()

    def _viewer_closed(self, viewer: PictureViewer) -> None:
        if self.viewer is viewer:
            self.viewer = None
