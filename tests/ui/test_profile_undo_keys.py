"""Undo keys typed inside a profile field act on the document (never on the field's own
history, which would leave the draft and the screen disagreeing)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.profile.undo_keys import DocumentUndoKeys

CTRL = Qt.KeyboardModifier.ControlModifier


class SetText(QUndoCommand):
    def __init__(self, field: QLineEdit, before: str, after: str) -> None:
        super().__init__(f"type {after}")
        self.field, self.before, self.after = field, before, after

    def redo(self) -> None:
        self.field.setText(self.after)

    def undo(self) -> None:
        self.field.setText(self.before)


class Field(QLineEdit):
    """A field bound to an undo stack the way the profile forms bind to their document."""

    def __init__(self, stack: QUndoStack) -> None:
        super().__init__()
        self.shown = ""
        self.textEdited.connect(lambda text: stack.push(SetText(self, self.shown, text)))
        self.textChanged.connect(self._remember)

    def _remember(self, text: str) -> None:
        self.shown = text


def build(qtbot: QtBot) -> tuple[QWidget, Field, QLineEdit, QUndoStack]:
    group = QUndoGroup()
    stack = QUndoStack(group)
    group.setActiveStack(stack)
    page = QWidget()
    qtbot.addWidget(page)
    area = QWidget(page)
    inside = Field(stack)
    QVBoxLayout(area).addWidget(inside)
    outside = QLineEdit(page)
    layout = QVBoxLayout(page)
    layout.addWidget(area)
    layout.addWidget(outside)
    page._keys = DocumentUndoKeys(area, group)  # type: ignore[attr-defined]
    page._group = group  # type: ignore[attr-defined]
    page.show()
    return page, inside, outside, stack


def test_ctrl_z_in_a_field_undoes_the_document(qtbot: QtBot) -> None:
    _page, field, _outside, stack = build(qtbot)
    field.setFocus()
    qtbot.keyClicks(field, "ab")
    assert stack.index() == 2 and field.text() == "ab"
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert stack.index() == 1 and field.text() == "a"
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stack.index() == 2 and field.text() == "ab"


def test_fields_outside_the_editor_keep_their_own_undo(qtbot: QtBot) -> None:
    _page, _field, outside, stack = build(qtbot)
    outside.setFocus()
    qtbot.keyClicks(outside, "xy")
    qtbot.keyClick(outside, Qt.Key.Key_Z, CTRL)
    assert outside.text() == ""  # QLineEdit's own undo, one step for the typing
    assert stack.index() == 0
