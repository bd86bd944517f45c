"""``CreditsPage``: the main window's "credits" section — the professional credits of the
selected producer profile, one row per Spotify song or album, editable offline.

The credits are a workspace document (kind "credits", the profile's id): editable as soon as
the stored copy is read, refreshed from BeatPass in the background, every change an undoable
edit of the draft, autosaved; Publish sends it through a plan. The page never fetches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import studio.core.credit_kind  # noqa: F401 — the credits draft kind (schema and merge)
from studio.context import AppContext, Session
from studio.core.credit_drafts import CREDITS, is_spotify_link
from studio.core.models import ArtistRef
from studio.core.text import count_text
from studio.document import DraftDocument
from studio.ui.credits.actions import CreditActions
from studio.ui.credits.delegate import CreditDelegate
from studio.ui.credits.edits import CreditEditor
from studio.ui.credits.model import KEY_ROLE, CreditFilter, CreditListModel
from studio.ui.credits.pills import RolePills
from studio.ui.credits.roles import RoleCatalog
from studio.ui.credits.view import MOVE_DOWN, MOVE_UP, CreditListView
from studio.ui.preview import open_in_browser
from studio.ui.section_page import SectionPage, producer_only
from studio.ui.style import set_role
from studio.workspace import OpenDocument

EMPTY = "No credits yet. Add the songs and albums you worked on with “Add a credit…”."
NO_MATCH = "No credit matches this filter."
# name, button text, tooltip, shortcut (the list's own keys, shown in the menu)
ACTIONS = (
    ("roles", "Add &roles…", "Add roles to this credit (Enter)", ""),
    ("change", "Change a ro&le…", "Change one role into another", ""),
    ("up", "Move &up", f"Move this credit up ({MOVE_UP})", MOVE_UP),
    ("down", "Move do&wn", f"Move this credit down ({MOVE_DOWN})", MOVE_DOWN),
    ("open", "&Open in Spotify", "Open this song or album on Spotify", ""),
    ("delete", "&Delete…", "Delete this credit with all its roles (Delete)", "Del"),
)


class _Link(QObject):
    """The page's connections to its workspace document (they end with this object). It
    reaches the page through its Qt parent, never a Python reference: a child holding its
    parent makes a reference cycle, which Python's garbage collector may free (deleting the
    widgets) at any moment, even on a worker thread."""

    def __init__(self, page: CreditsPage, handle: OpenDocument) -> None:
        super().__init__(page)
        self._handle = handle
        handle.noticeChanged.connect(self.notice)
        handle.failed.connect(self.failed)
        handle.ready.connect(self.ready)

    def follow(self, doc: DraftDocument) -> None:
        doc.saveFailed.connect(self.save_failed)
        doc.changed.connect(self.changed)

    @property
    def _page(self) -> CreditsPage:
        page = self.parent()
        assert isinstance(page, CreditsPage)
        return page

    def notice(self, text: str) -> None:
        self._page._set_notice(text)

    def failed(self, text: str) -> None:
        if self._page.doc is None:
            self._page._show_status(text)

    def ready(self, doc: DraftDocument) -> None:
        self._page._install(self._handle, doc)

    def save_failed(self, text: str) -> None:
        self._page._set_notice(f"Not saved: {text}")

    def changed(self, _field: str) -> None:
        self._page._update_counts()


class CreditsPage(CreditActions, SectionPage):
    """The credits section (see the module docstring)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("creditsPage")
        self.setAccessibleName("Credits editor")
        self.opener: Callable[[str], None] = open_in_browser
        self.catalog = RoleCatalog(self)
        self.doc: DraftDocument | None = None
        self.editor: CreditEditor | None = None
        self.handle: OpenDocument | None = None
        self.artist: ArtistRef | None = None
        self._session: Session | None = None
        self._link: _Link | None = None
        self.dialog: QDialog | None = None  # the dialog open now (tests drive it)
        self.confirm_box: QMessageBox | None = None

        self.banner = QLabel()
        self.banner.setObjectName("creditsBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Credits notice")
        self.banner.setContentsMargins(12, 6, 12, 6)
        self.banner.setStyleSheet(
            "QLabel#creditsBanner { background: palette(alternate-base); "
            "border-bottom: 1px solid palette(mid); }"
        )
        self.banner.hide()

        self.title = QLabel("Professional credits")
        set_role(self.title, "title")
        self.counts = QLabel()
        self.counts.setObjectName("creditCounts")
        self.add_button = QPushButton("Add a &credit…")
        self.add_button.setObjectName("addCredit")
        self.add_button.setDefault(False)
        self.add_button.clicked.connect(self.add_credit)

        self.filter = QLineEdit()
        self.filter.setObjectName("creditFilter")
        self.filter.setAccessibleName("Filter credits")
        self.filter.setPlaceholderText("Filter by title, artist or album… (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.pills = RolePills()

        self.model = CreditListModel(self)
        self.proxy = CreditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = CreditListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(CreditDelegate(ctx.images, self.view))
        self.filter.textChanged.connect(self._filter_changed)
        self.pills.changed.connect(self._roles_changed)
        ctx.images.loaded.connect(self._picture_loaded)
        self.view.moveRequested.connect(self.move_current)
        self.view.deleteRequested.connect(self.delete_current)
        self.view.rolesRequested.connect(self.add_roles)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        self.view.doubleClicked.connect(lambda _index: self.add_roles())
        self.proxy.modelReset.connect(self._update_actions)
        self.proxy.rowsInserted.connect(self._update_actions)
        self.proxy.rowsRemoved.connect(self._update_actions)
        self.proxy.layoutChanged.connect(self._update_actions)

        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("creditsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("Not signed in.")
        self.status.setObjectName("creditsStatus")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.status)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        self.actions_: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        action_row = QHBoxLayout()
        slots: dict[str, Callable[[], None]] = {
            "roles": self.add_roles,
            "change": self.change_role,
            "up": lambda: self.move_current(-1),
            "down": lambda: self.move_current(1),
            "open": self.open_current,
            "delete": self.delete_current,
        }
        for name, text, tip, keys in ACTIONS:
            button = QPushButton(text)
            button.setObjectName(f"credit-{name}")
            button.setToolTip(tip)
            button.clicked.connect(slots[name])
            action_row.addWidget(button)
            action = QAction(text, self)
            action.triggered.connect(slots[name])
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown, the list acts
            self.buttons[name] = button
            self.actions_[name] = action
        action_row.addStretch(1)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.counts, 1)
        header.addWidget(self.add_button)
        body = QVBoxLayout()
        body.setContentsMargins(16, 12, 16, 12)
        body.setSpacing(8)
        body.addLayout(header)
        body.addWidget(self.filter)
        body.addWidget(self.pills)
        body.addWidget(self.stack, 1)
        body.addLayout(action_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self._update_actions()

    # --- the section page hooks --------------------------------------------------------

    def unavailable_reason(self, session: Session | None, artist: ArtistRef | None) -> str:
        return producer_only(session, artist)

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        self._session = session
        if session is None:
            self._close("Not signed in.")
            return
        if artist is None:
            self._close("This account manages no producer profile, so it has no credits.")
            return
        if self.isVisible():  # else once shown: a hidden section asks BeatPass nothing
            self.catalog.load(self.ctx)
        handle = self.ctx.workspace.open(CREDITS, artist.id)
        if handle is self.handle:
            return
        self._close("Loading the credits…")
        self.artist = artist
        self.handle = handle
        self._link = _Link(self, handle)
        if handle.error:
            self._show_status(handle.error)
        elif handle.doc is not None:
            self._install(handle, handle.doc)

    def can_save(self) -> bool:
        return self.handle is not None  # (the window asks when the target changes)

    def save_now(self) -> None:
        self.ctx.workspace.save_all()

    def can_publish(self) -> bool:
        return self._session is not None

    def can_find(self) -> bool:
        return self.handle is not None

    def find_in_page(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    # --- the document ------------------------------------------------------------------

    def _install(self, handle: OpenDocument, doc: DraftDocument) -> None:
        if handle is not self.handle or doc is self.doc:
            return
        self.doc = doc
        self.editor = CreditEditor(doc)
        self.model.mover = self.editor.move
        self.model.set_document(doc)
        if self._link is not None:
            self._link.follow(doc)
        if self.isVisible():
            self.ctx.undo_group.setActiveStack(doc.stack)
        self._set_notice(handle.notice)
        self._update_counts()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.ctx.signals.drafts_changed.emit()  # the status bar says its save state

    def _close(self, status: str) -> None:
        if self._link is not None:
            self._link.deleteLater()
        self._link = None
        self.handle = self.doc = self.editor = None
        self.artist = None
        self.model.mover = None
        self.model.set_document(None)
        self._set_notice("")
        self._show_status(status)
        self._update_actions()
        self.ctx.signals.drafts_changed.emit()

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.stack.setCurrentWidget(self.status)
        self.counts.setText("")

    def _set_notice(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def shown_documents(self) -> list[DraftDocument]:
        return [self.doc] if self.doc is not None else []

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._session is not None and self.artist is not None:
            self.catalog.load(self.ctx)  # the roles (kept ones, or asked once a day)
        if self.doc is not None:
            self.ctx.undo_group.setActiveStack(self.doc.stack)

    # --- what is shown -----------------------------------------------------------------

    def _update_counts(self) -> None:
        if self.doc is None:
            return
        items = self.model.rows  # the model follows the document first (no second copy)
        roles = sum(len(i["roles"]) for i in items)
        text = (
            f"{count_text(len(items), 'song or album', 'songs and albums')} · "
            f"{count_text(roles, 'role')}"
        )
        shown = self.proxy.rowCount()
        if self.proxy.active:
            text += f" · showing {shown}"
        self.counts.setText(text)
        self.pills.set_items(items)
        if not items:
            self.empty.setText(EMPTY)
            self.stack.setCurrentWidget(self.empty)
        elif not shown:
            self.empty.setText(NO_MATCH)
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.view)
        self._update_actions()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_counts()

    def _roles_changed(self, roles: frozenset[str]) -> None:
        self.proxy.set_roles(roles)
        self._update_counts()

    def _picture_loaded(self, *_args: object) -> None:
        self.view.viewport().update()

    # --- the current credit ------------------------------------------------------------

    def current_key(self) -> str | None:
        index = self.view.currentIndex()
        key = index.data(KEY_ROLE) if index.isValid() else None
        return str(key) if key else None

    def current_item(self) -> dict[str, Any] | None:
        key = self.current_key()
        row = self.model.row_of(key) if key else -1
        return self.model.item(row) if row >= 0 else None

    def select_key(self, key: str) -> None:
        """Make the credit ``key`` current (clearing a filter that hides it)."""
        row = self.model.row_of(key)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():
            self.filter.clear()
            self.pills.clear()
            index = self.proxy.mapFromSource(self.model.index(row))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _update_actions(self, *_args: object) -> None:
        item = self.current_item() if self.doc is not None else None
        row = self.view.currentIndex().row()
        can_move = item is not None and not self.proxy.active
        enabled = {
            "roles": item is not None,
            "change": item is not None and bool(item.get("roles")),
            "up": can_move and row > 0,
            "down": can_move and 0 <= row < self.proxy.rowCount() - 1,
            "open": item is not None
            and bool(item.get("is_available", True))
            and is_spotify_link(item.get("spotify_url")),
            "delete": item is not None,
        }
        for name, on in enabled.items():
            self.buttons[name].setEnabled(on)
            self.actions_[name].setEnabled(on)
        if item is not None and not item.get("is_available", True):
            self.buttons["open"].setToolTip("No longer available on Spotify")
        else:
            self.buttons["open"].setToolTip("Open this song or album on Spotify")
        self.add_button.setEnabled(self.doc is not None and self._session is not None)
