"""Right-to-left overrides and other invisible characters in names and links (issue 8.14):
the preview shows them as visible markers, so "evil.exe" never displays as "exe.live"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from studio.tasks import Tasks
from studio.ui.preview import ArtistExtras, PreviewPane, UserExtras
from studio.ui.preview.widgets import LinkChip

RLO = "\u202e"
ZWSP = "\u200b"


@pytest.fixture
def pane(qtbot: QtBot, qapp: QApplication) -> Iterator[PreviewPane]:
    tasks = Tasks()
    p = PreviewPane(tasks, opener=lambda _url: None)
    p.images._fetch = lambda _source: b""
    qtbot.addWidget(p)
    p.resize(1000, 800)
    p.show()
    yield p
    tasks.shutdown()


def texts(pane: PreviewPane) -> list[str]:
    page = pane.artist_page if pane.page == "artist" else pane.user_page
    return [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.text()]


def test_names_links_and_genres_show_hidden_characters_as_markers(pane: PreviewPane) -> None:
    draft = {
        "name": f"Nova{RLO}exe.live",
        "description": f"Line one\nLine{ZWSP}two",
        "city": f"Tor{RLO}onto",
        "genres": [f"Lo{ZWSP}-Fi"],
        "links": [
            {"url": "https://example.com/a", "title": f"{RLO}evil.exe"},
            {"url": f"https://example.com/{RLO}gpj.exe", "title": ""},
        ],
    }
    pane.set_artist_data(draft, ArtistExtras())
    pane.render_now()
    page = pane.artist_page
    assert page.header.name.text() == "Nova⟨U+202E⟩exe.live"
    shown = texts(pane)
    for text in shown:
        assert RLO not in text and ZWSP not in text, text
    chips = [c for c in page.findChildren(LinkChip) if c.isVisibleTo(page)]
    assert [c.label.text() for c in chips] == [
        "⟨U+202E⟩evil.exe",
        "https://example.com/⟨U+202E⟩gpj.exe",
    ]
    assert chips[0].accessibleName() == "Link: ⟨U+202E⟩evil.exe"
    assert chips[1].url == f"https://example.com/{RLO}gpj.exe"  # the address itself is kept
    assert "Lo⟨U+200B⟩-Fi" in shown
    bio = page.discography.bio.label.text()  # type: ignore[union-attr]
    assert bio == "Line one\nLine⟨U+200B⟩two"  # line breaks of a biography stay


def test_the_user_page_name_too(pane: PreviewPane) -> None:
    pane.show_page("user")
    pane.set_user_data({"username": f"ana{RLO}nimda"}, UserExtras(user_id=1))
    pane.render_now()
    assert pane.user_page.header.name.text() == "ana⟨U+202E⟩nimda"
