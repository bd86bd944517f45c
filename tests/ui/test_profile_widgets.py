"""The profile editors' building blocks: a field's hint and character count never overlap."""

from __future__ import annotations

from typing import Any

import pytest
from profile_helpers import doc, open_page, session_for
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from studio.core import limits
from studio.core.drafts import USER
from studio.ui.profile.forms import BIO_HINT, UserForm
from studio.ui.profile.widgets import FieldBox


@pytest.mark.parametrize("width", [220, 300, 380, 460, 640, 1000])
def test_hint_and_count_do_not_overlap_at_any_width(qtbot: QtBot, width: int) -> None:
    edit = QPlainTextEdit()
    edit.setAccessibleName("Biography")
    box = FieldBox(edit, hint=BIO_HINT, max_len=limits.DESCRIPTION.max_len)
    qtbot.addWidget(box)
    box.update_count(252)
    box.show()
    height = box.heightForWidth(width)
    box.resize(width, height if height > 0 else box.sizeHint().height())
    QApplication.processEvents()
    message, count = box.message.geometry(), box.count.geometry()
    assert count.width() >= box.count.sizeHint().width()  # "252 / 5,000" whole
    assert not message.intersects(count)
    assert box.rect().contains(message) and box.rect().contains(count)
    # the hint gets the height its wrapped lines need: nothing is cut off
    assert message.height() >= box.message.heightForWidth(message.width())


def test_making_a_form_keeps_the_window_active(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    """Forms are made while the window is in use (a tab opened later, another profile): a
    field that hid its hint before it had a parent hid a window, and the active window lost
    its activation (keys went nowhere until it was clicked)."""
    page = open_page(qtbot, make_ctx(), session_for(sandbox))  # shown and active
    lost: list[object] = []
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.focusWindowChanged.connect(lost.append)
    form = UserForm(doc(page, USER))
    qtbot.addWidget(form)
    qtbot.wait(100)  # the window system's answer, if any, arrives meanwhile
    app.focusWindowChanged.disconnect(lost.append)
    assert lost == []
    assert page.isActiveWindow()
