"""Helpers for the profile-section tests: a signed-in session on the test's sandbox, a
profile page opened on it, and typed access to its forms and documents."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.context import AppContext, Session
from studio.core.drafts import ARTIST, USER
from studio.core.models import ArtistRef
from studio.document import DraftDocument
from studio.ui.profile import ProfilePage
from studio.ui.profile.forms import ArtistForm, UserForm

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 20_000

# The offscreen platform cannot do these (completer pop-ups ask for them); harmless there.
POPUP_WARNINGS = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)


def session_for(sandbox: Any, email: str = PRODUCER) -> Session:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(email), backoff_factor=0)
    return Session(sandbox.base_url, client, client.me(), email, persistent=False)


def open_page(
    qtbot: QtBot, ctx: AppContext, session: Session, artist: ArtistRef | None = None
) -> ProfilePage:
    page = ProfilePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    ctx.session = session
    page.set_target(session, artist or session.artists[0])
    qtbot.waitUntil(lambda: len(page.documents()) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(page.is_settled, timeout=WAIT_MS)  # the preview too (made after the form)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT_MS)
    return page


def artist_form(page: ProfilePage) -> ArtistForm:
    form = page.form(ARTIST)
    assert isinstance(form, ArtistForm)
    return form


def user_form(page: ProfilePage) -> UserForm:
    form = page.form(USER)
    assert isinstance(form, UserForm)
    return form


def doc(page: ProfilePage, kind: str) -> DraftDocument:
    document = page.document(kind)
    assert document is not None
    return document


def wait_saved(qtbot: QtBot, document: DraftDocument) -> None:
    document.flush()
    qtbot.waitUntil(lambda: document.is_saved, timeout=WAIT_MS)


def errors_at(form: ArtistForm | UserForm, key: str) -> list[str]:
    return form.boxes[key].errors()


def server_writes(sandbox: Any, sql: str, params: tuple[Any, ...]) -> None:
    """Change the sandbox's data behind its API, the way a server could send anything
    (values its own rules would refuse)."""
    db = sandbox._state.db
    with db.lock:
        db.conn.execute(sql, params)
        db.conn.commit()


def producer_ids(sandbox: Any, email: str = PRODUCER) -> tuple[int, int]:
    """(user id, first managed artist id) of a sandbox account."""
    db = sandbox._state.db
    with db.lock:
        user = db.conn.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()
        artist = db.conn.execute(
            "SELECT artist_id FROM artist_user WHERE user_id = ? ORDER BY artist_id", (user["id"],)
        ).fetchone()
    return int(user["id"]), int(artist["artist_id"])
