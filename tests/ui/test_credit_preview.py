"""The preview's "Professional credits" block follows the credits document (the draft, or
the server's state on Live): newest first, role pills, eight rows then "Show more"; the
preview does not fetch the credits itself. The roles of the dialogs are kept on this
computer, so they come up offline."""

from __future__ import annotations

from typing import Any

from credit_helpers import WAIT_MS, open_credits_page, session_for, wait_for
from profile_helpers import open_page
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.core.credit_drafts import FIELD, newest_first, with_roles
from studio.core.limits import CREDITS_SHOWN_BEFORE_MORE
from studio.ui.credits.roles import ROLES_ID, ROLES_KIND
from studio.ui.preview.cards import CreditRow
from studio.ui.preview.credits_block import CreditsBlock
from studio.ui.preview.widgets import PlainLabel


def block_of(page: Any) -> CreditsBlock | None:
    discography = page.preview.artist_page.discography
    if discography is None:
        return None
    found = discography.credits.findChildren(CreditsBlock)
    return found[0] if found else None


def titles(page: Any) -> list[str]:
    block = block_of(page)
    return block.row_titles() if block is not None else []


def test_the_preview_credits_follow_the_draft(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    sandbox.clear_requests()
    page = open_page(qtbot, ctx, session)
    artist = session.artists[0].id
    handle = ctx.workspace.handle("credits", artist)
    assert handle is not None
    wait_for(qtbot, lambda: handle.doc is not None and handle.fresh)
    doc = handle.doc
    assert doc is not None
    items = doc.value(FIELD)
    wanted = [i["title"] for i in newest_first(items)]
    wait_for(qtbot, lambda: titles(page))
    block = block_of(page)
    assert block is not None
    assert block.row_titles() == wanted[:CREDITS_SHOWN_BEFORE_MORE]  # newest first, eight
    assert not block.more.isHidden() and block.more.text() == f"Show more ({len(wanted) - 8})"
    gone = [i["title"] for i in newest_first(items)[:8] if not i["is_available"]]
    rows = [r for r in block.rows.findChildren(CreditRow) if r.title.text() in gone]
    assert gone and rows  # the demo has one among the newest eight
    for row in rows:  # dimmed, and said
        assert row.graphicsEffect() is not None and not row.isEnabled()
        texts = [label.text() for label in row.findChildren(PlainLabel)]
        assert "No longer available on Spotify" in texts
    qtbot.mouseClick(block.more, Qt.MouseButton.LeftButton)
    assert block.row_titles() == wanted[:16]
    composer = next(p for p in block.pills.buttons() if p.text() == "Composer")
    qtbot.mouseClick(composer, Qt.MouseButton.LeftButton)
    with_composer = [i["title"] for i in newest_first(items) if "composer" in i["roles"]]
    assert block.row_titles() == with_composer
    # An edit of the credits draft shows in the preview (after its short debounce).
    newest = newest_first(items)[0]
    index = next(n for n, i in enumerate(items) if i["title"] == newest["title"])
    doc.edit_item(FIELD, index, {"roles": with_roles(newest, [])["roles"]}, merge=False)
    wait_for(qtbot, lambda: titles(page)[:1] == [wanted[1]])  # rebuilt: all roles, newest gone
    # Live shows what BeatPass has (the document's base).
    live = next(b for b in page.preview.switches["source"].buttons() if b.text() == "Live")
    qtbot.mouseClick(live, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: titles(page)[:1] == [newest["title"]])
    # One read of the credits in all (the workspace's): the preview asked for none.
    credits_reads = sandbox.requests("GET", f"/artists/{artist}/credits")
    assert len(credits_reads) == 1
    doc.flush()


def test_roles_are_kept_and_come_up_offline(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_credits_page(qtbot, ctx, session)
    wait_for(qtbot, lambda: page.catalog.source == "server")
    store = ctx.store
    wait_for(
        qtbot,
        lambda: store.load_snapshot(session.store_account, ROLES_KIND, ROLES_ID) is not None,
    )
    kept = store.load_snapshot(session.store_account, ROLES_KIND, ROLES_ID)
    assert [c["key"] for c in kept["categories"]][:2] == ["production", "engineering"]
    assert len(kept["roles"]) == 15
    page.doc.flush()  # type: ignore[union-attr]
    # Next start, BeatPass unreachable: the kept roles and the kept credits are there.
    sandbox.stop()
    again = make_ctx()
    page2 = again_page(qtbot, again, session)
    wait_for(qtbot, lambda: page2.catalog.source == "stored")
    assert page2.model.rowCount() == page.model.rowCount()
    wait_for(qtbot, lambda: "offline" in page2.banner.text().lower())


def again_page(qtbot: QtBot, ctx: Any, session: Any) -> Any:
    from studio.ui.credits.page import CreditsPage

    page = CreditsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.session = session
    page.set_target(session, session.artists[0])
    qtbot.waitUntil(lambda: page.doc is not None, timeout=WAIT_MS)
    return page
