"""Preview geometry: the page fits the pane's width (scaled, no sideways scrolling), the
header's name, badge and buttons sit on the cover at desktop width exactly where the cover
editor's safe-area overlay marks them, and the pinned card's placeholder stays clean."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.core.catalog import ArtistRef, Track
from studio.tasks import Tasks
from studio.ui.images.safe_areas import DESKTOP, LAYOUTS, PHONE
from studio.ui.preview import ArtistExtras, PreviewPane
from studio.ui.preview.style import DESKTOP as DESKTOP_METRICS
from studio.ui.preview.style import PHONE as PHONE_METRICS
from studio.ui.preview.widgets import Picture

DRAFT = {"name": "Nova Beats", "verified": True, "description": "Bio " * 80, "city": "Toronto"}


@pytest.fixture
def pane(qtbot: QtBot, qapp: QApplication) -> Iterator[PreviewPane]:
    tasks = Tasks()
    p = PreviewPane(tasks, opener=lambda _url: None)
    p.images._fetch = lambda _source: b""
    qtbot.addWidget(p)
    p.set_artist_data(DRAFT, ArtistExtras(pinned_track=Track(1, "Zenith Dreams")))
    p.render_now()
    yield p
    tasks.shutdown()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def page_on_screen(pane: PreviewPane) -> QRect:
    """Where the rendered page lands in the view's viewport."""
    view = pane.view
    return view.mapFromScene(view.proxy.sceneBoundingRect()).boundingRect()


@pytest.mark.parametrize("width", [520, 700, 1400])
def test_desktop_page_fits_the_pane_without_sideways_scrolling(
    pane: PreviewPane, width: int
) -> None:
    pane.resize(width, 280)
    pane.show()
    settle()
    view = pane.view
    assert pane.artist_page.width() == DESKTOP_METRICS.page_width  # laid out at 960 px
    shown = page_on_screen(pane)
    assert not view.horizontalScrollBar().isVisible()
    assert shown.left() >= 0 and shown.right() <= view.viewport().width()
    if width < DESKTOP_METRICS.page_width:
        assert view.fit_scale < 1
        assert shown.width() >= view.viewport().width() - 40  # it uses the pane's width
    else:
        assert view.fit_scale == 1  # never scaled up
    # a page taller than the pane scrolls vertically, to its very end
    height = round(pane._holder.height() * view.fit_scale)
    assert height > view.viewport().height()
    assert view.verticalScrollBar().maximum() >= height - view.viewport().height() - 2


def test_phone_width_stays_a_phone_sized_frame(pane: PreviewPane) -> None:
    pane.resize(900, 800)
    pane.show()
    pane.set_mode(width="phone")
    settle()
    shown = page_on_screen(pane)
    assert pane.view.fit_scale == 1
    assert abs(shown.width() - PHONE_METRICS.page_width) <= 1
    assert shown.left() > 100  # centred, with backdrop on both sides
    assert not pane.view.horizontalScrollBar().isVisible()


def test_header_overlays_the_cover_where_the_safe_areas_say(pane: PreviewPane) -> None:
    pane.resize(1200, 900)
    pane.show()
    settle()
    header = pane.artist_page.header
    band = QRect(0, 0, header.width(), DESKTOP_METRICS.cover_height)
    parts = [header.name, header.verified, header.stats, *header.buttons.values()]
    for widget in parts:
        assert band.contains(widget.geometry()), widget.accessibleName()
    assert band.contains(header.avatar.geometry())
    # the overlay drawn on the cover editor marks the very same places
    spots = {s.label: s for s in LAYOUTS[DESKTOP].spots}
    avatar = spots["Avatar"]
    assert QRectF(avatar.x, avatar.y, avatar.w, avatar.h) == QRectF(header.avatar.geometry())
    play = next(s for s in LAYOUTS[DESKTOP].spots if "Play" in s.label)
    button = header.buttons["Play"].geometry()
    assert (play.x, play.y) == (button.x(), button.y())
    name = next(s for s in LAYOUTS[DESKTOP].spots if "Name" in s.label)
    assert QRectF(name.x, name.y, name.w, name.h).intersects(QRectF(header.name.geometry()))
    assert LAYOUTS[DESKTOP].band_height == DESKTOP_METRICS.cover_height


def test_phone_header_puts_name_and_buttons_below_the_cover(pane: PreviewPane) -> None:
    pane.resize(900, 900)
    pane.show()
    pane.set_mode(width="phone")
    settle()
    header = pane.artist_page.header
    below = PHONE_METRICS.cover_height
    assert header.name.geometry().top() > below
    assert all(b.geometry().top() > below for b in header.buttons.values())
    assert [s.label for s in LAYOUTS[PHONE].spots] == ["Avatar"]


def white_pixels_outside(pic: Picture, keep: QRectF) -> int:
    """Near-white pixels inside the circle but outside ``keep``."""
    image = pic.grab().toImage()
    centre, radius = image.width() / 2, image.width() / 2 - 2
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            if (x - centre) ** 2 + (y - centre) ** 2 > radius**2 or keep.contains(x, y):
                continue
            colour = QColor(image.pixel(x, y))
            if min(colour.red(), colour.green(), colour.blue()) > 225:
                count += 1
    return count


@pytest.mark.parametrize("play", [True, False])
def test_pinned_cover_placeholder_shows_no_initials_under_the_play_glyph(
    qtbot: QtBot, play: bool
) -> None:
    pic = Picture(64, "circle", play_overlay=play)
    qtbot.addWidget(pic)
    pic.set_source(None, ArtistRef(1, "Zenith Dreams").name)
    r = 64 * 0.2
    glyph = QRectF(32 - r, 32 - r - 1, 2 * r + 2, 2 * r + 3)  # the play triangle's box
    outside = white_pixels_outside(pic, glyph)
    if play:
        assert outside == 0  # only the glyph: no initials under it
    else:
        assert outside > 0  # the initials "ZD" (the check above can fail)


def test_switching_width_keeps_the_top_of_the_page_in_view(pane: PreviewPane) -> None:
    pane.resize(560, 500)
    pane.show()
    settle()
    bar = pane.view.verticalScrollBar()
    assert bar.value() == 0
    pane.set_mode(width="phone")
    settle()
    assert bar.value() == 0  # the header is still what you see first
    assert page_on_screen(pane).top() >= 0
    pane.set_mode(width="desktop")
    settle()
    assert bar.value() == 0
