"""``FlowLayout`` wraps its widgets into lines, and keeps its height for a width and its
minimum size until the layout is invalidated: Qt asks them many times per layout pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.flow_layout import HEIGHTS_KEPT, FlowLayout

SPACING = 6


def chips(qtbot: QtBot, texts: list[str]) -> tuple[QWidget, FlowLayout, list[QPushButton]]:
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder, SPACING)
    buttons = []
    for text in texts:
        button = QPushButton(text)
        flow.add(button)
        buttons.append(button)
    holder.show()
    return holder, flow, buttons


def counting(flow: FlowLayout, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the layout works out its arrangement (the widths it was asked for)."""
    asked: list[int] = []
    arrange: Callable[..., int] = flow._arrange

    def spy(rect: QRect, *, apply: bool) -> int:
        if not apply:
            asked.append(rect.width())
        return arrange(rect, apply=apply)

    monkeypatch.setattr(flow, "_arrange", spy)
    return asked


def test_widgets_wrap_to_new_lines_when_narrow(qtbot: QtBot) -> None:
    _holder, flow, buttons = chips(qtbot, ["Trap", "Hip-Hop", "Lo-Fi", "R&B"])
    line = max(b.sizeHint().height() for b in buttons)
    wide = sum(b.sizeHint().width() for b in buttons) + SPACING * len(buttons)
    assert flow.heightForWidth(wide) == line
    narrow = max(b.sizeHint().width() for b in buttons)
    assert flow.heightForWidth(narrow) == len(buttons) * line + (len(buttons) - 1) * SPACING


def test_a_height_asked_again_is_not_worked_out_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _holder, flow, _buttons = chips(qtbot, ["Trap", "Hip-Hop", "Lo-Fi"])
    asked = counting(flow, monkeypatch)
    first = flow.heightForWidth(120)
    assert [flow.heightForWidth(120) for _ in range(5)] == [first] * 5
    flow.heightForWidth(400)
    flow.heightForWidth(400)
    assert asked == [120, 400]


GROW = "A much longer genre name than before"


@pytest.mark.parametrize(
    ("change", "grows"),
    [
        (lambda flow, buttons: buttons[0].setText(GROW), True),
        (lambda flow, buttons: buttons[1].hide(), False),
        (lambda flow, buttons: flow.add(QPushButton("Drill")), True),
        (lambda flow, buttons: flow.takeAt(0), False),
    ],
    ids=["text grows", "widget hidden", "widget added", "item taken"],
)
def test_a_change_of_its_widgets_is_followed(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[FlowLayout, list[QPushButton]], Any],
    grows: bool,
) -> None:
    _holder, flow, buttons = chips(qtbot, ["Trap", "Hip-Hop", "Lo-Fi"])
    width = sum(b.sizeHint().width() for b in buttons) + SPACING * 3  # one line
    before = flow.heightForWidth(width)
    asked = counting(flow, monkeypatch)
    change(flow, buttons)
    qtbot.wait(1)  # an added widget shows on the next turn
    after = flow.heightForWidth(width)
    assert width in asked  # worked out again, not the height kept from before
    assert after == flow._arrange(QRect(0, 0, width, 0), apply=False)
    assert (after > before) is grows  # a longer line wraps; fewer widgets stay on one


def test_its_margins_and_spacing_apply(qtbot: QtBot) -> None:
    holder, flow, buttons = chips(qtbot, ["Trap", "Hip-Hop"])
    one_line = flow.heightForWidth(1000)
    narrow = flow.heightForWidth(10)
    flow.setContentsMargins(8, 6, 10, 4)
    assert flow.heightForWidth(1000) == one_line + 10
    assert flow.minimumSize().width() == max(b.minimumSizeHint().width() for b in buttons) + 18
    flow.setSpacing(20)
    assert flow.heightForWidth(10) == narrow + 10 + (20 - SPACING)
    holder.resize(1000, flow.heightForWidth(1000))
    qtbot.waitUntil(lambda: buttons[0].pos().x() == 8 and buttons[0].pos().y() == 6)
    assert buttons[1].x() == 8 + buttons[0].sizeHint().width() + 20


def test_it_keeps_the_heights_of_a_few_widths_only(qtbot: QtBot) -> None:
    _holder, flow, _buttons = chips(qtbot, ["Trap", "Hip-Hop", "Lo-Fi"])
    for width in range(100, 400):  # a window resized by dragging its edge
        flow.heightForWidth(width)
    assert 0 < len(flow._heights) <= HEIGHTS_KEPT
