"""Preview against the sandbox: live state and tab contents fetched in the background, and
screenshots of the switch combinations that must differ (or must not)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.core import visibility as v
from studio.core.drafts import artist_draft_from_api, user_draft_from_api
from studio.tasks import Tasks
from studio.ui.preview import PreviewPane

PRODUCER = "producer@demo.beatpass.test"


@pytest.fixture
def setup(qtbot: QtBot, sandbox: Any) -> Iterator[tuple[PreviewPane, BeatPassClient, int]]:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER))
    me = client.me()
    artist_id = me.artists[0].id
    tasks = Tasks()
    opened: list[str] = []
    pane = PreviewPane(tasks, opener=opened.append)
    qtbot.addWidget(pane)
    pane.resize(1000, 900)
    pane.show()
    pane.set_client(client)
    draft = artist_draft_from_api(client.artist(artist_id).artist.raw)
    pane.set_artist_data(draft)
    with qtbot.waitSignal(pane.rendered, timeout=20_000):
        pane.load_artist(artist_id)
    yield pane, client, artist_id
    assert opened == []  # nothing was opened by rendering or switching
    tasks.shutdown()
    client.close()


def settle(qtbot: QtBot, pane: PreviewPane, page: QWidget) -> QImage:
    """Grab ``page`` once laid out and every picture it shows has loaded (or failed)."""
    for _ in range(3):
        QApplication.processEvents()  # deferred layout requests: the page takes its size
    for _ in range(5):
        page.grab()
        if not pane.images.busy:
            break
        qtbot.waitUntil(lambda: not pane.images.busy, timeout=20_000)
    return page.grab().toImage()


def shot(qtbot: QtBot, pane: PreviewPane, out: Path, name: str, **mode: str) -> QImage:
    pane.set_mode(**mode)
    page = pane.artist_page if pane.page == "artist" else pane.user_page
    image = settle(qtbot, pane, page)
    image.save(str(out / f"preview-{pane.page}-{name}.png"))
    return image


def test_live_page_and_extras_come_from_the_server(setup: Any) -> None:
    pane, client, artist_id = setup
    page = pane.artist_page
    pinned = client.pinned_track(artist_id).track
    assert pinned is not None
    assert page.discography.pinned.findChild(QLabel, None) is not None
    texts = {label.text() for label in page.discography.findChildren(QLabel)}
    assert pinned.name in texts
    tracks = client.artist_tracks(artist_id, per_page=5).items
    assert tracks[0].name in texts  # popular beats
    assert v.GALLERY in page.tabs.names  # the demo profile has photos


def test_screenshots_differ_where_switches_matter(setup: Any, qtbot: QtBot, tmp_path: Path) -> None:
    pane, _client, _artist_id = setup
    base = {"source": "draft", "viewer": "visitor", "width": "desktop", "theme": "dark"}
    draft_visitor = shot(qtbot, pane, tmp_path, "draft-visitor", **base)
    live_visitor = shot(qtbot, pane, tmp_path, "live-visitor", **{**base, "source": "live"})
    # unedited draft == live state: the switch changes nothing
    assert pane._artist_draft == pane._artist_live
    assert draft_visitor == live_visitor
    live_owner = shot(
        qtbot, pane, tmp_path, "live-owner", **{**base, "source": "live", "viewer": "owner"}
    )
    assert live_owner != live_visitor
    draft_owner = shot(qtbot, pane, tmp_path, "draft-owner", **{**base, "viewer": "owner"})
    assert draft_owner == live_owner
    # edit the draft: now draft and live differ, for both viewers
    edited = {**pane._artist_draft, "name": "Nova Beats (new)"}
    pane.set_artist_data(edited)
    pane.render_now()
    draft_owner_edited = shot(
        qtbot, pane, tmp_path, "draft-owner-edited", **{**base, "viewer": "owner"}
    )
    assert draft_owner_edited != live_owner
    draft_visitor_edited = shot(qtbot, pane, tmp_path, "draft-visitor-edited", **base)
    assert draft_visitor_edited != live_visitor
    assert draft_visitor_edited != draft_owner_edited
    light = shot(qtbot, pane, tmp_path, "light", **{**base, "theme": "light"})
    assert light != draft_visitor_edited
    phone = shot(qtbot, pane, tmp_path, "phone", **{**base, "width": "phone"})
    assert phone.width() < light.width()
    phone_light = shot(
        qtbot, pane, tmp_path, "phone-light", **{**base, "width": "phone", "theme": "light"}
    )
    assert phone_light != phone
    # back to where we started: the very same picture
    again = shot(qtbot, pane, tmp_path, "again", **base)
    assert again == draft_visitor_edited
    assert len(list(tmp_path.glob("preview-artist-*.png"))) == 10


def test_user_page_tabs_load_in_background(setup: Any, qtbot: QtBot, tmp_path: Path) -> None:
    pane, client, _artist_id = setup
    me = client.user_profile("me")
    pane.set_user_data(user_draft_from_api(me.raw))
    with qtbot.waitSignal(pane.rendered, timeout=20_000):
        pane.load_user("me")
    pane.show_page("user")
    page = pane.user_page
    assert page.header.name.text() == me.username
    assert "Producer Profile" in page.header.buttons
    liked = client.liked_tracks("me", per_page=20).items
    assert liked
    qtbot.waitUntil(
        lambda: liked[0].name in {lb.text() for lb in page.findChildren(QLabel)}, timeout=20_000
    )
    page.tabs.select(v.FOLLOWING)
    following = client.followed_users("me", per_page=20).items
    assert following
    qtbot.waitUntil(
        lambda: following[0].name in {lb.text() for lb in page.findChildren(QLabel)},
        timeout=20_000,
    )
    visitor = shot(qtbot, pane, tmp_path, "visitor", viewer="visitor", theme="light")
    owner = shot(qtbot, pane, tmp_path, "owner", viewer="owner", theme="light")
    assert visitor != owner
    if me.first_name:
        assert "First name" in page.note_label.text()
