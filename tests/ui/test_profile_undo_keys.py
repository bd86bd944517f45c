"""Undo keys typed inside a profile field act on the document (never on the field's own
history, which would leave the draft and the screen disagreeing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.ui.profile.undo_keys import DocumentUndoKeys

CTRL = Qt.KeyboardModifier.ControlModifier
# The offscreen platform cannot do these for a pop-up menu; harmless there.
POPUP = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)", "This plugin does not support grabbing"
)


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
    show_active(qtbot, page)
    return page, inside, outside, stack


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Shown and active, as the window a person types into (keys go to its focused field)."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


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


def open_context_menu(qtbot: QtBot, field: QWidget) -> QMenu:
    """Right-click the field through its window, the way the platform delivers a mouse click
    (only then does Qt turn it into a context-menu event), and return the menu."""
    window = field.window().windowHandle()
    at = field.mapTo(field.window(), field.rect().center())
    QTest.mouseClick(window, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def choose(qtbot: QtBot, menu: QMenu, name: str) -> None:
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled()
    at = menu.actionGeometry(action).center()
    QTest.mouseClick(
        menu.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at
    )


@POPUP
def test_the_right_click_menu_undoes_the_document(qtbot: QtBot) -> None:
    _page, field, _outside, stack = build(qtbot)
    field.setFocus()
    qtbot.keyClicks(field, "ab")
    menu = open_context_menu(qtbot, field)
    names = [a.objectName() for a in menu.actions()]
    assert "edit-undo" not in names and "edit-redo" not in names  # the field's own are gone
    assert "edit-copy" in names and "edit-paste" in names  # the rest of its menu stays
    choose(qtbot, menu, "document-undo")
    assert stack.index() == 1 and field.text() == "a"
    choose(qtbot, open_context_menu(qtbot, field), "document-redo")
    assert stack.index() == 2 and field.text() == "ab"


@POPUP
def test_the_right_click_menu_of_a_multi_line_field_undoes_the_document(qtbot: QtBot) -> None:
    group = QUndoGroup()
    stack = QUndoStack(group)
    group.setActiveStack(stack)
    area = QWidget()
    qtbot.addWidget(area)
    text = QPlainTextEdit(area)
    QVBoxLayout(area).addWidget(text)
    area._keys = DocumentUndoKeys(area, group)  # type: ignore[attr-defined]
    show_active(qtbot, area)
    stack.push(QUndoCommand("first"))
    menu = open_context_menu(qtbot, text.viewport())
    undo = next(a for a in menu.actions() if a.objectName() == "document-undo")
    assert undo.text().startswith("&Undo first")
    choose(qtbot, menu, "document-undo")
    assert stack.index() == 0
