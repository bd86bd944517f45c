"""A profile tab shows a form that arrives on the next turn, then runs what waited for it
(the page asks for the preview pane then); replaced by a status first, it runs that at once."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studio.core.drafts import ARTIST
from studio.ui.profile.tab_slot import TabSlot


def slot_with_form(qtbot: QtBot) -> TabSlot:
    slot = TabSlot(ARTIST)
    qtbot.addWidget(slot)
    slot.show_status("Loading…")
    slot.form = QWidget()  # type: ignore[assignment]
    slot.scroller.setWidget(slot.form)
    slot.show()
    return slot


def test_the_form_is_shown_on_the_next_turn_then_what_waited_runs(qtbot: QtBot) -> None:
    slot = slot_with_form(qtbot)
    ran: list[bool] = []
    slot.show_form_soon(lambda: ran.append(slot.currentWidget() is slot.scroller))
    assert slot.form_pending and slot.currentWidget() is slot.status and ran == []
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    assert ran == [True] and not slot.form_pending
    qtbot.wait(20)
    assert ran == [True]  # once


def test_a_status_first_runs_what_waited_at_once_and_the_form_stays_hidden(
    qtbot: QtBot,
) -> None:
    slot = slot_with_form(qtbot)
    ran: list[str] = []
    slot.show_form_soon(lambda: ran.append("then"))
    slot.show_status("This account manages no producer profile.")
    assert ran == ["then"] and not slot.form_pending
    qtbot.wait(20)
    assert ran == ["then"] and slot.currentWidget() is slot.status
