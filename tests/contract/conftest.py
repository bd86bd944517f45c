"""Fixtures of the contract suite: one sandbox per module for read-only checks, a fresh
sandbox per test for writes (the root ``sandbox`` fixture), and an ``Http`` helper on each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from contract_helpers import Http

from studio.sandbox.server import SandboxHandle


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxHandle]:
    """A demo-seeded sandbox shared by the read-only tests of one module."""
    from studio.sandbox.server import start_sandbox

    handle = start_sandbox(tmp_path_factory.mktemp("contract-shared"), seed="demo", port=0)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def ro(shared: SandboxHandle) -> Iterator[Http]:
    """``Http`` on the module's shared sandbox: read-only checks only."""
    http = Http(shared)
    yield http
    shared.set_faults()
    http.close()


@pytest.fixture
def rw(sandbox: Any) -> Iterator[Http]:
    """``Http`` on this test's own fresh sandbox: checks that change state."""
    http = Http(sandbox)
    yield http
    http.close()
