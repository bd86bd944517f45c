"""The credits of a producer profile as a workspace document: opened from the server (C4,
entries grouped by item), edits kept across a restart, changes made on BeatPass meanwhile
merged in (theirs kept, mine applied), a true clash left for publishing to ask about."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.context import AppContext
from studio.core.credit_drafts import CREDITS, FIELD, item_key, with_roles
from studio.sandbox.server import SandboxHandle
from studio.workspace.reconcile import MERGED, RESTORED

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 15_000


def sign_in(ctx: AppContext, sandbox: SandboxHandle) -> tuple[BeatPassClient, int]:
    from studio.context import Session

    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    session = Session(sandbox.base_url, client, client.me(), PRODUCER, persistent=False)
    ctx.set_session(session)
    return client, next(a.id for a in session.artists if a.name == "Nova Beats")


def test_credits_open_grouped_and_merge_changes_made_on_beatpass(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot
) -> None:
    ctx = make_ctx()
    client, artist = sign_in(ctx, sandbox)
    handle = ctx.workspace.open(CREDITS, artist)
    assert handle.what == "the credits of this producer profile"
    qtbot.waitUntil(lambda: handle.is_ready and handle.fresh, timeout=WAIT_MS)
    doc = handle.doc
    assert doc is not None
    entries = client.artist_credits(artist)
    items = doc.value(FIELD)
    assert len(items) == len({(c.type, c.spotify_id) for c in entries})
    assert sum(len(i["roles"]) for i in items) == len(entries)
    # Mine: the first item gains a role; the last moves to the top.
    first = items[0]
    doc.edit_item(FIELD, 0, {"roles": with_roles(first, [*first["roles"], "a_and_r"])["roles"]})
    doc.move_item(FIELD, len(items) - 1, 0)
    doc.flush()
    qtbot.waitUntil(lambda: doc.is_saved, timeout=WAIT_MS)
    # Theirs: another role on the second item.
    second = items[1]
    kind, sid = second["type"], second["spotify_id"]
    client.add_credit(artist, sid, kind, ["creative_director"])
    # A restart: the edits come back, then the fetch merges the server's change in.
    again = make_ctx()
    sign_in(again, sandbox)
    handle2 = again.workspace.open(CREDITS, artist)
    qtbot.waitUntil(lambda: handle2.is_ready and handle2.fresh, timeout=WAIT_MS)
    doc2 = handle2.doc
    assert doc2 is not None
    assert RESTORED in handle2.notice and MERGED in handle2.notice
    merged = {item_key(i): i for i in doc2.value(FIELD)}
    assert "a_and_r" in merged[item_key(first)]["roles"]  # mine applied
    assert "creative_director" in merged[item_key(second)]["roles"]  # theirs kept
    assert item_key(doc2.value(FIELD)[0]) == item_key(items[-1])  # my order
    assert doc2.base["credits"] != doc2.draft["credits"]


def test_a_clash_is_noted_for_publishing(
    make_ctx: Callable[[], AppContext], sandbox: SandboxHandle, qtbot: QtBot
) -> None:
    ctx = make_ctx()
    client, artist = sign_in(ctx, sandbox)
    handle = ctx.workspace.open(CREDITS, artist)
    qtbot.waitUntil(lambda: handle.is_ready and handle.fresh, timeout=WAIT_MS)
    doc = handle.doc
    assert doc is not None
    first = doc.value(FIELD)[0]
    [role] = first["roles"]
    doc.edit_item(FIELD, 0, {"roles": ["composer"], "entry_ids": {}}, merge=False)
    entry = first["entry_ids"][role]
    client.update_credit(artist, entry, "vocalist")  # theirs: another role, differently
    handle.refresh()
    qtbot.waitUntil(lambda: "publishing will ask" in handle.notice, timeout=WAIT_MS)
    assert handle.notice.startswith("Credits also changed on BeatPass")
    assert doc.value(FIELD)[0]["roles"] == ["composer"]  # nothing of mine dropped
