"""Undo and Redo inside a profile field act on the DOCUMENT, not the field: the keys
(Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y) and the right-click menu's Undo / Redo alike.

Text fields have their own undo history; used inside the editor it would change the text
behind the document's back (the field shows the old text, the draft keeps the new one).
Every edit already is an undo step of the document, so the keys go there: to the window's
Undo/Redo actions when there are some, else straight to the undo group. The field's context
menu gets the document's Undo / Redo in place of its own.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit)
# The object names Qt gives the standard context menu's own undo and redo actions.
_FIELD_UNDO, _FIELD_REDO = "edit-undo", "edit-redo"


class DocumentUndoKeys(QObject):
    """Routes the undo/redo keys and menu items of text fields inside ``area`` to ``group``."""

    def __init__(self, area: QWidget, group: QUndoGroup) -> None:
        super().__init__(area)
        self._area = area
        self._group = group
        self._watched: list[QWidget] = []
        # Only the focused text field (and a multi-line field's viewport, which gets its
        # context menu) is watched: an application-wide filter would call into Python for
        # every event of the app (a right-click focuses the field before its menu opens).
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._focus_changed(None, app.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for widget in self._watched:
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
        self._watched = []
        if not shiboken6.isValid(self._area):
            return
        if isinstance(new, _TEXT_FIELDS) and self._area.isAncestorOf(new):
            watched: list[QWidget] = [new]
            if isinstance(new, QPlainTextEdit | QTextEdit):
                watched.append(new.viewport())
            for widget in watched:
                widget.installEventFilter(self)
            self._watched = watched

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            field = self._field_of(watched)
            if field is None:
                return False
            assert isinstance(event, QContextMenuEvent)
            self._context_menu(field, event)
            return True
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(watched, _TEXT_FIELDS) or not self._area.isAncestorOf(watched):
            return False
        assert isinstance(event, QKeyEvent)
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo)
        if not (undo or redo):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.ignore()  # the field does not claim the key: the window's shortcut may fire
            return True
        # No window action took the key: do it here.
        if undo:
            self._group.undo()
        else:
            self._group.redo()
        return True

    def _field_of(self, watched: QObject) -> QLineEdit | QPlainTextEdit | QTextEdit | None:
        """The text field inside the area that a context-menu event is for (a multi-line
        field gets it on its viewport)."""
        if isinstance(watched, QLineEdit):
            field: QObject | None = watched
        elif isinstance(watched, QWidget):
            field = watched.parent()
            if not isinstance(field, QPlainTextEdit | QTextEdit) or field.viewport() is not watched:
                return None
        else:
            return None
        if not isinstance(field, _TEXT_FIELDS) or not self._area.isAncestorOf(field):
            return None
        return field

    def _context_menu(
        self, field: QLineEdit | QPlainTextEdit | QTextEdit, event: QContextMenuEvent
    ) -> None:
        """The field's own menu, with the document's Undo / Redo in place of the field's."""
        if isinstance(field, QLineEdit):
            menu = field.createStandardContextMenu()
        else:
            menu = field.createStandardContextMenu(
                field.viewport().mapFromGlobal(event.globalPos())
            )
        if menu is None:
            return
        menu.setParent(field, menu.windowFlags())
        for action in menu.actions():
            if action.objectName() in (_FIELD_UNDO, _FIELD_REDO):
                undo = action.objectName() == _FIELD_UNDO
                menu.insertAction(action, self._document_action(menu, undo=undo))
                menu.removeAction(action)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(event.globalPos() if not event.globalPos().isNull() else QPoint())

    def _document_action(self, menu: QMenu, *, undo: bool) -> QAction:
        group = self._group
        if undo:
            text, enabled, run = "&Undo", group.canUndo(), group.undo
            key = QKeySequence(QKeySequence.StandardKey.Undo)
            what = group.undoText()
        else:
            text, enabled, run = "&Redo", group.canRedo(), group.redo
            key = QKeySequence(QKeySequence.StandardKey.Redo)
            what = group.redoText()
        action = QAction(f"{text} {what}".strip() + f"\t{key.toString()}", menu)
        action.setObjectName("document-undo" if undo else "document-redo")
        action.setEnabled(enabled)
        action.triggered.connect(run)
        return action
