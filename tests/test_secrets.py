"""Tokens live only in the keychain: after a real sign-in (sandbox, real HTTP) and the first
snapshots, no file the studio writes (store, settings, logs) and no log record holds it, also
with ``--debug`` (urllib3 at DEBUG)."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fresh_python import app_env
from pytestqt.qtbot import QtBot

from studio.context import AppContext, build_context
from studio.core import drafts
from studio.logsetup import REDACTED, remove_handlers, setup_logging
from studio.paths import AppPaths
from studio.sandbox.demo import DEMO_ACCOUNTS
from studio.ui.session import SessionController

PRODUCER = DEMO_ACCOUNTS[0]
# The shape of a BeatPass (Sanctum) token: "<id>|<40 letters and digits>".
TOKEN_SHAPE = re.compile(r"\d+\|[A-Za-z0-9]{40}")


@dataclass
class DebugLog:
    file: Path
    handlers: list[logging.Handler]

    def close(self) -> None:
        """Write what is queued and detach the handlers (may be called twice)."""
        remove_handlers(self.handlers)


@pytest.fixture
def debug_log(studio_home: Path) -> Iterator[DebugLog]:
    """The app's own logging set-up with ``--debug``; levels restored afterwards."""
    root, urllib3 = logging.getLogger(), logging.getLogger("urllib3")
    levels = (root.level, urllib3.level)
    log_file = AppPaths.from_env().log_file
    debug = DebugLog(log_file, setup_logging(log_file, debug=True))
    try:
        yield debug
    finally:
        debug.close()
        root.setLevel(levels[0])
        urllib3.setLevel(levels[1])


@pytest.fixture
def ctx(qapp: Any) -> Iterator[AppContext]:
    context = build_context(AppPaths.from_env().ensure())
    yield context
    context.tasks.shutdown()
    context.close_store()


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_sign_in_and_snapshots_leave_the_token_only_in_the_keychain(
    qtbot: QtBot,
    sandbox: Any,
    ctx: AppContext,
    memory_keyring: Any,
    debug_log: DebugLog,
) -> None:
    controller = SessionController(ctx)
    errors: list[BaseException] = []
    with qtbot.waitSignal(controller.signed_in, timeout=15_000) as signed:
        controller.sign_in_password(
            sandbox.base_url, PRODUCER.email, PRODUCER.password, on_error=errors.append
        )
    assert errors == []
    session = signed.args[0]
    token = session.client.token
    assert token and TOKEN_SHAPE.fullmatch(token)
    assert list(memory_keyring.entries.values()) == [token]

    # What the editors keep: the signed-in user (parsed from the login answer, which holds the
    # token) and the fetched snapshots of the user and the producer profile.
    assert "access_token" not in json.dumps(session.user.raw)
    store, account = ctx.store, session.store_account
    assert store is not None
    user_draft = drafts.user_draft_from_api(session.user.raw)
    store.save_draft(account, drafts.USER, str(session.user.id), user_draft, user_draft)
    if ctx.session is not session:
        ctx.set_session(session)
    targets = ((drafts.USER, str(session.user.id)), (drafts.ARTIST, str(session.artists[0].id)))
    for kind, entity_id in targets:  # the workspace opens them as the editors do
        handle = ctx.workspace.open(kind, entity_id)
        qtbot.waitUntil(lambda h=handle: h.fresh, timeout=15_000)
    for kind, entity_id in targets:
        qtbot.waitUntil(
            lambda k=kind, e=entity_id: store.load_snapshot(account, k, e) is not None,
            timeout=15_000,
        )
    ctx.workspace.save_all()
    ctx.settings.sync()
    ctx.tasks.shutdown()
    ctx.close_store()
    debug_log.close()  # write the queued records now

    secret = token.split("|", 1)[1]
    written = [
        path
        for folder in (ctx.paths.data, ctx.paths.config, ctx.paths.logs)
        for path in files_under(folder)
    ]
    assert {p.name for p in written} >= {"studio.db", "settings.ini", "studio.log"}
    for path in written:
        data = path.read_bytes()
        assert secret.encode() not in data, f"the token is in {path}"
    log_text = debug_log.file.read_text(encoding="utf-8")
    assert "urllib3" in log_text and "auth/login" in log_text  # DEBUG records were written
    assert REDACTED not in log_text  # nothing even tried to log a token
    assert "Bearer" not in log_text
    assert secret not in repr(session) and secret not in repr(session.client)


def test_debug_smoke_run_logs_no_token(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "studio", "--smoke-test", "--debug"],
        capture_output=True,
        text=True,
        timeout=110,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    log_text = (tmp_path / "logs" / "studio.log").read_text(encoding="utf-8")
    for text in (log_text, result.stderr, result.stdout):
        assert TOKEN_SHAPE.search(text) is None
        assert "Bearer" not in text and "access_token" not in text
    assert "POST /api/v1/auth/login" in log_text  # urllib3 DEBUG lines of the sign-in are there
    assert REDACTED not in log_text


def test_a_sandbox_sign_in_never_touches_the_keychain(
    qtbot: QtBot, sandbox: Any, ctx: AppContext, memory_keyring: Any
) -> None:
    controller = SessionController(ctx)
    errors: list[BaseException] = []
    with qtbot.waitSignal(controller.signed_in, timeout=15_000) as signed:
        controller.sign_in_password(
            sandbox.base_url,
            PRODUCER.email,
            PRODUCER.password,
            on_error=errors.append,
            sandbox=True,
        )
    assert errors == []
    session = signed.args[0]
    assert session.sandbox and session.client.token
    assert session.notice == ""  # the keychain works; the sandbox just does not use it
    assert memory_keyring.entries == {}
    controller.shutdown()
    assert memory_keyring.entries == {}
