"""Ctrl+Z / Ctrl+Shift+Z inside a profile field undo the DOCUMENT, not the field.

Text fields have their own undo history; used inside the editor it would change the text
behind the document's back (the field shows the old text, the draft keeps the new one).
Every edit already is an undo step of the document, so the keys go there: to the window's
Undo/Redo actions when there are some, else straight to the undo group.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit)


class DocumentUndoKeys(QObject):
    """Routes the undo/redo keys of text fields inside ``area`` to ``group``."""

    def __init__(self, area: QWidget, group: QUndoGroup) -> None:
        super().__init__(area)
        self._area = area
        self._group = group
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            area.destroyed.connect(lambda: app.removeEventFilter(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
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
