"""The status bar: messages (cut visibly, readable whole), menu buttons with room for their
arrow, session notices that go with the session; the outbox count is a flat button: disabled
until publishing is installed, then a click opens the outbox view (the app wires it to
``Publisher.show_outbox``)."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QToolButton
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS, choose_from_menu, sign_in_with_password, wait_signed_in

from studio.ui.outbox_view import OutboxView
from studio.ui.status import OUTBOX_TIP

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
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
    status.set_waiting_signed_out(2)
    assert status.outbox.text() == "Outbox: 2 waiting"
    assert "once you sign in" in status.outbox.accessibleDescription()
    status.set_signed_in(True)
    status.set_outbox(1)
    assert status.outbox.text() == "Outbox: 1 pending"
    assert "1 item is waiting" in status.outbox.accessibleDescription()
    status.set_outbox(3)
    assert "3 items are waiting" in status.outbox.accessibleDescription()
    status.set_outbox(0)
    assert status.outbox.text() == "Outbox empty"


LONG = (
    "Publishing did not start: 1 field needs fixing first. “Atlantis” is not in the country "
    "list; pick one from the list. Nothing was sent; your edits are kept."
)


def active_window(qtbot: QtBot, studio) -> None:
    window = studio.window
    window.show()

    def active() -> bool:
        window.activateWindow()
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=WAIT_MS)


def test_a_long_message_can_be_read_whole(qtbot: QtBot, make_studio) -> None:
    studio = make_studio()
    window = studio.window
    window.resize(760, 500)
    active_window(qtbot, studio)
    studio.ctx.signals.message.emit(LONG)
    line = window.message_line
    qtbot.waitUntil(line.isVisible, timeout=WAIT_MS)
    shown = line.shown_text()
    assert shown.endswith("…") and LONG.startswith(shown[:-1])  # cut visibly, not silently
    assert LONG in line.toolTip() and LONG in line.accessibleName()
    # A click on the message lists the recent messages in full …
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.message_log is not None, timeout=WAIT_MS)
    log_view = window.message_log
    assert log_view.isVisible() and LONG in log_view.text.toPlainText()
    log_view.close()
    qtbot.waitUntil(lambda: window.message_log is None, timeout=WAIT_MS)
    # … and so does Help → Recent messages, by keyboard; newer messages come first.
    studio.ctx.signals.message.emit("Published: Biography.")
    active_window(qtbot, studio)
    choose_from_menu(qtbot, window, "Help", "Recent messages…")
    qtbot.waitUntil(lambda: window.message_log is not None, timeout=WAIT_MS)
    text = window.message_log.text.toPlainText()
    assert text.index("Published: Biography.") < text.index(LONG)
    window.message_log.close()


def test_menu_buttons_leave_room_for_their_arrow(make_studio) -> None:
    """The account button and the publish status open a menu; their arrow must not cover the
    end of their text ("Publishing 1 of 1…")."""
    studio = make_studio()
    button = studio.window.account_button
    button.setText("Publishing 1 of 1…")
    plain = QToolButton()  # the same button without a menu: what its text and icon need
    plain.setText(button.text())
    plain.setIcon(button.icon())
    plain.setToolButtonStyle(button.toolButtonStyle())
    plain.setIconSize(button.iconSize())
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    assert button.sizeHint().width() >= plain.sizeHint().width() + arrow


def test_signing_in_as_someone_else_clears_what_the_last_session_said(
    qtbot: QtBot, make_studio, sandbox
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # "no keychain": a session notice
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    window = studio.window
    window.show_notice("Drafts cannot be kept on this computer: the disk is full.")  # the app's
    assert "keychain" in window.notice_bar.text.text().lower()
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)
    active_window(qtbot, studio)
    choose_from_menu(qtbot, window, "Account", "Sign out")
    qtbot.waitUntil(lambda: studio.ctx.session is None, timeout=WAIT_MS)
    assert window.message_line.text().startswith("Signed out")
    assert "keychain" not in window.notice_bar.text.text().lower()  # it was the session's
    assert window.notice_bar.isVisibleTo(window)  # the app's notice still applies
    assert "disk is full" in window.notice_bar.text.text()
    studio.open_sign_in()
    sign_in_with_password(qtbot, studio, "applicant@demo.beatpass.test", "demo-applicant")
    wait_signed_in(qtbot, studio)
    assert window.message_line.text() == ""  # "the token was revoked" was about the other one
    assert window.statusBar().currentMessage() == ""
    assert window.message_line.history[-1].text.startswith("Signed out")  # still readable


def test_signed_out_the_outbox_still_says_what_waits(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    qtbot.waitUntil(lambda: studio.publisher is not None, timeout=WAIT_MS)
    session, window = studio.ctx.session, studio.window
    studio.ctx.store.enqueue(session.store_account, "artist", "1", {"op": "update"})
    window.refresh_outbox()
    status = window.status
    qtbot.waitUntil(lambda: status.outbox.text() == "Outbox: 1 pending", timeout=WAIT_MS)
    active_window(qtbot, studio)
    choose_from_menu(qtbot, window, "Account", "Sign out")
    qtbot.waitUntil(lambda: studio.ctx.session is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: status.outbox.text() == "Outbox: 1 waiting", timeout=WAIT_MS)
    qtbot.wait(200)  # the outbox loops settle: nothing may turn it into "Outbox empty"
    assert status.outbox.text() == "Outbox: 1 waiting"
    assert "sign in" in status.outbox.accessibleDescription().lower()
    # A click offers to sign in (there is no account whose outbox could be shown).
    qtbot.mouseClick(status.outbox, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.dialog is not None, timeout=WAIT_MS)
    assert "waiting in the outbox" in studio.dialog.message.text()
    sign_in_with_password(qtbot, studio, *PRODUCER)
    wait_signed_in(qtbot, studio)
    # Signed in again: the item is this account's again (it cannot be read as a publish, so
    # it waits for the user rather than being sent).
    qtbot.waitUntil(lambda: status.outbox.text().startswith("Outbox: 1 "), timeout=WAIT_MS)
    studio.shutdown()


def test_starting_signed_out_shows_what_waits(qtbot: QtBot, make_studio, sandbox) -> None:
    first = make_studio("--api-url", sandbox.base_url)
    first.ctx.open_store_now()
    first.ctx.store.enqueue(f"{sandbox.base_url}#1", "artist", "1", {"op": "update"})
    first.shutdown()
    studio = make_studio()  # no saved account: the app starts signed out
    studio.start()
    status = studio.window.status
    qtbot.waitUntil(lambda: status.outbox.text() == "Outbox: 1 waiting", timeout=WAIT_MS)
    assert status.outbox.isEnabled()
