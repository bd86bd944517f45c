"""The rendered preview driven through the scaled view, as a user does: clicks on the view's
viewport reach the page's link chips and "Show more"; the keyboard reaches the chips too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from preview_helpers import click_in_view
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.tasks import Tasks
from studio.ui.preview import ArtistExtras, PreviewPane
from studio.ui.preview.widgets import LinkChip

LINKS = [
    {"url": "https://www.instagram.com/nova", "title": "Instagram"},
    {"url": "javascript:alert(1)", "title": "Not a web address"},
    {"url": "https://novabeats.example/", "title": "Website"},
]


@pytest.fixture
def pane(qtbot: QtBot, qapp: QApplication) -> Iterator[PreviewPane]:
    tasks = Tasks()
    opened: list[str] = []
    p = PreviewPane(tasks, opener=opened.append)
    p.opened = opened  # type: ignore[attr-defined]
    p.images._fetch = lambda _source: b""
    qtbot.addWidget(p)
    p.resize(700, 600)
    p.show()
    qtbot.waitExposed(p)
    p.set_artist_data({"name": "Nova", "description": "Bio " * 200, "links": LINKS}, ArtistExtras())
    p.render_now()
    yield p
    tasks.shutdown()


def chips(pane: PreviewPane) -> list[LinkChip]:
    page = pane.artist_page
    return [chip for chip in page.findChildren(LinkChip) if chip.isVisibleTo(page)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_click_on_the_view_opens_the_link_under_it(pane: PreviewPane, width: str) -> None:
    pane.set_mode(width=width)
    QApplication.processEvents()
    assert pane.view.fit_scale < 1 or width == "phone"  # the page is scaled on screen
    instagram, bad, website = chips(pane)
    click_in_view(pane, website)
    assert pane.opened == ["https://novabeats.example/"]  # type: ignore[attr-defined]
    click_in_view(pane, bad)  # shown, never opened
    click_in_view(pane, instagram)
    assert pane.opened == [  # type: ignore[attr-defined]
        "https://novabeats.example/",
        "https://www.instagram.com/nova",
    ]


def test_show_more_opens_through_the_view(pane: PreviewPane) -> None:
    bio = pane.artist_page.discography.bio  # type: ignore[union-attr]
    assert not bio.expanded
    click_in_view(pane, bio.more)
    assert bio.expanded
