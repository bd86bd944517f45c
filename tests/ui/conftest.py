"""Fixtures for the app shell: a whole running studio (context, window, controller) built
the way ``beatpass-studio`` builds it, pointed at the test's sandbox; or just an app context
(for a page tested on its own)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from studio.app import Studio, parse_args
from studio.paths import AppPaths

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")

MakeStudio = Callable[..., Studio]


@pytest.fixture
def make_studio(qapp: QApplication) -> Iterator[MakeStudio]:
    """``make_studio(*argv)`` builds a :class:`Studio` (not started); all are shut down after.
    ``frame_first=True`` builds it as ``beatpass-studio`` does: a frame, furnished once shown."""
    made: list[Studio] = []

    def make(*argv: str, frame_first: bool = False) -> Studio:
        paths = AppPaths.from_env().ensure()
        studio = Studio(parse_args(list(argv)), paths, qapp, frame_first=frame_first)
        made.append(studio)
        return studio

    yield make
    for studio in made:
        studio.shutdown()
        studio.window.deleteLater()
    QApplication.processEvents()
