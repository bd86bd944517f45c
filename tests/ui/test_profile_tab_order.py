"""Keyboard order in the real window: Tab reaches the profile editor's fields first, top to
bottom, each "Change…" right after its picture, genre chips in place after adding or removing
one, and only then the preview. The status bar's stops are the status bar's own business
(issue 8.6 splits the work), so they are left out of the order checked here."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS, sign_in_with_password, wait_signed_in

from studio.core.drafts import ARTIST
from studio.ui.profile import ProfilePage
from studio.ui.profile.forms import ArtistForm

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")


def open_profile(qtbot: QtBot, make_studio, sandbox) -> tuple[object, ProfilePage]:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    window = studio.window
    qtbot.waitUntil(lambda: isinstance(window.pages["profile"], ProfilePage), timeout=WAIT_MS)
    page = window.pages["profile"]
    assert isinstance(page, ProfilePage)
    qtbot.waitUntil(lambda: len(page.documents()) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(page.is_settled, timeout=WAIT_MS)  # the preview too (made after the form)
    window.select_section("profile")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window, page


def tab_stops(qtbot: QtBot, start: QWidget, until: QWidget, limit: int = 120) -> list[QWidget]:
    """Press Tab from ``start`` (as a person would) until ``until`` has the focus."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    stops: list[QWidget] = []
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not None
        stops.append(focus)
        if focus is until:
            return stops
    raise AssertionError(f"{until.accessibleName()} not reached in {limit} Tab presses")


def in_status_bar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStatusBar):
            return True
        parent = parent.parentWidget()
    return False


def expected_fields(form: ArtistForm) -> list[QWidget]:
    """The producer form's stops, written out: what a person meets top to bottom."""
    assert form.genres is not None and form.links is not None and form.country is not None
    stops: list[QWidget] = [form.name_edit, form.boxes["profile.city"].editor, form.country]
    stops += [chip.remove for chip in form.genres.chips] + [form.genres.input]
    stops.append(form.bio.editor)
    for row in form.links.rows:
        stops += [w for w in (row.title, row.url, row.up, row.down, row.remove) if w.isEnabled()]
    stops.append(form.links.add_button)
    stops += [form.boxes["image_small"].editor, form.boxes["cover_image"].editor]
    return stops


def names(widgets: list[QWidget]) -> list[str]:
    return [w.accessibleName() or type(w).__name__ for w in widgets]


def test_tab_reaches_the_editor_fields_first_in_order(qtbot: QtBot, make_studio, sandbox) -> None:
    window, page = open_profile(qtbot, make_studio, sandbox)
    form = page.form(ARTIST)
    assert isinstance(form, ArtistForm)
    fields = expected_fields(form)
    assert [w.text() for w in fields[-2:]] == ["Change…", "Change…"]  # type: ignore[attr-defined]
    stops = tab_stops(qtbot, window.sections, fields[-1])  # type: ignore[attr-defined]
    stops = [w for w in stops if not in_status_bar(w)]
    assert names(stops) == names([page.finder, page.tabs.tabBar(), *fields])
    assert stops == [page.finder, page.tabs.tabBar(), *fields]
    # The preview comes after the editor, the scroll area is no stop, and it has a name.
    after = tab_stops(qtbot, fields[-1], fields[-1], limit=200)
    assert not any(page.slots[ARTIST].scroller is w for w in after)
    assert page.slots[ARTIST].scroller.accessibleName() == "Producer profile fields"
    first_after = next(w for w in after if not in_status_bar(w))
    assert page.preview.isAncestorOf(first_after), names([first_after])


def test_genre_chips_keep_their_place_after_add_and_remove(
    qtbot: QtBot, make_studio, sandbox
) -> None:
    _window, page = open_profile(qtbot, make_studio, sandbox)
    form = page.form(ARTIST)
    assert isinstance(form, ArtistForm) and form.genres is not None
    genres = form.genres
    genres.input.setFocus()
    qtbot.keyClicks(genres.input, "Drill")
    qtbot.keyClick(genres.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: all(chip.isVisible() for chip in genres.chips))  # as a person sees
    genres.chips[0].remove.setFocus()
    qtbot.keyClick(genres.chips[0].remove, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: all(chip.isVisible() for chip in genres.chips))
    assert [c.name for c in genres.chips][-1] == "Drill"
    fields = expected_fields(form)
    stops = tab_stops(qtbot, form.name_edit, fields[-1])
    assert names(stops) == names(fields[1:])
    assert stops == fields[1:]


def test_the_image_editor_puts_each_fix_before_its_buttons(
    qtbot: QtBot, make_ctx, sandbox, tmp_path: Path
) -> None:
    from profile_helpers import open_page, session_for

    from studio.ui.images import ImageEditorDialog

    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = page.form(ARTIST)
    assert isinstance(form, ArtistForm)
    change = form.boxes["image_small"].editor
    change.setFocus()
    qtbot.keyClick(change, Qt.Key.Key_Space)  # "Change…" by keyboard
    dialog = next(d for d in page.findChildren(ImageEditorDialog) if d.isVisible())
    picture = tmp_path / "wide.png"
    Image.new("RGB", (900, 500), (200, 40, 90)).save(picture)
    dialog.load_file(picture)
    qtbot.waitUntil(  # shown, not only made: a new row shows on the next turn of the loop
        lambda: (b := dialog.findings.fix_button("crop_square")) is not None and b.isVisible(),
        timeout=WAIT_MS,
    )
    dialog.activateWindow()
    stops = tab_stops(qtbot, dialog.fit_button, dialog.close_button)
    fix = dialog.findings.fix_button("crop_square")  # the checks may have been redrawn
    assert fix is not None
    assert fix in stops and dialog.apply_button not in stops[: stops.index(fix)]
    assert stops.index(fix) < stops.index(dialog.close_button)
    dialog.reject()


def fully_shown(widget: QWidget, area: QWidget) -> bool:
    """Whether all of ``widget`` lies inside ``area`` (a scroll area's viewport)."""
    top_left = widget.mapTo(area, widget.rect().topLeft())
    bottom_right = widget.mapTo(area, widget.rect().bottomRight())
    return area.rect().contains(top_left) and area.rect().contains(bottom_right)


def test_go_to_field_by_keyboard_scrolls_the_field_into_view(
    qtbot: QtBot, make_studio, sandbox
) -> None:
    window, page = open_profile(qtbot, make_studio, sandbox)
    window.resize(1000, 600)  # the form is taller than its pane
    form = page.form(ARTIST)
    assert isinstance(form, ArtistForm)
    viewport = page.slots[ARTIST].scroller.viewport()
    cover = form.boxes["cover_image"].editor
    assert not fully_shown(cover, viewport)
    for label, target in (("Cover image", cover), ("City", form.boxes["profile.city"].editor)):
        window.sections.setFocus()
        qtbot.keyClick(window.sections, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert page.finder.hasFocus()
        qtbot.keyClicks(page.finder, label)
        qtbot.keyClick(page.finder, Qt.Key.Key_Return)
        assert target.hasFocus()
        qtbot.waitUntil(lambda t=target: bool(fully_shown(t, viewport)))
        qtbot.wait(20)  # the second, deferred reveal changes nothing once it is in view
        assert fully_shown(target, viewport)
    # a field on the other tab, never shown yet: the tab opens and the field is in view
    user = page.form("user")
    assert user is not None
    description = user.boxes["profile.description"].editor
    qtbot.keyClick(window.sections, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.finder, "Links (User profile)")
    qtbot.keyClick(page.finder, Qt.Key.Key_Return)
    focus = QApplication.focusWidget()
    assert focus is not None and user.isAncestorOf(focus) and focus is not description
    qtbot.waitUntil(lambda: bool(fully_shown(focus, page.slots["user"].scroller.viewport())))
