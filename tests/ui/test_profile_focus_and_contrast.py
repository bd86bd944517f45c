"""Measured accessibility of the editor in both looks: every focusable control shows a focus
indicator of 3:1 against its unfocused look over at least a 2 px perimeter (WCAG 2.4.13's
area), text and placeholders read at 4.5:1 and field outlines at 3:1 (numbers taken from the
palette the app sets)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from profile_helpers import POPUP_WARNINGS, open_page, session_for
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from studio.core.drafts import ARTIST, USER
from studio.ui.profile import ProfilePage
from studio.ui.style import FIELD_BORDER_DARK, FIELD_BORDER_LIGHT
from studio.ui.theme import (
    RING,
    FocusRing,
    apply_theme,
    contrast_ratio,
    error_colour,
    focus_colour,
    ring_host,
)

pytestmark = POPUP_WARNINGS
ROLES = QPalette.ColorRole


@pytest.fixture(params=["light", "dark"])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in one look for the test; the app's look before is put back after."""
    palette, sheet = QApplication.palette(), qapp.styleSheet()
    had_ring = qapp.findChild(FocusRing) is not None
    apply_theme(qapp, request.param)
    yield request.param
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    ring = qapp.findChild(FocusRing)
    if ring is not None and not had_ring:
        ring.setParent(None)
        ring.deleteLater()


def pixel_contrast(before: QImage, after: QImage) -> int:
    """How many pixels changed by 3:1 or more between two grabs of one place."""
    count = 0
    for y in range(min(before.height(), after.height())):
        for x in range(min(before.width(), after.width())):
            one, two = before.pixelColor(x, y), after.pixelColor(x, y)
            if one != two and contrast_ratio(one, two) >= 3.0:
                count += 1
    return count


def focus_stops(page: ProfilePage, kind: str) -> list[QWidget]:
    form = page.form(kind)
    assert form is not None
    stops = [page.finder, page.tabs.tabBar()]
    stops += [
        w
        for w in form.focus_chain()
        if w.isVisibleTo(form) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    return stops


def grab_around(page: ProfilePage, widget: QWidget) -> QImage:
    margin = RING + 1
    at = widget.mapTo(page, QPoint(0, 0))
    area = QRect(at, widget.size()).adjusted(-margin, -margin, margin, margin)
    return page.grab(area).toImage()


@pytest.mark.parametrize("kind", [ARTIST, USER])
def test_every_focusable_control_shows_focus_at_3_to_1(
    qtbot: QtBot, make_ctx, sandbox, look: str, kind: str
) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    page.tabs.setCurrentIndex(0 if kind == ARTIST else 1)
    scroller = page.slots[kind].scroller
    assert isinstance(scroller, QScrollArea)
    page.activateWindow()
    weak: list[str] = []
    stops = focus_stops(page, kind)
    assert len(stops) > 12
    for widget in stops:
        page.finder.setFocus() if widget is not page.finder else page.tabs.setFocus()
        if scroller.isAncestorOf(widget):
            scroller.ensureWidgetVisible(widget, 40, 40)
        QApplication.processEvents()
        before = grab_around(page, widget)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert QApplication.focusWidget() is widget or widget.isAncestorOf(
            QApplication.focusWidget()
        )
        changed = pixel_contrast(before, grab_around(page, widget))
        needed = 4 * (widget.width() + widget.height())  # a 2 px perimeter
        if changed < needed:
            weak.append(f"{widget.accessibleName()}: {changed} < {needed}")
    assert not weak, f"{look}: focus hardly shows on {weak}"


def test_the_ring_follows_a_scrolled_field_and_skips_pop_ups(
    qtbot: QtBot, make_ctx, sandbox, look: str
) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = page.form(ARTIST)
    assert form is not None and form.links is not None
    field = form.links.add_button
    field.setFocus(Qt.FocusReason.TabFocusReason)
    ring = QApplication.instance().findChild(FocusRing)  # type: ignore[union-attr]
    assert ring is not None and ring.overlay is not None
    assert ring_host(field) is page.slots[ARTIST].scroller.viewport()
    page.slots[ARTIST].scroller.verticalScrollBar().setValue(200)
    qtbot.waitUntil(
        lambda: (
            ring.overlay is not None
            and ring.overlay.geometry().center()
            == field.mapTo(ring.overlay.parentWidget(), field.rect().center())
        )
    )
    assert ring.overlay.palette() is not None
    expected = focus_colour(QApplication.palette())
    image = ring.overlay.grab().toImage()
    assert image.pixelColor(0, image.height() // 2) == expected


def outline_colours(theme: str) -> set[str]:
    """The colour of the middle of each edge of a line edit and a plain-text edit as drawn."""
    colours: set[str] = set()
    for field in (QLineEdit("text"), QPlainTextEdit("text")):
        field.resize(120, 40)
        image = field.grab().toImage()
        w, h = image.width(), image.height()
        for x, y in ((w // 2, 0), (w // 2, h - 1), (0, h // 2), (w - 1, h // 2)):
            colours.add(image.pixelColor(x, y).name())
    return colours


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_outlines_and_focus_meet_wcag_aa_from_the_palette(qapp: QApplication, theme: str):
    palette, sheet = QApplication.palette(), qapp.styleSheet()
    had_ring = qapp.findChild(FocusRing) is not None
    try:
        apply_theme(qapp, theme)
        p = QApplication.palette()
        grounds = [p.color(role) for role in (ROLES.Base, ROLES.Window)]
        for role in (ROLES.Text, ROLES.WindowText, ROLES.PlaceholderText):
            for ground in grounds:
                assert contrast_ratio(p.color(role), ground) >= 4.5, (theme, role, ground.name())
        assert contrast_ratio(p.color(ROLES.ButtonText), p.color(ROLES.Button)) >= 4.5
        error = QColor(error_colour(p))
        assert all(contrast_ratio(error, ground) >= 4.5 for ground in grounds)
        border = QColor(FIELD_BORDER_DARK if theme == "dark" else FIELD_BORDER_LIGHT)
        assert outline_colours(theme) == {border.name()}  # the fields really get this outline
        assert all(contrast_ratio(border, ground) >= 3.0 for ground in grounds), theme
        ring = focus_colour(p)
        for role in (ROLES.Base, ROLES.Window, ROLES.Button):
            assert contrast_ratio(ring, p.color(role)) >= 3.0, (theme, role)
    finally:
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
        ring_object = qapp.findChild(FocusRing)
        if ring_object is not None and not had_ring:
            ring_object.setParent(None)
            ring_object.deleteLater()
