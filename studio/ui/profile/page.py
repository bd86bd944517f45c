"""``ProfilePage``: the main window's "profile" section — the producer-profile editor and the
user-profile editor in two tabs, with the public-page preview beside them.

The documents come from the workspace (``ctx.workspace.open``): editable as soon as the
stored copy is read, refreshed when the server answers, with the notices the workspace keeps
(restored edits, changes merged in, offline). The page never fetches or merges by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.context import AppContext, Session
from studio.core import drafts
from studio.core.credit_drafts import CREDITS
from studio.core.models import ArtistRef
from studio.core.pins import PIN
from studio.document import DraftDocument
from studio.ui.models.countries import CountryListModel
from studio.ui.profile.field_finder import FieldFinder
from studio.ui.profile.form import ProfileForm
from studio.ui.profile.forms import ArtistForm, UserForm
from studio.ui.profile.late_preview import LatePreview, attach_if_current, follow_pin
from studio.ui.profile.tab_slot import TAB_TITLES
from studio.ui.profile.tab_slot import TabSlot as _Slot
from studio.ui.profile.undo_keys import DocumentUndoKeys
from studio.ui.profile.widgets import plain_label
from studio.ui.section_page import NEEDS_PRODUCER, SectionPage
from studio.workspace import OpenDocument

if TYPE_CHECKING:
    from studio.ui.preview import PreviewPane

log = logging.getLogger(__name__)

KINDS = (drafts.ARTIST, drafts.USER)
WHAT = {drafts.ARTIST: "this producer profile", drafts.USER: "your user profile"}


class _Link(QObject):
    """One tab's connections to its workspace document: to this object's methods, so they
    end when it is deleted (the document and its handle live on in the workspace)."""

    def __init__(self, page: ProfilePage, slot: _Slot, handle: OpenDocument) -> None:
        super().__init__(page)  # the page and the tab are reached through the Qt parent, never
        # held: a child holding its parent is a reference cycle, which Python's garbage
        # collector may free (deleting the widgets) at any moment, even on a worker thread
        self._kind, self._handle = slot.kind, handle
        handle.noticeChanged.connect(self.notice)
        handle.failed.connect(self.failed)
        handle.refreshed.connect(self.refreshed)
        handle.ready.connect(self.ready)
        handle.waiting.connect(self.waiting)
        self._doc: DraftDocument | None = None

    @property
    def _page(self) -> ProfilePage:
        page = self.parent()
        assert isinstance(page, ProfilePage)
        return page

    @property
    def _slot(self) -> _Slot:
        return self._page.slots[self._kind]

    def follow(self, doc: DraftDocument) -> None:
        self._doc = doc
        doc.saveFailed.connect(self.save_failed)
        doc.rebased.connect(self.rebased)

    def notice(self, text: str) -> None:
        self._page._handle_notice(self._slot, self._handle, text)

    def failed(self, text: str) -> None:
        self._page._handle_failed(self._slot, self._handle, text)

    def refreshed(self) -> None:
        self._page._handle_refreshed(self._slot, self._handle)

    def ready(self, doc: DraftDocument) -> None:
        self._page._install(self._slot, self._handle, doc)

    def waiting(self) -> None:
        self._page._emit_if_settled()

    def save_failed(self, text: str) -> None:
        if self._doc is not None:
            self._page._save_failed(self._slot, self._doc, text)

    def rebased(self) -> None:
        if self._doc is not None:
            self._page._rebased(self._slot, self._doc)


class ProfilePage(SectionPage):
    """The profile section (a :class:`SectionPage`): both profile editors and the preview."""

    documentsChanged = Signal()  # noqa: N815 — a document was opened or closed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("profilePage")
        self.setAccessibleName("Profile editor")
        self._session: Session | None = None
        self._pin_handle: OpenDocument | None = None
        self._sized = False
        self.slots = {kind: _Slot(kind) for kind in KINDS}

        self.banner = plain_label()
        self.banner.setObjectName("profileBanner")
        self.banner.setAccessibleName("Profile notice")
        self.banner.setContentsMargins(12, 6, 12, 6)
        self.banner.setStyleSheet(
            "QLabel#profileBanner { background: palette(alternate-base); "
            "border-bottom: 1px solid palette(mid); }"
        )
        self.banner.setVisible(False)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Profiles")
        self.tabs.tabBar().setAccessibleName("Profiles")
        self.tabs.setDocumentMode(True)
        for kind in KINDS:
            self.tabs.addTab(self.slots[kind], TAB_TITLES[kind])
        self.tabs.currentChanged.connect(self._tab_changed)
        self._undo_keys = DocumentUndoKeys(self.tabs, ctx.undo_group)

        self.finder = FieldFinder()
        self.finder.fieldChosen.connect(self.go_to_field)

        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        top = QHBoxLayout()
        top.setContentsMargins(8, 4, 8, 4)
        top.addWidget(self.finder)
        top.addStretch(1)
        column.addLayout(top)
        # A notice is about the profile on screen: above its form, so the preview keeps its
        # place (showing one, the offline notice at start-up, lays out and paints the form
        # only: 3-5 ms against 9-13 with the preview, bench_open with the server down).
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)

        self._live_wanted: set[str] = set()  # kinds whose Live preview is to be loaded
        self._countries: CountryListModel | None = None  # made with the first form
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("profileSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editor)
        self._late = LatePreview(ctx, self.splitter, self._preview_made)  # see late_preview
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        editor.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        for slot in self.slots.values():
            slot.show_status("Not signed in.")

    # --- public interface --------------------------------------------------------------------

    @property
    def preview(self) -> PreviewPane:
        """The preview pane; made now if it was not yet (see :mod:`.late_preview`)."""
        return self._late.get()

    def _preview_made(self, pane: PreviewPane) -> None:
        pane.switch_bar.changed.connect(self._preview_switched)
        if self._live_wanted:
            QTimer.singleShot(0, self, self._load_live)
        QTimer.singleShot(0, self, self._emit_if_settled)

    def _on_preview(self, call: Callable[[PreviewPane], None]) -> None:
        self._late.tell(call)

    def _ask_for_preview(self) -> None:
        """The producer form is on screen (or nothing will be): the pane comes next. Not
        while a form waits to be shown: asked again once it is."""
        if not any(slot.form_pending for slot in self.slots.values()):
            self._late.ask(self.window())

    def is_settled(self) -> bool:
        """Every tab that opens a document has it, or knows it must wait for the server (no
        stored copy) or that it cannot be opened (or nothing is opening), the preview shows
        it, and every open document has its form."""
        return (
            self._documents_settled() and not self._preview_pending() and not self._forms_waiting()
        )

    def _preview_pending(self) -> bool:
        """The preview has documents to draw and has not drawn them (not made yet counts:
        with nothing to show, an unmade pane is not waited for)."""
        pane = self._late.pane
        return pane.render_pending() if pane is not None else bool(self.documents())

    def _forms_waiting(self) -> list[_Slot]:
        """Tabs not on screen whose document is open but whose form is not made yet (a
        document its workspace has closed meanwhile does not count)."""
        return [
            s
            for s in self.slots.values()
            if s.doc is not None and s.form is None and shiboken6.isValid(s.doc)
        ]

    def _documents_settled(self) -> bool:
        return all(
            slot.handle is None
            or slot.doc is not None
            or bool(slot.handle.error)
            or slot.handle.waits_for_server
            for slot in self.slots.values()
        )

    def _emit_if_settled(self) -> None:
        if not self._documents_settled():
            return
        pane = self._late.pane
        if pane is None:
            self._ask_for_preview()
            if self.documents():  # made soon to draw them; it says so again then
                return
        elif pane.render_pending():  # once the preview has drawn it
            pane.rendered.connect(self._emit_if_settled, Qt.ConnectionType.SingleShotConnection)
            return
        if self._forms_waiting():  # then the other tabs' forms, a turn each
            QTimer.singleShot(1, self, self._build_waiting_form)
        else:
            self.settled.emit()

    def _build_waiting_form(self) -> None:
        if self.ctx.tasks.just_worked():  # a task outcome ran on this turn: the next one
            QTimer.singleShot(1, self, self._build_waiting_form)
            return
        waiting = self._forms_waiting()
        if waiting:
            self._build_form(waiting[0])
            self.ctx.tasks.worked()
        self._emit_if_settled()

    def shown_documents(self) -> list[DraftDocument]:
        return self.documents()

    def documents(self) -> list[DraftDocument]:
        """The open drafts: the producer profile's, then the user profile's."""
        return [slot.doc for slot in self.slots.values() if slot.doc is not None]

    def document(self, kind: str) -> DraftDocument | None:
        return self.slots[kind].doc

    def form(self, kind: str) -> ProfileForm | None:
        """The form of ``kind`` (None while its document is not open), shown."""
        slot = self.slots[kind]
        form = self._build_form(slot)
        slot.show_form()
        return form

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        """Open the drafts of ``session``'s user and of ``artist`` (flushing the others)."""
        self._session = session
        client = session.client if session is not None else None
        self._on_preview(lambda pane: pane.set_client(client))
        if session is None:
            for kind in KINDS:
                self._close(kind, "Not signed in.")
            self._ask_for_preview()
            return
        account = session.store_account
        if artist is None:
            self._close(drafts.ARTIST, "This account manages no producer profile.")
        else:
            self._open(drafts.ARTIST, account, artist.id)
            self._follow_pin(artist.id)
        self._open(drafts.USER, account, session.user.id)
        # Without a producer profile only the user profile applies: its tab is shown, the
        # producer tab is off and says why.
        producer_tab = self.tabs.indexOf(self.slots[drafts.ARTIST])
        was_off = not self.tabs.isTabEnabled(producer_tab)
        self.tabs.setTabEnabled(producer_tab, artist is not None)
        self.tabs.setTabToolTip(producer_tab, "" if artist is not None else NEEDS_PRODUCER)
        if artist is None:
            self.tabs.setCurrentWidget(self.slots[drafts.USER])
        elif was_off:  # a producer profile again (the sign-in names it just after the user)
            self.tabs.setCurrentWidget(self.slots[drafts.ARTIST])

    def save_now(self) -> None:
        """Write the drafts to the local store now."""
        self.ctx.workspace.save_all()

    def publish(self) -> None:
        """Finish the edit in the focused field (a country being typed is committed when the
        edit ends), then ask to publish once that commit has landed."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and self.tabs.isAncestorOf(focus):
            focus.editingFinished.emit()
        QTimer.singleShot(0, self.publishRequested.emit)

    def can_save(self) -> bool:
        return self._session is not None

    def can_publish(self) -> bool:
        return self._session is not None

    def can_find(self) -> bool:
        return self._session is not None

    def find_in_page(self) -> None:
        """Ctrl+F: the "go to field" box."""
        self.finder.start()

    def show_field_errors(self, kind: str, errors: dict[str, Any]) -> bool:
        """Show field errors at their fields (``links.1.url``, ``user.username``,
        ``profile.description``, ``name``…) and focus the first one: a server 422's, or the
        local checks' when publishing stopped on them. False for kinds it does not edit."""
        slot = self.slots.get(kind)
        if slot is None:
            return False
        form = self.form(kind)
        if form is None:
            self._set_notice(kind, "The server refused some fields: " + _summary(errors))
            return True
        self.tabs.setCurrentWidget(slot)
        form.show_server_errors(errors)
        return True

    def go_to_field(self, label: str) -> None:
        """Focus the field called ``label`` (from the "go to field" box)."""
        wanted = label.strip().casefold()
        for kind in KINDS:
            form = self.form(kind)
            if form is None:
                continue
            for key, name in form.labels.items():
                if f"{name} ({_tab_name(kind)})".casefold() == wanted or name.casefold() == wanted:
                    self.tabs.setCurrentWidget(self.slots[kind])
                    form.focus_key(key)
                    self.finder.clear()
                    return

    # --- opening and closing -----------------------------------------------------------------

    def _follow_pin(self, artist_id: int) -> None:
        """The preview's pinned card follows the profile's pin document (the draft's pin)."""
        self._pin_handle = self.ctx.workspace.open(PIN, artist_id)
        self._on_preview(follow_pin)  # its Live side leaves P3 to this document
        self._pin_handle.when_ready(self._pin_ready)

    def _pin_doc(self) -> DraftDocument | None:
        return self._pin_handle.doc if self._pin_handle is not None else None

    def _pin_ready(self, doc: DraftDocument) -> None:
        if self._pin_doc() is doc:  # and still when the pane is told
            self._on_preview(lambda pane: attach_if_current(pane, doc, PIN, self._pin_doc()))

    def _open(self, kind: str, account: str, entity_id: int) -> None:
        slot = self.slots[kind]
        if self.ctx.session is None:
            return
        handle = self.ctx.workspace.open(kind, entity_id)
        if slot.handle is handle:  # already open, or opening
            return
        self._close(kind, "Loading…")
        slot.handle = handle
        slot.link = _Link(self, slot, handle)
        if handle.error:
            self._handle_failed(slot, handle, handle.error)
        elif handle.doc is not None:
            self._install(slot, handle, handle.doc)

    def _handle_notice(self, slot: _Slot, handle: OpenDocument, text: str) -> None:
        if slot.handle is handle:
            self._set_notice(slot.kind, text)

    def _handle_failed(self, slot: _Slot, handle: OpenDocument, text: str) -> None:
        if slot.handle is handle and slot.doc is None:
            slot.show_status(text)
            self._emit_if_settled()

    def _handle_refreshed(self, slot: _Slot, handle: OpenDocument) -> None:
        """The server state arrived: the preview's Live side follows, once per event-loop
        turn (a document made from the server state is ready and refreshed at once), and
        the user page's only when it is shown."""
        if slot.handle is not handle or slot.doc is None:
            return
        self._live_wanted.add(slot.kind)
        QTimer.singleShot(0, self, self._load_live)

    def _load_live(self) -> None:
        if not self._live_wanted:
            return
        if self._late.pane is None:  # _preview_made loads it, after what waited is told
            return
        self.preview.set_client(self._session.client if self._session is not None else None)
        artist = self.slots[drafts.ARTIST].doc
        if drafts.ARTIST in self._live_wanted and artist is not None:
            self.preview.load_artist(int(artist.entity_id), owned=True)
        self._live_wanted.discard(drafts.ARTIST)
        if drafts.USER in self._live_wanted and self.preview.page == drafts.USER:
            self._live_wanted.discard(drafts.USER)
            self.preview.load_user("me")

    def _preview_switched(self, name: str, _value: str) -> None:
        if name == "page" and self._live_wanted:
            QTimer.singleShot(0, self, self._load_live)

    def _edit_image(self, doc: DraftDocument, field: str, target: str, upload_kind: str) -> None:
        """The image editor for one image field (non-blocking); the upload lands in ``doc``."""
        from studio.ui.images import open_image_editor

        open_image_editor(self.ctx, doc, field, target, upload_kind, self)

    def _install(self, slot: _Slot, handle: OpenDocument, doc: DraftDocument) -> None:
        if slot.handle is not handle or slot.doc is doc:
            return
        slot.doc = doc
        if self.tabs.currentWidget() is slot:
            self._build_form(slot, show_now=False)  # shown next turn, then the preview comes
        # else: the tab on screen and its preview first; this form on a turn of its own
        # before the page says it is settled (or when its tab is shown, or asked for)
        if isinstance(slot.link, _Link):
            slot.link.follow(doc)
        kind = slot.kind
        self._on_preview(lambda pane: attach_if_current(pane, doc, kind, slot.doc))
        if slot.kind == drafts.ARTIST:  # the preview's credits block follows their document
            self._on_preview(lambda pane: pane.follow_credits())
            if handle.fresh:  # from the server: nothing stored, the credits are fetched too
                self._on_preview(lambda _pane: self._open_credits(doc))
            else:
                self._open_credits(doc)
        if handle.fresh:
            self._handle_refreshed(slot, handle)
        else:  # the Live side says it is waiting or offline
            self._on_preview(lambda pane: pane.set_client(None))
        self._set_notice(slot.kind, handle.notice)
        self._tab_changed(self.tabs.currentIndex(), render_now=False)
        self.documentsChanged.emit()
        self.ctx.signals.drafts_changed.emit()  # the status bar says their save state
        self._emit_if_settled()

    def _build_form(self, slot: _Slot, *, show_now: bool = True) -> ProfileForm | None:
        """The form of a tab whose document is open (made now if it was waiting); shown
        now, or (``show_now=False``: the tab on screen, as its document arrives) on the next
        turn, and the preview pane asked for after it."""
        doc = slot.doc
        if doc is None or slot.form is not None:
            return slot.form
        form_class = ArtistForm if slot.kind == drafts.ARTIST else UserForm
        origin = self._session.client.origin if self._session is not None else ""
        if self._countries is None:  # one list (and its flags) for both forms
            self._countries = CountryListModel(parent=self)
        slot.form = form_class(
            doc,
            images=self.ctx.images,
            origin=origin,
            edit_image=lambda field, target, kind: self._edit_image(doc, field, target, kind),
            countries=self._countries,
            tab_bar=self.tabs.tabBar(),
        )
        slot.scroller.setWidget(slot.form)
        if show_now:
            slot.show_form()
        else:
            slot.show_form_soon(self._ask_for_preview)
        editor = self.splitter.widget(0)  # its fields come before the preview's
        self._on_preview(lambda pane: pane.tab_after(editor))
        self._refresh_finder()
        return slot.form

    def _open_credits(self, artist: DraftDocument) -> None:
        """The producer profile's credits, for the preview. A stored copy's are read at
        once (a few ms), to be in the preview's first render. A profile that came from the
        server (nothing stored yet) has its credits fetched with the preview: parsing them
        (~20 ms for 500) took the interpreter from its form being made and painted."""
        if self.slots[drafts.ARTIST].doc is artist and shiboken6.isValid(artist):
            self.ctx.workspace.open(CREDITS, artist.entity_id).when_ready(self._credits_ready)

    def _credits_ready(self, credits: DraftDocument) -> None:
        artist = self.slots[drafts.ARTIST].doc
        if artist is not None and artist.entity_id == credits.entity_id:
            self._on_preview(
                lambda pane: (
                    pane.attach_document(credits, CREDITS)
                    if shiboken6.isValid(credits) and self.slots[drafts.ARTIST].doc is artist
                    else None
                )
            )

    def _rebased(self, slot: _Slot, doc: DraftDocument) -> None:
        """Published (or merged): notes about restored edits or refused fields are done."""
        if slot.doc is doc and not doc.is_dirty and slot.handle is not None:
            stale = slot.handle.notice if slot.handle.offline else ""
            self._set_notice(slot.kind, stale)

    def _save_failed(self, slot: _Slot, doc: DraftDocument, text: str) -> None:
        if slot.doc is doc:
            self._set_notice(slot.kind, f"Not saved: {text}")

    def _close(self, kind: str, status: str) -> None:
        """Detach this tab from its document (the workspace keeps and saves it)."""
        slot = self.slots[kind]
        doc, form, link = slot.doc, slot.form, slot.link
        slot.handle = slot.doc = slot.form = slot.link = None
        self._live_wanted.discard(kind)
        slot.show_status(status)
        self._set_notice(kind, "")
        if link is not None:
            link.deleteLater()  # its connections go with it
        if form is not None:
            slot.scroller.takeWidget()
            form.deleteLater()
        if doc is not None:
            self._refresh_finder()
            self.documentsChanged.emit()
            self.ctx.signals.drafts_changed.emit()

    # --- state shown -------------------------------------------------------------------------

    def _tab_changed(self, index: int, *, render_now: bool = True) -> None:
        kind = KINDS[index] if 0 <= index < len(KINDS) else drafts.ARTIST
        self._build_form(self.slots[kind])
        doc = self.slots[kind].doc
        if doc is not None and self.isVisible():  # a page off screen never takes Undo
            self.ctx.undo_group.setActiveStack(doc.stack)
        self._on_preview(lambda pane: pane.show_page(kind, now=render_now))
        if self._live_wanted:  # e.g. the user page's Live side waited until it is shown
            QTimer.singleShot(0, self, self._load_live)
        self._show_notice()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._sized:  # the editor gets a bit less than half, the preview the rest
            self._sized = True
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 9 // 20, width - width * 9 // 20])
        self._tab_changed(self.tabs.currentIndex())

    def _set_notice(self, kind: str, text: str) -> None:
        self.slots[kind].notice = text
        self._show_notice()

    def _show_notice(self) -> None:
        current = KINDS[max(self.tabs.currentIndex(), 0)]
        text = self.slots[current].notice
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _refresh_finder(self) -> None:
        names = [
            f"{name} ({_tab_name(kind)})"
            for kind in KINDS
            if (form := self.slots[kind].form) is not None
            for name in form.labels.values()
        ]
        self.finder.set_names(names)


def _tab_name(kind: str) -> str:
    return TAB_TITLES[kind].replace("&", "")


def _summary(errors: dict[str, Any]) -> str:
    messages = [m for v in errors.values() for m in ([v] if isinstance(v, str) else v)]
    return " ".join(str(m) for m in messages)
