"""The workspace against the real sandbox: one document per target, editable at once from
the stored copy, refreshed by the fetch (three-way merge), honest when offline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.context import AppContext, Session
from studio.core.drafts import ARTIST, USER, artist_draft_from_api, artist_payload
from studio.sandbox.server import SandboxHandle, start_sandbox
from studio.workspace import OpenDocument
from studio.workspace.reconcile import MERGED, RESTORED

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 15_000


def sign_in(ctx: AppContext, sandbox: SandboxHandle) -> Session:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    session = Session(sandbox.base_url, client, client.me(), PRODUCER, persistent=False)
    ctx.set_session(session)
    return session


def nova_id(session: Session) -> int:
    return next(a.id for a in session.artists if a.name == "Nova Beats")


def ready(qtbot: QtBot, handle: OpenDocument) -> Any:
    qtbot.waitUntil(lambda: handle.is_ready, timeout=WAIT_MS)
    assert handle.doc is not None
    return handle.doc


def change_elsewhere(sandbox: SandboxHandle, artist_id: int, **fields: Any) -> None:
    other = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    theirs = artist_draft_from_api(other.artist(artist_id).artist.raw)
    theirs.update(fields)
    other.update_artist(artist_id, artist_payload(theirs))
    other.close()


def test_one_document_per_target(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot
) -> None:
    ctx = make_ctx()
    session = sign_in(ctx, sandbox)
    first = ctx.workspace.open(ARTIST, nova_id(session))
    second = ctx.workspace.open(ARTIST, str(nova_id(session)))
    assert first is second
    doc = ready(qtbot, first)
    qtbot.waitUntil(lambda: first.fresh, timeout=WAIT_MS)
    assert doc.value("name") == "Nova Beats"
    assert ctx.workspace.find(ARTIST, nova_id(session)) is doc
    user = ready(qtbot, ctx.workspace.open(USER, session.user.id))
    assert {d.kind for d in ctx.workspace.documents()} == {ARTIST, USER} and user is not doc


def test_restored_edits_meet_a_server_change_merged(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot
) -> None:
    ctx = make_ctx()
    session = sign_in(ctx, sandbox)
    artist = nova_id(session)
    doc = ready(qtbot, ctx.workspace.open(ARTIST, artist))
    qtbot.waitUntil(lambda: ctx.workspace.handle(ARTIST, artist).fresh, timeout=WAIT_MS)
    doc.set_field("description", "My new bio")
    doc.flush()
    qtbot.waitUntil(lambda: doc.is_saved, timeout=WAIT_MS)
    change_elsewhere(sandbox, artist, city="Vancouver")

    ctx = make_ctx()  # a restart
    session = sign_in(ctx, sandbox)
    handle = ctx.workspace.open(ARTIST, artist)
    doc = ready(qtbot, handle)
    assert doc.value("description") == "My new bio"  # from the stored draft
    qtbot.waitUntil(lambda: handle.fresh, timeout=WAIT_MS)
    assert doc.value("city") == "Vancouver" and doc.base["city"] == "Vancouver"
    assert doc.value("description") == "My new bio" and doc.is_dirty
    assert RESTORED in handle.notice and MERGED in handle.notice


def test_editable_at_once_from_the_stored_copy_while_the_server_is_slow(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot
) -> None:
    ctx = make_ctx()
    session = sign_in(ctx, sandbox)
    artist = nova_id(session)
    handle = ctx.workspace.open(ARTIST, artist)
    qtbot.waitUntil(lambda: handle.fresh, timeout=WAIT_MS)
    qtbot.wait(600)  # the snapshot is written
    ctx = make_ctx()
    sandbox.set_faults(latency_ms=3000)
    try:
        session = sign_in(ctx, sandbox)
        handle = ctx.workspace.open(ARTIST, artist)
        doc = ready(qtbot, handle)
        assert not handle.fresh  # shown from the stored snapshot, the fetch still running
        doc.set_field("city", "Typed while loading")
        qtbot.waitUntil(lambda: handle.fresh, timeout=WAIT_MS)
        assert doc.value("city") == "Typed while loading"  # the fetch did not undo it
    finally:
        sandbox.set_faults()


def test_offline_opens_the_stored_copy_and_refreshes_when_back(
    make_ctx: Callable[[], AppContext], tmp_path: Any, qtbot: QtBot
) -> None:
    data = tmp_path / "own-sandbox"
    server = start_sandbox(data)
    port = server.port
    try:
        ctx = make_ctx()
        session = sign_in(ctx, server)
        artist = nova_id(session)
        handle = ctx.workspace.open(ARTIST, artist)
        qtbot.waitUntil(lambda: handle.fresh, timeout=WAIT_MS)
        qtbot.wait(600)
        ctx = make_ctx()
        session = sign_in(ctx, server)
        server.stop()
        ctx.workspace.connectivity._timer.setInterval(200)
        online: list[bool] = []
        ctx.signals.online_changed.connect(online.append)
        handle = ctx.workspace.open(ARTIST, artist)
        doc = ready(qtbot, handle)
        qtbot.waitUntil(lambda: handle.offline, timeout=WAIT_MS)
        assert "offline" in handle.notice.lower() and online == [False]
        assert doc.value("name") == "Nova Beats"
        server = start_sandbox(data, port=port)
        qtbot.waitUntil(lambda: handle.fresh, timeout=WAIT_MS)
        assert online == [False, True] and "offline" not in handle.notice.lower()
    finally:
        server.stop()


def test_offline_with_nothing_stored_says_so(
    make_ctx: Callable[[], AppContext], tmp_path: Any, qtbot: QtBot
) -> None:
    server = start_sandbox(tmp_path / "gone")
    ctx = make_ctx()
    session = sign_in(ctx, server)
    server.stop()
    handle = ctx.workspace.open(ARTIST, nova_id(session))
    with qtbot.waitSignal(handle.failed, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args[0].startswith("Could not open this producer profile.")
    assert "cannot reach" in blocker.args[0] and handle.error == blocker.args[0]
    assert handle.doc is None


@pytest.mark.parametrize("artist_id", [999_999])
def test_unknown_profile_fails_clearly(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot, artist_id: int
) -> None:
    ctx = make_ctx()
    sign_in(ctx, sandbox)
    handle = ctx.workspace.open(ARTIST, artist_id)
    qtbot.waitUntil(lambda: bool(handle.error), timeout=WAIT_MS)
    assert handle.error.startswith("Could not open this producer profile.")
    assert handle.doc is None


def test_signing_out_closes_and_saves_every_document(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot
) -> None:
    ctx = make_ctx()
    session = sign_in(ctx, sandbox)
    artist = nova_id(session)
    doc = ready(qtbot, ctx.workspace.open(ARTIST, artist))
    doc.set_field("city", "Saved on sign-out")
    ctx.set_session(None)
    assert ctx.workspace.documents() == []
    assert ctx.store is not None
    qtbot.waitUntil(
        lambda: (
            (r := ctx.store.load_draft(session.store_account, ARTIST, str(artist))) is not None
            and r.draft["city"] == "Saved on sign-out"
        ),
        timeout=WAIT_MS,
    )
