"""The status bar's outbox count is a flat button: disabled until publishing is installed,
then a click opens the outbox view (the app wires it to ``Publisher.show_outbox``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS, sign_in_with_password, wait_signed_in

from studio.ui.outbox_view import OutboxView
from studio.ui.status import OUTBOX_TIP

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", r"This plugin does not support raise\(\)"
)
PRODUCER = ("producer@demo.beatpass.test", "demo-producer")


def test_clicking_the_outbox_count_opens_the_outbox(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    button = studio.window.status.outbox
    assert isinstance(button, QToolButton) and button.autoRaise()  # flat
    assert button.toolTip() == OUTBOX_TIP
    assert button.accessibleName() == "Outbox empty"
    assert OUTBOX_TIP in button.accessibleDescription()
    assert not button.isEnabled()  # nothing to show before publishing is installed
    studio.start()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    qtbot.waitUntil(lambda: studio.publisher is not None, timeout=WAIT_MS)
    assert button.isEnabled()
    publisher = studio.publisher
    assert publisher is not None
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = blocker.args[0]
    assert isinstance(view, OutboxView) and view.isVisible()
    assert publisher.outbox_view is view
    view.close()


def test_outbox_count_texts(make_studio) -> None:
    status = make_studio().window.status
    status.set_outbox(1)
    assert status.outbox.text() == "Outbox: 1 pending"
    assert "1 item is waiting" in status.outbox.accessibleDescription()
    status.set_outbox(3)
    assert "3 items are waiting" in status.outbox.accessibleDescription()
    status.set_outbox(0)
    assert status.outbox.text() == "Outbox empty"
