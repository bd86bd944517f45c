"""What the credits page does with the current credit (a mixin of
:class:`~studio.ui.credits.page.CreditsPage`): add a credit (the search dialog), add roles,
change a role, delete with confirmation, move one place, open it on Spotify."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QPushButton, QWidget

from studio.core.credit_drafts import is_spotify_link, item_key
from studio.ui.credits.manage import AddRolesDialog, ChangeRoleDialog, delete_box
from studio.ui.credits.search import CreditSearch

if TYPE_CHECKING:
    from studio.context import AppContext, Session
    from studio.core.models import ArtistRef
    from studio.ui.credits.edits import CreditEditor
    from studio.ui.credits.model import CreditFilter, CreditListModel
    from studio.ui.credits.roles import RoleCatalog
    from studio.ui.credits.view import CreditListView


class CreditActions:
    """Needs the page's attributes (declared here for the type checker)."""

    ctx: AppContext
    editor: CreditEditor | None
    artist: ArtistRef | None
    _session: Session | None
    catalog: RoleCatalog
    model: CreditListModel
    proxy: CreditFilter
    view: CreditListView
    dialog: QDialog | None
    confirm_box: QMessageBox | None
    opener: Callable[[str], None]
    actions_: dict[str, QAction]
    buttons: dict[str, QPushButton]

    if TYPE_CHECKING:  # the page provides these

        def current_key(self) -> str | None: ...

        def current_item(self) -> dict[str, Any] | None: ...

        def select_key(self, key: str) -> None: ...

        def _update_actions(self, *_args: object) -> None: ...

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def add_credit(self) -> None:
        """The search dialog (songs or albums)."""
        session, editor, artist = self._session, self.editor, self.artist
        if session is None or editor is None or artist is None:
            return
        dialog = CreditSearch(
            self.ctx.tasks,
            session.client,
            editor,
            self.catalog,
            artist_id=int(artist.id),
            images=self.ctx.images,
            parent=self._widget(),
        )
        dialog.added.connect(self.select_key)
        self._open_dialog(dialog)

    def add_roles(self) -> None:
        item, editor = self.current_item(), self.editor
        if item is None or editor is None:
            return
        dialog = AddRolesDialog(item, self.catalog, self._widget())
        key = item_key(item)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.chosen():
                editor.add([(item, dialog.chosen())], f"Add roles to “{item['title']}”")
                self.select_key(key)

        dialog.finished.connect(done)
        self._open_dialog(dialog)

    def change_role(self) -> None:
        item, editor = self.current_item(), self.editor
        if item is None or editor is None or not item.get("roles"):
            return
        dialog = ChangeRoleDialog(item, self.catalog, self._widget())
        key = item_key(item)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                old, new = dialog.change()
                editor.change_role(key, old, new)
                self.select_key(key)

        dialog.finished.connect(done)
        self._open_dialog(dialog)

    def delete_current(self) -> None:
        item, editor = self.current_item(), self.editor
        if item is None or editor is None:
            return
        box = delete_box(item, self._widget())
        key = item_key(item)
        row = self.view.currentIndex().row()

        def done(_result: int) -> None:
            if self.confirm_box is box:
                self.confirm_box = None
            clicked = box.clickedButton()
            destructive = QMessageBox.ButtonRole.DestructiveRole
            if clicked is not None and box.buttonRole(clicked) == destructive:
                editor.delete(key)
                count = self.proxy.rowCount()
                if count:
                    self.view.setCurrentIndex(self.proxy.index(min(row, count - 1), 0))
            box.deleteLater()

        box.finished.connect(done)
        self.confirm_box = box
        box.open()

    def move_current(self, delta: int) -> None:
        """Move the current credit one place up (-1) or down (+1); the list must show every
        credit (no filter), so "one place" is what the user sees."""
        key, editor = self.current_key(), self.editor
        if key is None or editor is None:
            return
        if self.proxy.active:
            self.ctx.signals.message.emit("Clear the filter to move credits.")
            return
        row = self.model.row_of(key)
        target = row + delta
        if 0 <= target < self.model.rowCount() and editor.move(row, target):
            self.select_key(key)
        self._update_actions()

    def open_current(self) -> None:
        item = self.current_item()
        if item is None or not item.get("is_available", True):
            return
        url = item.get("spotify_url")
        if is_spotify_link(url):
            self.opener(str(url))

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def _context_menu(self, pos: QPoint) -> None:
        if self.current_item() is None:
            return
        menu = QMenu(self._widget())
        for name in ("roles", "change", "up", "down", "open", "delete"):
            menu.addAction(self.actions_[name])
        menu.popup(self.view.viewport().mapToGlobal(pos))
