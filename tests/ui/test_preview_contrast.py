"""Contrast of the rendered preview (issue 8.13): every text colour pair meets WCAG AA 4.5:1 in
both looks, and so does the text as drawn, scaled into a preview pane of the width the app
gives it (small antialiased text never reaches its nominal colour, so this is measured on the
pixels)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from studio.core.catalog import Album, ArtistRef, Track
from studio.core.credits import Credit, group_credits
from studio.tasks import Tasks
from studio.ui.preview import ArtistExtras, PreviewPane
from studio.ui.preview.style import DARK, LIGHT, Colours, contrast

AA = 4.5
PANE_WIDTH = 720  # the preview's share of a 1280-pixel window


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_colour_meets_aa(colours: Colours) -> None:
    c = colours
    text_pairs = {
        "text on page": (c.text, c.page),
        "text on a card": (c.text, c.surface),
        "muted on page": (c.muted, c.page),
        "muted on a card": (c.muted, c.surface),
        "small badge text": (c.muted, c.surface_hover),
        "accent text (Show more)": (c.accent_text, c.page),
        "accent text on a card": (c.accent_text, c.surface),
        "Play (white on accent)": (c.on_accent, c.accent),
        "preview note": (c.note_text, c.note_bg),
    }
    low = {name: round(contrast(*pair), 2) for name, pair in text_pairs.items()}
    assert all(ratio >= AA for ratio in low.values()), low
    assert contrast(c.accent, c.page) >= 3  # the Play button and the tab underline as shapes


@pytest.fixture
def pane(qtbot: QtBot, qapp: QApplication) -> Iterator[PreviewPane]:
    tasks = Tasks()
    p = PreviewPane(tasks, opener=lambda _url: None)
    p.images._fetch = lambda _source: b""
    qtbot.addWidget(p)
    p.resize(PANE_WIDTH, 1600)
    p.show()
    nova = ArtistRef(1, "Nova")
    credit = Credit(
        id=1, spotify_id="s", type="track", role="producer", title="Song", artist_names="Singer",
        role_name="Producer", release_year=2024,
    )  # fmt: skip
    extras = ArtistExtras(
        pinned_track=Track(9, "Pinned one", artists=(nova,), plays=12, duration_ms=90_000),
        tracks=tuple(
            Track(i, f"Track {i}", artists=(nova,), plays=1234, duration_ms=150_000)
            for i in range(1, 6)
        ),
        albums=(Album(3, "Album", release_date="2024-01-01", tracks_count=5),),
        credits=tuple(group_credits([credit])),
        followers_count=1200,
        plays=5000,
    )
    draft = {
        "name": "Nova Beats",
        "description": "Late-night beats. " * 30,
        "city": "Toronto",
        "country": "Canada",
        "genres": ["Trap", "Lo-Fi"],
        "links": [{"url": "https://soundcloud.com/nova", "title": "SoundCloud"}],
    }
    p.set_artist_data(draft, extras)
    p.render_now()
    yield p
    tasks.shutdown()


def drawn_contrast(image: QImage, rect: QRect) -> float:
    """The strongest contrast between any pixel of ``rect`` and its most common colour (the
    background): what the darkest (or lightest) stroke of the text reaches."""
    area = rect.intersected(image.rect())
    pixels = [
        image.pixelColor(x, y).name()
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    ]
    background = Counter(pixels).most_common(1)[0][0]
    return max(contrast(p, background) for p in set(pixels))


def shown_rect(pane: PreviewPane, widget: QWidget) -> QRect:
    view = pane.view
    holder = view.proxy.widget()
    corners = [
        widget.mapTo(holder, p) for p in (widget.rect().topLeft(), widget.rect().bottomRight())
    ]
    a, b = (view.mapFromScene(view.proxy.mapToScene(QPointF(p))) for p in corners)
    return QRect(a, b)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_text_as_drawn_meets_aa(pane: PreviewPane, theme: str, width: str) -> None:
    pane.set_mode(theme=theme, width=width)
    for _ in range(3):
        QApplication.processEvents()
    holder = pane.view.proxy.widget()
    image = pane.view.viewport().grab().toImage()
    measured: dict[str, float] = {}
    for widget in holder.findChildren(QLabel) + holder.findChildren(QPushButton):
        role = str(widget.property("role") or "")
        if not widget.isVisibleTo(holder) or not widget.text() or role.startswith("onCover"):
            continue  # text on the cover picture is white over a dark shade
        rect = shown_rect(pane, widget)
        if not image.rect().contains(rect):
            continue  # below the fold
        measured[f"{role or 'text'}: {widget.text()[:20]}"] = drawn_contrast(image, rect)
    assert len(measured) >= 15
    assert pane.view.fit_scale < 1 or width == "phone"
    low = {name: round(ratio, 2) for name, ratio in measured.items() if ratio < AA}
    assert low == {}
