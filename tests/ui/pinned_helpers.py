"""Helpers for the pinned-track section tests: a signed-in session on the test's sandbox and
the page opened on a producer profile, with its pin document and catalog loaded."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.context import AppContext, Session
from studio.core.models import ArtistRef
from studio.document import DraftDocument
from studio.ui.pinned import PinnedPage
from studio.ui.pinned.loader import DONE

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 20_000


def session_for(sandbox: Any, email: str = PRODUCER) -> Session:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(email), backoff_factor=0)
    return Session(sandbox.base_url, client, client.me(), email, persistent=False)


def open_pinned(
    qtbot: QtBot,
    ctx: AppContext,
    session: Session,
    artist: ArtistRef | None = None,
    *,
    loaded: bool = True,
) -> PinnedPage:
    """The page on ``artist`` (the first profile), shown, its pin document ready and (unless
    ``loaded`` is False) its whole catalog loaded."""
    page = PinnedPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 860)
    page.show()
    ctx.session = session
    page.set_target(session, artist or session.artists[0])
    qtbot.waitUntil(lambda: page.doc is not None, timeout=WAIT_MS)
    if loaded:
        qtbot.waitUntil(lambda: page.loader.state == DONE, timeout=WAIT_MS)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT_MS)
    return page


def pin_doc(page: PinnedPage) -> DraftDocument:
    doc = page.doc
    assert doc is not None
    return doc
