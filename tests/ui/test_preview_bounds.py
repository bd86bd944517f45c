"""Very long values from the server or a paste (issue 7.4): the preview lays out what the page
shows, never the whole value. The biography is cut to what BeatPass keeps (with a note), lists
to their limits (with a count of the rest), one-line texts to what could fit; a followed
document's draft is read once per render, not once per keystroke."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from preview_helpers import click_in_view
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from studio.core import limits
from studio.tasks import Tasks
from studio.ui.preview import ArtistExtras, PreviewPane
from studio.ui.preview.widgets import LinkChip, PlainLabel

HUGE = 100_000
WORDS = "lo-fi beats made late at night with tape hiss and warm keys "


def prose(n: int) -> str:
    return (WORDS * (n // len(WORDS) + 1))[:n]


def huge_draft() -> dict[str, Any]:
    return {
        "name": "N" * HUGE,
        "description": prose(HUGE),
        "city": "C" * HUGE,
        "country": "Canada",
        "links": [{"url": f"https://example.com/{i}", "title": f"L{i}"} for i in range(2000)],
        "genres": [f"genre {i}" for i in range(2000)],
        "profile_images": [{"id": i, "url": f"https://img.test/{i}.jpg"} for i in range(500)],
    }


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


def shown(root: QWidget) -> list[QLabel]:
    return [w for w in root.findChildren(QLabel) if w.isVisibleTo(root) and w.text()]


def longest_text(root: QWidget) -> int:
    return max(len(label.text()) for label in shown(root))


def visible(root: QWidget, kind: type[QWidget]) -> list[Any]:
    return [w for w in root.findChildren(kind) if w.isVisibleTo(root)]


@pytest.mark.parametrize("source", ["draft", "live"])
def test_huge_values_are_laid_out_only_as_far_as_the_page_shows_them(
    pane: PreviewPane, source: str
) -> None:
    pane.set_mode(source=source)
    pane.set_artist_data({}, ArtistExtras(), live=huge_draft())
    pane.set_artist_data(huge_draft())
    pane.render_now()
    page = pane.artist_page
    discography = page.discography
    assert discography is not None
    bio = discography.bio
    assert len(bio.label.text()) <= 301  # the first lines before "Show more"
    click_in_view(pane, bio.more)  # "Show more": what BeatPass keeps, not the whole paste
    assert bio.expanded
    assert len(bio.label.text()) == limits.DESCRIPTION.max_len
    assert longest_text(page) <= limits.DESCRIPTION.max_len
    assert len(page.header.name.text()) <= 301
    assert len(visible(page, LinkChip)) == limits.LINKS_MAX
    pills = [w for w in visible(page, PlainLabel) if w.property("role") == "pill"]
    assert len(pills) == limits.GENRES_MAX
    # what was left out is said, not silently dropped
    assert bio.note.isVisibleTo(page)
    assert f"{HUGE:,}" in bio.note.accessibleName()
    notes = " ".join(label.text() for label in shown(page) if label.property("role") == "note")
    assert "1,990 more links are not shown" in notes
    assert "1,990 more genres are not shown" in notes


def test_a_followed_document_is_read_once_per_render_not_per_keystroke(
    pane: PreviewPane, qtbot: QtBot
) -> None:
    class Doc(QObject):
        changed = Signal(str)
        rebased = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.reads = 0
            self.base = huge_draft()
            self._draft = huge_draft()

        @property
        def draft(self) -> dict[str, Any]:
            self.reads += 1
            return dict(self._draft)

    doc = Doc()
    pane.attach_document(doc, "artist")
    pane.render_now()
    doc.reads = 0
    for _key in range(40):  # typing into the 100,000-character bio
        doc._draft["description"] += "x"
        doc.changed.emit("description")
    assert doc.reads == 0  # nothing read while keys arrive
    with qtbot.waitSignal(pane.rendered, timeout=2000):
        pass
    assert doc.reads == 1
    assert pane.artist_page.discography.bio.note.isVisibleTo(pane.artist_page)  # type: ignore[union-attr]


def test_an_empty_new_link_row_shows_no_chip(pane: PreviewPane) -> None:
    links = [
        {"url": "https://soundcloud.com/nova", "title": "SoundCloud"},
        {"url": "", "title": ""},  # "Add link" pressed, nothing typed yet
        {"url": "   ", "title": "Only a title"},
    ]
    pane.set_artist_data({"name": "Nova", "links": links})
    pane.render_now()
    chips = visible(pane.artist_page, LinkChip)
    assert [chip.url for chip in chips] == ["https://soundcloud.com/nova"]
    pane.set_artist_data({"name": "Nova", "links": links[1:]})
    pane.render_now()
    assert visible(pane.artist_page, LinkChip) == []
    assert not pane.artist_page.discography.links.isVisibleTo(pane.artist_page)  # type: ignore[union-attr]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_long_name_leaves_the_verified_badge_on_the_page(pane: PreviewPane, width: str) -> None:
    pane.set_mode(width=width)
    pane.set_artist_data({"name": "Nova Beats " + "N" * 300, "verified": True})
    pane.render_now()
    header = pane.artist_page.header
    margin = 32 if width == "desktop" else 16
    badge = header.verified.geometry()
    assert not header.verified.isHidden()
    assert badge.width() == 24 and badge.right() < header.width() - margin + 1
    assert header.name.geometry().right() < badge.left()
