"""Fixtures for client tests against the sandbox: a module-wide sandbox for read-only
tests (faster than one per test), and signed-in clients for the demo accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from studio.api import BeatPassClient

PRODUCER = "producer@demo.beatpass.test"


@pytest.fixture
def server() -> Iterator[Any]:
    """A recording HTTP server on loopback (``recording_server.RecordingServer``)."""
    from recording_server import RecordingServer

    srv = RecordingServer()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def shared_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One sandbox per test module, for tests that only read (faults reset after each)."""
    from studio.sandbox.server import start_sandbox

    handle = start_sandbox(tmp_path_factory.mktemp("shared-sandbox"), seed="demo", port=0)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def reader(shared_sandbox: Any) -> Iterator[Callable[[str], BeatPassClient]]:
    """``reader(email)``: a client with a fresh token on the shared sandbox."""
    clients: list[BeatPassClient] = []

    def make(email: str = PRODUCER) -> BeatPassClient:
        client = BeatPassClient(
            shared_sandbox.base_url, shared_sandbox.token_for(email), backoff_factor=0
        )
        clients.append(client)
        return client

    yield make
    shared_sandbox.set_faults()
    for client in clients:
        client.close()


@pytest.fixture
def as_user(sandbox: Any) -> Iterator[Callable[[str], BeatPassClient]]:
    """``as_user(email)``: a client with a fresh token on this test's own sandbox."""
    clients: list[BeatPassClient] = []

    def make(email: str = PRODUCER) -> BeatPassClient:
        client = BeatPassClient(sandbox.base_url, sandbox.token_for(email), backoff_factor=0)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
