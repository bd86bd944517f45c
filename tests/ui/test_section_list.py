"""The section list's look without a style sheet: margins in the window colour, the selected
section a rounded bar in the highlight colour, its title in the highlighted-text colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.ui.icons import IconSet
from studio.ui.sections import SECTION_LIST_MARGINS, SECTIONS, SectionList
from studio.ui.theme import apply_theme


def shown_list(qapp: QApplication, qtbot: QtBot) -> SectionList:
    """A section list in the light look, shown in a window of its own (activated)."""
    apply_theme(qapp, "light")
    sections = SectionList(IconSet(qapp.palette()))
    qtbot.addWidget(sections)
    sections.resize(sections.titles_width, 300)
    sections.show()
    qtbot.waitExposed(sections)
    sections.activateWindow()
    return sections


def test_the_selected_section_is_a_rounded_bar_in_the_highlight_colour(
    qapp: QApplication, qtbot: QtBot
) -> None:
    sections = shown_list(qapp, qtbot)
    qtbot.waitUntil(sections.isActiveWindow)
    assert sections.styleSheet() == ""  # on the plain style path, like every other widget
    sections.setCurrentRow(2)
    palette = sections.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    base = palette.color(QPalette.ColorRole.Base)
    image = sections.grab().toImage()
    left, top, _right, _bottom = SECTION_LIST_MARGINS
    bar = sections.visualItemRect(sections.item(2)).translated(left, top)
    assert image.pixelColor(bar.left() + 2, bar.center().y()) == highlight  # before the icon
    assert image.pixelColor(bar.topLeft()) != highlight  # rounded corners
    assert image.pixelColor(bar.bottomRight()) != highlight
    other = sections.visualItemRect(sections.item(0)).translated(left, top)
    assert image.pixelColor(other.right() - 2, other.center().y()) == base
    window = palette.color(QPalette.ColorRole.Window)
    assert image.pixelColor(1, bar.center().y()) == window  # the margin
    assert image.pixelColor(bar.center().x(), 1) == window
    assert QColor(window) != base
    assert len(SECTIONS) == sections.count()


def test_the_focused_section_keeps_the_styles_light_focus_frame(
    qapp: QApplication, qtbot: QtBot
) -> None:
    sections = shown_list(qapp, qtbot)
    sections.setFocus()
    qtbot.waitUntil(sections.hasFocus)
    sections.setCurrentRow(2)
    highlight = sections.palette().color(QPalette.ColorRole.Highlight)
    left, top, _right, _bottom = SECTION_LIST_MARGINS
    bar = sections.visualItemRect(sections.item(2)).translated(left, top)
    image = sections.grab().toImage()
    # the frame tints the title's part of the bar lighter (drawn from the highlight colour),
    # never a dark box over it
    framed = image.pixelColor(bar.right() - 4, bar.center().y())
    assert framed != highlight
    assert framed.lightness() > highlight.lightness()
    assert image.pixelColor(bar.left() + 2, bar.center().y()) == highlight
