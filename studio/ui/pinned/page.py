"""``PinnedPage``: the main window's "Pinned track" section — the current pin as BeatPass shows
it, the picker over every track of the profile, and the public-page preview beside them.

Pinning and unpinning are undoable edits of the profile's pin document (the workspace's,
kind ``"pin"``), published through a plan like every other draft. The catalog comes from
:class:`~studio.ui.pinned.loader.CatalogLoader` (the store first, then BeatPass page by page).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from studio.context import AppContext, Session
from studio.core import drafts
from studio.core.models import ArtistRef
from studio.core.pin_catalog import CatalogTrack, eligibility_tip
from studio.core.pins import PIN, PINNED, pinned_id, summary_text, track_ref, with_pin
from studio.document import DraftDocument
from studio.ui.pinned.card import PinCard
from studio.ui.pinned.loader import DONE, READING, CatalogLoader
from studio.ui.pinned.model import CatalogModel
from studio.ui.pinned.picker import Picker
from studio.ui.preview import PreviewPane
from studio.ui.preview.widgets import PlainLabel
from studio.ui.section_page import SectionPage, producer_only
from studio.workspace import OpenDocument

ROWS_EVERY_MS = 250  # while pages arrive, the table takes them in this often
GONE_NOTE = (
    "The track pinned in your draft, “{name}”, is no longer among this profile's tracks on "
    "BeatPass (it may have been deleted). Choose another track, or undo."
)


class _Link(QObject):
    """The page's connections to one pin (or artist) document and its handle: they end when
    this object is deleted (documents live on in the workspace). It reaches the page through
    its Qt parent, never a Python reference: a child holding its parent would make the page
    a reference cycle, which Python's garbage collector may free (and so delete the widgets)
    at any moment, even from a worker thread."""

    def __init__(self, page: PinnedPage, handle: OpenDocument) -> None:
        super().__init__(page)
        self.handle = handle
        self.doc: DraftDocument | None = None
        handle.noticeChanged.connect(self.notice)
        handle.failed.connect(self.failed)
        handle.refreshed.connect(self.refreshed)

    def follow(self, doc: DraftDocument) -> None:
        self.doc = doc
        doc.changed.connect(self.changed)
        doc.rebased.connect(self.changed)

    @property
    def _page(self) -> PinnedPage:
        page = self.parent()
        assert isinstance(page, PinnedPage)
        return page

    def ready(self, doc: DraftDocument) -> None:
        self._page._ready(self, doc)

    def notice(self, _text: str) -> None:
        self._page._show_notice()

    def failed(self, text: str) -> None:
        self._page._failed(self, text)

    def refreshed(self) -> None:
        self._page._refreshed(self)

    def changed(self, *_args: object) -> None:
        self._page._pin_changed()


class PinnedPage(SectionPage):
    """The pinned-track section (a :class:`SectionPage`)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("pinnedPage")
        self.setAccessibleName("Pinned track")
        self._session: Session | None = None
        self._artist: ArtistRef | None = None
        self._pin: _Link | None = None
        self._profile: _Link | None = None
        self._opening: ArtistRef | None = None  # to open once the saved catalog is read
        self._sized = False
        self._started = False  # shown once: the target's catalog and documents are opened
        self._note = ""  # a refused publish's message
        self._gone = ""  # the draft's pin is no longer in the catalog

        self.banner = PlainLabel("", wrap=True)
        self.banner.setObjectName("pinnedBanner")
        self.banner.setAccessibleName("Pinned track notice")
        self.banner.setContentsMargins(12, 6, 12, 6)
        self.banner.setStyleSheet(
            "QLabel#pinnedBanner { background: palette(alternate-base); "
            "border-bottom: 1px solid palette(mid); }"
        )
        self.banner.setVisible(False)

        self.card = PinCard(ctx.images)
        self.model = CatalogModel(ctx.images, self)
        self.picker = Picker(self.model)
        self.loader = CatalogLoader(ctx, self)
        self._shown_rows: tuple[CatalogTrack, ...] = ()
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(ROWS_EVERY_MS)
        self._rows_timer.timeout.connect(self._show_rows)

        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(self.card)
        column.addWidget(self.picker, 1)
        editor.setMinimumWidth(400)

        self.preview = PreviewPane(ctx.tasks, images=ctx.images, settings=ctx.settings)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("pinnedSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editor)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        self.card.unpin_button.clicked.connect(self.unpin)
        self.picker.pinRequested.connect(self.pin)
        self.picker.refreshRequested.connect(self.loader.refresh)
        self.picker.stopRequested.connect(self.loader.stop)
        self.loader.rowsChanged.connect(self._rows_changed)
        self.loader.stateChanged.connect(self._loading_changed)
        ctx.workspace.refusalsChanged.connect(self._refusals_changed)
        self._loading_changed()

    # --- SectionPage -------------------------------------------------------------------

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        """Show the pin and the tracks of ``artist`` (nothing when signed out). Until the page
        is first shown nothing is read or fetched: the window sets every page's target at
        sign-in, and a catalog of thousands of tracks is not paged for a section never opened."""
        self._session = session
        self.preview.set_client(session.client if session is not None else None)
        if session is None or artist is None:
            self._artist = self._opening = None
            self._close("Sign in with a producer profile to pin a track.")
            self.loader.close()
            return
        same = self._artist is not None and self._artist.id == artist.id
        self._artist = artist
        if self._started:
            self._begin(session, artist, same)
        elif not same:
            self._close("Loading…")

    def _begin(self, session: Session, artist: ArtistRef, same: bool) -> None:
        # The saved catalog is read first, alone: its rows are what the picker shows first;
        # the documents (and the preview's loading) follow once it is read.
        self.loader.open(session.store_account, artist.id, session.client)
        if not same or self._pin is None:
            self._close("Loading…")
            self._opening = artist
            self._open_when_read()

    def unavailable_reason(self, session: Session | None, artist: ArtistRef | None) -> str:
        return producer_only(session, artist)

    def can_save(self) -> bool:
        # Asked when the target or the section changes, before the pin document is read:
        # saving writes whatever the workspace holds, which is right at any moment.
        return self._session is not None and self._artist is not None

    def save_now(self) -> None:
        self.ctx.workspace.save_all()

    def can_publish(self) -> bool:
        return self._session is not None

    def can_find(self) -> bool:
        return self._artist is not None

    def find_in_page(self) -> None:
        """Ctrl+F: the filter."""
        self.picker.focus_filter()

    def show_field_errors(self, kind: str, errors: dict[str, Any]) -> bool:
        if kind != PIN:
            return False
        messages = [m for v in errors.values() for m in ([v] if isinstance(v, str) else v)]
        self._set_note("BeatPass refused the pin: " + " ".join(str(m) for m in messages))
        return True

    # --- pinning -----------------------------------------------------------------------

    @property
    def doc(self) -> DraftDocument | None:
        return self._pin.doc if self._pin is not None else None

    def shown_documents(self) -> list[DraftDocument]:
        return [self.doc] if self.doc is not None else []  # the pin is what this page edits

    def pin(self, track: CatalogTrack) -> bool:
        """Pin ``track`` in the draft (one undo step); False, saying why, when it cannot be."""
        doc = self.doc
        if doc is None:
            return False
        if not self.model.pinnable(track):
            why = eligibility_tip(track, self.model.refusal(track.id))
            self._say(f"“{track.name}” cannot be pinned: {why}")
            return False
        if pinned_id(doc.draft) == track.id:
            self._say(f"“{track.name}” is already pinned in your draft.")
            return False
        doc.replace_draft(with_pin(doc.base, track.summary()), f"Pin “{track.name}”")
        self._say(f"“{track.name}” is pinned in your draft. Publish to show it on BeatPass.")
        return True

    def unpin(self) -> bool:
        doc = self.doc
        if doc is None or pinned_id(doc.draft) is None:
            return False
        name = summary_text(doc.draft.get(PINNED))
        doc.replace_draft(with_pin(doc.base, None), "Unpin the track")
        self._say(f"Unpinned in your draft ({name}). Publish to change it on BeatPass.")
        return True

    # --- documents ---------------------------------------------------------------------

    def _open(self, artist: ArtistRef) -> None:
        self._close("Loading…")
        pin = self.ctx.workspace.open(PIN, artist.id)
        self._pin = _Link(self, pin)
        profile = self.ctx.workspace.open(drafts.ARTIST, artist.id)
        self._profile = _Link(self, profile)
        for link in (self._pin, self._profile):
            if link.handle.error:
                self._failed(link, link.handle.error)
            link.handle.when_ready(link.ready)

    def _close(self, status: str) -> None:
        for link in (self._pin, self._profile):
            if link is not None:
                link.deleteLater()
        self._pin = self._profile = None
        self.ctx.signals.drafts_changed.emit()
        self._note = self._gone = ""
        self.card.show_pin(None, None)
        self.card.title.set_text(status)
        self.model.set_pinned(None)
        self._show_notice()

    def _ready(self, link: _Link, doc: DraftDocument) -> None:
        if link not in (self._pin, self._profile) or link.doc is doc:
            return
        link.follow(doc)
        if link is self._pin:
            self.preview.attach_document(doc, PIN)
            if self.isVisible():
                self.ctx.undo_group.setActiveStack(doc.stack)
            self._pin_changed()
            self.ctx.signals.drafts_changed.emit()  # the status bar says its save state
        else:
            self.preview.attach_document(doc, drafts.ARTIST)
            self.preview.show_page(drafts.ARTIST)
        if link.handle.fresh:
            self._refreshed(link)
        self._show_notice()

    def _failed(self, link: _Link, text: str) -> None:
        if link is self._pin and link.doc is None:
            self.card.title.set_text(text)
        self._show_notice()

    def _refreshed(self, link: _Link) -> None:
        if link is self._profile and self._artist is not None and link.doc is not None:
            self.preview.load_artist(self._artist.id, owned=True)
        self._show_notice()

    def _pin_changed(self) -> None:
        doc = self.doc
        if doc is None:
            return
        draft = doc.draft
        refused = self.ctx.workspace.refusals.get(track_ref(pinned_id(draft) or -1), "")
        self.card.show_pin(draft, doc.base, refused)
        self.model.set_pinned(pinned_id(draft))
        self._check_gone()

    # --- catalog -----------------------------------------------------------------------

    def _rows_changed(self) -> None:
        """New rows: shown at once when the table is empty or the loading is over, else at
        most every ``ROWS_EVERY_MS`` (re-sorting 10,000 rows for each page of 50 is waste)."""
        if self.model.total == 0 or not self.loader.busy or not self.loader.rows:
            self._show_rows()
        elif not self._rows_timer.isActive():
            self._rows_timer.start()

    def _show_rows(self) -> None:
        self._rows_timer.stop()
        if self._shown_rows is not self.loader.rows:
            self._shown_rows = self.loader.rows
            self.model.set_rows(self.loader.rows)
        self._check_gone()

    def _open_when_read(self) -> None:
        artist = self._opening
        if artist is not None and self.loader.state != READING:
            self._opening = None
            if self._artist is not None and self._artist.id == artist.id:
                self._open(artist)

    def _loading_changed(self) -> None:
        self._open_when_read()
        loader = self.loader
        if not loader.busy and self._rows_timer.isActive():
            self._show_rows()  # the last rows of a fetch: at once
        self.picker.set_loading(loader.busy, loader.message, loader.loaded, loader.total)
        if loader.state == DONE:
            self._check_gone()

    def _refusals_changed(self) -> None:
        refusals: dict[int, str] = {}
        for ref, message in self.ctx.workspace.refusals.items():
            kind, _, ident = ref.partition(":")
            if kind == "track" and ident.isdigit():
                refusals[int(ident)] = message
        self.model.set_refusals(refusals)
        self.picker.explain()
        self._pin_changed()

    def _check_gone(self) -> None:
        """A pin of the draft that a complete catalog no longer lists: say so."""
        doc = self.doc
        ident = pinned_id(doc.draft) if doc is not None else None
        gone = (
            doc is not None
            and ident is not None
            and self.loader.complete
            and ident != pinned_id(doc.base)
            and self.model.track(ident) is None
        )
        note = GONE_NOTE.format(name=summary_text(doc.draft.get(PINNED))) if gone and doc else ""
        if note != self._gone:
            self._gone = note
            self._show_notice()

    # --- notices -----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.ctx.signals.message.emit(text)

    def _set_note(self, text: str) -> None:
        self._note = text
        self._show_notice()

    def _show_notice(self) -> None:
        parts = [link.handle.notice for link in (self._pin,) if link is not None]
        text = " ".join(p for p in (*parts, self._note, self._gone) if p)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = max(self.splitter.width(), 1000)
            self.splitter.setSizes([width * 3 // 5, width - width * 3 // 5])
        if not self._started:
            self._started = True
            if self._session is not None and self._artist is not None:
                self._begin(self._session, self._artist, False)
        doc = self.doc
        if doc is not None:
            self.ctx.undo_group.setActiveStack(doc.stack)
