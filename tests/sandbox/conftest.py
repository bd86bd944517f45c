"""Fixtures of the sandbox contract tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_helpers import Api

from studio.sandbox.server import SandboxHandle


@pytest.fixture
def api(sandbox: SandboxHandle) -> Iterator[Api]:
    client = Api(sandbox)
    yield client
    client.session.close()
