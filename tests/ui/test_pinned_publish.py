"""Publishing a pin from the pinned-track section, through the review and the runner, against
the real sandbox: the review reads "Pinned: A → B"; a pin BeatPass refuses (its eligibility
was unknown) gets the reason on its row and on the card, and stays in the draft; a pin
changed on BeatPass meanwhile is a clash resolved in the conflict dialog."""

from __future__ import annotations

from typing import Any

from pinned_helpers import WAIT_MS, open_pinned, pin_doc, session_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QPlainTextEdit
from pytestqt.qtbot import QtBot

from studio.context import AppContext
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.pins import fetch_pin, pinned_id, summary_text
from studio.ui.pinned import PinnedPage
from studio.ui.pinned.model import ELIGIBILITY, TITLE
from studio.ui.publish import ConflictDialog, Publisher, ReviewDialog
from studio.ui.publish.install import install_publishing


def publisher_for(qtbot: QtBot, ctx: AppContext, page: PinnedPage) -> Publisher:
    window = QMainWindow()
    qtbot.addWidget(window)
    publisher = install_publishing(ctx, window, page)
    assert isinstance(publisher, Publisher)
    return publisher


def publish(qtbot: QtBot, publisher: Publisher, page: PinnedPage) -> ReviewDialog:
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        page.publish()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog)
    return dialog


def pin_by_keyboard(qtbot: QtBot, page: PinnedPage, name: str) -> None:
    page.find_in_page()
    qtbot.keyClicks(page.picker.filter, name)
    qtbot.keyClick(page.picker.filter, Qt.Key.Key_Down)
    track = page.picker.current_track()
    assert track is not None and track.name == name
    qtbot.keyClick(page.picker.filter, Qt.Key.Key_Return)


def track_name(sandbox: Any, where: str) -> str:
    db = sandbox._state.db
    with db.lock:
        row = db.conn.execute(
            f"SELECT name FROM tracks WHERE artist_id = 1 AND {where} ORDER BY id"
        ).fetchone()
    return str(row["name"])


def test_the_review_says_pinned_a_then_b_and_publishing_pins_it(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    page = open_pinned(qtbot, ctx, session)
    doc = pin_doc(page)
    publisher = publisher_for(qtbot, ctx, page)
    before = summary_text(doc.base["pinned"])
    name = track_name(sandbox, "playable = 1 AND has_offer = 1 AND ai_assisted = 0 AND id > 5")
    pin_by_keyboard(qtbot, page, name)
    review = publish(qtbot, publisher, page)
    assert review.fields() == [("Pinned track: Nova Beats", "pinned")]
    row = review.tree.topLevelItem(0).child(0)
    assert row.text(0) == "Pinned"
    assert row.toolTip(1) == before and row.toolTip(2).startswith(f"{name} — Nova Beats")
    review.publish_button.click()
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    server = fetch_pin(session.client, str(session.artists[0].id))
    assert summary_text(server["pinned"]).startswith(name)
    assert page.card.title.text() == name and page.card.draft_note.text() == ""


def test_a_refused_pin_shows_its_reason_on_the_row_and_keeps_the_draft(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    sandbox.set_faults(tracks_without_eligibility=True)  # as BeatPass itself may answer
    ctx: AppContext = make_ctx()
    page = open_pinned(qtbot, ctx, session_for(sandbox))
    doc = pin_doc(page)
    cells = {page.model.index(r, ELIGIBILITY).data() for r in range(page.model.rowCount())}
    assert cells == {"Unknown"}
    publisher = publisher_for(qtbot, ctx, page)
    messages: list[str] = []
    ctx.signals.message.connect(messages.append)
    name = track_name(sandbox, "ai_assisted = 1 AND ai_rights_confirmed = 0")
    pin_by_keyboard(qtbot, page, name)
    target = pinned_id(doc.draft)
    publish(qtbot, publisher, page).publish_button.click()
    reason = PIN_INELIGIBLE_REASONS["ai_rights_unconfirmed"]
    qtbot.waitUntil(lambda: page.model.refusal(target or 0) == reason, timeout=WAIT_MS)
    row = page.model.row_of(target)
    assert row is not None and page.model.index(row, ELIGIBILITY).data() == reason
    assert reason in page.card.refused.text() and page.card.refused.isVisible()
    assert any(m.startswith("The pinned track was not changed") and reason in m for m in messages)
    assert doc.is_dirty and pinned_id(doc.draft) == target  # nothing in the draft is lost
    assert not page.model.pinnable(page.model.track(target or 0))  # type: ignore[arg-type]
    # Now it cannot be pinned again from the picker, and says why.
    doc.stack.undo()
    page.picker.select_track(target)
    qtbot.keyClick(page.picker.table, Qt.Key.Key_Return)
    assert pinned_id(doc.draft) != target
    assert reason in page.picker.status.text()


def test_a_pin_changed_on_beatpass_meanwhile_is_resolved_in_the_conflict_dialog(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    page = open_pinned(qtbot, ctx, session)
    doc = pin_doc(page)
    publisher = publisher_for(qtbot, ctx, page)
    eligible = [
        page.model.track_at(r)
        for r in range(page.model.rowCount())
        if page.model.index(r, ELIGIBILITY).data() == "✓"
        and page.model.index(r, TITLE).data(Qt.ItemDataRole.UserRole + 1) != pinned_id(doc.base)
    ]
    mine, theirs = eligible[0], eligible[1]
    assert mine is not None and theirs is not None
    assert page.pin(mine)
    other = session_for(sandbox).client  # the web site, meanwhile
    other.pin_track(session.artists[0].id, theirs.id)
    review = publish(qtbot, publisher, page)
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        review.publish_button.click()
    dialog = blocker.args[0]
    assert isinstance(dialog, ConflictDialog)
    intro = dialog.findChild(QLabel)
    assert intro is not None and "Pinned track: Nova Beats" in intro.text()
    shown = [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)]
    assert shown == [f"{mine.name} — {mine.artists_text}", f"{theirs.name} — {theirs.artists_text}"]
    dialog.choose(0, "theirs")
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: not doc.is_dirty and pinned_id(doc.base) == theirs.id, timeout=WAIT_MS)
    assert page.card.title.text() == theirs.name
