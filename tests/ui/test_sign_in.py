"""The sign-in dialog against the real sandbox: every way in and the messages for each way
it can fail."""

from __future__ import annotations

import socket

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_helpers import (
    WAIT_MS,
    choose_from_menu,
    dialog_of,
    sign_in_with_password,
    wait_message,
    wait_signed_in,
)

from studio.api import BeatPassClient
from studio.core.limits import SUPPORT_EMAIL

# The offscreen platform warns about size hints it cannot pass on; harmless there.
# Menus ask it to raise windows and grab the keyboard; harmless there too.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)


def test_password_sign_in_opens_the_workspace(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    assert studio.window.isVisible()
    sign_in_with_password(qtbot, studio, "producer@demo.beatpass.test", "demo-producer")
    wait_signed_in(qtbot, studio)
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)
    session = studio.ctx.session
    assert session is not None
    assert session.user.email == "producer@demo.beatpass.test"
    assert session.persistent
    # The token is in the (test) keychain, and it works.
    token = studio.ctx.vault.load(sandbox.base_url, session.account)
    assert token
    assert BeatPassClient(sandbox.base_url, token).me().id == session.user.id
    # Settings keep the account but never the token.
    studio.ctx.settings.sync()
    settings_text = (studio.ctx.paths.config / "settings.ini").read_text(encoding="utf-8")
    assert session.account in settings_text
    assert token.split("|", 1)[1] not in settings_text


def test_wrong_password_says_so_and_keeps_the_typing(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, "producer@demo.beatpass.test", "not-the-password")
    text = wait_message(qtbot, studio)
    assert "password" in text.lower()
    assert studio.ctx.session is None
    dialog = dialog_of(studio)
    assert dialog.email.text() == "producer@demo.beatpass.test"
    assert dialog.password.text() == "not-the-password"
    assert dialog.sign_in_button.isEnabled()


def test_account_without_api_access_points_to_support(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, "noapi@demo.beatpass.test", "demo-noapi")
    text = wait_message(qtbot, studio)
    assert SUPPORT_EMAIL in text
    assert "invite" in text.lower()
    assert studio.ctx.session is None


def test_pasted_token_signs_in(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    dialog = dialog_of(studio)
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.token, sandbox.token_for("producer@demo.beatpass.test"))
    dialog.sign_in_button.click()
    wait_signed_in(qtbot, studio)
    assert studio.ctx.session.user.email == "producer@demo.beatpass.test"


def test_bad_token_is_refused_with_a_message(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    dialog = dialog_of(studio)
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.token, "99|" + "x" * 40)
    dialog.sign_in_button.click()
    text = wait_message(qtbot, studio)
    assert "token" in text.lower()
    assert studio.ctx.session is None


def test_empty_fields_are_caught_before_any_request(qtbot: QtBot, make_studio, sandbox) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    # Start-up work (opening the store, finding the keychain) runs in the background first.
    qtbot.waitUntil(lambda: studio.ctx.tasks.pending == 0, timeout=WAIT_MS)
    dialog = dialog_of(studio)
    dialog.sign_in_button.click()
    assert dialog.message.isVisible()
    assert "e-mail" in dialog.message.text().lower()
    assert studio.ctx.tasks.pending == 0


def test_without_a_keychain_the_token_lives_in_memory_and_the_user_is_told(
    qtbot: QtBot, make_studio, sandbox
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, "producer@demo.beatpass.test", "demo-producer")
    wait_signed_in(qtbot, studio)
    assert not studio.ctx.session.persistent
    bar = studio.window.notice_bar
    assert bar.isVisible()
    assert "keychain" in bar.text.text().lower()
    assert "again next time" in bar.text.text()


def test_unreachable_server_says_offline(qtbot: QtBot, make_studio) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    studio = make_studio("--api-url", f"http://127.0.0.1:{port}/api/v1")
    studio.start()
    sign_in_with_password(qtbot, studio, "producer@demo.beatpass.test", "demo-producer")
    text = wait_message(qtbot, studio)
    assert any(word in text.lower() for word in ("offline", "reach", "connect"))
    assert studio.ctx.session is None


@pytest.mark.slow
def test_try_the_sandbox_button_starts_the_embedded_sandbox(qtbot: QtBot, make_studio) -> None:
    studio = make_studio()
    studio.start()
    dialog = dialog_of(studio)
    assert dialog.sandbox_button.accessibleName() == "Try the sandbox"
    dialog.sandbox_button.click()
    wait_signed_in(qtbot, studio)
    session = studio.ctx.session
    assert session.sandbox
    assert session.user.email == "producer@demo.beatpass.test"
    assert studio.ctx.sandbox is not None
    assert studio.ctx.sandbox.data_dir == studio.ctx.paths.sandbox_dir
    assert "Sandbox" in studio.window.windowTitle()


def readme_accounts() -> tuple[str, ...]:
    """The demo accounts of the README's table, in its order."""
    import re
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2] / "README.md"
    rows = re.findall(r"^\| `([^`]+@demo\.beatpass\.test)` \|", readme.read_text(), re.M)
    assert len(rows) >= 6
    return tuple(rows)


README_ACCOUNTS = readme_accounts()


def sign_out_by_keyboard(qtbot: QtBot, studio) -> None:
    window = studio.window
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)

    def active() -> bool:
        window.activateWindow()  # again until it holds: the closing dialog hands it back late
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=WAIT_MS)
    choose_from_menu(qtbot, window, "Account", "Sign out")
    qtbot.waitUntil(lambda: studio.ctx.session is None, timeout=WAIT_MS)


@pytest.mark.slow
def test_signing_out_of_the_sandbox_stays_in_the_sandbox(qtbot: QtBot, make_studio) -> None:
    studio = make_studio("--sandbox")
    studio.start()
    wait_signed_in(qtbot, studio)
    sandbox_url = studio.ctx.sandbox.base_url
    sign_out_by_keyboard(qtbot, studio)
    page = studio.window.state_page
    assert page.text.text() == "Signed out of the sandbox."  # not "revoked on BeatPass"
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)  # "Sign in…"
    dialog = dialog_of(studio)
    assert dialog.sandbox and "sandbox" in dialog.windowTitle().lower()
    assert "open.beatpass.ca" not in dialog.server.text()
    # Every demo account of the README, one click each.
    assert tuple(dialog.demo_buttons) == README_ACCOUNTS
    assert all(b.isVisibleTo(dialog) for b in dialog.demo_buttons.values())
    # Each one-click account signs in and closes the dialog (not left "Signing in…").
    for email in ("pending", "revoked", "producer", "admin", "applicant"):
        if studio.ctx.session is not None:
            sign_out_by_keyboard(qtbot, studio)
            studio.open_sign_in()
        button = dialog_of(studio).demo_buttons[f"{email}@demo.beatpass.test"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_signed_in(qtbot, studio)
        qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)
    session = studio.ctx.session
    assert session.sandbox and session.base_url == sandbox_url
    assert session.user.email == "applicant@demo.beatpass.test"
    # Typed credentials go to the sandbox too, and its tokens never reach the keychain.
    sign_out_by_keyboard(qtbot, studio)
    studio.open_sign_in()
    sign_in_with_password(qtbot, studio, "coldharbor@demo.beatpass.test", "demo-coldharbor")
    wait_signed_in(qtbot, studio)
    assert studio.ctx.session.base_url == sandbox_url and studio.ctx.session.sandbox
    assert studio.ctx.vault.load(sandbox_url, studio.ctx.session.account) is None


def test_leaving_the_sandbox_is_the_users_choice(qtbot: QtBot, make_studio) -> None:
    studio = make_studio("--sandbox")
    studio.open_sign_in()
    dialog = dialog_of(studio)
    assert dialog.sandbox and dialog.leave_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.leave_button, Qt.MouseButton.LeftButton)
    assert not dialog.sandbox and not dialog.demo_box.isVisibleTo(dialog)
    assert "open.beatpass.ca" in dialog.server.text()
    dialog.reject()
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)
    studio.open_sign_in()
    assert not dialog_of(studio).sandbox  # the choice holds
    dialog_of(studio).reject()


@pytest.mark.parametrize("email", ["producer@demo.beatpass.test", " Admin@Demo.BeatPass.test"])
def test_demo_credentials_are_never_sent_to_a_real_server(
    qtbot: QtBot, make_studio, email: str
) -> None:
    # A name that cannot resolve stands in for BeatPass: no test reaches the real one.
    studio = make_studio("--api-url", "https://beatpass.invalid/api/v1")
    studio.start()
    qtbot.waitUntil(lambda: studio.ctx.tasks.pending == 0, timeout=WAIT_MS)
    dialog = dialog_of(studio)
    sign_in_with_password(qtbot, studio, email, "demo-producer")
    text = wait_message(qtbot, studio)
    assert "demo account of the sandbox" in text and "not sent to BeatPass" in text
    assert studio.ctx.session is None
    assert dialog.password.text() == "demo-producer"  # nothing typed is lost
    assert not dialog.sandbox and not dialog.demo_box.isVisibleTo(dialog)
