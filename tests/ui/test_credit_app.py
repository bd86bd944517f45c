"""The Credits section in the whole app: chosen in the section list, it shows the selected
producer profile's credits; the window's Undo (Ctrl+Z) undoes its edits; switching the
producer profile switches the credits; the profile page's own undo comes back with it."""

from __future__ import annotations

from typing import Any

from credit_helpers import WAIT_MS, draft_keys
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_helpers import sign_in_with_password, wait_signed_in

from studio.ui.credits.page import CreditsPage
from studio.ui.sections import SECTIONS

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")


def test_the_credits_section_in_the_app(qtbot: QtBot, make_studio: Any, sandbox: Any) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    window = studio.window
    qtbot.waitUntil(lambda: isinstance(window.pages["credits"], CreditsPage), timeout=WAIT_MS)
    page = window.pages["credits"]
    assert isinstance(page, CreditsPage)
    row = [s.key for s in SECTIONS].index("credits")
    item = window.sections.item(row)
    window.sections.scrollToItem(item)
    rect = window.sections.visualItemRect(item)
    qtbot.mouseClick(window.sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.section_stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.doc is not None and page.model.rowCount() > 0, timeout=WAIT_MS)
    assert page.artist is not None and page.artist.name == "Nova Beats"
    before = draft_keys(page)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert draft_keys(page)[1] == before[0]
    assert window.undo_action.isEnabled() and "Move the credit" in window.undo_action.text()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert draft_keys(page) == before
    assert window.find_action.isEnabled() and window.publish_action.isEnabled()
    # Another producer profile: its credits (the sparse one has none).
    window.switcher.setCurrentIndex(1)
    qtbot.waitUntil(
        lambda: page.artist is not None and page.artist.name == "Nova Lo-Fi" and
        page.doc is not None, timeout=WAIT_MS,
    )  # fmt: skip
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=WAIT_MS)
    assert "No credits yet" in page.empty.text()
    window.select_section("profile")
    profile = window.pages["profile"]
    qtbot.waitUntil(lambda: len(profile.documents()) == 2, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert studio.ctx.undo_group.activeStack() is not page.doc.stack  # type: ignore[union-attr]
