"""Fixtures for the workspace: app contexts on the test's folders (a "restart" builds another
on the same store file), all shut down after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from studio.context import AppContext, build_context
from studio.paths import AppPaths


@pytest.fixture
def make_ctx(qapp: QApplication) -> Iterator[Callable[[], AppContext]]:
    made: list[AppContext] = []

    def make() -> AppContext:
        for old in made:  # one app at a time uses the store file
            old.set_session(None)
            old.tasks.shutdown()
            if old.store is not None:
                old.store.close()
        ctx = build_context(AppPaths.from_env().ensure())
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.shutdown()
        if ctx.store is not None:
            ctx.store.close()
