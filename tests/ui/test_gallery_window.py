"""The gallery in the whole app, signed in to the sandbox as a new user would be: the Gallery
section shows the manager (greyed out for an account without a producer profile), Ctrl+Z and
Ctrl+Shift+Z sent to the window undo and redo its steps, and the profile page's preview (the
About block's first six, the Gallery tab) follows the draft live, pictures kept on this
computer included; after publishing, BeatPass serves the gallery the preview showed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gallery_helpers import drop_on, file_mime, photos
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS, sign_in_with_password, wait_signed_in

from studio.api import BeatPassClient
from studio.app import Studio
from studio.core import visibility as v
from studio.core.drafts import artist_draft_from_api
from studio.core.localref import is_local
from studio.ui.gallery import GalleryPage
from studio.ui.preview.widgets import Picture
from studio.ui.profile import ProfilePage
from studio.ui.sections import SECTIONS

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")
APPLICANT = ("applicant@demo.beatpass.test", "demo-applicant")


def studio_signed_in(qtbot: QtBot, make_studio: Any, sandbox: Any, who: tuple[str, str]) -> Studio:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *who)
    wait_signed_in(qtbot, studio)
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)  # the sign-in is gone
    activate(qtbot, studio)
    return studio


def activate(qtbot: QtBot, studio: Studio) -> None:
    """The window is the active one (its keys reach its shortcuts), as when the user clicks
    it; a dialog that closed may have left no window active."""
    window = studio.window

    def active() -> bool:
        window.activateWindow()
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=WAIT_MS)


def gallery_page(qtbot: QtBot, studio: Studio) -> GalleryPage:
    window = studio.window
    qtbot.waitUntil(lambda: isinstance(window.pages["gallery"], GalleryPage), timeout=WAIT_MS)
    page = window.pages["gallery"]
    assert isinstance(page, GalleryPage)
    window.select_section("gallery")
    qtbot.waitUntil(lambda: page.document is not None, timeout=WAIT_MS)
    return page


def urls(page: GalleryPage) -> list[str]:
    assert page.document is not None
    return [str(i["url"]) for i in page.document.value("profile_images")]


def test_the_gallery_section_is_for_producers(qtbot: QtBot, make_studio: Any, sandbox: Any) -> None:
    studio = studio_signed_in(qtbot, make_studio, sandbox, APPLICANT)
    window = studio.window
    qtbot.waitUntil(lambda: isinstance(window.pages["gallery"], GalleryPage), timeout=WAIT_MS)
    row = [s.key for s in SECTIONS].index("gallery")
    assert not window.sections.is_usable(row)
    assert "Only for producer profiles" in window.sections.item(row).toolTip()


def test_window_keys_undo_and_redo_gallery_steps_and_the_preview_follows(
    qtbot: QtBot, make_studio: Any, sandbox: Any, tmp_path: Path
) -> None:
    studio = studio_signed_in(qtbot, make_studio, sandbox, PRODUCER)
    window = studio.window
    page = gallery_page(qtbot, studio)
    before = urls(page)
    assert len(before) == 6
    # two pictures dropped from the desktop
    data = file_mime(*photos(tmp_path / "drop", 2))
    assert drop_on(page.view.viewport(), data, QPoint(20, 20), Qt.DropAction.CopyAction)
    qtbot.waitUntil(lambda: len(urls(page)) == 8, timeout=WAIT_MS)
    added = urls(page)
    # the last one first, by keyboard
    page.select_rows([7])
    page.view.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.view, Qt.Key.Key_Home, ctrl_shift)
    moved = urls(page)
    assert moved[0] == added[7] and is_local(moved[0])
    # a page not on screen takes the undo keys (the profile page's user tab, whose document
    # became ready meanwhile): the gallery, on screen, takes them back
    group = studio.ctx.undo_group
    user = studio.ctx.workspace.find("user", studio.ctx.session.user.id)  # type: ignore[union-attr]
    assert user is not None and page.document is not None
    group.setActiveStack(user.stack)
    qtbot.waitUntil(lambda: group.activeStack() is page.document.stack, timeout=WAIT_MS)  # type: ignore[union-attr]
    # undo both with the window's keys, then redo both
    activate(qtbot, studio)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert urls(page) == added
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert urls(page) == before
    qtbot.keyClick(window, Qt.Key.Key_Z, ctrl_shift)
    qtbot.keyClick(window, Qt.Key.Key_Z, ctrl_shift)
    assert urls(page) == moved
    assert window.undo_action.text() == "&Undo Move gallery image"

    # the profile page's preview shows the draft's gallery, the new pictures too
    window.select_section("profile")
    profile = window.pages["profile"]
    assert isinstance(profile, ProfilePage)
    qtbot.waitUntil(lambda: profile.document("artist") is page.document, timeout=WAIT_MS)
    preview = profile.preview
    artist_page = preview.artist_page

    def about_sources() -> list[str | None]:
        discography = artist_page.discography
        if discography is None:
            return []
        return [p.source() for p in discography.gallery.findChildren(Picture) if p.isVisible()]

    qtbot.waitUntil(lambda: about_sources() == moved[:6], timeout=WAIT_MS)
    loader = studio.ctx.images
    first = next(p for p in artist_page.discography.gallery.findChildren(Picture))
    # a kept picture shows (the loader reads it from the data folder at the tile's size)
    qtbot.waitUntil(lambda: loader.image(moved[0], first.size()) is not None, timeout=WAIT_MS)
    assert not loader.failed(moved[0], first.size())
    artist_page.tabs.select(v.GALLERY)
    tab = artist_page.tabs.page(v.GALLERY)
    assert tab is not None
    assert [p.source() for p in tab.findChildren(Picture)] == moved
    # an undo in the gallery shows in the preview at once
    window.select_section("gallery")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.select_section("profile")
    artist_page.tabs.select(v.DISCOGRAPHY)
    qtbot.waitUntil(lambda: about_sources() == added[:6], timeout=WAIT_MS)


def test_what_beatpass_serves_after_publishing_is_what_the_preview_showed(
    qtbot: QtBot, make_studio: Any, sandbox: Any, tmp_path: Path
) -> None:
    studio = studio_signed_in(qtbot, make_studio, sandbox, PRODUCER)
    window = studio.window
    page = gallery_page(qtbot, studio)
    data = file_mime(*photos(tmp_path / "drop", 1))
    assert drop_on(page.view.viewport(), data, QPoint(20, 20), Qt.DropAction.CopyAction)
    qtbot.waitUntil(lambda: len(urls(page)) == 7, timeout=WAIT_MS)
    page.select_rows([6])
    page.view.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.view, Qt.Key.Key_Home, ctrl_shift)  # the new picture first
    page.select_rows([3])
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)  # and one of BeatPass's removed
    assert len(urls(page)) == 6 and is_local(urls(page)[0])
    # the preview's Gallery tab, as the user sees it before publishing
    window.select_section("profile")
    profile = window.pages["profile"]
    assert isinstance(profile, ProfilePage)
    qtbot.waitUntil(lambda: profile.document("artist") is page.document, timeout=WAIT_MS)
    artist_page = profile.preview.artist_page
    artist_page.tabs.select(v.GALLERY)

    def shown() -> list[str | None]:
        tab = artist_page.tabs.page(v.GALLERY)
        return [] if tab is None else [p.source() for p in tab.findChildren(Picture)]

    qtbot.waitUntil(lambda: shown() == urls(page), timeout=WAIT_MS)
    before = [Path(u).name for u in shown()]
    # published with the window's key, through the review
    publisher = studio.publisher
    assert publisher is not None
    activate(qtbot, studio)
    qtbot.waitUntil(window.publish_action.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(window, Qt.Key.Key_P, ctrl_shift)
    opened.args[0].publish_button.click()
    doc = page.document
    assert doc is not None
    qtbot.waitUntil(lambda: not doc.is_dirty and publisher.runner.count == 0, timeout=WAIT_MS)
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER[0]), backoff_factor=0)
    try:
        served = artist_draft_from_api(client.artist(profile_artist_id(studio)).artist.raw)
    finally:
        client.close()
    served_urls = [str(i["url"]) for i in served["profile_images"]]
    # BeatPass serves the order the preview showed: the same pictures, the new one uploaded
    qtbot.waitUntil(lambda: shown() == served_urls, timeout=WAIT_MS)
    assert served_urls == urls(page) and not any(is_local(u) for u in served_urls)
    assert [Path(u).name for u in served_urls][1:] == before[1:]


def profile_artist_id(studio: Studio) -> int:
    assert studio.ctx.artist is not None
    return int(studio.ctx.artist.id)
