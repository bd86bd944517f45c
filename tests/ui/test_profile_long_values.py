"""Very long values from the server (or a huge paste) never reach the editors whole: they are
flagged at their field, kept untouched in the draft, and can be shortened in one undo step.
The work a keystroke does does not grow with the length of the text elsewhere in the draft
(timings live in ``bench/bench_long_values.py``; these tests count)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from profile_helpers import (
    POPUP_WARNINGS,
    artist_form,
    doc,
    open_page,
    producer_ids,
    server_writes,
    session_for,
    user_form,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from studio.core import limits
from studio.core.drafts import ARTIST, USER

pytestmark = POPUP_WARNINGS

BIO = ("beat loop snare kick " * 5000)[:100_000]
DESCRIPTION = ("x" * 9 + "é") * 25_500  # 255,000 characters with nowhere to wrap
LONG_URL = "https://example.com/" + "a" * 255_000
LONG_TITLE = "T" * 40_000
LONG_COUNTRY = "Canada " * 20_000
LONG_GENRE = "g" * 60_000
SHOWN_MAX = 2 * limits.DESCRIPTION.max_len  # the most text any editor may hold


def poison(sandbox: Any) -> None:
    user_id, artist_id = producer_ids(sandbox)
    server_writes(sandbox, "UPDATE artists SET description = ?, country = ? WHERE id = ?",
                  (BIO, LONG_COUNTRY, artist_id))  # fmt: skip
    server_writes(sandbox, "UPDATE users SET description = ? WHERE id = ?", (DESCRIPTION, user_id))
    server_writes(sandbox, "UPDATE artist_links SET url = ?, title = ? WHERE artist_id = ? AND "
                  "position = (SELECT MIN(position) FROM artist_links WHERE artist_id = ?)",
                  (LONG_URL, LONG_TITLE, artist_id, artist_id))  # fmt: skip
    server_writes(sandbox, "INSERT INTO genres (name, display_name) VALUES (?, ?)",
                  (LONG_GENRE, LONG_GENRE))  # fmt: skip
    server_writes(sandbox, "INSERT INTO artist_genre (artist_id, genre_id, position) "
                  "SELECT ?, id, 99 FROM genres WHERE name = ?",
                  (artist_id, LONG_GENRE))  # fmt: skip


def longest_text_shown(root: QWidget) -> int:
    """The most characters any text widget under ``root`` holds (what Qt lays out)."""
    lengths = [0]
    for edit in root.findChildren(QLineEdit):
        lengths.append(len(edit.text()))
    for plain in root.findChildren(QPlainTextEdit):
        lengths.append(len(plain.toPlainText()))
    for label in root.findChildren(QLabel):
        lengths += [len(label.text()), len(label.toolTip())]
    for widget in root.findChildren(QWidget):
        lengths += [len(widget.toolTip()), len(widget.accessibleName())]
    return max(lengths)


def test_long_server_values_are_flagged_kept_and_shortened_by_the_user(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    poison(sandbox)
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    form, uform = artist_form(page), user_form(page)
    document = doc(page, ARTIST)
    assert document.value("description") == BIO  # nothing was cut on the way in
    assert longest_text_shown(page.tabs) <= SHOWN_MAX

    bio = form.bio
    assert bio.too_long and bio.notice is not None
    assert bio.editor.isHidden() and bio.notice.isVisible()
    assert "100,000 characters" in bio.notice.text.text()
    assert bio.count.text() == f"100,000 / {limits.DESCRIPTION.max_len:,}"
    assert any("must not be greater than 5000" in m for m in bio.errors())
    description = uform.description
    assert description.too_long and "255,000 characters" in description.notice.text.text()  # type: ignore[union-attr]
    assert doc(page, USER).value("description") == DESCRIPTION
    # the long link shows its start, read-only, and offers to shorten it
    links = form.links
    assert links is not None
    row = links.rows[0]
    assert row.url.isReadOnly() and row.title.isReadOnly() and row.keep.isVisible()
    assert "too long to edit" in row.message.text()
    assert form.country is not None and len(form.country.currentText()) < 400

    # Typing elsewhere and tabbing through the country leave the long values whole.
    city = form.boxes["profile.city"].editor
    city.setFocus()
    qtbot.keyClicks(city, " East")
    form.country.lineEdit().setFocus()  # type: ignore[union-attr]
    qtbot.keyClick(form.country.lineEdit(), Qt.Key.Key_Tab)
    qtbot.wait(10)
    assert document.value("description") == BIO
    assert document.value("country") == LONG_COUNTRY
    assert document.value("links")[0] == {"url": LONG_URL, "title": LONG_TITLE}

    # The person keeps the first 5,000 characters: one undo step, the editor is back.
    qtbot.mouseClick(bio.notice.keep, Qt.MouseButton.LeftButton)
    assert document.value("description") == BIO[: limits.DESCRIPTION.max_len]
    assert not bio.too_long and bio.editor.isVisible()
    assert bio.editor.toPlainText() == BIO[: limits.DESCRIPTION.max_len]  # type: ignore[attr-defined]
    qtbot.keyClick(bio.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.value("description") == BIO
    assert bio.too_long
    # The link: shortened in one step, then editable again.
    qtbot.mouseClick(links.rows[0].keep, Qt.MouseButton.LeftButton)
    link = document.value("links")[0]
    assert link == {"url": LONG_URL[: limits.LINK_URL.max_len], "title": "T" * 255}
    assert not links.rows[0].url.isReadOnly() and not links.rows[0].keep.isVisible()


def with_undo_keys(page: QWidget, ctx: Any) -> None:
    """Ctrl+Z / Ctrl+Shift+Z for the whole window, as the main window's Edit menu gives them."""
    undo = ctx.undo_group.createUndoAction(page)
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    page.addAction(undo)


def test_a_huge_paste_is_stored_and_flagged_without_being_laid_out(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    with_undo_keys(page, ctx)
    form = artist_form(page)
    editor = form.bio.editor
    assert isinstance(editor, QPlainTextEdit)
    before = editor.toPlainText()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(DESCRIPTION)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert doc(page, ARTIST).value("description") == before + DESCRIPTION
    assert form.bio.too_long
    assert len(editor.toPlainText()) <= SHOWN_MAX  # the editor never held the paste
    assert form.bio.notice is not None and form.bio.notice.keep.hasFocus()
    # Undo (the keyboard, in the window) gives the text back as it was.
    qtbot.keyClick(form.bio.notice.keep, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc(page, ARTIST).value("description") == before
    assert not form.bio.too_long and editor.toPlainText() == before


def count_calls(action: Callable[[], None]) -> int:
    """Python function calls (and generator resumptions) made while ``action`` runs."""
    calls = [0]

    def profiler(_frame: FrameType, event: str, _arg: object) -> None:
        if event == "call":
            calls[0] += 1

    sys.setprofile(profiler)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls[0]


def keystroke_calls(qtbot: QtBot, page: Any) -> int:
    """The calls of typing five letters into the producer's city field."""
    city = artist_form(page).boxes["profile.city"].editor
    city.setFocus()
    qtbot.keyClick(city, "x")  # warm up (first-time imports, caches)
    return count_calls(lambda: qtbot.keyClicks(city, "abcde"))


def test_keystroke_work_does_not_grow_with_long_text_elsewhere(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_page(qtbot, ctx, session)
    short = keystroke_calls(qtbot, page)
    page.set_target(None, None)
    ctx.workspace.close_all()  # the next open reads the server again
    QApplication.processEvents()
    poison(sandbox)
    page.set_target(session, session.artists[0])
    qtbot.waitUntil(lambda: len(page.documents()) == 2, timeout=20_000)
    long = keystroke_calls(qtbot, page)
    # A scan of a 255,000-character address per keystroke would be ~10^6 calls here.
    assert long <= short * 1.2 + 200, (short, long)
