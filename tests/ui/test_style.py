"""The app's style (no application-wide style sheet): role fonts, toolbar spacing, outlines."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.style import (
    FIELD_BORDER_LIGHT,
    FOCUS_LIGHT,
    TOOLBAR_SPACING,
    StudioStyle,
    StudioToolBar,
    set_role,
)
from studio.ui.theme import apply_theme


def test_the_app_has_no_style_sheet_and_titles_are_larger(qapp: QApplication, qtbot: QtBot):
    apply_theme(qapp, "light")
    assert qapp.styleSheet() == ""  # every widget stays on the plain (fast) style path
    assert isinstance(qapp.style(), StudioStyle)
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    plain, title, subtitle = QLabel("plain"), QLabel("title"), QLabel("subtitle")
    set_role(title, "title")
    set_role(subtitle, "subtitle")
    for label in (plain, title, subtitle):
        layout.addWidget(label)
    holder.show()
    assert title.font().pointSizeF() == 15.0
    assert title.font().weight() > plain.font().weight()
    assert subtitle.font().pointSizeF() == 11.0
    assert plain.font().pointSizeF() != 15.0
    assert title.property("role") == "title"


def test_the_toolbar_keeps_its_spacing_when_the_style_changes(
    qapp: QApplication, qtbot: QtBot
) -> None:
    bar = StudioToolBar("Main toolbar")
    qtbot.addWidget(bar)
    bar.addAction("One")
    bar.addAction("Two")
    layout = bar.layout()
    assert layout is not None and layout.spacing() == TOOLBAR_SPACING
    qapp.setStyle(StudioStyle())  # a new style resets a toolbar's spacing to the metric
    assert layout.spacing() == TOOLBAR_SPACING
    apply_theme(qapp, "light")


def test_a_focused_field_is_outlined_in_the_focus_colour(qapp: QApplication, qtbot: QtBot):
    apply_theme(qapp, "light")
    field = QLineEdit("text")
    qtbot.addWidget(field)
    field.resize(120, 30)
    field.show()
    qtbot.waitExposed(field)
    before = field.grab().toImage()
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    after = field.grab().toImage()
    middle = before.width() // 2
    assert before.pixelColor(middle, 0).name() == FIELD_BORDER_LIGHT
    assert after.pixelColor(middle, 0).name() == FOCUS_LIGHT
