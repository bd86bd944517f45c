"""The preview's tab bar at phone width: its scroll arrows sit on the page's own colour over
a strip wide enough to hide the tab cut under them (they used to be narrow light Fusion buttons
touching the clipped tab's text, with a tear mark at the left edge)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.preview import style
from studio.ui.preview.sections import Tabs

NAMES = ("Discography", "Similar Artists", "Gallery", "Beats", "Albums", "Videos", "Followers")


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_scroll_arrows_are_themed_and_cover_the_cut_tab(qtbot: QtBot, theme: str) -> None:
    colours = style.colours(theme)
    page = QWidget()
    page.setObjectName("previewPage")
    page.setPalette(style.palette(colours))
    page.setStyleSheet(style.style_sheet(colours))
    qtbot.addWidget(page)
    tabs = Tabs(lambda _name: QWidget(), lambda name: name)
    QVBoxLayout(page).addWidget(tabs)
    tabs.set_tabs(NAMES)
    page.resize(style.PHONE.page_width, 200)
    page.show()
    qtbot.waitExposed(page)
    arrows = [b for b in tabs.bar.findChildren(QToolButton) if b.isVisible()]
    assert len(arrows) == 2  # seven tabs do not fit a phone
    assert sum(b.width() for b in arrows) >= 48
    shot = tabs.bar.grab().toImage()
    page_colour = QColor(colours.page)
    for button in arrows:
        corner = button.geometry().topLeft()
        assert shot.pixelColor(corner.x() + 1, corner.y() + 1) == page_colour
