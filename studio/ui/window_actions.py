"""The main window's actions and the bars that hold them: the toolbar (producer-profile
switcher, undo/redo/save/publish, account button) and the File, Edit, Account and Help menus.

The window passes in what each action does (:class:`ActionSlots`) and keeps the results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QMenuBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from studio import APP_NAME, __version__
from studio.ui.menu_button import MenuButton
from studio.ui.style import StudioToolBar
from studio.ui.switcher import ProfileSwitcher

if TYPE_CHECKING:
    from studio.ui.icons import IconSet

Slot = Callable[[], object]
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")  # besides the platform's own Redo keys
# Menu-bar mnemonics share Alt+letter with the profile form's labels and buttons (Producer
# name, City, cOuntry, Genres, Biography, Add link, Username, First name, Last name,
# Description, the Producer/User profile tabs): a letter used by both is ambiguous and Qt then
# focuses the field instead of opening the menu. The menus take letters the form leaves free
# (Alt+I File, Alt+E Edit, Alt+T Account, Alt+H Help); a test keeps the two apart.
MENU_TITLES = ("&File", "&Edit", "&Account", "&Help")


def key_bindings(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` followed by ``extra``, each sequence once."""
    keys: list[QKeySequence] = []
    for key in (*QKeySequence.keyBindings(standard), *map(QKeySequence, extra)):
        if not key.isEmpty() and key not in keys:
            keys.append(key)
    return keys


@dataclass(frozen=True)
class ActionSlots:
    """What the window's own actions do (undo and redo come from the undo group)."""

    save: Slot
    publish: Slot
    find: Slot
    sign_in: Slot
    sign_out: Slot
    quit: Slot
    open_logs: Slot
    messages: Slot
    about: Slot


class WindowActions:
    """Every action of the main window; menus and toolbar share them."""

    def __init__(
        self, parent: QWidget, icons: IconSet, undo_group: QUndoGroup, slots: ActionSlots
    ) -> None:
        self._parent, self._icons = parent, icons
        action = self._action
        self.undo = undo_group.createUndoAction(parent, "&Undo")
        self.undo.setIcon(icons.icon("undo"))
        self.undo.setProperty("iconName", "undo")
        self.undo.setShortcuts(key_bindings(QKeySequence.StandardKey.Undo))
        self.redo = undo_group.createRedoAction(parent, "&Redo")
        self.redo.setIcon(icons.icon("redo"))
        self.redo.setProperty("iconName", "redo")
        # Both common Redo keys on every platform, each bound once: a key sequence listed
        # twice on one action is an "ambiguous shortcut overload" and Qt then runs neither.
        self.redo.setShortcuts(key_bindings(QKeySequence.StandardKey.Redo, *REDO_KEYS))
        # The toolbar shows the icon text, which stays "Undo"/"Redo": the menu and the
        # tooltip say what would be undone ("Undo Edit Avatar"), the buttons never move.
        self.undo.setIconText("Undo")
        self.redo.setIconText("Redo")
        self.save = action(
            "&Save draft",
            "save",
            QKeySequence.StandardKey.Save,
            slots.save,
            "Write the draft to this computer now (it is also saved automatically).",
        )
        self.publish = action(
            "&Publish…",
            "publish",
            "Ctrl+Shift+P",
            slots.publish,
            "Review what will change on your public page, then publish.",
        )
        self.find = action(
            "&Find", "find", QKeySequence.StandardKey.Find, slots.find, "Find in this section."
        )
        self.sign_out = action(
            "Sign &out", "signout", None, slots.sign_out, "Sign out and revoke this app's token."
        )
        self.sign_in = action(
            "Sign &in…", "account", None, slots.sign_in, "Sign in to BeatPass or try the sandbox."
        )
        self.quit = action(
            "&Quit", "", QKeySequence.StandardKey.Quit, slots.quit, f"Quit {APP_NAME}."
        )
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.open_logs = action(
            "Open &log folder",
            "",
            None,
            slots.open_logs,
            "Open the folder holding the studio's log files.",
        )
        self.messages = action(
            "Recent &messages…",
            "",
            None,
            slots.messages,
            "The status bar's recent messages in full, to read or copy.",
        )
        self.about = action(f"&About {APP_NAME}", "", None, slots.about, f"About {APP_NAME}.")
        self.who = QAction("Not signed in", parent)
        self.who.setEnabled(False)

    def _action(
        self,
        text: str,
        icon: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Slot,
        tip: str,
    ) -> QAction:
        """An action with a named (re-tintable) icon, a shortcut and the same tool and status
        tip."""
        action = QAction(self._icons.icon(icon) if icon else QIcon(), text, self._parent)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setProperty("iconName", icon)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action


@dataclass(frozen=True)
class MainToolbar:
    """The toolbar and the widgets on it the window updates."""

    bar: QToolBar
    switcher: ProfileSwitcher
    account_menu: QMenu
    account_button: QToolButton
    actions_at: QAction  # what the window's actions go before (see add_toolbar_actions)


def build_toolbar(parent: QWidget, icons: IconSet) -> MainToolbar:
    """Producer-profile switcher, then the account button at the end; the window's actions
    go between them (:func:`add_toolbar_actions`, once they are made)."""
    bar = StudioToolBar("Main toolbar")
    bar.setObjectName("mainToolbar")
    bar.setAccessibleName("Main toolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    label = QLabel("Producer profile:")
    switcher = ProfileSwitcher()
    label.setBuddy(switcher)
    bar.addWidget(label)
    bar.addWidget(switcher)
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
    actions_at = bar.addWidget(spacer)
    account_menu = QMenu(MENU_TITLES[2], parent)
    account_menu.setAccessibleName("Account menu")
    account_button = MenuButton()
    account_button.setObjectName("accountButton")
    account_button.setIcon(icons.icon("account"))
    account_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    account_button.setMenu(account_menu)
    bar.addWidget(account_button)
    return MainToolbar(bar, switcher, account_menu, account_button, actions_at)


def add_toolbar_actions(toolbar: MainToolbar, actions: WindowActions) -> None:
    """Undo, redo, save and publish, after the switcher."""
    toolbar.bar.insertSeparator(toolbar.actions_at)
    for action in (actions.undo, actions.redo, actions.save, actions.publish):
        toolbar.bar.insertAction(toolbar.actions_at, action)


def build_menus(menus: QMenuBar, actions: WindowActions, account_menu: QMenu) -> None:
    """File, Edit, Account and Help."""
    file_menu = menus.addMenu(MENU_TITLES[0])
    file_menu.addAction(actions.save)
    file_menu.addAction(actions.publish)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = menus.addMenu(MENU_TITLES[1])
    edit_menu.addAction(actions.undo)
    edit_menu.addAction(actions.redo)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.find)
    menus.addMenu(account_menu)
    help_menu = menus.addMenu(MENU_TITLES[3])
    help_menu.addAction(actions.messages)
    help_menu.addAction(actions.open_logs)
    help_menu.addAction(actions.about)


def name_overflow_chevrons(toolbar: QToolBar, menus: QMenuBar) -> None:
    """Give Qt's overflow chevrons (shown when a bar is too narrow) an accessible name."""
    for bar, name in ((toolbar, "qt_toolbar_ext_button"), (menus, "qt_menubar_ext_button")):
        chevron = bar.findChild(QToolButton, name)
        if chevron is not None:
            chevron.setAccessibleName("More actions")


# The Help handlers import what they use when called: start-up does not pay for it.


def show_about(parent: QWidget, logs: Path) -> None:
    import html

    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME}</b> {__version__}<br>Manage your BeatPass producer page, with "
        f"local drafts and a sandbox.<br>Logs: {html.escape(str(logs))}",
    )
