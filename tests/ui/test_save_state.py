"""The status bar's save state is that of the section on screen: a draft that saved, or
could not, behind another section never speaks for it (a full disk is the fault)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from disk_limit import DiskLimit
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS
from test_gallery_window import PRODUCER, studio_signed_in

from studio import context
from studio.app import Studio
from studio.core.drafts import ARTIST
from studio.document import SaveState
from studio.store import Store
from studio.ui.credits.page import CreditsPage
from studio.ui.gallery.page import GalleryPage
from studio.ui.profile import ProfilePage
from studio.ui.save_state import SAVED
from studio.ui.section_page import SectionPage
from studio.ui.sections import SECTIONS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def go_to(qtbot: QtBot, studio: Studio, key: str, kind: type[SectionPage]) -> Any:
    """Click the section in the list, once its page is in."""
    window = studio.window
    qtbot.waitUntil(lambda: isinstance(window.pages[key], kind), timeout=WAIT_MS)
    item = window.sections.item([s.key for s in SECTIONS].index(key))
    window.sections.scrollToItem(item)
    rect = window.sections.visualItemRect(item)
    qtbot.mouseClick(window.sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.section_stack.currentWidget() is window.pages[key]
    return window.pages[key]


def test_the_save_state_shown_is_the_one_of_the_section_on_screen(
    qtbot: QtBot, make_studio: Any, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = DiskLimit()

    def open_store(path: Path) -> Store:
        return Store.open(path, on_connect=disk.on_connect)

    monkeypatch.setattr(context, "_open_store", open_store)
    studio = studio_signed_in(qtbot, make_studio, sandbox, PRODUCER)
    said = studio.window.status.save_state.text
    profile = go_to(qtbot, studio, "profile", ProfilePage)
    qtbot.waitUntil(lambda: len(profile.documents()) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: said.text() == SAVED, timeout=WAIT_MS)
    artist = profile.document(ARTIST)
    assert artist is not None
    credits = go_to(qtbot, studio, "credits", CreditsPage)
    qtbot.waitUntil(lambda: credits.doc is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all(d.is_saved for d in (artist, credits.doc)), timeout=WAIT_MS)

    # The disk fills up; the producer draft, behind the credits, cannot be saved.
    disk.set_full(True)
    artist.set_field("description", "Words I must not lose. " * 400)
    qtbot.waitUntil(lambda: artist.save_state is SaveState.FAILED, timeout=WAIT_MS)
    qtbot.wait(100)  # the window has had its turns
    assert said.text() == SAVED  # the credits on screen are saved

    # The gallery edits that producer draft: there the status bar says it is not saved.
    go_to(qtbot, studio, "gallery", GalleryPage)
    qtbot.waitUntil(lambda: said.text().startswith("Not saved:"), timeout=WAIT_MS)
    assert said.text() == f"Not saved: {artist.save_error}"
    # The applications' list shows no draft: nothing is said.
    go_to(qtbot, studio, "applications", SectionPage)
    qtbot.waitUntil(lambda: said.text() == "", timeout=WAIT_MS)
    assert not studio.window.status.save_state.isVisible()
    go_to(qtbot, studio, "profile", ProfilePage)
    qtbot.waitUntil(lambda: said.text().startswith("Not saved:"), timeout=WAIT_MS)

    # Room again: the next edit saves everything, and the status bar says so.
    disk.set_full(False)
    artist.set_field("city", "Paris")
    qtbot.waitUntil(lambda: said.text() == SAVED, timeout=WAIT_MS)
    assert artist.is_saved
