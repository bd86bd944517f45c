"""The pinned-track section in the whole app, by keyboard and mouse as a user does: click the
section, Ctrl+F to the filter, type, arrows, Enter pins; Ctrl+Z / Ctrl+Shift+Z; the Profile
section's preview shows the draft's pin; Ctrl+Shift+P reviews and publishes it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from shell_helpers import sign_in_with_password, wait_signed_in

from studio.core.pins import fetch_pin, pinned_id
from studio.ui.pinned import PinnedPage
from studio.ui.pinned.loader import DONE
from studio.ui.preview.cards import PinnedCard
from studio.ui.profile import ProfilePage
from studio.ui.publish import ReviewDialog

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")
WAIT_MS = 20_000
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def click_section(qtbot: QtBot, window: Any, key: str) -> None:
    sections = window.sections
    row = next(
        r for r in range(sections.count()) if sections.item(r).data(Qt.ItemDataRole.UserRole) == key
    )
    rect = sections.visualItemRect(sections.item(row))
    QTest.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: sections.currentRow() == row, timeout=WAIT_MS)


def preview_pin(qtbot: QtBot, page: ProfilePage) -> str:
    page.preview.render_now()
    qtbot.wait(1)
    root = page.preview.artist_page
    cards = [c for c in root.findChildren(PinnedCard) if c.isVisibleTo(root)]
    return str(cards[0].title.text()) if cards else ""


def test_pin_by_keyboard_in_the_window_and_publish(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    window = studio.window
    qtbot.waitUntil(lambda: isinstance(window.pages["pinned"], PinnedPage), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: studio.publisher is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)

    def active() -> bool:  # the sign-in dialog closing may take the activation back once
        window.activateWindow()
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=WAIT_MS)
    click_section(qtbot, window, "pinned")
    page = window.pages["pinned"]
    assert isinstance(page, PinnedPage) and window.current_page() is page
    assert window.save_action.isEnabled() and window.find_action.isEnabled()  # at once
    qtbot.waitUntil(lambda: page.doc is not None and page.loader.state == DONE, timeout=WAIT_MS)
    doc = page.doc
    assert doc is not None
    published = pinned_id(doc.base)

    qtbot.waitUntil(active, timeout=WAIT_MS)  # the sign-in dialog, deleted late, may take it
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    assert page.picker.filter.hasFocus()
    QTest.keyClicks(window.focusWidget(), "lunar")
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Down)
    target = page.picker.current_track()
    assert target is not None and "lunar" in target.search and target.eligible
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert pinned_id(doc.draft) == target.id

    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert pinned_id(doc.draft) == published and not doc.is_dirty
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert pinned_id(doc.draft) == target.id

    click_section(qtbot, window, "profile")  # its preview follows the pin draft too
    profile = window.pages["profile"]
    assert isinstance(profile, ProfilePage)
    qtbot.waitUntil(lambda: preview_pin(qtbot, profile) == target.name, timeout=WAIT_MS)

    click_section(qtbot, window, "pinned")
    publisher = studio.publisher
    assert publisher is not None
    QTest.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: publisher.review_dialog is not None, timeout=WAIT_MS)
    review = publisher.review_dialog
    assert isinstance(review, ReviewDialog)
    assert ("Pinned track: Nova Beats", "pinned") in review.fields()
    review.publish_button.click()
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    server = fetch_pin(studio.ctx.session.client, doc.entity_id)
    assert pinned_id(server) == target.id
