"""The main window: account menu, producer-profile switcher, sections, actions, status bar.

It shows at once; until someone is signed in the centre shows a state page ("Connecting…",
"Signed out" with a Sign in button, or an error with Retry). Section pages plug in with
:meth:`MainWindow.set_section_page` (see :mod:`studio.ui.sections` for their hooks).

Made without icons it is a *frame*: the window at its place and size in the theme's colours,
nothing in it yet. The app shows that first and furnishes it after its first paint
(:meth:`MainWindow.furnish_body`, then :meth:`MainWindow.furnish_bars`, on turns of their
own), so the window appears without waiting for the toolbar, the menus, the section list and
their modules (bench_open: ~30 ms of start-up).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio import APP_NAME
from studio.messages import user_message
from studio.ui import window_layout
from studio.ui.section_page import SectionPage

if TYPE_CHECKING:
    from studio.context import AppContext, Session
    from studio.core.models import ArtistRef
    from studio.ui.applications.sandbox_menu import SandboxMenu
    from studio.ui.icons import IconSet
    from studio.ui.log_folder import LogFolderOpener
    from studio.ui.message_log import MessageLog
    from studio.ui.notice_bar import NoticeBar
    from studio.ui.sections import SectionList
    from studio.ui.session import SessionController
    from studio.ui.state_page import StatePage
    from studio.ui.status import MessageLine, StatusIndicators

log = logging.getLogger(__name__)

SIGN_IN_TO_SEND = (
    "Publishes or uploads are waiting in the outbox. Sign in to the account that made them "
    "to send them."
)
UNPUBLISHED_DELAY_MS = 300  # a burst of saves and outbox changes: one store read
HOLD_LIMIT_MS = 2_000  # held sections (see MainWindow.hold_sections) show by then anyway


class MainWindow(QMainWindow):
    """The studio's one main window. ``sign_in_requested`` asks the app for the dialog."""

    sign_in_requested = Signal(str)  # a notice to show in the dialog ("" for none)
    publishRequested = Signal()  # noqa: N815 — a section page asked to publish

    def __init__(
        self,
        ctx: AppContext,
        controller: SessionController,
        icons: IconSet | None,
        parent: QWidget | None = None,
    ) -> None:
        """The whole window; without ``icons`` only its frame (:meth:`furnish` adds the rest)."""
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.furnished = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        self._retry: Callable[[], None] | None = None
        self.log_folder: LogFolderOpener | None = None  # made on first use
        self.message_log: MessageLog | None = None  # while it is open
        self.pages: dict[str, SectionPage] = {}
        self._opened_for: str | None = None  # the account the sections were chosen for
        self.unpublished: frozenset[str] = frozenset()  # producer-profile ids
        self._holding = False  # the shown section's page is on its way (hold_sections)
        self._sections_held = False  # a session's sections wait for it
        self.setCentralWidget(QWidget())  # the frame's (furnishing replaces it)
        self._restore_geometry()
        if icons is not None:
            self.furnish(icons)

    def furnish(self, icons: IconSet) -> None:
        """Put the toolbar, menus, section list, state page and status bar in (once)."""
        if not self.furnished:
            self.furnish_body(icons)
            self.furnish_bars()

    def furnish_body(self, icons: IconSet) -> None:
        """:meth:`furnish`'s first half (once; a turn of its own at start-up): the toolbar
        (without the actions), the section list, the state page and the status bar. Nothing
        in them calls the window's actions yet."""
        from studio.ui.status import MessageLine, StatusIndicators
        from studio.ui.window_actions import build_toolbar

        self.icons = icons
        self.setWindowIcon(icons.app_icon())
        self._toolbar = toolbar = build_toolbar(self, icons)
        self.toolbar, self.switcher = toolbar.bar, toolbar.switcher
        self.account_menu, self.account_button = toolbar.account_menu, toolbar.account_button
        self.addToolBar(self.toolbar)
        self._build_centre()
        self.message_line: MessageLine = MessageLine()
        self.message_line.historyRequested.connect(self.show_messages)
        self.statusBar().addWidget(self.message_line, 1)
        self.status: StatusIndicators = StatusIndicators(self.ctx.signals, icons)
        self.status.signInRequested.connect(lambda: self.sign_in_requested.emit(SIGN_IN_TO_SEND))
        self.statusBar().addPermanentWidget(self.status)
        self.statusBar().setAccessibleName("Status bar")

    def furnish_bars(self) -> None:
        """:meth:`furnish`'s second half (once, after :meth:`furnish_body`): the actions in
        the toolbar and menus, and what listens to them and to the session."""
        from studio.ui.applications.sandbox_menu import SandboxMenu
        from studio.ui.window_actions import (
            ActionSlots,
            WindowActions,
            add_toolbar_actions,
            build_menus,
            name_overflow_chevrons,
            show_about,
        )

        if self.furnished:
            return
        ctx, controller, icons = self.ctx, self.controller, self.icons
        actions = WindowActions(
            self,
            icons,
            ctx.undo_group,
            ActionSlots(
                save=self._save_now,
                publish=self._publish,
                find=self._find,
                sign_in=lambda: self.sign_in_requested.emit(""),
                sign_out=self.sign_out,
                quit=self.close,
                open_logs=self.open_log_folder,
                messages=self.show_messages,
                about=lambda: show_about(self, ctx.paths.logs),
            ),
        )
        self.undo_action, self.redo_action = actions.undo, actions.redo
        self.save_action, self.publish_action = actions.save, actions.publish
        self.find_action, self.quit_action = actions.find, actions.quit
        self.sign_in_action, self.sign_out_action = actions.sign_in, actions.sign_out
        self.who_action = actions.who
        self._telling_save_state = False
        self._unpublished_timer = QTimer(self)
        self._unpublished_timer.setSingleShot(True)
        self._unpublished_timer.setInterval(UNPUBLISHED_DELAY_MS)
        self._unpublished_timer.timeout.connect(self._read_unpublished)
        add_toolbar_actions(self._toolbar, actions)
        self.switcher.currentIndexChanged.connect(self._switch_artist)
        build_menus(self.menuBar(), actions, self.account_menu)
        self.sandbox_menu: SandboxMenu = SandboxMenu(ctx, self)  # while in the embedded sandbox
        self.sections.currentRowChanged.connect(lambda _row: self._update_actions())
        self.sections.currentRowChanged.connect(lambda _row: self._tell_save_state_soon())

        ctx.signals.session_changed.connect(self._session_changed)
        ctx.signals.artist_changed.connect(self._artist_changed)
        ctx.signals.store_ready.connect(self._count_waiting)
        for signal in (
            ctx.signals.store_ready,
            ctx.signals.drafts_changed,
            ctx.signals.outbox_changed,
        ):
            signal.connect(self._look_for_unpublished)
        ctx.signals.drafts_changed.connect(self._tell_save_state_soon)
        ctx.signals.message.connect(self.message_line.show_message)
        controller.signed_out.connect(self._signed_out)
        name_overflow_chevrons(self.toolbar, self.menuBar())
        self.furnished = True
        self._session_changed(ctx.session)
        self._restore_panes()

    # --- construction --------------------------------------------------------------------

    def _build_centre(self) -> None:
        from studio.ui.notice_bar import NoticeBar
        from studio.ui.sections import SECTIONS, PlaceholderPage, SectionList
        from studio.ui.state_page import StatePage

        self.sections: SectionList = SectionList(self.icons)
        self.section_stack = QStackedWidget()
        self.section_stack.setAccessibleName("Section page")
        for section in SECTIONS:
            page = PlaceholderPage(section, self.icons)
            self.pages[section.key] = page
            self.section_stack.addWidget(page)
        self.sections.currentRowChanged.connect(self.section_stack.setCurrentIndex)
        self.sections.currentRowChanged.connect(self._section_moved)
        self.sections.setCurrentRow(0)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sections)
        self.splitter.addWidget(self.section_stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        self.state_page: StatePage = StatePage(self.icons)
        self.state_page.action_clicked.connect(self._state_action)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.state_page)
        self.centre.addWidget(self.splitter)
        self.notice_bar: NoticeBar = NoticeBar()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.centre, 1)
        self.setCentralWidget(body)

    def refresh_icons(self) -> None:
        """Re-tint every icon after the colour scheme changed."""
        for action in self.findChildren(QAction):
            name = action.property("iconName")
            if name:
                action.setIcon(self.icons.icon(str(name)))
        self.sections.retint(self.icons)
        self.account_button.setIcon(self.icons.icon("account"))
        self.status.retint()

    # --- pages ---------------------------------------------------------------------------

    def set_section_page(self, key: str, page: SectionPage) -> None:
        """Put the real page of section ``key`` in place of its placeholder."""
        old = self.pages[key]
        index = self.section_stack.indexOf(old)
        self.section_stack.removeWidget(old)
        old.deleteLater()
        self.section_stack.insertWidget(index, page)
        self.pages[key] = page
        page.publishRequested.connect(self.publishRequested)
        if self.sections.currentRow() == index:
            self.section_stack.setCurrentIndex(index)
        page.set_target(self.ctx.session, self.ctx.artist)
        if self._holding and self.sections.currentRow() == index:
            self._stop_holding()
        self._update_availability()
        self._update_actions()
        self._tell_save_state_soon()

    def hold_sections(self) -> None:
        """The shown section's real page is on its way (the section loader puts it in
        first): until it is in place, or for ``HOLD_LIMIT_MS``, a session keeps the state
        page on screen rather than the section list and the section's placeholder. Showing
        those first cost a layout and a paint of the placeholder before the producer
        profile was editable (~6 ms of the GUI thread in paired starts). If another
        section is shown meanwhile (an applicant's: Applications), its page comes later:
        the hold ends."""
        self._holding = True
        QTimer.singleShot(HOLD_LIMIT_MS, self, self._stop_holding)

    def _section_moved(self, _row: int) -> None:
        if self._holding:  # another section shows: its page is not the one coming first
            self._stop_holding()

    def _stop_holding(self) -> None:
        self._holding = False
        if self._sections_held:
            self._sections_held = False
            self.centre.setCurrentWidget(self.splitter)

    def _show_sections(self) -> None:
        self._sections_held = self._holding
        if not self._holding:
            self.centre.setCurrentWidget(self.splitter)

    def _show_state(self) -> None:
        self._sections_held = False  # a state shown now stays until the next session
        self.centre.setCurrentWidget(self.state_page)

    def current_page(self) -> SectionPage | None:
        page = self.section_stack.currentWidget()
        return page if isinstance(page, SectionPage) else None

    def _tell_save_state_soon(self) -> None:
        """Say the save state of the section on screen, on the next turn (a page installs a
        document it is told of after the workspace says so; changes come in bursts)."""
        if not self._telling_save_state:
            self._telling_save_state = True
            QTimer.singleShot(0, self, self._tell_save_state)

    def _tell_save_state(self) -> None:
        from studio.ui.save_state import save_state_text

        self._telling_save_state = False
        page = self.current_page()
        docs = page.shown_documents() if page is not None and self.ctx.session else []
        self.ctx.signals.save_state_changed.emit(save_state_text(docs))

    def select_section(self, key: str) -> None:
        from studio.ui.sections import SECTIONS

        keys = [s.key for s in SECTIONS]
        self.sections.setCurrentRow(keys.index(key))

    def show_field_errors(self, kind: str, errors: dict[str, Any]) -> bool:
        """A refused publish's field errors, shown by the page that edits ``kind`` (which is
        brought to the front); False when no page does."""
        for key, page in self.pages.items():
            if page.show_field_errors(kind, errors):
                self.select_section(key)
                return True
        return False

    def _update_actions(self) -> None:
        signed_in = self.ctx.session is not None
        page = self.current_page()
        self.save_action.setEnabled(signed_in and page is not None and page.can_save())
        self.publish_action.setEnabled(signed_in and page is not None and page.can_publish())
        self.find_action.setEnabled(signed_in and page is not None and page.can_find())

    def _update_availability(self) -> None:
        """Grey out the sections the account cannot use (a producer-only section for an
        applicant), and move off one that became unusable."""
        from studio.ui.sections import SECTIONS

        session, artist = self.ctx.session, self.ctx.artist
        for section in SECTIONS:
            reason = self.pages[section.key].unavailable_reason(session, artist)
            self.sections.set_unavailable(section.key, reason if session is not None else "")
        row = self.sections.currentRow()
        if session is not None and not self.sections.is_usable(row):
            usable = [r for r in range(self.sections.count()) if self.sections.is_usable(r)]
            if usable:
                self.sections.setCurrentRow(usable[-1] if artist is None else usable[0])

    def _save_now(self) -> None:
        page = self.current_page()
        if page is not None and page.can_save():
            page.save_now()

    def _publish(self) -> None:
        page = self.current_page()
        if page is not None and page.can_publish():
            page.publish()

    def _find(self) -> None:
        page = self.current_page()
        if page is not None and page.can_find():
            page.find_in_page()

    def open_log_folder(self) -> None:
        """Help → Open log folder (its path in a dialog where it cannot be opened)."""
        from studio.ui.log_folder import LogFolderOpener

        if self.log_folder is None:
            self.log_folder = LogFolderOpener(self.ctx.tasks, self.ctx.paths.logs, self)
        self.log_folder.open()

    def show_messages(self) -> None:
        """Help → Recent messages: the status bar's recent messages in full."""
        from PySide6.QtCore import Qt  # not imported at start-up: see studio.ui.palette

        from studio.ui.message_log import MessageLog

        if self.message_log is None:
            log_view = MessageLog(self.message_line, self)
            log_view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            log_view.finished.connect(self._messages_closed)
            self.message_log = log_view
        self.message_log.show()
        self.message_log.raise_()
        self.message_log.activateWindow()

    def _messages_closed(self) -> None:
        self.message_log = None

    def save_all_pages(self) -> None:
        """Flush every page's draft (called on quit)."""
        for page in self.pages.values():
            if page.can_save():
                page.save_now()

    # --- states --------------------------------------------------------------------------

    def show_connecting(self, text: str = "Connecting…") -> None:
        self.state_page.show_busy(text)
        self._show_state()

    def show_signed_out(self, message: str = "") -> None:
        self.state_page.show_state(
            "Not signed in",
            message
            or "Sign in with your BeatPass account, or try the sandbox to rehearse with demo data.",
            "Sign in…",
        )
        self._retry = lambda: self.sign_in_requested.emit("")
        self._show_state()

    def show_error(self, exc: BaseException, retry: Callable[[], None]) -> None:
        """A failed start-up step: its message, Retry, and a way to sign in instead."""
        self.state_page.show_state(
            "Could not connect",
            user_message(exc),
            "Retry",
            error=True,
            secondary="Sign in with another account…",
        )
        self._retry = retry
        self._show_state()

    def _state_action(self, primary: bool) -> None:
        if primary and self._retry is not None:
            self._retry()
        else:
            self.sign_in_requested.emit("")

    def show_notice(self, text: str) -> None:
        """A message that stays until dismissed (e.g. "drafts cannot be kept")."""
        self.notice_bar.show_notice(text)

    # --- session -------------------------------------------------------------------------

    def _session_changed(self, session: Session | None) -> None:
        from studio.ui.notice_bar import SESSION

        self.account_menu.clear()
        self.notice_bar.clear_scope(SESSION)  # what the last session said no longer applies
        if session is not None:
            self.message_line.clear()
            self.statusBar().clearMessage()
        if session is None:
            self.account_button.setText("Not signed in")
            self.account_button.setAccessibleName("Account: not signed in")
            self.account_menu.addAction(self.sign_in_action)
            self._fill_switcher(())
            self.setWindowTitle(APP_NAME)
            self.status.set_online(None)
            self._count_waiting()  # (or once the store is open: store_ready)
        else:
            user = session.user
            where = "sandbox" if session.sandbox else session.client.origin
            who = f"{user.name} ({user.email})" if user.email else user.name
            self.who_action.setText(f"Signed in as {who}")
            self.account_button.setText(user.name)
            self.account_button.setAccessibleName(f"Account: {user.name}")
            self.account_button.setToolTip(f"Signed in as {who} on {where}")
            self.account_menu.addAction(self.who_action)
            self.account_menu.addSeparator()
            self.account_menu.addAction(self.sign_out_action)
            self._fill_switcher(session.artists)
            suffix = " — Sandbox" if session.sandbox else ""
            self.setWindowTitle(f"{APP_NAME}{suffix}")
            self._show_sections()
            if session.notice:
                self.notice_bar.show_notice(session.notice, SESSION)
            self.refresh_outbox()
        self._notify_pages()
        self._update_actions()
        self._tell_save_state_soon()
        self.sandbox_menu.follow(session)
        account = session.store_account if session is not None else None
        if session is not None and account != self._opened_for and not session.artists:
            self.select_section("applications")  # an applicant's home: their applications
        self._opened_for = account

    def refresh_outbox(self) -> None:
        """Count the signed-in account's pending publishes (a store read, off the GUI thread)."""
        store, session = self.ctx.store, self.ctx.session
        if store is None or session is None:
            return
        account = session.store_account
        self.ctx.tasks.run(
            lambda: len(store.outbox(account)),
            on_done=self.ctx.signals.outbox_changed.emit,
            on_error=lambda exc: log.warning("outbox count failed: %s", user_message(exc)),
            owner=self,
            writer=True,
            name="count outbox",
        )

    def _count_waiting(self, *_store: object) -> None:
        """While signed out: what waits in the outbox of any account (off the GUI thread)."""
        store = self.ctx.store
        if store is None or self.ctx.session is not None:
            return
        self.ctx.tasks.run(
            store.waiting_count,
            on_done=self._waiting_counted,
            on_error=lambda exc: log.warning("outbox count failed: %s", user_message(exc)),
            owner=self,
            name="count the waiting outbox",
        )

    def _waiting_counted(self, count: int) -> None:
        if self.ctx.session is None:
            self.status.set_waiting_signed_out(count)

    def _fill_switcher(self, artists: tuple[ArtistRef, ...]) -> None:
        self.unpublished = frozenset()
        self.switcher.fill(artists, self.unpublished, self.ctx.artist)
        if artists:
            self._unpublished_timer.start()

    def _look_for_unpublished(self, *_args: object) -> None:
        """Soon (changes come in bursts): which producer profiles hold unpublished changes."""
        if self.ctx.session is not None and self.ctx.session.artists:
            self._unpublished_timer.start()

    def _read_unpublished(self) -> None:
        from studio.ui.switcher import unpublished_profiles

        store, session = self.ctx.store, self.ctx.session
        if store is None or session is None:
            return
        self.ctx.tasks.run(
            unpublished_profiles,
            store,
            session.store_account,
            on_done=lambda found: self._unpublished_read(session, found),
            on_error=lambda exc: log.warning("reading drafts failed: %s", user_message(exc)),
            owner=self,
            writer=True,  # after the autosaves already queued
            name="find unpublished changes",
        )

    def _unpublished_read(self, session: Session, found: frozenset[str]) -> None:
        if self.ctx.session is session and found != self.unpublished:
            self.unpublished = found
            self.switcher.mark(session.artists, found)

    def _switch_artist(self, index: int) -> None:
        session = self.ctx.session
        if session is None or not 0 <= index < len(session.artists):
            return
        self.ctx.set_artist(session.artists[index])

    def _artist_changed(self, artist: ArtistRef | None) -> None:
        session = self.ctx.session
        listed = [self.switcher.itemData(i) for i in range(self.switcher.count())]
        if session is not None and [i for i in listed if i is not None] != [
            a.id for a in session.artists
        ]:  # the account gained or lost a producer profile (an application was decided)
            self._fill_switcher(session.artists)
        if artist is not None:
            index = self.switcher.findData(artist.id)
            if index >= 0 and index != self.switcher.currentIndex():
                self.switcher.setCurrentIndex(index)
        self._notify_pages()

    def _notify_pages(self) -> None:
        for page in self.pages.values():
            page.set_target(self.ctx.session, self.ctx.artist)
        self._update_availability()
        self._update_actions()

    def sign_out(self) -> None:
        self.message_line.show_message("Signing out…")
        self.controller.sign_out(on_error=self._sign_out_failed, owner=self)

    def _sign_out_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox  # rarely needed: not loaded at start-up

        QMessageBox.warning(self, "Sign out", user_message(exc))

    def _signed_out(self, message: str) -> None:
        self.show_signed_out(message)
        self.message_line.show_message(message)

    # --- layout memory -------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        window_layout.restore_geometry(self, self.ctx.settings)

    def _restore_panes(self) -> None:
        window_layout.restore_panes(self, self.splitter, self.sections, self.ctx.settings)

    def save_layout(self) -> None:
        panes = (self.splitter, self.sections) if self.furnished else None
        window_layout.save_layout(self, self.ctx.settings, panes)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_all_pages()
        self.save_layout()
        super().closeEvent(event)
