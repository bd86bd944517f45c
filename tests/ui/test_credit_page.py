"""The Credits section page as a user works it, against the sandbox: the grouped list,
filters, keyboard and drag reorder, delete with confirmation, add and change roles, open in
Spotify; every change an undoable edit of the credits draft, kept across a restart."""

from __future__ import annotations

from typing import Any

from credit_helpers import (
    WAIT_MS,
    click_row,
    draft_keys,
    open_credits_page,
    session_for,
    shown_keys,
    wait_for,
)
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from studio.core.credit_drafts import FIELD, item_key
from studio.ui.credits.manage import AddRolesDialog, ChangeRoleDialog
from studio.ui.credits.model import ITEM_ROLE, MIME, UNAVAILABLE, describe


def roles_of(page: Any, key: str) -> list[str]:
    return next(i["roles"] for i in page.doc.value(FIELD) if item_key(i) == key)


def test_the_list_groups_entries_by_item_and_marks_unavailable_ones(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_credits_page(qtbot, ctx, session)
    QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(page.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    entries = session.client.artist_credits(session.artists[0].id)
    keys = list(dict.fromkeys(f"{c.type}:{c.spotify_id}" for c in entries))
    assert shown_keys(page) == keys  # one row per song or album, in editor order
    assert page.counts.text() == f"{len(keys)} songs and albums · {len(entries)} roles"
    gone = next(c for c in entries if not c.is_available)
    row = keys.index(f"{gone.type}:{gone.spotify_id}")
    item = page.proxy.index(row, 0).data(ITEM_ROLE)
    assert UNAVAILABLE in describe(item)
    click_row(qtbot, page, row)
    assert not page.buttons["open"].isEnabled()  # its Spotify link is disabled
    assert page.buttons["open"].toolTip() == UNAVAILABLE
    click_row(qtbot, page, 0)
    assert page.buttons["open"].isEnabled()
    opened: list[str] = []
    page.opener = opened.append
    qtbot.mouseClick(page.buttons["open"], Qt.MouseButton.LeftButton)
    assert opened and opened[0].startswith("https://open.spotify.com/")
    # the accessible text of a row names everything the row shows
    text = page.proxy.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "roles:" in text and "popularity" in text


def test_filter_by_text_and_by_role_pills(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    everything = shown_keys(page)
    first = page.proxy.index(0, 0).data(ITEM_ROLE)
    word = first["title"].split()[0]
    page.find_in_page()  # Ctrl+F
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, word.lower())
    shown = shown_keys(page)
    assert 0 < len(shown) < len(everything) or len(everything) == 1
    for key in shown:
        item = page.model.item(page.model.row_of(key))
        assert item is not None
        text = f"{item['title']} {item['artist_names']} {(item['album'] or {}).get('title')}"
        assert word.lower() in text.lower()
    assert "showing" in page.counts.text()
    page.filter.clear()
    assert shown_keys(page) == everything
    composer = page.pills.buttons["composer"]
    qtbot.mouseClick(composer, Qt.MouseButton.LeftButton)
    shown = shown_keys(page)
    assert shown and all("composer" in roles_of(page, k) for k in shown)
    assert not page.pills.all_button.isChecked()
    assert not page.buttons["up"].isEnabled()  # moving needs the whole list
    qtbot.mouseClick(page.pills.all_button, Qt.MouseButton.LeftButton)
    assert shown_keys(page) == everything
    qtbot.keyClicks(page.filter, "zzzz no such credit")
    assert page.stack.currentWidget() is page.empty and "No credit matches" in page.empty.text()


def test_keyboard_reorder_is_undoable_and_kept_after_a_restart(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_credits_page(qtbot, ctx, session)
    before = draft_keys(page)
    click_row(qtbot, page, 0)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    moved = [before[1], before[2], before[0], *before[3:]]
    assert draft_keys(page) == moved
    assert page.view.currentIndex().row() == 2  # the moved credit stays selected
    assert page.doc is not None and page.doc.stack.undoText().startswith("Move the credit")
    page.doc.stack.undo()
    assert draft_keys(page)[:3] == [before[1], before[0], before[2]]
    page.doc.stack.redo()
    assert draft_keys(page) == moved
    ctx.workspace.save_all()
    wait_for(qtbot, lambda: page.doc is not None and page.doc.is_saved)
    # A restart on the same store: the moved order is back before the server answers.
    sandbox.set_faults(latency_ms=1500)
    again = make_ctx()
    page2 = open_credits_page_quick(qtbot, again, session)
    assert draft_keys(page2) == moved
    sandbox.set_faults()


def open_credits_page_quick(qtbot: QtBot, ctx: Any, session: Any) -> Any:
    from studio.ui.credits.page import CreditsPage

    page = CreditsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.session = session
    page.set_target(session, session.artists[0])
    qtbot.waitUntil(lambda: page.doc is not None, timeout=WAIT_MS)
    assert page.handle is not None and not page.handle.fresh  # from this computer, at once
    return page


def drop(page: Any, source_row: int, target_row: int, below: bool) -> None:
    """A drag of ``source_row`` released over ``target_row`` (its lower half if ``below``)."""
    view = page.view
    data: QMimeData = page.proxy.mimeData([page.proxy.index(source_row, 0)])
    assert data.hasFormat(MIME)
    rect = view.visualRect(page.proxy.index(target_row, 0))
    pos = QPoint(rect.center().x(), rect.bottom() - 3 if below else rect.top() + 3)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, move, data, buttons, mods))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, move, data, buttons, mods))
    event = QDropEvent(pos.toPointF(), move, data, buttons, mods)
    event.setDropAction(move)
    QApplication.sendEvent(viewport, event)
    # accepted with no action: Qt removes nothing (the move was the edit)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.IgnoreAction


def test_drag_and_drop_moves_a_credit(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    before = draft_keys(page)
    drop(page, 0, 3, below=True)  # the first row dropped under the fourth
    assert draft_keys(page) == [before[1], before[2], before[3], before[0], *before[4:]]
    drop(page, 3, 0, below=False)  # and back to the top
    assert draft_keys(page) == before
    assert page.doc is not None and page.doc.stack.count() == 2
    move = Qt.DropAction.MoveAction
    assert page.model.dropMimeData(QMimeData(), move, 0, 0, QModelIndex()) is False


def test_delete_asks_then_removes_the_item_with_all_its_roles(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    before = draft_keys(page)
    several = next(r for r in range(len(before)) if len(roles_of(page, before[r])) > 1)
    click_row(qtbot, page, several)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    box = page.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "roles" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Cancel is the default: nothing happens
    wait_for(qtbot, lambda: page.confirm_box is None)
    assert draft_keys(page) == before
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    box = page.confirm_box
    assert box is not None
    [delete] = [b for b in box.buttons() if b.text() == "Delete"]
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: page.confirm_box is None)
    assert before[several] not in draft_keys(page)
    assert page.view.currentIndex().row() == several  # the next credit is current
    assert page.doc is not None
    page.doc.stack.undo()
    assert draft_keys(page) == before


def test_add_roles_and_change_a_role(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    ctx = make_ctx()
    page = open_credits_page(qtbot, ctx, session_for(sandbox))
    key = shown_keys(page)[0]
    held = roles_of(page, key)
    click_row(qtbot, page, 0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter: add roles
    dialog = page.dialog
    assert isinstance(dialog, AddRolesDialog)
    for role in held:  # what it holds is shown, and cannot be ticked again
        box = dialog.picker.boxes[role]
        assert box.isChecked() and not box.isEnabled()
    assert not dialog.ok_button.isEnabled()
    vocalist = dialog.picker.boxes["vocalist"]
    qtbot.mouseClick(vocalist, Qt.MouseButton.LeftButton, pos=QPoint(4, vocalist.height() // 2))
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: page.dialog is None)
    assert roles_of(page, key) == [*held, "vocalist"]
    qtbot.mouseClick(page.buttons["change"], Qt.MouseButton.LeftButton)
    change = page.dialog
    assert isinstance(change, ChangeRoleDialog)
    change.old.setCurrentIndex(change.old.findData("vocalist"))
    change.new.setFocus()
    target = change.new.findData("arranger")
    while change.new.currentIndex() != target:
        down = change.new.currentIndex() < target
        qtbot.keyClick(change.new, Qt.Key.Key_Down if down else Qt.Key.Key_Up)
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: page.dialog is None)
    assert "arranger" in roles_of(page, key) and "vocalist" not in roles_of(page, key)
    assert page.doc is not None and page.doc.stack.undoText() == (
        f"Change Vocalist to Arranger on “{page.model.item(0)['title']}”"
    )


def test_the_section_is_greyed_out_without_a_producer_profile(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    from studio.ui.credits.page import CreditsPage

    ctx = make_ctx()
    page = CreditsPage(ctx)
    qtbot.addWidget(page)
    applicant = session_for(sandbox, "applicant@demo.beatpass.test")
    assert page.unavailable_reason(applicant, None)
    page.set_target(applicant, None)
    assert "no producer profile" in page.status.text()
    assert not page.can_save() and not page.add_button.isEnabled()
    producer = session_for(sandbox)
    assert page.unavailable_reason(producer, producer.artists[0]) == ""
