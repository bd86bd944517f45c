"""Small things a careful user notices in the editor (issue 8.11, 8.13): the read-only name
looks read-only, a picture shows its name (not a server address), a link's address shows its
start, and thumbnails are drawn sharp on a high-density screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from profile_helpers import POPUP_WARNINGS, WAIT_MS, artist_form, doc, open_page, session_for
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from studio.core.drafts import ARTIST
from studio.ui.theme import FocusRing, apply_theme

pytestmark = POPUP_WARNINGS


@pytest.fixture(params=["light", "dark"])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    palette, sheet = QApplication.palette(), qapp.styleSheet()
    had_ring = qapp.findChild(FocusRing) is not None
    apply_theme(qapp, request.param)
    yield request.param
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    ring = qapp.findChild(FocusRing)
    if ring is not None and not had_ring:
        ring.setParent(None)
        ring.deleteLater()


def inside_colour(widget: QWidget) -> str:
    """The colour of a field's inside, left of its text, as drawn."""
    image = widget.grab().toImage()
    return image.pixelColor(QPoint(4, image.height() - 5)).name()


def test_the_read_only_name_looks_read_only(qtbot: QtBot, make_ctx, sandbox, look: str) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = artist_form(page)
    name, city = form.name_edit, form.boxes["profile.city"].editor
    assert name.isReadOnly() and "read-only" in name.accessibleName()
    palette = QApplication.palette()
    assert inside_colour(city) == palette.color(QPalette.ColorRole.Base).name()
    assert inside_colour(name) == palette.color(QPalette.ColorRole.Window).name()  # not a field


def test_pictures_show_their_name_not_the_server_address(qtbot: QtBot, make_ctx, sandbox) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = artist_form(page)
    shown = [w.text() for w in form.findChildren(QLineEdit)]
    shown += [w.text() for w in form.findChildren(QLabel) if w.isVisibleTo(form)]
    assert not [text for text in shown if "://" in text and "/storage/" in text]
    avatar = form.boxes["image_small"]
    picture = avatar.picture  # type: ignore[attr-defined]
    assert picture.text() == "avatar_1.jpg"
    address = doc(page, ARTIST).value("image_small")
    assert picture.toolTip() == address and address.startswith("http")
    # An uploaded picture has a random name on the server: it says what it is instead.
    doc(page, ARTIST).set_image("image_small", f"{sandbox.origin}/storage/a/{'0f' * 16}.webp")
    assert picture.text() == "New picture"
    assert avatar.editor.text() == "Change…"  # type: ignore[attr-defined]


def test_a_link_address_shows_its_start_when_tabbed_into_and_left(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    page.resize(900, 700)  # the address is longer than its box
    links = artist_form(page).links
    assert links is not None
    row = links.rows[-1]
    assert row.url.fontMetrics().horizontalAdvance(row.url.text()) > row.url.width()
    row.title.setFocus()
    qtbot.keyClick(row.title, Qt.Key.Key_Tab)
    assert row.url.hasFocus()
    qtbot.waitUntil(lambda: row.url.cursorPosition() == 0)
    assert row.url.selectedText() == row.url.text()  # typing still replaces it all
    qtbot.keyClick(row.url, Qt.Key.Key_Tab)
    assert not row.url.hasFocus()
    assert row.url.cursorPosition() == 0 and not row.url.hasSelectedText()


THUMBS = """
import json, sys, time
from PySide6.QtWidgets import QApplication, QLabel
from studio.api import BeatPassClient
from studio.context import Session, build_context
from studio.paths import AppPaths
from studio.ui.profile import ProfilePage

app = QApplication([])
base, token = sys.argv[1], sys.argv[2]
client = BeatPassClient(base, token, backoff_factor=0)
session = Session(base, client, client.me(), "p", persistent=False)
ctx = build_context(AppPaths.from_env().ensure())
ctx.session = session
page = ProfilePage(ctx)
page.show()
page.set_target(session, session.artists[0])
thumb = None
deadline = time.monotonic() + 30
while time.monotonic() < deadline and (thumb is None or thumb.pixmap().isNull()):
    app.processEvents()
    time.sleep(0.005)
    form = page.form("artist")
    if form is not None:
        labels = form.findChildren(QLabel)
        thumb = next(w for w in labels if w.accessibleName() == "Avatar thumbnail")
pixmap = thumb.pixmap()
print(json.dumps({"dpr": thumb.devicePixelRatioF(), "logical": [thumb.width(), thumb.height()],
                  "pixels": [pixmap.width(), pixmap.height()],
                  "pixmap_dpr": pixmap.devicePixelRatio()}))
ctx.tasks.shutdown()
"""


def test_thumbnails_are_sharp_at_twice_the_pixel_density(sandbox, tmp_path: Path) -> None:
    script = tmp_path / "thumbs.py"
    script.write_text(THUMBS)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    token = sandbox.token_for("producer@demo.beatpass.test")
    done = subprocess.run(
        [sys.executable, str(script), sandbox.base_url, token],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_MS / 1000 * 3,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["dpr"] == 2.0
    assert result["pixels"] == [2 * result["logical"][0], 2 * result["logical"][1]]
    assert result["pixmap_dpr"] == 2.0
