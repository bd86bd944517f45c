"""The pinned-track section against a real sandbox, used like a user does: the current pin as
BeatPass shows it, the picker filtered by typing, arrows and Enter to pin, ineligible tracks
refused with their reason, "eligible only", sorting, unpinning, undo, and the preview's
pinned card following the draft."""

from __future__ import annotations

import weakref
from typing import Any

from pinned_helpers import WAIT_MS, open_pinned, pin_doc, session_for
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.context import AppContext
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.pin_catalog import REASON_LABELS
from studio.core.pins import PIN, pinned_id, summary_text
from studio.ui.pinned import PinnedPage
from studio.ui.pinned.card import SOURCE_TEXT
from studio.ui.pinned.model import ELIGIBILITY, TITLE, TRACK_ID_ROLE
from studio.ui.preview.cards import PinnedCard


def shown_titles(page: PinnedPage) -> list[str]:
    model = page.model
    return [model.track_at(r).name for r in range(model.rowCount())]  # type: ignore[union-attr]


def click_row(qtbot: QtBot, page: PinnedPage, row: int) -> None:
    table = page.picker.table
    rect = table.visualRect(page.model.index(row, TITLE))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: table.currentIndex().row() == row, timeout=WAIT_MS)


def preview_pin_title(qtbot: QtBot, page: PinnedPage) -> str:
    """The title on the preview's pinned card ("" when the page shows none)."""
    page.preview.render_now()
    qtbot.wait(1)  # a card added to a shown page shows once the event loop runs
    artist_page = page.preview.artist_page
    cards = [c for c in artist_page.findChildren(PinnedCard) if c.isVisibleTo(artist_page)]
    return str(cards[0].title.text()) if cards else ""


def test_the_current_pin_and_every_track_with_its_eligibility(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    session = session_for(sandbox)
    page = open_pinned(qtbot, make_ctx(), session)
    doc = pin_doc(page)
    pinned = session.client.pinned_track(session.artists[0].id).track
    assert pinned is not None and pinned_id(doc.draft) == pinned.id
    assert page.card.title.text() == pinned.name
    assert page.card.source.text() == SOURCE_TEXT["manual"]
    assert "plays" in page.card.meta.text() and page.card.unpin_button.isEnabled()
    assert page.model.total == page.model.rowCount() == 62
    cells = {page.model.index(r, ELIGIBILITY).data() for r in range(62)}
    assert cells == {"✓", *REASON_LABELS.values()}
    assert "62 tracks, all of this profile's." in page.loader.message
    assert not page.picker.progress.isVisible()
    assert preview_pin_title(qtbot, page) == pinned.name


def test_type_to_filter_then_arrows_and_enter_pin(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_pinned(qtbot, make_ctx(), session_for(sandbox))
    doc = pin_doc(page)
    page.find_in_page()
    assert page.picker.filter.hasFocus()
    qtbot.keyClicks(page.picker.filter, "DREAMS")
    titles = shown_titles(page)
    assert titles and all("dreams" in t.lower() for t in titles) and len(titles) < 62
    eligible = [r for r in range(len(titles)) if page.model.index(r, ELIGIBILITY).data() == "✓"]
    target_row = next(r for r in eligible if r > 0)
    for _ in range(target_row + 1):  # the first Down selects the first row
        qtbot.keyClick(page.picker.filter, Qt.Key.Key_Down)
    assert page.picker.table.currentIndex().row() == target_row
    target = page.model.track_at(target_row)
    assert target is not None and target.name in page.picker.status.text()
    qtbot.keyClick(page.picker.filter, Qt.Key.Key_Return)
    assert pinned_id(doc.draft) == target.id and doc.is_dirty
    assert page.card.title.text() == target.name
    assert page.card.source.text() == SOURCE_TEXT["manual"]
    assert "Not published yet" in page.card.draft_note.text()
    said = page.model.index(target_row, TITLE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert said.endswith("pinned in your draft")
    qtbot.waitUntil(lambda: preview_pin_title(qtbot, page) == target.name, timeout=WAIT_MS)
    # Undo gives the published pin back; the preview follows.
    doc.stack.undo()
    assert not doc.is_dirty and page.card.draft_note.text() == ""
    assert page.card.title.text() != target.name
    assert preview_pin_title(qtbot, page) == page.card.title.text()


def test_typing_on_the_table_filters_and_enter_pins_the_current_row(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_pinned(qtbot, make_ctx(), session_for(sandbox))
    doc = pin_doc(page)
    click_row(qtbot, page, 3)
    qtbot.keyClicks(page.picker.table, "orbit")
    assert page.picker.filter.text() == "orbit" and page.picker.filter.hasFocus()
    assert shown_titles(page) and all("orbit" in t.lower() for t in shown_titles(page))
    qtbot.keyClick(page.picker.filter, Qt.Key.Key_Backspace)
    assert page.picker.filter.text() == "orbi"
    row = next(
        r for r in range(page.model.rowCount()) if page.model.index(r, ELIGIBILITY).data() == "✓"
    )
    click_row(qtbot, page, row)
    qtbot.keyClick(page.picker.table, Qt.Key.Key_Return)
    assert pinned_id(doc.draft) == page.model.index(row, TITLE).data(TRACK_ID_ROLE)


def test_an_ineligible_track_cannot_be_pinned_and_says_why(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx: AppContext = make_ctx()
    page = open_pinned(qtbot, ctx, session_for(sandbox))
    doc = pin_doc(page)
    messages: list[str] = []
    ctx.signals.message.connect(messages.append)
    page.find_in_page()
    qtbot.keyClicks(page.picker.filter, "harbor lights")
    assert shown_titles(page) == ["Harbor Lights (feat. Nova Beats)"]
    qtbot.keyClick(page.picker.filter, Qt.Key.Key_Down)
    reason = PIN_INELIGIBLE_REASONS["not_primary_owner"]
    assert reason in page.picker.status.text()
    assert not page.picker.pin_button.isEnabled()
    qtbot.keyClick(page.picker.filter, Qt.Key.Key_Return)
    assert not doc.is_dirty and doc.stack.count() == 0
    assert messages and reason in messages[-1] and "cannot be pinned" in messages[-1]


def test_eligible_only_and_sorting_by_keyboard_and_clicks(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_pinned(qtbot, make_ctx(), session_for(sandbox))
    picker = page.picker
    box = picker.eligible_only
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    cells = {page.model.index(r, ELIGIBILITY).data() for r in range(page.model.rowCount())}
    assert cells == {"✓"} and page.model.rowCount() < 62
    plays = [page.model.track_at(r).plays for r in range(page.model.rowCount())]  # type: ignore[union-attr]
    assert plays == sorted(plays, reverse=True)  # most played first
    picker.sort_box.setFocus()
    qtbot.keyClick(picker.sort_box, Qt.Key.Key_Down)  # "Newest"
    dates = [page.model.track_at(r).created_at for r in range(page.model.rowCount())]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    qtbot.keyClick(picker.sort_box, Qt.Key.Key_Down)  # "Title A–Z"
    titles = shown_titles(page)
    assert titles == sorted(titles, key=str.casefold)
    header = picker.table.horizontalHeader()
    assert header.sortIndicatorSection() == TITLE


def test_unpin_is_a_draft_change_the_card_and_preview_follow(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    page = open_pinned(qtbot, make_ctx(), session_for(sandbox))
    doc = pin_doc(page)
    published = summary_text(doc.base["pinned"])
    qtbot.mouseClick(page.card.unpin_button, Qt.MouseButton.LeftButton)
    assert pinned_id(doc.draft) is None and doc.is_dirty
    assert page.card.title.text() == "No track pinned"
    assert page.card.source.text() == SOURCE_TEXT[None]
    assert published in page.card.draft_note.text()
    assert not page.card.unpin_button.isEnabled()
    assert preview_pin_title(qtbot, page) == ""  # no pinned card on the draft page
    page.preview.set_mode(source="live")
    assert preview_pin_title(qtbot, page) == published.split(" — ")[0]


def test_the_pin_document_is_the_workspace_one(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx: AppContext = make_ctx()
    session = session_for(sandbox)
    page = open_pinned(qtbot, ctx, session)
    assert ctx.workspace.find(PIN, session.artists[0].id) is pin_doc(page)
    # Another profile: its own pin and its own tracks.
    lofi = session.artists[1]
    page.set_target(session, lofi)
    qtbot.waitUntil(lambda: page.doc is not None and page.doc.entity_id == str(lofi.id))
    qtbot.waitUntil(lambda: page.loader.state == "done", timeout=WAIT_MS)
    assert page.model.total == len(
        list(session.client.iter_pages(lambda p: session.client.artist_tracks(lofi.id, p, 50)))
    )


def test_a_closed_page_is_freed_at_once_not_by_the_garbage_collector(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    """Nothing of the page holds the page (no reference cycle): dropped, it goes at once, on
    this thread. A cycle would leave it to Python's garbage collector, which frees it at any
    moment — clearing its widgets' attributes first, while Qt still sends them events, then
    crashing — even on a worker thread."""
    ctx: AppContext = make_ctx()
    page = open_pinned(qtbot, ctx, session_for(sandbox))
    assert page.doc is not None
    page.close()
    gone = weakref.ref(page)
    del page
    assert gone() is None
