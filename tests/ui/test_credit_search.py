"""The "Add a credit" dialog as a user works it: typing is debounced, older answers are
dropped, the search text's limits and Spotify being down are said plainly, roles held are
shown disabled, and the album flow gives roles to the album and its tracks (tracks with no
role skipped, and said so)."""

from __future__ import annotations

from typing import Any

from credit_helpers import (
    WAIT_MS,
    draft_keys,
    open_credits_page,
    pick_in_menu,
    session_for,
    wait_for,
)
from profile_helpers import POPUP_WARNINGS
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from studio.core.credit_drafts import FIELD, item_key
from studio.ui.credits.album import NOTHING_CHOSEN, AlbumDialog
from studio.ui.credits.lookup import SPOTIFY_DOWN
from studio.ui.credits.search import ALBUMS, CreditSearch


def open_search(qtbot: QtBot, page: Any) -> CreditSearch:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CreditSearch)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.query.setFocus()
    return dialog


def searches(sandbox: Any) -> int:
    return len(sandbox.requests("GET", "/credits/spotify-search"))


def results_ready(dialog: CreditSearch) -> bool:
    return dialog.results.count() > 0 and dialog.status.text() == ""


def tick(qtbot: QtBot, box: Any) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(4, box.height() // 2))


def test_typing_is_debounced_and_a_song_is_added_with_its_roles(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    before = draft_keys(page)
    dialog = open_search(qtbot, page)
    sandbox.clear_requests()
    qtbot.keyClicks(dialog.query, "Restless")  # one keystroke after another, quickly
    wait_for(qtbot, lambda: results_ready(dialog))
    assert searches(sandbox) == 1  # one search for the whole word, not one per key
    # Results the profile already holds show their roles, disabled.
    titles = [dialog.results.item(n).text() for n in range(dialog.results.count())]
    held_row = next((n for n, t in enumerate(titles) if "Already credited" in t), None)
    assert held_row is not None
    dialog.results.setCurrentRow(held_row)
    held = [r for r, b in dialog.picker.boxes.items() if not b.isEnabled()]
    assert held and all(dialog.picker.boxes[r].isChecked() for r in held)
    fresh_row = next(n for n, t in enumerate(titles) if "Already credited" not in t)
    dialog.results.setCurrentRow(fresh_row)
    found = dialog.current()
    assert found is not None
    assert not dialog.add_button.isEnabled()  # no role yet
    tick(qtbot, dialog.picker.boxes["producer"])
    tick(qtbot, dialog.picker.boxes["songwriter"])
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: page.dialog is None)
    key = f"track:{found.spotify_id}"
    assert draft_keys(page) == [key, *before]  # new credits go to the top
    assert page.current_key() == key
    item = page.doc.value(FIELD)[0]  # type: ignore[union-attr]
    assert item["roles"] == ["producer", "songwriter"] and item["entry_ids"] == {}
    assert page.doc.stack.undoText() == f"Add the credit “{found.title}”"  # type: ignore[union-attr]


def test_search_text_limits_and_stale_answers(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    dialog = open_search(qtbot, page)
    sandbox.clear_requests()
    qtbot.keyClicks(dialog.query, "R")
    qtbot.wait(500)
    assert dialog.status.text() == "Type at least 2 characters to search Spotify."
    assert searches(sandbox) == 0
    dialog.query.setText("x" * 101)
    assert "at most 100 characters (this one has 101)" in dialog.status.text()
    qtbot.wait(500)
    assert searches(sandbox) == 0  # nothing was asked
    # A slow answer to an older search never replaces a newer one.
    sandbox.set_faults(latency_ms=700)
    dialog.query.setText("Neon")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # search at once
    qtbot.wait(100)
    sandbox.set_faults()
    dialog.query.setText("Golden")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: results_ready(dialog))
    qtbot.wait(900)  # the "Neon" answer has come back by now, and was dropped
    titles = [dialog.results.item(n).text() for n in range(dialog.results.count())]
    assert titles and all("golden" in t.lower() for t in titles)
    assert searches(sandbox) == 2


def test_spotify_down_is_said_and_retry_works(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    dialog = open_search(qtbot, page)
    sandbox.set_faults(spotify_down=True)
    qtbot.keyClicks(dialog.query, "Golden")
    wait_for(qtbot, dialog.retry_button.isVisible)
    assert dialog.status.text() == SPOTIFY_DOWN
    assert dialog.results.count() == 0
    # the rest of the editor keeps working meanwhile
    assert page.doc is not None and page.model.rowCount() > 0
    sandbox.set_faults()
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: results_ready(dialog))
    assert not dialog.retry_button.isVisible()
    qtbot.keyClicks(dialog.query, " zzqx")
    wait_for(qtbot, lambda: "No songs on Spotify match" in dialog.status.text())


@POPUP_WARNINGS  # the role menus are pop-ups
def test_album_flow_gives_roles_to_the_album_and_tracks(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    before = draft_keys(page)
    dialog = open_search(qtbot, page)
    qtbot.mouseClick(dialog, Qt.MouseButton.LeftButton)  # focus the dialog
    dialog.tabs.setCurrentIndex(ALBUMS)
    dialog.query.setFocus()
    qtbot.keyClicks(dialog.query, "in")
    wait_for(qtbot, lambda: results_ready(dialog))
    titles = [dialog.results.item(n).text() for n in range(dialog.results.count())]
    dialog.results.setCurrentRow(
        next(n for n, t in enumerate(titles) if "Already credited" not in t)
    )
    album = dialog.current()
    assert album is not None and album.type == "album"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # "Choose roles…"
    albums = dialog.album_dialog
    assert isinstance(albums, AlbumDialog)
    wait_for(qtbot, lambda: albums.loaded is not None)
    tracks = albums.track_buttons
    assert len(tracks) >= 3
    assert albums.summary.text() == NOTHING_CHOSEN and not albums.ok_button.isEnabled()
    pick_in_menu(qtbot, albums.all_roles, ["Producer"])
    assert tracks[0][1].text() == "Producer (every track)"  # not "No role — skipped"
    pick_in_menu(qtbot, tracks[1][1], ["Mixing Engineer", "Composer"])
    pick_in_menu(qtbot, albums.album_roles, ["Executive Producer"])
    assert albums.summary.text() == (
        f"The album itself gets a credit; {len(tracks)} of {len(tracks)} tracks get roles."
    )
    pick_in_menu(qtbot, albums.all_roles, ["Producer"])  # untick: only track 2 keeps roles
    skipped = len(tracks) - 1
    assert albums.summary.text().endswith(f"{skipped} tracks with no role are skipped.")
    qtbot.mouseClick(albums.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: page.dialog is None)
    keys = draft_keys(page)
    second = tracks[1][0]
    assert keys[:2] == [f"album:{album.spotify_id}", f"track:{second.spotify_id}"]
    assert keys[2:] == before
    items = {item_key(i): i for i in page.doc.value(FIELD)}  # type: ignore[union-attr]
    track = items[f"track:{second.spotify_id}"]
    assert track["roles"] == ["mixing_engineer", "composer"]
    assert track["album"]["spotify_id"] == album.spotify_id
    assert items[f"album:{album.spotify_id}"]["roles"] == ["executive_producer"]
    page.doc.stack.undo()  # type: ignore[union-attr]  # one step for the whole album
    assert draft_keys(page) == before


def test_album_lookup_failures_are_said(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    dialog = open_search(qtbot, page)
    dialog.tabs.setCurrentIndex(ALBUMS)
    dialog.query.setFocus()
    qtbot.keyClicks(dialog.query, "in")
    wait_for(qtbot, lambda: results_ready(dialog))
    sandbox.set_faults(spotify_unknown=True)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    albums = dialog.album_dialog
    assert albums is not None
    wait_for(qtbot, albums.retry_button.isVisible)
    assert "no longer has this item" in albums.status.text()
    sandbox.set_faults(spotify_down=True)
    qtbot.mouseClick(albums.retry_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: albums.status.text() == SPOTIFY_DOWN)
    sandbox.set_faults()
    qtbot.mouseClick(albums.retry_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: albums.loaded is not None)
    assert not albums.ok_button.isEnabled()
