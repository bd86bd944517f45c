"""The Tab chain of the profile page (issue 8.6): the editor's fields first, then the
preview: one stop per switch (arrow keys choose), then the rendered page's working controls
(its tab bar, "Show more", the link chips), never its pictures of BeatPass's Play, Follow and
Message buttons. Also after rows are added to the editor. Driven by key events, as a user."""

from __future__ import annotations

from typing import Any

from preview_helpers import focused_widget
from profile_helpers import POPUP_WARNINGS, artist_form, open_page, session_for
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QTabBar, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.preview.widgets import LinkChip
from studio.ui.profile import ProfilePage

pytestmark = POPUP_WARNINGS


def tab_through(start: QWidget, presses: int = 200) -> list[QWidget]:
    """Press Tab from ``start`` (as the keyboard sends it: to the focused widget) until the
    focus is back at ``start``; where the focus landed each time."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    assert focused_widget() is start
    seen: list[QWidget] = []
    for _ in range(presses):
        target = QApplication.focusWidget()
        assert target is not None
        QTest.keyClick(target, Qt.Key.Key_Tab)
        landed = focused_widget()
        if landed is start:
            return seen
        seen.append(landed)
    raise AssertionError("Tab never came back to where it started")


def in_preview(page: ProfilePage, widget: QWidget) -> bool:
    return page.preview.isAncestorOf(widget) or page.preview.view.proxy.widget().isAncestorOf(
        widget
    )


def preview_stops(page: ProfilePage, seen: list[QWidget]) -> list[QWidget]:
    first = next(i for i, w in enumerate(seen) if in_preview(page, w))
    stops: list[QWidget] = []
    for widget in seen[first:]:
        if not in_preview(page, widget):
            break
        stops.append(widget)
    return stops


def describe(widget: QWidget) -> str:
    if isinstance(widget, QTabBar):
        return "tab bar"
    if isinstance(widget, LinkChip):
        return widget.accessibleName()
    text = widget.text() if isinstance(widget, QPushButton | QToolButton) else ""
    return text or widget.accessibleName() or type(widget).__name__


def assert_editor_first(page: ProfilePage, seen: list[QWidget]) -> None:
    form = artist_form(page)
    fields = [i for i, w in enumerate(seen) if form.isAncestorOf(w)]
    preview = [i for i, w in enumerate(seen) if in_preview(page, w)]
    assert fields and preview
    assert max(fields) < min(preview), [describe(w) for w in seen]


def credits_shown(page: ProfilePage) -> bool:
    from studio.ui.preview.credits_block import CreditsBlock

    handle = page.ctx.workspace.handle("credits", page.document("artist").entity_id)  # type: ignore[union-attr]
    discography = page.preview.artist_page.discography
    return (
        handle is not None
        and handle.fresh
        and not page.preview._timer.isActive()  # no render pending
        and discography is not None
        and any(b.isVisibleTo(page) for b in discography.credits.findChildren(CreditsBlock))
    )


def test_the_editor_comes_first_then_one_stop_per_switch_then_the_page(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    qtbot.waitUntil(lambda: bool(credits_shown(page)), timeout=20_000)  # the credits document's
    seen = tab_through(page.finder)
    assert_editor_first(page, seen)
    stops = [describe(w) for w in preview_stops(page, seen)]
    assert stops == [
        "Producer page",
        "Draft",
        "Visitor",
        "Desktop",
        "Dark",
        "tab bar",
        "Show more",
        "Link: YouTube",
        "Link: Instagram",
        "Link: SoundCloud",
        "Link: Spotify",
        "All",  # the credits' role pills: one stop (arrows choose), then their "Show more"
        "Show more (6)",
    ]
    buttons = page.preview.artist_page.header.buttons
    assert set(buttons) == {"Play", "Follow", "Message", "More"}
    assert not any(b in seen for b in buttons.values())  # pictures of buttons: no stops


def test_fields_added_later_still_come_before_the_preview(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = artist_form(page)
    assert form.links is not None and form.genres is not None
    add = next(b for b in form.findChildren(QPushButton) if b.accessibleName() == "Add link")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(form.links.rows) == 5)  # type: ignore[union-attr]
    genre = form.genres.input
    genre.setFocus()
    QTest.keyClicks(genre, "Jersey Club")
    QTest.keyClick(genre, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(form.genres.chips) == 5)  # type: ignore[union-attr]
    new_row = form.links.rows[-1]  # type: ignore[union-attr]
    qtbot.waitUntil(new_row.url.isVisible)  # new widgets show once the layout has run
    seen = tab_through(page.finder)
    assert new_row.url in seen and new_row.title in seen
    assert all(chip.remove in seen for chip in form.genres.chips)  # type: ignore[union-attr]
    assert_editor_first(page, seen)


def test_arrow_keys_choose_within_a_switch_and_tab_leaves_it(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    preview = page.preview
    desktop = next(b for b in preview.switches["width"].buttons() if b.text() == "Desktop")
    desktop.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(desktop, Qt.Key.Key_Right)
    assert preview.mode.width == "phone"
    phone = focused_widget()
    assert isinstance(phone, QToolButton) and phone.text() == "Phone" and phone.isChecked()
    QTest.keyClick(phone, Qt.Key.Key_Tab)
    assert describe(focused_widget()) == "Dark"  # the next switch, not "Desktop"
    QTest.keyClick(focused_widget(), Qt.Key.Key_Left)
    assert preview.mode.theme == "light"
    QTest.keyClick(focused_widget(), Qt.Key.Key_Backtab)
    assert describe(focused_widget()) == "Phone"
