"""The local store through the real app (issue 7 items 2 and 3): a damaged store found at
start-up is told once, with where the old file went, through the real start path (the store
opens in the background); damage found while in use reaches the window; a draft row that
cannot be decoded never stops the editor from opening and never shows as raw text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.app import Studio, parse_args
from studio.context import AppContext, Session, build_context
from studio.paths import AppPaths
from studio.store import DAMAGED_ROW_MESSAGE
from studio.ui.profile import ProfilePage

WAIT_MS = 30_000
PRODUCER = "producer@demo.beatpass.test"


@pytest.fixture
def start_studio(qapp: QApplication) -> Iterator[Callable[[], Studio]]:
    """``start_studio()`` starts the app as ``beatpass-studio`` does (no arguments); the
    previous one is shut down first (one app at a time), all of them after the test."""
    made: list[Studio] = []

    def start() -> Studio:
        for old in made:
            old.shutdown()
        studio = Studio(parse_args([]), AppPaths.from_env().ensure(), qapp)
        made.append(studio)
        studio.start()
        return studio

    yield start
    for studio in made:
        studio.shutdown()
        studio.window.deleteLater()
    QApplication.processEvents()


def aside_files(data: Path) -> list[Path]:
    return sorted(
        p for p in data.glob("studio.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))
    )


def notice(studio: Studio) -> str:
    bar = studio.window.notice_bar
    return bar.text.text() if bar.isVisible() else ""


@pytest.mark.parametrize("content", [b"", b"not a database" * 300], ids=["0 bytes", "garbage"])
def test_a_damaged_store_is_told_once_with_where_it_went(
    content: bytes, qtbot: QtBot, start_studio: Callable[[], Studio]
) -> None:
    paths = AppPaths.from_env().ensure()
    paths.store_file.write_bytes(content)

    first = start_studio()
    qtbot.waitUntil(lambda: "moved it aside" in notice(first), timeout=WAIT_MS)
    [aside] = aside_files(paths.data)
    assert aside.read_bytes() == content
    assert str(aside) in notice(first)
    assert first.ctx.store is not None and first.ctx.store_error is None

    second = start_studio()  # the user was told: the next start says nothing more
    qtbot.waitUntil(lambda: second.ctx.store is not None, timeout=WAIT_MS)
    QApplication.processEvents()
    assert "moved it aside" not in notice(second)
    assert aside_files(paths.data) == [aside]  # still there, never deleted


def test_damage_found_while_in_use_is_shown_in_the_window(
    qtbot: QtBot, start_studio: Callable[[], Studio]
) -> None:
    import sqlite3

    studio = start_studio()
    qtbot.waitUntil(lambda: studio.ctx.store is not None, timeout=WAIT_MS)
    store = studio.ctx.store
    assert store is not None
    store.save_draft("acc", "artist", "1", {}, {"name": "A"})
    conn = sqlite3.connect(store.path)
    conn.execute("UPDATE drafts SET draft = CAST(X'7BFF' AS TEXT)")
    conn.commit()
    conn.close()
    loaded: list[Any] = []
    studio.ctx.tasks.run(store.load_draft, "acc", "artist", "1", writer=True, on_done=loaded.append)
    qtbot.waitUntil(lambda: DAMAGED_ROW_MESSAGE in notice(studio), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: loaded == [None], timeout=WAIT_MS)  # the row reads as nothing


@pytest.fixture
def ctx(qapp: QApplication) -> Iterator[AppContext]:
    made = build_context(AppPaths.from_env().ensure())
    yield made
    made.tasks.shutdown()
    made.close_store()


def test_an_undecodable_draft_row_does_not_stop_the_editor_or_show_raw_text(
    qtbot: QtBot, ctx: AppContext, sandbox: Any
) -> None:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    session = Session(sandbox.base_url, client, client.me(), PRODUCER, persistent=False)
    artist = session.artists[0]
    store = ctx.store
    assert store is not None
    store.save_draft(session.store_account, "artist", str(artist.id), {}, {"name": "x"})
    import sqlite3

    conn = sqlite3.connect(store.path)  # the row goes bad while the app runs
    conn.execute(  # {"name":"RAW ROW TEXT\xff"}
        "UPDATE drafts SET draft = CAST(X'7B226E616D65223A2252415720524F572054455854FF227D' "
        "AS TEXT)"
    )
    conn.commit()
    conn.close()

    page = ProfilePage(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.session = session
    with qtbot.waitSignal(ctx.signals.store_damaged, timeout=WAIT_MS) as told:
        page.set_target(session, artist)
        qtbot.waitUntil(lambda: len(page.documents()) == 2, timeout=WAIT_MS)
    assert told.args == [DAMAGED_ROW_MESSAGE]
    doc = page.document("artist")
    assert doc is not None and doc.draft["name"] == artist.name  # from the server
    shown = [label.text() for label in page.findChildren(QLabel)]
    assert not [text for text in shown if "RAW ROW TEXT" in text or "decode" in text]


def test_a_ready_callback_asked_for_before_the_background_open_gets_the_store(
    qtbot: QtBot, qapp: QApplication
) -> None:
    """The app asks ``when_store_ready`` first and starts the background open after: the
    callback must wait for the open, not run at once with None."""
    made = build_context(AppPaths.from_env().ensure(), defer=True)
    try:
        got: list[object] = []
        made.when_store_ready(got.append)
        assert got == []  # not settled yet
        made.prepare_in_background()
        qtbot.waitUntil(lambda: len(got) == 1, timeout=WAIT_MS)
        assert got[0] is made.store and made.store is not None
    finally:
        made.tasks.shutdown()
        made.close_store()
