"""The "Sandbox" menu of the main window: shown while signed in to the embedded sandbox, it
lets you play the Producer Program reviewer (approve, deny with a reason, revoke), so an
application's timeline can be watched moving. Light to import: the reviewer's window is
loaded when first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

if TYPE_CHECKING:
    from studio.context import AppContext, Session

TITLE = "Sandbo&x"  # Alt+X: a letter no form, page or other menu uses
REVIEW_TEXT = "&Review applications…"
MENU_NAME = "sandboxMenu"


class SandboxMenu(QObject):
    """Adds and removes the menu as sessions come and go (``follow``). The menu is looked up
    in the menu bar when needed, never kept: PySide may drop a kept wrapper of a menu the
    bar owns while the menu itself lives on."""

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.reviewer: QWidget | None = None  # the reviewer's window, while open

    @property
    def menu(self) -> QMenu | None:
        menu = self.window.menuBar().findChild(QMenu, MENU_NAME)
        return menu if isinstance(menu, QMenu) else None

    def follow(self, session: Session | None) -> None:
        """Show the menu for an embedded-sandbox session, hide it otherwise (made the first
        time it is needed, then kept: removing and deleting a menu of the bar confuses
        PySide's bookkeeping of the window's other widgets)."""
        wanted = session is not None and session.sandbox and self.ctx.sandbox is not None
        menu = self.menu
        if wanted and menu is None:
            bar = self.window.menuBar()
            help_action = bar.actions()[-1]
            menu = bar.addMenu(TITLE)  # the bar's own, like every menu of the window
            bar.insertAction(help_action, menu.menuAction())  # before Help
            menu.setObjectName(MENU_NAME)
            action = menu.addAction(REVIEW_TEXT)
            action.setObjectName("reviewApplications")
            action.setToolTip("Approve, deny or revoke Producer Program requests in the sandbox.")
            action.triggered.connect(self.review)
        if menu is not None:
            menu.menuAction().setVisible(wanted)
        if not wanted and self.reviewer is not None:
            self.reviewer.close()

    @property
    def shown(self) -> bool:
        menu = self.menu
        return menu is not None and menu.menuAction().isVisible()

    def review(self) -> None:
        """Sandbox → Review applications: the reviewer's window (not modal)."""
        from studio.ui.applications.reviewer import ReviewerDialog

        if self.reviewer is None:
            reviewer = ReviewerDialog(self.ctx, self.window)
            reviewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            reviewer.destroyed.connect(self._closed)
            self.reviewer = reviewer
        self.reviewer.show()
        self.reviewer.raise_()
        self.reviewer.activateWindow()

    def _closed(self) -> None:
        self.reviewer = None
