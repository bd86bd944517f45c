"""A client made before its token is read (a resumed account at start-up, issue 12): its
requests wait for the token, carry it once set, and fail as "sign in again" when it will not
come; the HTTP libraries load on the first request, not with the client."""

from __future__ import annotations

import threading

import pytest
from fresh_python import fresh_python
from recording_server import RecordingServer, Reply

from studio.api import AuthExpired, BeatPassClient

TOKEN = "12|abcdefghijklmnopqrstuvwxyz0123456789ABCD"
USER = {"id": 3, "display_name": "prodname"}


def test_a_request_waits_for_the_pending_token_and_sends_it(server: RecordingServer) -> None:
    server.add(Reply(200, {"user": USER}))
    client = BeatPassClient(server.base_url, token_pending=True, backoff_factor=0)
    assert client.token_pending
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(client.me().id))
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and server.requests == []  # nothing sent without the token
    client.token = TOKEN
    worker.join(10)
    assert done == [3]
    assert not client.token_pending
    assert [r.header("Authorization") for r in server.requests] == [f"Bearer {TOKEN}"]


def test_a_token_that_will_not_come_fails_waiting_and_later_requests(
    server: RecordingServer,
) -> None:
    client = BeatPassClient(server.base_url, token_pending=True, backoff_factor=0)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            client.me()
        except AuthExpired as exc:
            errors.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    worker.join(0.2)
    client.token_unavailable()
    worker.join(10)
    assert len(errors) == 1
    with pytest.raises(AuthExpired):
        client.me()
    assert server.requests == []  # never sent without a token
    server.add(Reply(200, {"user": USER}))
    client.token = TOKEN  # a later sign-in sets one: requests go again
    assert client.me().id == 3


def test_making_a_client_does_not_load_the_http_libraries() -> None:
    code = (
        "import sys\n"
        "from studio.api import BeatPassClient\n"
        "c = BeatPassClient('http://127.0.0.1:9/api/v1', token_pending=True)\n"
        "print(sorted(m for m in ('requests', 'urllib3', 'keyring') if m in sys.modules))\n"
    )
    assert fresh_python(code).strip() == "[]"
