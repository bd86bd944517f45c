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

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
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
from studio.ui.gallery import edit
from studio.ui.gallery.adding import PictureAdder
from studio.ui.gallery.importer import GalleryImporter, Job
from studio.ui.gallery.items import GALLERY, MAX_PICTURES, moved
from studio.ui.gallery.jobs import TARGET
from studio.ui.gallery.model import GalleryModel, Notes
from studio.ui.gallery.one_picture import OnePicture
from studio.ui.gallery.scan import Skipped
from studio.ui.gallery.view import ExternalDrop, GalleryView, external_drop
from studio.ui.gallery.viewer import PictureViewer
from studio.ui.images.dialog import ImageEditorDialog
from studio.ui.section_page import SectionPage, producer_only
from studio.ui.style import set_role
from studio.ui.theme import error_colour
from studio.workspace import OpenDocument

log = logging.getLogger(__name__)


def _text(name: str, object_name: str = "") -> QLabel:
    """A label of plain text that wraps (``name``: what a screen reader says)."""
    label = QLabel("")
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


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
        self.adder = PictureAdder(ctx, self.model, self.view.thumb_px(), self)
        self.one = OnePicture(ctx, self.model, self)
        self._build()
        self._connect()
        self._show_status("Not signed in.")

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = _text("Gallery notice", "galleryBanner")
        self.banner.setContentsMargins(12, 6, 12, 6)
        self.banner.setStyleSheet(
            "QLabel#galleryBanner { background: palette(alternate-base); "
            "border-bottom: 1px solid palette(mid); }"
        )
        self.banner.hide()

        self.title = QLabel("Gallery")
        set_role(self.title, "title")
        self.count = QLabel("")
        self.count.setAccessibleName("Pictures in the gallery")
        self.add_button = self._button(
            "A&dd pictures…", "Add pictures from files", self.choose_files
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
        buttons = QHBoxLayout()  # a row of its own: the page fits a small screen (800 wide)
        for button in (
            self.add_button,
            self.paste_button,
            self.replace_button,
            self.crop_button,
            self.view_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
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

        self.message = _text("Gallery message", "galleryMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.details = _text("Selected picture")
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # room for three lines at all times: the grid does not jump as the selection changes
        self.details.setMinimumHeight(3 * self.details.fontMetrics().lineSpacing() + 4)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 8, 12, 8)
        column.addLayout(head)
        column.addLayout(buttons)
        column.addWidget(rules)
        column.addWidget(self.import_row)
        column.addWidget(self.message)
        column.addWidget(self.view, 1)
        column.addWidget(self.details)

        self.status = _text("Status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.status)
        self.stack.addWidget(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self.paste_action = self._action(
            "Paste a picture", QKeySequence.StandardKey.Paste, self.paste
        )
        self.add_action = self._action(
            "Add pictures", QKeySequence.StandardKey.Open, self.choose_files
        )

    def _action(
        self, text: str, key: QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

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
        self.importer.progressed.connect(self._import_progress)
        self.adder.said.connect(self._said)
        self.one.said.connect(self._said)
        self.adder.added.connect(self._added)

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

    def shown_documents(self) -> list[DraftDocument]:
        return [self.document] if self.document is not None else []

    def _install(self, handle: OpenDocument, doc: DraftDocument) -> None:
        if handle is not self.handle:
            return
        self.model.set_document(doc)
        if self.link is not None:
            self.link.follow(doc)
        self.stack.setCurrentWidget(self.content)
        self._show_notice(handle.notice)
        self._take_undo_keys()
        if self.isVisible():
            self.importer.warm_up()
        self._update_actions()
        self.ctx.signals.drafts_changed.emit()  # the status bar says its save state

    def _close(self, status: str) -> None:
        self.importer.discard()
        link, self.link, self.handle = self.link, None, None
        if link is not None:
            link.deleteLater()
        self.model.set_document(None)
        self._show_notice("")
        self._show_status(status)
        self.ctx.signals.drafts_changed.emit()

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
        if self.document is not None:
            self.importer.warm_up()

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
        return self.view.selected_rows()

    def selected_keys(self) -> list[str]:
        keys = self.model.keys
        return [keys[r] for r in self.selected_rows()]

    def select_rows(self, rows: list[int]) -> None:
        self.view.select_rows(rows)

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

    # --- adding (see adding.py) -----------------------------------------------------------

    @property
    def importer(self) -> GalleryImporter:
        return self.adder.importer

    @property
    def file_dialog(self) -> QFileDialog | None:
        return self.adder.file_dialog

    def choose_files(self) -> None:
        self.adder.choose_files()

    def paste(self) -> None:
        self.adder.paste()

    def add_files(self, paths: list[Path], skipped: list[Skipped] | None = None) -> bool:
        return self.adder.add_files(paths, skipped)

    def handle_drop(self, drop: ExternalDrop) -> None:
        self.adder.handle_drop(drop)

    def _import_progress(self, done: int, total: int, text: str) -> None:
        self.import_row.setVisible(bool(text))
        self.progress_text.setText(text)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._update_actions()

    def _added(self, count: int) -> None:
        """The pictures just imported are selected, the grid focused."""
        total = self.model.picture_count
        self.select_rows(list(range(total - count, total)))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- one picture (see one_picture.py) -------------------------------------------------

    @property
    def editor(self) -> ImageEditorDialog | None:
        return self.one.editor

    @property
    def viewer(self) -> PictureViewer | None:
        return self.one.viewer

    def replace_selected(self) -> None:
        """Replace the selected picture with another file, through the image editor."""
        row = self._one_selected()
        if row is not None:
            self.one.replace(row)

    def crop_selected(self) -> None:
        """Crop the selected picture in the image editor."""
        row = self._one_selected()
        if row is not None:
            self.one.crop(row)

    def view_selected(self) -> None:
        """The current picture (or the first selected one), larger."""
        index = self.view.currentIndex()
        rows = self.selected_rows()
        if index.isValid() and index.row() in rows:
            row = index.row()
        elif rows:
            row = rows[0]
        else:
            return
        self.one.view(row, self._session.client.origin if self._session is not None else "")

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

    def _said(self, text: str, problem: bool, details: str) -> None:
        self._say(text, problem=problem, details=details)

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
        room = self.adder.room() > 0 if has_doc else False
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
        self.details.setText(self.model.describe(rows[0]))

    # for tests and the benchmark: the importer's tiles
    def importing(self) -> list[Job]:
        return self.importer.jobs

    def notes_of(self, ref: str) -> Notes | None:
        return self.model.notes(ref)
