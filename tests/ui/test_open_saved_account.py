"""Opening the app on a saved account (issue 12): the stored producer profile is editable
before the server answers (and while it cannot be reached), users/me is asked once, and the
preview's Live side is loaded once — counted in the sandbox's request log."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from studio.app import Studio
from studio.sandbox.server import SandboxHandle, start_sandbox
from studio.switch_interval import START_UP_INTERVAL_S
from studio.ui.profile import ProfilePage
from studio.ui.session import KEY_ACCOUNT, KEY_BASE_URL, KEY_LAST_USER

EMAIL = "producer@demo.beatpass.test"
WAIT_MS = 30_000


def save_account(studio: Studio, sandbox: Any) -> None:
    """What an earlier sign-in leaves: the account in the settings, its token in the keychain."""
    studio.ctx.settings.setValue(KEY_BASE_URL, sandbox.base_url)
    studio.ctx.settings.setValue(KEY_ACCOUNT, EMAIL)
    studio.ctx.vault.save(sandbox.base_url, EMAIL, sandbox.token_for(EMAIL))


def profile_page(studio: Studio) -> ProfilePage:
    page = studio.window.pages["profile"]
    assert isinstance(page, ProfilePage)
    return page


def has_page(studio: Studio) -> bool:
    return isinstance(studio.window.pages["profile"], ProfilePage)


def editable(studio: Studio) -> bool:
    if not has_page(studio):
        return False
    slot = profile_page(studio).slots["artist"]
    if slot.form is None or slot.doc is None:
        return False
    city = slot.form.boxes["profile.city"].editor
    return city.isVisible() and city.isEnabled() and city.text() == slot.doc.value("city")


def fresh(studio: Studio) -> bool:
    if not has_page(studio):
        return False
    slot = profile_page(studio).slots["artist"]
    return slot.handle is not None and slot.handle.fresh


def live_loads(sandbox: Any) -> int:
    """The preview's Live side asked so far (R1 with the public page's loader)."""
    return sum("artistPage" in r.query for r in sandbox.requests("GET", "/artists/"))


def settle(qtbot: QtBot, studio: Studio, sandbox: Any) -> None:
    """Wait until the preview asked for its Live side and has it, and a little more (anything
    asked twice would be under way by then)."""
    page = profile_page(studio)
    qtbot.waitUntil(lambda: live_loads(sandbox) >= 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.preview.status.text().startswith("Loading"), timeout=WAIT_MS)
    qtbot.wait(300)


def first_run(qtbot: QtBot, make_studio: Any, sandbox: Any) -> None:
    """A run that signs in with the saved token and keeps the profile on this computer."""
    studio = make_studio("--api-url", sandbox.base_url)
    save_account(studio, sandbox)
    studio.start()
    qtbot.waitUntil(lambda: bool(editable(studio) and fresh(studio)), timeout=WAIT_MS)
    assert studio.ctx.settings.value(KEY_LAST_USER, "")  # the user is remembered
    studio.shutdown()


def test_a_restart_edits_the_stored_profile_before_the_server_answers(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    first_run(qtbot, make_studio, sandbox)
    sandbox.clear_requests()
    sandbox.set_faults(latency_ms=1500)
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    qtbot.waitUntil(lambda: bool(editable(studio)), timeout=WAIT_MS)
    session = studio.ctx.session
    assert session is not None and not session.verified  # the server has not answered yet
    assert not fresh(studio)
    slot = profile_page(studio).slots["artist"]
    assert slot.form is not None and slot.doc is not None
    city = slot.form.boxes["profile.city"].editor
    city.setFocus()
    city.end(False)
    qtbot.keyClick(city, Qt.Key.Key_X)
    assert slot.doc.value("city").endswith("x")  # keys reach the document at once

    sandbox.set_faults()
    qtbot.waitUntil(lambda: fresh(studio), timeout=WAIT_MS)
    verified = studio.ctx.session
    assert verified is not None and verified.verified
    assert slot.doc.value("city").endswith("x")  # the edit survives the server state
    settle(qtbot, studio, sandbox)
    assert len(sandbox.requests("GET", "/users/me")) == 1  # the sign-in's answer serves both
    assert live_loads(sandbox) == 1  # the preview's Live side, once
    assert sandbox.requests("GET", "/user-profile") == []  # the user page is not shown
    # Your own profile is not asked whether it is unclaimed, nor is a hidden section read.
    assert [r for r in sandbox.requests("GET", "/artists/") if "check-ownership" in r.path] == []
    assert sandbox.requests("GET", "/backstage-request") == []


def test_a_first_open_asks_users_me_and_the_live_page_once(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = make_studio("--api-url", sandbox.base_url)
    save_account(studio, sandbox)
    studio.start()
    qtbot.waitUntil(lambda: bool(editable(studio) and fresh(studio)), timeout=WAIT_MS)
    page = profile_page(studio)
    qtbot.waitUntil(lambda: page.slots["user"].doc is not None, timeout=WAIT_MS)
    settle(qtbot, studio, sandbox)
    assert len(sandbox.requests("GET", "/users/me")) == 1
    assert live_loads(sandbox) == 1
    pins = [r for r in sandbox.requests("GET", "/artists/") if r.path.endswith("/pinned-track")]
    assert len(pins) == 1  # the pin document's, not the Live page's too (nothing stored yet)
    assert sandbox.requests("GET", "/credits/roles") == []  # the Credits section is not shown


def test_with_the_server_down_the_stored_profile_is_editable_and_offline_shown(
    qtbot: QtBot, make_studio: Any, tmp_path: Path
) -> None:
    server: SandboxHandle = start_sandbox(tmp_path / "down-sandbox", seed="demo")
    try:
        first_run(qtbot, make_studio, server)
    finally:
        server.stop()  # the server is gone: its port refuses connections
    studio = make_studio("--api-url", server.base_url)
    studio.start()
    qtbot.waitUntil(lambda: bool(editable(studio)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: studio.window.status.online is False, timeout=WAIT_MS)
    page = profile_page(studio)
    slot = page.slots["artist"]
    assert slot.handle is not None and slot.handle.offline
    qtbot.waitUntil(lambda: "offline" in page.banner.text().lower(), timeout=WAIT_MS)
    assert studio.window.centre.currentWidget() is studio.window.splitter  # not an error page
    assert slot.form is not None and slot.doc is not None
    city = slot.form.boxes["profile.city"].editor
    city.setFocus()
    city.end(False)
    qtbot.keyClick(city, Qt.Key.Key_Y)
    assert slot.doc.value("city").endswith("y")


def test_a_refused_saved_token_ends_the_remembered_session(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    first_run(qtbot, make_studio, sandbox)
    studio = make_studio("--api-url", sandbox.base_url)
    token = studio.ctx.vault.load(sandbox.base_url, EMAIL)
    assert token
    sandbox.expire_token(token)
    studio.start()
    qtbot.waitUntil(lambda: studio.dialog is not None, timeout=WAIT_MS)  # sign in again
    assert studio.ctx.session is None


def test_a_restart_edits_the_stored_profile_while_the_keychain_is_slow(
    qtbot: QtBot, make_studio: Any, sandbox: Any, memory_keyring: Any
) -> None:
    """The keychain may be slow or ask to be unlocked: the stored drafts do not wait for it,
    and nothing is sent to BeatPass until it has given the token."""
    first_run(qtbot, make_studio, sandbox)
    sandbox.clear_requests()
    gate = threading.Event()
    asked: list[bool] = []  # whether the shown page was settled when the keychain was asked
    read = memory_keyring.get_password
    studio = make_studio("--api-url", sandbox.base_url)

    def slow_get_password(service: str, username: str) -> str | None:
        loader = studio.section_loader
        asked.append(loader is not None and loader.first_settled)
        gate.wait(WAIT_MS / 1000)
        return read(service, username)

    memory_keyring.get_password = slow_get_password
    studio.start()
    try:
        qtbot.waitUntil(lambda: bool(editable(studio)), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
        assert asked == [True]  # asked once, after the page on screen showed its drafts
        session = studio.ctx.session
        assert session is not None and not session.verified
        assert session.client.token_pending
        qtbot.wait(200)
        assert sandbox.requests("GET", "/") == []  # nothing goes out without the token
    finally:
        gate.set()
    qtbot.waitUntil(lambda: fresh(studio), timeout=WAIT_MS)
    verified = studio.ctx.session
    assert verified is not None and verified.verified
    assert len(sandbox.requests("GET", "/users/me")) == 1


def test_a_remembered_account_without_a_saved_token_asks_to_sign_in(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    first_run(qtbot, make_studio, sandbox)
    sandbox.clear_requests()
    studio = make_studio("--api-url", sandbox.base_url)
    studio.ctx.vault.delete(sandbox.base_url, EMAIL)  # e.g. removed in the keychain's app
    studio.start()
    qtbot.waitUntil(lambda: studio.dialog is not None, timeout=WAIT_MS)  # sign in again
    qtbot.waitUntil(lambda: studio.ctx.session is None, timeout=WAIT_MS)
    qtbot.wait(200)
    assert sandbox.requests("GET", "/") == []  # nothing was sent without a token


def test_a_restart_makes_the_profile_page_for_the_remembered_account(
    qtbot: QtBot, make_studio: Any, sandbox: Any, monkeypatch: Any
) -> None:
    """The page on screen is made once the remembered account is opened: made a moment
    before, it was first made for no one, asked for its preview pane at once, and the pane's
    modules loaded while the producer form was being built. The pane comes after the form."""
    from studio.ui.profile.late_preview import LatePreview

    first_run(qtbot, make_studio, sandbox)
    targets: list[bool] = []  # each target the page was given: signed in or not
    form_first: list[bool] = []  # at each ask for the pane: whether the producer form exists
    set_target, ask = ProfilePage.set_target, LatePreview.ask

    def record_target(page: ProfilePage, session: Any, artist: Any) -> None:
        targets.append(session is not None)
        set_target(page, session, artist)

    def record_ask(late: LatePreview, window: Any) -> None:
        page = studio.window.pages["profile"]
        form_first.append(isinstance(page, ProfilePage) and page.slots["artist"].form is not None)
        ask(late, window)

    monkeypatch.setattr(ProfilePage, "set_target", record_target)
    monkeypatch.setattr(LatePreview, "ask", record_ask)
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    qtbot.waitUntil(lambda: bool(editable(studio)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: profile_page(studio)._late.pane is not None, timeout=WAIT_MS)
    assert targets and all(targets)
    assert form_first and form_first[0]


def test_a_restart_shows_the_sections_with_the_real_profile_page_never_its_placeholder(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    """The remembered session came a moment before the profile page was put in: the section
    list and the profile's placeholder were laid out and painted, then replaced (~12 ms of
    the GUI thread before the profile was editable). The state page now stays until the
    page is in."""
    first_run(qtbot, make_studio, sandbox)
    studio = make_studio("--api-url", sandbox.base_url)
    window = studio.window
    seen: list[str] = []

    def shown(_index: int) -> None:
        if window.centre.currentWidget() is window.splitter:
            seen.append(type(window.current_page()).__name__)

    window.centre.currentChanged.connect(shown)
    studio.start()
    qtbot.waitUntil(lambda: bool(editable(studio)), timeout=WAIT_MS)
    assert seen and seen[0] == "ProfilePage"


def test_start_ups_background_work_runs_with_a_short_switch_interval(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    """The page on screen opens with Python's own switch interval; from the moment it is
    settled (the keychain, the HTTP libraries and the other sections then load on workers)
    until start-up is over, a short one (see studio.switch_interval); then Python's own."""
    first_run(qtbot, make_studio, sandbox)
    before = sys.getswitchinterval()
    studio = make_studio("--api-url", sandbox.base_url)
    seen: list[tuple[bool, float]] = []  # (first settled, interval) on every turn
    at_settled: list[float] = []
    watch = QTimer()
    watch.setInterval(0)
    watch.timeout.connect(lambda: seen.append((loader.first_settled, sys.getswitchinterval())))
    studio.start()
    loader = studio.section_loader
    assert loader is not None
    # After the app's own: its work starts in this order, the switching first.
    loader.when_first_settled(lambda: at_settled.append(sys.getswitchinterval()))
    watch.start()
    try:
        qtbot.waitUntil(lambda: bool(at_settled), timeout=WAIT_MS)
        assert at_settled == [pytest.approx(START_UP_INTERVAL_S)]
        assert before > START_UP_INTERVAL_S
        qtbot.waitUntil(lambda: not studio.switching.active, timeout=WAIT_MS)  # start-up over
        assert sys.getswitchinterval() == before
    finally:
        watch.stop()
    before_settled = {interval for settled, interval in seen if not settled}
    assert editable(studio) and before_settled == {before}


def test_closing_the_app_puts_the_switch_interval_back(make_studio: Any) -> None:
    before = sys.getswitchinterval()
    studio = make_studio()
    studio.switching.start()  # closed while start-up's background work runs
    assert sys.getswitchinterval() == pytest.approx(START_UP_INTERVAL_S)
    studio.shutdown()
    assert sys.getswitchinterval() == before
