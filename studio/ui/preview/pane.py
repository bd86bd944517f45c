"""``PreviewPane``: the public producer page or user page rendered beside the editor, with
switches draft/live, visitor/owner, desktop/phone and light/dark.

Edits arrive through :meth:`PreviewPane.set_artist_data` / :meth:`set_user_data` (or an
attached ``DraftDocument``) and are rendered after a short debounce; a render only touches
the parts whose data changed. Live state, tab contents and pictures are fetched in
background tasks and cached in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.core.credit_drafts import CREDITS, public_groups
from studio.core.pins import PIN, shown, summary_track
from studio.core.text import is_openable_url
from studio.messages import user_message
from studio.tasks import Tasks
from studio.ui.preview import style
from studio.ui.preview.fit_view import FitView
from studio.ui.preview.follower import Follower
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.model import (
    SOURCES,
    THEMES,
    VIEWERS,
    WIDTHS,
    ArtistExtras,
    ArtistLoad,
    CreditsState,
    Mode,
    UserExtras,
    UserLoad,
    fetch_artist,
    fetch_user,
)
from studio.ui.preview.switches import (
    ARTIST,
    USER,
    preview_switches,
    remember_mode,
    remembered_mode,
)
from studio.ui.preview.tab_order import StaysAfter
from studio.ui.preview.user_tabs import UserTabs
from studio.ui.preview.widgets import ElidedLabel

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.ui.preview.artist_page import ArtistPage
    from studio.ui.preview.user_page import TabContent, UserPage

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
BACKDROP = {"light": "#d9dae0", "dark": "#050507"}  # around the phone-sized page


def open_in_browser(url: str) -> None:
    """Open an http(s) URL in the system browser; anything else is refused."""
    if is_openable_url(url):
        QDesktopServices.openUrl(QUrl(url))


class PreviewPane(QWidget):
    """The preview. ``opener`` opens links (default: the system browser, http(s) only)."""

    mode_changed = Signal(object)  # Mode
    rendered = Signal()

    def __init__(
        self,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        opener: Callable[[str], None] = open_in_browser,
        images: ImageLoader | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.setAccessibleName("Public page preview")
        self._tasks = tasks
        self._opener = opener
        self._client: BeatPassClient | None = None
        self._settings = settings
        self._mode = remembered_mode(settings)
        self._page = ARTIST
        self._artist_draft: dict[str, Any] = {}
        self._artist_live: dict[str, Any] | None = None
        self._artist_extras = ArtistExtras()
        self._artist_id: int | None = None
        self._user_draft: dict[str, Any] = {}
        self._user_live: dict[str, Any] | None = None
        self._user_extras = UserExtras()
        self._user_id: int | str | None = None
        # A pin document is (or will be) attached: it reads the pin (P3), the Live load does not.
        self.pin_followed = False
        self._pin_draft: dict[str, Any] | None = None  # a followed pin document's
        self._pin_live: dict[str, Any] | None = None
        # (a lambda: ``user_page`` makes the page widgets, not before the first render)
        self._user_tabs = UserTabs(self, tasks, lambda tab: self.user_page.tab_loaded(tab))  # noqa: PLW0108
        self._documents: dict[str, Any] = {}  # kind -> the DraftDocument followed
        self._followers: dict[str, Follower] = {}  # kind -> its connections to that document
        self._stale: set[str] = set()  # kinds whose document changed since the last read
        self._live_generation = {ARTIST: 0, USER: 0, CREDITS: 0}
        self.credits = CreditsState()  # the credits document's, once one is followed
        self._status = ""
        self._prepared = False  # a tab page was made for the render that is due
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._render_due)

        self.images = images or ImageLoader(tasks, parent=self)
        # The rendered page's widgets (both pages, with their style sheets) are made by the
        # first render that has something to show: an opening app makes and paints its form
        # first (making them took ~10 ms, and an empty render before the drafts were in ~8 ms).
        self._artist_page: ArtistPage | None = None
        self._user_page: UserPage | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.switch_bar = preview_switches(self._page, self._mode)
        self.switches = self.switch_bar.groups
        self.switch_bar.changed.connect(self._on_switch)
        self._tab_order = StaysAfter(self.tab_stops, self)
        layout.addWidget(self.switch_bar)
        self.status = ElidedLabel("", "muted")
        self.status.setContentsMargins(10, 0, 10, 4)
        layout.addWidget(self.status)
        holder = QWidget()
        holder.setObjectName("previewHolder")
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        self._holder = holder
        # The view is made now, empty: its scene embeds the holder before the window shows
        # (made later, the tests saw the embedding come apart). The pages go in later.
        self.view = FitView(holder, self)
        layout.addWidget(self.view, 1)
        self._apply_look()

    # --- the rendered page (made on first use) ---------------------------------------------

    @property
    def artist_page(self) -> ArtistPage:
        self._make_pages()
        assert self._artist_page is not None
        return self._artist_page

    @property
    def user_page(self) -> UserPage:
        self._make_pages()
        assert self._user_page is not None
        return self._user_page

    @property
    def made(self) -> bool:
        """The rendered page's widgets are made (by the first render with something to
        show, or the first use of :attr:`artist_page`/:attr:`user_page`)."""
        return self._artist_page is not None

    def _make_pages(self) -> None:
        if self._artist_page is not None:
            return
        from studio.ui.preview.artist_page import ArtistPage  # not with the profile page
        from studio.ui.preview.user_page import UserPage

        self._artist_page = ArtistPage(self._open)
        self._user_page = UserPage(self._user_tab)
        inner = self._holder.layout()
        assert inner is not None
        inner.addWidget(self._artist_page)
        inner.addWidget(self._user_page)
        self.set_images(self.images)
        self._apply_look()
        self._show_page()

    def _has_something_to_show(self) -> bool:
        """The page shown has a draft, a live state or an id to load (the other page's
        document alone draws nothing here)."""
        if self._page == ARTIST:
            return bool(
                ARTIST in self._documents
                or self._artist_draft
                or self._artist_live is not None
                or self._artist_id is not None
            )
        return bool(
            USER in self._documents
            or self._user_draft
            or self._user_live is not None
            or self._user_id is not None
        )

    # --- switches -------------------------------------------------------------------------

    def _on_switch(self, name: str, value: str) -> None:
        if name == "page":
            self.show_page(value)
        else:
            self.set_mode(**{name: value})

    def _sync_switches(self) -> None:
        for name in self.switches:
            current = self._page if name == "page" else getattr(self._mode, name)
            self.switch_bar.set_value(name, current)

    # --- public API -----------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def page(self) -> str:
        return self._page

    def set_mode(
        self,
        *,
        source: str | None = None,
        viewer: str | None = None,
        width: str | None = None,
        theme: str | None = None,
    ) -> None:
        """Change switches (None keeps one). Re-renders at once."""
        new = Mode(
            source=source or self._mode.source,
            viewer=viewer or self._mode.viewer,
            width=width or self._mode.width,
            theme=theme or self._mode.theme,
        )
        for value, allowed in (
            (new.source, SOURCES),
            (new.viewer, VIEWERS),
            (new.width, WIDTHS),
            (new.theme, THEMES),
        ):
            if value not in allowed:
                raise ValueError(f"unknown preview switch value: {value!r}")
        if new == self._mode:
            return
        look = (new.width, new.theme) != (self._mode.width, self._mode.theme)
        self._mode = new
        self._sync_switches()
        if look:
            self._apply_look()
            remember_mode(self._settings, new)
        self.render_now()
        self.mode_changed.emit(new)

    def show_page(self, page: str, *, now: bool = True) -> None:
        """Show the producer page (``"artist"``) or the user page (``"user"``); rendered at
        once, or with ``now=False`` on the next event-loop turn (a document just opened: its
        form is made and painted first)."""
        if page not in (ARTIST, USER):
            raise ValueError(f"unknown preview page: {page!r}")
        self._page = page
        self._sync_switches()
        self._show_page()
        if now:
            self.render_now()
        else:
            self._timer.start(0)  # render_now restores the debounce interval

    def tab_after(self, area: QWidget | None) -> None:
        """Keep the preview's tab stops (its switches, then the rendered page) after
        ``area``'s in the window's Tab chain: the editor's fields come first, also those
        made later (see :class:`~studio.ui.preview.tab_order.StaysAfter`)."""
        if area is not None:
            self._tab_order.follow(area)

    def tab_stops(self) -> list[QWidget]:
        """The preview's own widgets in the window's focus chain, in order (the rendered
        page's controls are reached through the view)."""
        buttons = [b for g in self.switches.values() for b in g.buttons()]
        return [*buttons, self.view, self.view.viewport()]

    def set_images(self, loader: ImageLoader) -> None:
        """Use ``loader`` for pictures (e.g. one shared with the editors)."""
        self.images = loader
        if self._artist_page is not None and self._user_page is not None:
            self._artist_page.set_loader(loader)
            self._user_page.set_loader(loader)

    def set_client(self, client: BeatPassClient | None) -> None:
        """The API client that live state and tab contents come from (None: offline)."""
        if client is not self._client:
            self._client = client
            self._user_tabs.forget()

    def set_artist_data(
        self,
        draft: Mapping[str, Any],
        extra: ArtistExtras | None = None,
        *,
        live: Mapping[str, Any] | None = None,
    ) -> None:
        """New producer draft (ARTIST draft shape), extras and optionally the live state.
        Rendered after the debounce."""
        self._artist_draft = dict(draft)
        if extra is not None:
            self._artist_extras = extra
        if live is not None:
            self._artist_live = dict(live)
        self.schedule()

    def set_user_data(
        self,
        draft: Mapping[str, Any],
        extra: UserExtras | None = None,
        *,
        live: Mapping[str, Any] | None = None,
    ) -> None:
        """New user draft (USER draft shape), extras and optionally the live state."""
        self._user_draft = dict(draft)
        if extra is not None:
            if extra.user_id != self._user_extras.user_id:
                self._user_tabs.forget()
            self._user_extras = extra
            self._user_id = extra.user_id
        if live is not None:
            self._user_live = dict(live)
        self.schedule()

    def attach_document(self, document: Any, kind: str) -> None:
        """Follow a ``DraftDocument`` (``changed(field)`` and ``rebased`` signals, ``draft``
        and ``base``).

        The draft is read once per render (after the debounce), never per keystroke. The
        document's base is the last server state the studio knows: it stands in for the live
        state until :meth:`load_artist`/``load_user`` fetch it, and when the base is replaced
        (a publish returned the server's new state, or server changes were merged in) Live
        shows that state at once.
        """
        self._documents[kind] = document
        self.credits.followed = self.credits.followed or kind == CREDITS
        old = self._followers.pop(kind, None)
        if old is not None:
            old.deleteLater()  # its connections end with it
        self._followers[kind] = Follower(
            self,
            kind,
            document,
            changed=self._document_changed,
            rebased=self._document_rebased,
        )
        self._set_live(kind, document.base)
        self._stale.add(kind)
        self.schedule()

    def follow_credits(self) -> None:
        """The credits block follows the credits document from now on (attached once it is
        ready): the page's own fetch leaves the credits out. Until it is attached (another
        profile's document may be shown), no credits are shown."""
        self.credits = CreditsState(followed=True)
        self._documents.pop(CREDITS, None)
        old = self._followers.pop(CREDITS, None)
        if old is not None:
            old.deleteLater()

    def _document_changed(self, kind: str, document: Any) -> None:
        if self._documents.get(kind) is document:  # still the one followed
            self._stale.add(kind)
            self.schedule()

    def _document_rebased(self, kind: str, document: Any) -> None:
        followed = self._documents.get(kind)
        if followed is None or followed is not document:
            return  # no longer followed
        if kind in self._live_generation:
            self._live_generation[kind] += 1  # a fetch started before is older
        self._set_live(kind, followed.base)
        self._document_changed(kind, document)

    def load_artist(self, artist_id: int, *, owned: bool = False) -> None:
        """Fetch the live producer page and its extras in the background (needs a client);
        ``owned``: one of the signed-in account's profiles (so not unclaimed)."""
        self._artist_id = artist_id
        if self._client is None:
            self._set_status("Offline: the live version and page contents are not loaded.")
            return
        self._set_status("Loading the live page…")
        self._tasks.run(
            fetch_artist,
            self._client,
            artist_id,
            not self.credits.followed,  # else the credits document has them
            owned,
            PIN not in self._documents and not self.pin_followed,  # else the pin document has it
            on_done=partial(self._artist_loaded, artist_id, self._live_generation[ARTIST]),
            on_error=self._load_failed,
            owner=self,
            name="preview artist",
        )

    def load_user(self, user: int | str = "me") -> None:
        """Fetch the live user page and its extras in the background (needs a client)."""
        if self._client is None:
            self._set_status("Offline: the live version and page contents are not loaded.")
            return
        self._set_status("Loading the live page…")
        self._tasks.run(
            fetch_user,
            self._client,
            user,
            on_done=partial(self._user_loaded, self._live_generation[USER]),
            on_error=self._load_failed,
            owner=self,
            name="preview user",
        )

    def render_pending(self) -> bool:
        """A render is scheduled (after the debounce, or on the next turn)."""
        return self._timer.isActive()

    def schedule(self) -> None:
        """Render after the debounce (restarted by every call)."""
        self._timer.start()

    def _render_due(self) -> None:
        """The scheduled render, in turns of ~10 ms rather than one of 30: the first with
        something to show makes the page widgets; a render that needs a new tab page (the
        first, or new data for it) makes that page on a turn of its own (see
        ``ArtistPage.prepare``); the next turn renders (shows it, and the header)."""
        if self._tasks.just_worked():  # a task outcome ran on this turn: render on the next
            self._timer.start(0)  # render_now restores the debounce interval
            return
        if not self.made and self._has_something_to_show():
            self._make_pages()
            self._timer.start(0)
        elif not self._prepared and self._prepare():
            self._prepared = True  # the next due render renders, whatever came meanwhile
            self._timer.start(0)
        else:
            self.render_now()
        self._tasks.worked()

    def _prepare(self) -> bool:
        """Make the producer page's tab page for the next render; True when one was made."""
        self._read_documents()
        if not self.made or self._page != ARTIST:  # made by a render with something to show
            return False
        return self.artist_page.prepare(*self._artist_shown())

    def _artist_shown(self) -> tuple[dict[str, Any], ArtistExtras, bool]:
        """What the producer page renders: the draft (or Live), its extras, as its owner."""
        extras = self.credits.extras(self._with_pin(), self._mode.source)
        return self._source_data(ARTIST), extras, self._mode.viewer == "owner"

    def render_now(self) -> None:
        """Render the current page at once (only what changed is rebuilt)."""
        self._timer.stop()
        self._timer.setInterval(DEBOUNCE_MS)
        self._prepared = False
        self._read_documents()
        if not self.made and not self._has_something_to_show():
            self._update_status()  # nothing to draw yet: a later render makes the pages
            self.rendered.emit()
            return
        if self._page == ARTIST:
            self.artist_page.show_data(*self._artist_shown())
        else:
            owner = self._mode.viewer == "owner"
            self.user_page.show_data(self._source_data(USER), self._user_extras, owner)
        self._update_status()
        self.view.fit()
        self.rendered.emit()

    # --- internals ------------------------------------------------------------------------

    def _read_documents(self) -> None:
        """Take in the drafts of followed documents that changed since the last render."""
        for kind in tuple(self._stale):
            document = self._documents.get(kind)
            if document is None:
                continue
            if kind == ARTIST:
                self._artist_draft = document.draft
            elif kind == PIN:
                self._pin_draft = document.draft
            elif kind == CREDITS:
                self.credits.draft = public_groups(document.draft)
            else:
                self._user_draft = document.draft
        self._stale.clear()

    def _set_live(self, kind: str, state: Mapping[str, Any]) -> None:
        if kind == CREDITS:
            self.credits.live = public_groups(state)
        elif kind == ARTIST:
            self._artist_live = dict(state)
        elif kind == PIN:
            self._pin_live = dict(state)
        else:
            self._user_live = dict(state)

    def _with_pin(self) -> ArtistExtras:
        """The producer page's extras, its pinned card following a followed pin document
        (``attach_document(doc, "pin")``): the draft's pin, or on Live the last known one."""
        state = self._pin_live if self._mode.source == "live" else self._pin_draft
        if PIN not in self._documents or state is None:
            return self._artist_extras
        return replace(self._artist_extras, pinned_track=summary_track(shown(state)))

    def _source_data(self, page: str) -> dict[str, Any]:
        draft = self._artist_draft if page == ARTIST else self._user_draft
        live = self._artist_live if page == ARTIST else self._user_live
        if self._mode.source == "live":
            return live if live is not None else {}
        return draft

    def _update_status(self) -> None:
        live = self._artist_live if self._page == ARTIST else self._user_live
        if self._mode.source == "live" and live is None:
            text = "The live version is not loaded yet."
        elif self._mode.source == "live":
            text = "Live: what visitors see now."
        else:
            text = "Draft: how the page will look after you publish."
        self.status.set_text(self._status or text)

    def _set_status(self, text: str) -> None:
        self._status = text
        self._update_status()

    def _apply_look(self) -> None:
        colours = style.colours(self._mode.theme)
        metrics = style.metrics(self._mode.width)
        if self.made:  # else the pages get their look when they are made
            sheet = style.style_sheet(colours)
            pal = style.palette(colours)
            for page in (self.artist_page, self.user_page):
                page.setPalette(pal)
                page.setAutoFillBackground(True)
                page.setStyleSheet(sheet)
                page.set_look(metrics, colours)
            self._holder.setStyleSheet(f"QWidget#previewHolder {{ background: {colours.page}; }}")
            self._holder.setFixedWidth(metrics.page_width)
        phone = not metrics.two_columns
        self.view.set_backdrop(BACKDROP[self._mode.theme] if phone else colours.page, 16 * phone)

    def _show_page(self) -> None:
        if not self.made:
            return  # shown when the page widgets are made
        self.artist_page.setVisible(self._page == ARTIST)
        self.user_page.setVisible(self._page == USER)
        self.view.fit()

    def _open(self, url: str) -> None:
        if is_openable_url(url):
            self._opener(url)

    def _artist_loaded(self, artist_id: int, generation: int, load: ArtistLoad) -> None:
        if artist_id != self._artist_id:
            return
        if generation == self._live_generation[ARTIST]:  # else a publish's answer is newer
            self._artist_live = load.live
        self._artist_extras = load.extras
        self._status = ""
        self._timer.start(0)  # rendered on later turns, as edits are (see _render_due)

    def _user_loaded(self, generation: int, load: UserLoad) -> None:
        if load.extras.user_id != self._user_extras.user_id:
            self._user_tabs.forget()
        if generation == self._live_generation[USER]:  # else a publish's answer is newer
            self._user_live = load.live
        self._user_extras = load.extras
        self._user_id = load.extras.user_id
        self._status = ""
        self._timer.start(0)  # rendered on later turns, as edits are (see _render_due)

    def _load_failed(self, exc: BaseException) -> None:
        self._set_status(f"The live page could not be loaded. {user_message(exc)}")

    def _user_tab(self, tab: str) -> TabContent:
        return self._user_tabs.content(self._client, self._user_id, tab)
