"""``GalleryPage``: the main window's "gallery" section — the pictures of the selected
producer profile's gallery as a grid of tiles, to add (file dialog, drag and drop of files
and folders, paste), arrange (drag, keys), remove, replace, crop and view larger; every
action one undo step of the producer-profile document the profile page edits too (the
workspace's one document: ``ctx.workspace.open("artist", id)``).

Pictures are checked and prepared in the background and kept in the app's data folder before
they reach the draft; publishing uploads them (the plan's upload steps, progress shown on
their tiles) and sends the ordered gallery in one write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.context import AppContext, Session
from studio.core.models import ArtistRef
from studio.document import DraftDocument
from studio.images import rules as image_rules
from studio.messages import user_message
from studio.ui.gallery import edit
from studio.ui.gallery.importer import GalleryImporter, ImportOutcome, Job
from studio.ui.gallery.items import GALLERY, MAX_PICTURES, moved, room_left
from studio.ui.gallery.model import GalleryModel, Notes, Role, notes_of
from studio.ui.gallery.scan import Skipped
from studio.ui.gallery.summary import import_summary
from studio.ui.gallery.view import ExternalDrop, GalleryView, external_drop
from studio.ui.gallery.viewer import PictureViewer
from studio.ui.gallery.work import TARGET, file_for_editing
from studio.ui.images.dialog import FILE_FILTER, ImageEditorDialog, open_image_editor
from studio.ui.images.work import PreparedFile
from studio.ui.section_page import SectionPage, producer_only
from studio.ui.theme import error_colour
from studio.workspace import OpenDocument

log = logging.getLogger(__name__)

WEB_ADDRESS = (
    "a web address: save the picture on your computer first, then add the file (only files "
    "on this computer can be added)"
)
ONLY_PICTURES = (
    "Only pictures can be added here: drop picture files or a folder, paste a copied picture, "
    "or use Add pictures…. Nothing was added."
)
FULL = (
    "The gallery is full: BeatPass shows at most {max} pictures. Remove one to make room. "
    "Nothing was added."
)


class _Link(QObject):
    """The page's connections to its workspace document: to this object's methods, so they
    end when it is deleted (the document and its handle live on in the workspace)."""

    def __init__(self, page: GalleryPage, handle: OpenDocument) -> None:
        super().__init__(page)
        self._page, self._handle = page, handle
        handle.noticeChanged.connect(self.notice)
        handle.failed.connect(self.failed)
        handle.ready.connect(self.ready)

    def notice(self, text: str) -> None:
        self._page._show_notice(text)

    def failed(self, text: str) -> None:
        self._page._show_status(text)

    def ready(self, doc: DraftDocument) -> None:
        self._page._install(self._handle, doc)

    def follow(self, doc: DraftDocument) -> None:
        doc.changed.connect(self.changed)

    def changed(self, field: str) -> None:
        if field == GALLERY:
            self._page._update_actions()


def _replacer(
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
            say(FULL.format(max=MAX_PICTURES))

    return deliver


class GalleryPage(SectionPage):
    """The gallery section: see the module's docstring."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("galleryPage")
        self.setAccessibleName("Gallery manager")
        self.setAcceptDrops(True)
        self._session: Session | None = None
        self.handle: OpenDocument | None = None
        self.link: _Link | None = None
        self.viewer: PictureViewer | None = None
        self.editor: ImageEditorDialog | None = None
        self.file_dialog: QFileDialog | None = None
        workspace = ctx.workspace
        self.model = GalleryModel(
            ctx.images,
            names=lambda: workspace.names,
            refusals=lambda: workspace.refusals,
            parent=self,
        )
        workspace.uploadProgress.connect(self.model.note_progress)
        workspace.refusalsChanged.connect(self.model.refusals_changed)
        workspace.namesChanged.connect(self.model.names_changed)
        ctx.undo_group.activeStackChanged.connect(self._active_stack_changed)
        self.view = GalleryView()
        self.view.setModel(self.model)
        self.model.set_thumb_px(self.view.thumb_px())
        self.importer = GalleryImporter(
            ctx.tasks,
            data_dir=ctx.paths.data,
            cache_dir=ctx.paths.cache,
            thumbs_dir=ctx.paths.thumbnails,
            room=lambda: room_left(self.model.picture_count),
            box=self.view.thumb_px(),
            parent=self,
        )
        self._build()
        self._connect()
        self._show_status("Not signed in.")

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel("")
        self.banner.setObjectName("galleryBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("Gallery notice")
        self.banner.setContentsMargins(12, 6, 12, 6)
        self.banner.setStyleSheet(
            "QLabel#galleryBanner { background: palette(alternate-base); "
            "border-bottom: 1px solid palette(mid); }"
        )
        self.banner.hide()

        self.title = QLabel("Gallery")
        self.title.setProperty("role", "title")
        self.count = QLabel("")
        self.count.setAccessibleName("Pictures in the gallery")
        self.add_button = self._button(
            "&Add pictures…", "Add pictures from files", self.choose_files
        )
        self.paste_button = self._button("&Paste", "Paste a copied picture", self.paste)
        self.replace_button = self._button(
            "&Replace…", "Replace the selected picture with another", self.replace_selected
        )
        self.crop_button = self._button("&Crop…", "Crop the selected picture", self.crop_selected)
        self.view_button = self._button(
            "&View larger", "Show the picture larger", self.view_selected
        )
        self.remove_button = self._button(
            "Re&move", "Remove the selected pictures", self.remove_selected
        )
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.count)
        head.addStretch(1)
        for button in (
            self.add_button,
            self.paste_button,
            self.replace_button,
            self.crop_button,
            self.view_button,
            self.remove_button,
        ):
            head.addWidget(button)
        rules = QLabel(
            f"{image_rules.rules_summary(TARGET)} At most {MAX_PICTURES} pictures; the first 6 "
            "show in the About block. Drag to reorder, or Ctrl+Shift+←/→ (Home/End: first/last); "
            "Delete removes; Space or a double-click shows a picture larger."
        )
        rules.setWordWrap(True)
        rules.setAccessibleName("Gallery rules")

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress_text = QLabel("")
        self.stop_button = self._button("&Stop importing", "Stop importing", self.importer.stop)
        self.import_row = QWidget()
        row = QHBoxLayout(self.import_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress_text)
        row.addWidget(self.progress, 1)
        row.addWidget(self.stop_button)
        self.import_row.hide()

        self.message = QLabel("")
        self.message.setObjectName("galleryMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Gallery message")
        self.message.hide()
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAccessibleName("Selected picture")
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # room for three lines at all times: the grid does not jump as the selection changes
        self.details.setMinimumHeight(3 * self.details.fontMetrics().lineSpacing() + 4)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 8, 12, 8)
        column.addLayout(head)
        column.addWidget(rules)
        column.addWidget(self.import_row)
        column.addWidget(self.message)
        column.addWidget(self.view, 1)
        column.addWidget(self.details)

        self.status = QLabel("")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.status)
        self.stack.addWidget(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self.paste_action = QAction("Paste a picture", self)
        self.paste_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_action.triggered.connect(self.paste)
        self.addAction(self.paste_action)
        self.add_action = QAction("Add pictures", self)
        self.add_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_action.triggered.connect(self.choose_files)
        self.addAction(self.add_action)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(slot)
        return button

    def _connect(self) -> None:
        view = self.view
        view.moveRequested.connect(self.move_selected)
        view.removeRequested.connect(self.remove_selected)
        view.viewRequested.connect(self.view_selected)
        view.externalDropped.connect(self.handle_drop)
        view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.dataChanged.connect(lambda *_a: self._update_details())
        self.model.rowsInserted.connect(lambda *_a: self._update_actions())
        self.model.rowsRemoved.connect(lambda *_a: self._update_actions())
        importer = self.importer
        importer.jobShown.connect(self.model.show_job)
        importer.jobChanged.connect(self.model.update_job)
        importer.jobGone.connect(self.model.drop_job)
        importer.progressed.connect(self._import_progress)
        importer.finished.connect(self._imported)

    # --- SectionPage ---------------------------------------------------------------------

    def unavailable_reason(self, session: Session | None, artist: ArtistRef | None) -> str:
        return producer_only(session, artist)

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        self._session = session
        if session is None or artist is None:
            self._close("Not signed in." if session is None else "No producer profile.")
            return
        handle = self.ctx.workspace.open("artist", artist.id)
        if handle is self.handle:
            return
        self._close("Loading…")
        self.handle = handle
        self.link = _Link(self, handle)
        self.title.setText(f"Gallery of {artist.name}")
        origin = session.client.origin
        self.model.set_origin(origin)
        if handle.error:
            self._show_status(handle.error)
        elif handle.doc is not None:
            self._install(handle, handle.doc)

    def can_save(self) -> bool:
        return self.document is not None

    def save_now(self) -> None:
        self.ctx.workspace.save_all()

    def can_publish(self) -> bool:
        return self.document is not None

    # --- the document --------------------------------------------------------------------

    @property
    def document(self) -> DraftDocument | None:
        return self.model.document

    def _install(self, handle: OpenDocument, doc: DraftDocument) -> None:
        if handle is not self.handle:
            return
        self.model.set_document(doc)
        if self.link is not None:
            self.link.follow(doc)
        self.stack.setCurrentWidget(self.content)
        self._show_notice(handle.notice)
        self._take_undo_keys()
        self._update_actions()

    def _close(self, status: str) -> None:
        self.importer.discard()
        link, self.link, self.handle = self.link, None, None
        if link is not None:
            link.deleteLater()
        self.model.set_document(None)
        self._show_notice("")
        self._show_status(status)

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        if self.document is None:
            self.stack.setCurrentWidget(self.status)

    def _show_notice(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._take_undo_keys()
        self.model.set_thumb_px(self.view.thumb_px())

    def _take_undo_keys(self) -> None:
        """The window's Undo/Redo act on this page's document while it is on screen."""
        doc = self.document
        if doc is not None and self.isVisible():
            self.ctx.undo_group.setActiveStack(doc.stack)

    def _active_stack_changed(self, _stack: object) -> None:
        # Another page (not on screen, e.g. a profile document that became ready
        # meanwhile) may take the undo keys: once things settle, the page on screen takes
        # them back. Later, so a page being switched to wins over one being left.
        doc = self.document
        if doc is not None and self.ctx.undo_group.activeStack() is not doc.stack:
            QTimer.singleShot(0, self, self._take_undo_keys)

    # --- selection -----------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """Selected pictures (not those still being imported), in gallery order."""
        count = self.model.picture_count
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        return sorted(r for r in rows if r < count)

    def selected_keys(self) -> list[str]:
        keys = self.model.keys
        return [keys[r] for r in self.selected_rows()]

    def select_rows(self, rows: list[int]) -> None:
        """Select these pictures (the first becomes current)."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        for n, row in enumerate(rows):
            index = self.model.index(row)
            flags = QItemSelectionModel.SelectionFlag.Select
            if n == 0:
                selection.setCurrentIndex(index, flags)
            else:
                selection.select(index, flags)

    def _one_selected(self) -> int | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    # --- arranging -----------------------------------------------------------------------

    def move_selected(self, where: str) -> None:
        """Move the selected pictures (one undo step): items.LEFT/RIGHT/FIRST/LAST."""
        doc, keys = self.document, self.selected_keys()
        if doc is None or not keys:
            return
        if edit.arrange(doc, moved(self.model.keys, keys, where), len(keys)):
            current = self.view.currentIndex()
            if current.isValid():
                self.view.scrollTo(current)

    def remove_selected(self) -> None:
        doc, keys = self.document, self.selected_keys()
        if doc is None or not keys:
            return
        first = self.selected_rows()[0]
        count = edit.remove_pictures(doc, keys)
        self._say(
            f"Removed {count} {'picture' if count == 1 else 'pictures'} from the draft "
            "(Undo brings them back)."
        )
        left = self.model.picture_count
        if left:
            self.select_rows([min(first, left - 1)])

    # --- adding --------------------------------------------------------------------------

    def choose_files(self) -> None:
        """The file dialog (several files; non-blocking)."""
        if self.document is None:
            return
        dialog = QFileDialog(self, "Add pictures to the gallery", str(Path.home()), FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.filesSelected.connect(lambda names: self.add_files([Path(n) for n in names]))
        self.file_dialog = dialog
        dialog.open()

    def paste(self) -> None:
        """Ctrl+V: a copied picture, or copied picture files."""
        data = QGuiApplication.clipboard().mimeData()
        drop = external_drop(data) if data is not None else ExternalDrop()
        self.handle_drop(drop)

    def add_files(self, paths: list[Path], skipped: list[Skipped] | None = None) -> bool:
        """Import pictures from files and folders; False when there is no room at all."""
        if self.document is None:
            return False
        if self._room() <= 0:
            self._say(FULL.format(max=MAX_PICTURES), problem=True)
            return False
        self.importer.add_paths(paths, skipped)
        return True

    def handle_drop(self, drop: ExternalDrop) -> None:
        """Files and folders are imported; a web address or text gets a clear message."""
        if self.document is None:
            return
        web = [Skipped(address, WEB_ADDRESS) for address in drop.addresses]
        if drop.paths:
            self.add_files(drop.paths, web)
        elif drop.image is not None:
            if self._room() <= 0:
                self._say(FULL.format(max=MAX_PICTURES), problem=True)
            else:
                self.importer.add_image(drop.image)
        elif web:
            self._say(
                "Pictures on the web cannot be added by their address: save the picture on your "
                "computer first, then add the file. Nothing was added.",
                problem=True,
            )
        else:
            self._say(ONLY_PICTURES, problem=True)

    def _room(self) -> int:
        return room_left(self.model.picture_count) - self.importer.pending

    def _import_progress(self, done: int, total: int, text: str) -> None:
        self.import_row.setVisible(bool(text))
        self.progress_text.setText(text)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._update_actions()

    def _imported(self, outcome: ImportOutcome) -> None:
        doc = self.document
        jobs = [j for j in outcome.added if j.prepared is not None]
        before = {str(i.get("url")) for i in self.model.items}
        added = edit.add_pictures(doc, [j.prepared.ref for j in jobs if j.prepared]) if doc else 0
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
            [j.prepared.removed for j in kept if j.prepared],
            duplicates,
        )
        self._say(summary.text, problem=summary.problem, details=summary.details)
        if added:
            self.select_rows(
                list(range(self.model.picture_count - added, self.model.picture_count))
            )
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- one picture ---------------------------------------------------------------------

    def replace_selected(self) -> None:
        """Replace the selected picture with another file, through the image editor."""
        row = self._one_selected()
        if row is None or self.document is None:
            return
        self._open_editor(row, None)

    def crop_selected(self) -> None:
        """Crop the selected picture in the image editor (its file is fetched first when it
        is on BeatPass)."""
        row = self._one_selected()
        doc = self.document
        if row is None or doc is None:
            return
        url = str(self.model.index(row).data(Role.URL))
        self._say("Opening the picture…")
        self.ctx.tasks.run(
            file_for_editing,
            url,
            self.ctx.paths.data,
            self.ctx.paths.cache,
            owner=self,
            on_done=lambda path: self._open_editor(row, path),
            on_error=lambda exc: self._say(
                f"The picture could not be opened for cropping. {user_message(exc)}", problem=True
            ),
            name="open a gallery picture for cropping",
        )

    def _open_editor(self, row: int, path: Path | None) -> None:
        doc = self.document
        if doc is None or row >= self.model.picture_count:
            return
        key = self.model.keys[row]
        deliver = _replacer(doc, key, self.model, self.ctx.signals.message.emit)
        self.editor = open_image_editor(
            self.ctx, doc, GALLERY, TARGET, "artist_image", self, deliver=deliver
        )
        if path is not None:
            self._say("")
            self.editor.load_file(path)

    def view_selected(self) -> None:
        """The current picture, larger."""
        index = self.view.currentIndex()
        rows = self.selected_rows()
        if index.isValid() and index.row() in rows:
            row = index.row()
        elif rows:
            row = rows[0]
        else:
            return
        origin = self._session.client.origin if self._session is not None else ""
        viewer = PictureViewer(self.model, row, self.ctx.tasks, self.ctx.paths.data, origin, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _r: self._viewer_closed(viewer))
        self.viewer = viewer
        viewer.open()

    def _viewer_closed(self, viewer: PictureViewer) -> None:
        if self.viewer is viewer:
            self.viewer = None

    # --- drops on the page itself (outside the grid) -------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        data = event.mimeData()
        if self.document is not None and (data.hasUrls() or data.hasImage() or data.hasText()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        drop = external_drop(event.mimeData())
        if drop.empty:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.handle_drop(drop)

    # --- what is shown -------------------------------------------------------------------

    def _say(self, text: str, *, problem: bool = False, details: str = "") -> None:
        """A message on the page (and its first sentence in the status bar)."""
        self.message.setText(text)
        self.message.setToolTip(details)
        self.message.setStyleSheet(f"color: {error_colour(self.palette())};" if problem else "")
        self.message.setVisible(bool(text))
        if text:
            self.ctx.signals.message.emit(text.split(". ", maxsplit=1)[0].rstrip(".") + ".")

    def _update_actions(self) -> None:
        has_doc = self.document is not None
        count = self.model.picture_count
        rows = self.selected_rows()
        room = self._room() > 0 if has_doc else False
        self.add_button.setEnabled(has_doc and room)
        self.paste_button.setEnabled(has_doc and room)
        for button in (self.replace_button, self.crop_button):
            button.setEnabled(len(rows) == 1)
        self.view_button.setEnabled(bool(rows))
        self.remove_button.setEnabled(bool(rows))
        importing = self.importer.pending
        text = f"{count} of {MAX_PICTURES} pictures"
        if importing:
            text += f" ({importing} being imported)"
        self.count.setText(text)
        self._update_details()

    def _update_details(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            self.details.setText(f"{len(rows)} pictures selected." if rows else "")
            return
        index = self.model.index(rows[0])
        lines = [f"{rows[0] + 1}. {index.data()} — {index.data(Role.STATUS)}"]
        for role in (Role.REASON, Role.BADGE, Role.DETAILS):
            text = str(index.data(role) or "")
            if text:
                lines.append(text.replace("\n", " "))
        self.details.setText("\n".join(lines))

    # for tests and the benchmark: the importer's tiles
    def importing(self) -> list[Job]:
        return self.importer.jobs

    def notes_of(self, ref: str) -> Notes | None:
        return self.model.notes(ref)
