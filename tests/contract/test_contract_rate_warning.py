"""The client's "rate limit nearly used up" log warning (API.md §11.2): under 10 left of the
general limit, but not after one sign-in against the 5/min login limit."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from contract_recorder import Canned, Recorder

from studio.api import BeatPassClient
from studio.api.connection import rate_limit_low
from studio.sandbox.demo import DEMO_ACCOUNTS
from studio.sandbox.server import SandboxHandle

TOKEN = "17|k3JabcdefghijklmnopqrstuvwxyzABCDEFGHIJK"
LOGIN = {"status": "success", "user": {"id": 3, "display_name": "p", "access_token": TOKEN}}
ME = {"status": "success", "user": {"id": 3, "display_name": "p"}}
WARNING = "rate limit nearly used up"


@pytest.fixture
def rec() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.stop()


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and WARNING in r.getMessage()
    ]


def rate(limit: str | None, remaining: str) -> dict[str, str]:
    headers = {"X-RateLimit-Remaining": remaining}
    if limit is not None:
        headers["X-RateLimit-Limit"] = limit
    return headers


@pytest.mark.parametrize(
    ("remaining", "limit", "low"),
    [
        (9, 300, True),
        (10, 300, False),
        (0, 300, True),
        (9, 1500, True),
        (10, 1500, False),
        (4, 5, False),  # one login of the 5/min login limit
        (1, 5, False),
        (0, 5, True),  # used up
        (5, 60, True),
        (6, 60, False),
        (9, None, True),  # no limit header: the plain bar of 10
        (10, None, False),
        (9, 0, True),  # a nonsense limit: the plain bar
    ],
)
def test_rate_limit_low_table(remaining: int, limit: int | None, low: bool) -> None:
    assert rate_limit_low(remaining, limit) is low


def test_a_login_with_its_own_small_limit_does_not_warn(
    rec: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    rec.reply(Canned(200, LOGIN, rate("5", "4")))
    BeatPassClient(rec.base_url, None, backoff_factor=0).login("a@b.c", "secret")
    assert rec.seen[0].path == "/api/v1/auth/login"
    assert warnings(caplog) == []


def test_nine_left_of_the_general_limit_warns(
    rec: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    rec.reply(Canned(200, ME, rate("300", "10")), Canned(200, ME, rate("300", "9")))
    client = BeatPassClient(rec.base_url, TOKEN, backoff_factor=0)
    client.me()
    assert warnings(caplog) == []
    client.me()
    assert warnings(caplog) == ["BeatPass rate limit nearly used up: 9 requests left (limit 300)"]


def test_unknown_limit_uses_the_plain_bar(rec: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    rec.reply(Canned(200, ME, rate(None, "9")), Canned(200, ME, rate("many", "8")))
    client = BeatPassClient(rec.base_url, TOKEN, backoff_factor=0)
    client.me()
    client.me()
    assert warnings(caplog) == [
        "BeatPass rate limit nearly used up: 9 requests left (limit ?)",
        "BeatPass rate limit nearly used up: 8 requests left (limit ?)",
    ]


def test_signing_in_to_the_sandbox_does_not_warn(
    sandbox: Any, caplog: pytest.LogCaptureFixture
) -> None:
    handle: SandboxHandle = sandbox
    account = DEMO_ACCOUNTS[0]
    client = BeatPassClient(handle.base_url, None, backoff_factor=0)
    try:
        client.login(account.email, account.password)
        client.me()
    finally:
        client.close()
    assert warnings(caplog) == []
