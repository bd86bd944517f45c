"""The picker's catalog against a real sandbox: pages shown as they arrive with progress, Stop,
kept in the store so the picker opens offline at once, refreshed (tracks deleted on
BeatPass go, a draft pin of one is pointed out), 429 while paging (waits, resumes), and
paging that slows down when the rate limit runs low."""

from __future__ import annotations

import time
from typing import Any

from pinned_helpers import WAIT_MS, open_pinned, pin_doc, session_for
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.context import AppContext, Session
from studio.core.pin_catalog import CATALOG, catalog_data, make_track, read_catalog
from studio.core.pins import pinned_id
from studio.tasks import Tasks
from studio.ui.pinned import PinnedPage
from studio.ui.pinned.loader import DONE, FAILED, LOADING, STOPPED, WAITING, fetch_catalog_page


def r3_requests(sandbox: Any, artist_id: int) -> int:
    return len(sandbox.requests("GET", f"/artists/{artist_id}/tracks"))


def test_pages_show_as_they_arrive_and_stop_keeps_them(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    sandbox.set_faults(latency_ms=400)
    page = open_pinned(qtbot, ctx, session, loaded=False)
    picker = page.picker
    qtbot.waitUntil(lambda: page.model.total == 50, timeout=WAIT_MS)  # the first page
    assert page.loader.state == LOADING and picker.progress.isVisible()
    assert "50 of 62" in picker.progress_text.text()
    assert (picker.progress.value(), picker.progress.maximum()) == (50, 62)
    assert picker.load_button.text() == "&Stop"
    qtbot.mouseClick(picker.load_button, Qt.MouseButton.LeftButton)
    assert page.loader.state == STOPPED and "50 tracks so far" in picker.progress_text.text()
    assert picker.load_button.text() == "&Refresh" and not picker.progress.isVisible()
    qtbot.wait(600)  # the second page's answer, had it been waited for
    assert page.model.total == 50
    store = ctx.store
    assert store is not None
    key = (session.store_account, CATALOG, str(session.artists[0].id))
    qtbot.waitUntil(lambda: store.load_snapshot(*key) is not None, timeout=WAIT_MS)
    stored = read_catalog(store.load_snapshot(*key))
    assert stored is not None and len(stored.tracks) == 50 and not stored.complete
    sandbox.set_faults()
    qtbot.mouseClick(picker.load_button, Qt.MouseButton.LeftButton)  # Refresh
    qtbot.waitUntil(lambda: page.loader.state == DONE, timeout=WAIT_MS)
    assert page.model.total == 62


def test_the_picker_opens_from_the_store_offline(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    page = open_pinned(qtbot, ctx, session)
    store = ctx.store
    assert store is not None
    key = (session.store_account, CATALOG, str(session.artists[0].id))
    qtbot.waitUntil(lambda: store.load_snapshot(*key) is not None, timeout=WAIT_MS)
    doc = pin_doc(page)
    doc.flush()
    qtbot.waitUntil(lambda: doc.is_saved, timeout=WAIT_MS)
    titles = [page.model.track_at(r).name for r in range(62)]  # type: ignore[union-attr]

    again: AppContext = make_ctx()  # a restart, with BeatPass unreachable
    offline = Session(session.base_url, session.client, session.user, session.account, False)
    sandbox.stop()
    reopened = open_pinned(qtbot, again, offline, loaded=False)
    qtbot.waitUntil(lambda: reopened.model.total == 62, timeout=WAIT_MS)
    assert [reopened.model.track_at(r).name for r in range(62)] == titles  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: reopened.loader.state == FAILED, timeout=WAIT_MS)
    assert "Offline" in reopened.picker.progress_text.text()
    assert "62 tracks" in reopened.picker.progress_text.text()
    assert pinned_id(pin_doc(reopened).draft) == pinned_id(doc.draft)


def test_a_refresh_drops_deleted_tracks_and_says_when_the_draft_pinned_one(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_pinned(qtbot, make_ctx(), session_for(sandbox))
    doc = pin_doc(page)
    row = next(r for r in range(1, 62) if page.model.track_at(r).eligible)  # type: ignore[union-attr]
    target = page.model.track_at(row)
    assert target is not None and page.pin(target)
    db = sandbox._state.db
    with db.lock:
        db.conn.execute("DELETE FROM track_artist WHERE track_id = ?", (target.id,))
        db.conn.execute("DELETE FROM tracks WHERE id = ?", (target.id,))
    qtbot.mouseClick(page.picker.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loader.state == DONE and page.model.total == 61, timeout=WAIT_MS)
    assert page.model.track(target.id) is None
    assert page.banner.isVisible() and "no longer among" in page.banner.text()
    assert target.name in page.banner.text()
    assert pinned_id(doc.draft) == target.id  # nothing in the draft is lost
    doc.stack.undo()
    assert not page.banner.isVisible()


def test_429_while_paging_is_waited_out_by_the_client(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    session = session_for(sandbox)
    page = open_pinned(qtbot, make_ctx(), session)
    artist = session.artists[0].id
    sandbox.clear_requests()
    sandbox.set_faults(rate_limit_next=1, retry_after=1)
    started = time.monotonic()
    qtbot.mouseClick(page.picker.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loader.state == DONE, timeout=WAIT_MS)
    assert time.monotonic() - started >= 0.9  # the Retry-After was honoured
    assert page.model.total == 62 and r3_requests(sandbox, artist) == 3  # 429, page 1, page 2


def test_a_long_429_pauses_the_paging_then_it_goes_on(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    """A Retry-After longer than the client sleeps through reaches the loader: it says so,
    waits that long, and goes on from the same page."""
    client = BeatPassClient(
        sandbox.base_url, sandbox.token_for("producer@demo.beatpass.test"), retry_after_cap=1.5
    )
    user = client.me()
    session = Session(sandbox.base_url, client, user, "producer", persistent=False)
    page = open_pinned(qtbot, make_ctx(), session)
    states: list[str] = []
    page.loader.stateChanged.connect(lambda: states.append(page.loader.state))
    sandbox.set_faults(rate_limit_next=1, retry_after=2)  # longer than the client waits
    qtbot.mouseClick(page.picker.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loader.state == WAITING, timeout=WAIT_MS)
    assert "going on in 2 s" in page.picker.progress_text.text()
    assert "slow down" in page.picker.progress_text.text()
    assert page.model.total == 62  # what was there stays
    qtbot.waitUntil(lambda: page.loader.state == DONE, timeout=WAIT_MS)
    assert states[:2] == [LOADING, WAITING] and states[-1] == DONE
    assert page.model.total == 62


def test_paging_waits_when_the_rate_limit_runs_low(qtbot: QtBot, sandbox: Any) -> None:
    """With few requests left, the worker waits before asking for a page (and a stop ends
    the wait at once, nothing sent)."""
    client = BeatPassClient(
        sandbox.base_url, sandbox.token_for("producer@demo.beatpass.test"), backoff_factor=0
    )
    artist = client.me().artists[0].id
    client._conn.rate_left = (5, 300)  # as the last answer said: 5 of 300 left
    sandbox.clear_requests()
    tasks = Tasks()
    try:
        started = time.monotonic()
        handle = tasks.run(fetch_catalog_page, client, artist, 1, context=True)
        qtbot.wait(500)
        assert r3_requests(sandbox, artist) == 0 and not handle.is_done  # still waiting
        handle.cancel()
        qtbot.waitUntil(lambda: handle.is_done, timeout=WAIT_MS)
        assert time.monotonic() - started < 3
        assert r3_requests(sandbox, artist) == 0
        client._conn.rate_left = (250, 300)  # plenty left: at once
        result: list[Any] = []
        tasks.run(fetch_catalog_page, client, artist, 1, context=True, on_done=result.append)
        qtbot.waitUntil(lambda: bool(result), timeout=WAIT_MS)
        assert result[0].waited == 0 and len(result[0].rows) == 50
    finally:
        tasks.shutdown()
        client.close()


def test_a_page_never_shown_asks_beatpass_nothing(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    """The window sets every section's profile at sign-in: the pinned-track section pages the
    catalog (and loads its preview) only once it is first shown."""
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    artist = session.artists[0]
    page = PinnedPage(ctx)
    qtbot.addWidget(page)
    ctx.session = session
    sandbox.clear_requests()
    page.set_target(session, artist)
    qtbot.wait(500)
    assert r3_requests(sandbox, artist.id) == 0 and page.doc is None
    assert sandbox.requests("GET", f"/artists/{artist.id}") == []
    assert page.can_find()  # Ctrl+F is offered already: showing the page opens it all
    page.show()
    qtbot.waitUntil(lambda: page.loader.state == DONE and page.doc is not None, timeout=WAIT_MS)
    assert r3_requests(sandbox, artist.id) == 2 and page.model.total == 62


def test_thousands_of_saved_tracks_are_counted_with_separators(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    tracks = [make_track(id=i, name=f"Loop {i:05}", plays=i) for i in range(1, 1235)]
    data = catalog_data(tracks, complete=True, total=len(tracks), fetched_at=time.time())
    assert ctx.store is not None
    ctx.store.save_snapshot(session.store_account, CATALOG, str(session.artists[0].id), data)
    offline = Session(session.base_url, session.client, session.user, session.account, False)
    sandbox.stop()  # only the saved catalog: its count stays on screen
    page = PinnedPage(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.session = offline
    page.set_target(offline, session.artists[0])
    qtbot.waitUntil(lambda: page.loader.state == FAILED, timeout=WAIT_MS)
    assert page.model.total == 1234
    assert "1,234 tracks, all of this profile's." in page.picker.progress_text.text()
