"""The profile's field editors against a real sandbox: links and genres by mouse and
keyboard, live checks at each field, server errors mapped to fields, text kept plain."""

from __future__ import annotations

from profile_helpers import (
    POPUP_WARNINGS,
    WAIT_MS,
    artist_form,
    doc,
    errors_at,
    open_page,
    session_for,
    user_form,
    wait_saved,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from studio.core import limits
from studio.core.drafts import ARTIST, USER, artist_draft_from_api, artist_payload

pytestmark = POPUP_WARNINGS

HOSTILE = "<b>bold</b><script>alert(1)</script><img src=x onerror=alert(1)> javascript:alert(1)"


# --- links and genres ------------------------------------------------------------------


def test_links_add_edit_move_remove_by_keyboard(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    links = artist_form(page).links
    assert links is not None
    document = doc(page, ARTIST)
    count = len(document.value("links"))
    qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    assert len(links.rows) == count + 1
    row = links.rows[-1]
    assert row.title.hasFocus()
    assert row.message.isHidden()  # a new, empty link is not "required"-shouted at yet
    assert not row.url.property("invalid")
    qtbot.keyClicks(row.title, "Beats")
    row.url.setFocus()
    qtbot.keyClicks(row.url, "https://www.tiktok.com/@nova")
    assert document.value("links")[-1] == {"url": "https://www.tiktok.com/@nova", "title": "Beats"}
    row.url.selectAll()
    qtbot.keyClick(row.url, Qt.Key.Key_Backspace)
    row.url.editingFinished.emit()  # left empty: now it says so
    assert row.url.property("invalid") and "URL" in row.message.text()
    qtbot.keyClicks(row.url, "https://www.tiktok.com/@nova")
    assert links.rows[-1].platform_name == "tiktok"
    qtbot.keyClick(links.rows[-1].url, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert document.value("links")[-2]["title"] == "Beats"
    assert links.rows[-2].url.hasFocus()  # the focus follows the moved link
    qtbot.keyClick(links.rows[-2].url, Qt.Key.Key_Delete, Qt.KeyboardModifier.AltModifier)
    assert len(document.value("links")) == count
    assert "Beats" not in [link["title"] for link in document.value("links")]


def test_genres_remove_by_button_and_keyboard(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    genres = artist_form(page).genres
    assert genres is not None
    document = doc(page, ARTIST)
    first = genres.chips[0].name
    qtbot.mouseClick(genres.chips[0].remove, Qt.MouseButton.LeftButton)
    assert first not in document.value("genres")
    genres.chips[0].remove.setFocus()
    second = genres.chips[0].name
    qtbot.keyClick(genres.chips[0].remove, Qt.Key.Key_Delete)
    assert second not in document.value("genres")
    last = document.value("genres")[-1]
    genres.input.setFocus()
    qtbot.keyClick(genres.input, Qt.Key.Key_Backspace)
    assert last not in document.value("genres")
    # Custom values with a comma; duplicates get a message, not a second chip.
    qtbot.keyClicks(genres.input, "Cloud Rap,")
    assert document.value("genres")[-1] == "Cloud Rap"
    qtbot.keyClicks(genres.input, "cloud rap")
    qtbot.keyClick(genres.input, Qt.Key.Key_Return)
    assert document.value("genres").count("Cloud Rap") == 1
    assert "already" in genres.message.text()
    assert genres.input.text() == "cloud rap"  # kept


# --- live validation -------------------------------------------------------------------------


def test_username_rules_show_at_the_field_and_clear_when_fixed(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    page.tabs.setCurrentIndex(1)
    form = user_form(page)
    box = form.boxes["user.username"]
    box.editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(box.editor, "ab")
    assert any("at least 3" in m for m in box.errors())
    assert box.editor.property("invalid")
    assert box.message.isVisible() and "at least 3" in box.message.text()
    qtbot.keyClicks(box.editor, "-c")
    assert any("letters, digits and underscores" in m for m in box.errors())
    assert form.username_warning.text().startswith("⚠")
    box.editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(box.editor, "x" * 32)
    assert any("31" in m for m in box.errors())
    box.editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(box.editor, "nova_beats_2")
    assert box.errors() == []
    assert not box.editor.property("invalid")
    assert box.message.text() == limits.USERNAME_HINT
    assert form.username_warning.text().startswith("⚠")
    published = doc(page, USER)
    published.rebase(published.draft, published.draft)  # as a publish does
    assert not form.username_warning.text().startswith("⚠")  # nothing changed any more


def test_link_url_and_lengths_and_limits(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    form = artist_form(page)
    links = form.links
    assert links is not None
    row = links.rows[1]
    row.url.clear()
    qtbot.keyClicks(row.url, "javascript:alert(1)")
    assert row.url.property("invalid") and "valid http(s) URL" in row.message.text()
    assert row.title.property("invalid") is not True
    row.url.clear()
    qtbot.keyClicks(row.url, "https://instagram.com/nova")
    assert not row.url.property("invalid") and not row.message.isVisible()

    # Over-long biography: kept, count in red, error at the field; fixed → cleared.
    bio = form.bio
    long_text = "x" * (limits.DESCRIPTION.max_len + 3)
    bio.editor.setPlainText(long_text)  # type: ignore[attr-defined]
    assert doc(page, ARTIST).value("description") == long_text
    assert any("5000" in m for m in bio.errors()) and bio.editor.property("invalid")
    assert "characters too many" in bio.count.toolTip()
    bio.editor.setPlainText("short")  # type: ignore[attr-defined]
    assert bio.errors() == [] and "characters too many" not in bio.count.toolTip()

    # Too many links: the Add button stops at the limit and says why.
    while links.add_button.isEnabled():
        qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    assert len(doc(page, ARTIST).value("links")) == limits.LINKS_MAX
    assert f"{limits.LINKS_MAX} of {limits.LINKS_MAX}" in links.status.text()
    # an empty link left behind is flagged; the one just added waits until it is left
    assert "required" in links.rows[-2].message.text()
    assert links.rows[-1].message.isHidden()

    # Too many genres: refused with a message, what was typed is kept.
    genres = form.genres
    assert genres is not None
    for n in range(limits.GENRES_MAX - len(doc(page, ARTIST).value("genres"))):
        doc(page, ARTIST).add_genre(f"Genre {n}")
    assert len(doc(page, ARTIST).value("genres")) == limits.GENRES_MAX
    assert not genres.input.isEnabled()
    genres.add_typed()  # nothing typed: nothing happens
    long_genre = "g" * (limits.GENRE_NAME.max_len + 1)
    doc(page, ARTIST).remove_item("genres", 0)
    qtbot.keyClicks(genres.input, long_genre)
    assert genres.input.property("invalid") and "at most" in genres.message.text()
    qtbot.keyClick(genres.input, Qt.Key.Key_Return)
    assert long_genre not in doc(page, ARTIST).value("genres")
    assert genres.input.text() == long_genre


def test_country_from_the_list_only(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    form = artist_form(page)
    combo = form.country
    assert combo is not None
    box = form.boxes["profile.country"]
    combo.setEditText("Atlantis")
    combo.commit()
    # kept as typed (never dropped, survives a restart) and flagged at the field
    assert doc(page, ARTIST).value("country") == "Atlantis"
    assert any("not in the country list" in m for m in box.errors())
    assert combo.text_value() == "Atlantis"  # what was typed stays visible
    combo.setEditText("usa")
    combo.commit()
    assert doc(page, ARTIST).value("country") == "United States"
    assert box.errors() == [] and combo.text_value() == "United States"
    combo.setEditText("")
    combo.commit()
    assert doc(page, ARTIST).value("country") == ""


def test_country_picked_from_the_popup_is_one_undo_step(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    combo = artist_form(page).country
    assert combo is not None
    document = doc(page, ARTIST)
    assert document.value("country") == "Canada"
    line = combo.lineEdit()
    completer = combo.completer()
    assert line is not None and completer is not None
    popup = completer.popup()
    assert popup is not None
    line.setFocus(Qt.FocusReason.MouseFocusReason)
    line.selectAll()
    qtbot.keyClicks(line, "Bra")
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the popup has the keyboard while it is open
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: document.stack.count() > 0, timeout=WAIT_MS)
    QApplication.processEvents()
    assert document.value("country") == "Brazil"
    assert document.stack.count() == 1  # no step with "Bra" or an empty country
    assert errors_at(artist_form(page), "profile.country") == []
    document.stack.undo()
    assert document.value("country") == "Canada" and combo.text_value() == "Canada"


# --- server errors, hostile text -------------------------------------------------------------


def test_server_errors_land_on_their_fields(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    page.show_field_errors(ARTIST, {"links.1.url": ["The link is blocked."], "name": "No."})
    form = artist_form(page)
    assert form.links is not None
    row = form.links.rows[1]
    assert row.url.property("invalid") and "The link is blocked." in row.message.text()
    assert "No." in form.name_box.errors()
    page.show_field_errors(ARTIST, {"profile.description": ["Too spammy."], "weird": ["Odd."]})
    assert form.bio.errors() == ["Too spammy."]
    assert form.general.isVisible() and "Odd." in form.general.text()
    assert page.tabs.currentWidget() is page.slots[ARTIST]
    # Editing the field clears the server's message.
    qtbot.keyClicks(form.bio.editor, "!")
    assert form.bio.errors() == []

    page.show_field_errors(USER, {"user.username": ["The username has already been taken."]})
    uform = user_form(page)
    assert page.tabs.currentWidget() is page.slots[USER]
    assert errors_at(uform, "user.username") == ["The username has already been taken."]
    assert uform.boxes["user.username"].editor.hasFocus()


def test_hostile_text_stays_plain(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    form = artist_form(page)
    form.bio.editor.setPlainText(HOSTILE)  # type: ignore[attr-defined]
    assert doc(page, ARTIST).value("description") == HOSTILE
    genres = form.genres
    assert genres is not None
    doc(page, ARTIST).add_genre("<i>x</i>")
    chip = genres.chips[-1]
    assert chip.label.textFormat() == Qt.TextFormat.PlainText and chip.label.text() == "<i>x</i>"
    page.show_field_errors(ARTIST, {"profile.city": [HOSTILE]})
    message = form.boxes["profile.city"].message
    assert message.textFormat() == Qt.TextFormat.PlainText and message.text() == HOSTILE
    marked_up = [w for w in page.findChildren(QLabel) if "<" in w.text()]
    assert marked_up and all(w.textFormat() == Qt.TextFormat.PlainText for w in marked_up)


def test_genres_are_one_genre_however_spelt(qtbot: QtBot, make_ctx, sandbox) -> None:
    """BeatPass slugifies genre names: another spelling of a listed genre is refused at the
    field, and a spelling added on BeatPass meanwhile merges into the restored draft's."""
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_page(qtbot, ctx, session)
    form = artist_form(page)
    genres = form.genres
    assert genres is not None
    document = doc(page, ARTIST)
    listed = document.value("genres")
    assert "Hip-Hop" in listed
    genres.input.setFocus()
    qtbot.keyClicks(genres.input, "hip hop")
    qtbot.keyClick(genres.input, Qt.Key.Key_Return)
    assert document.value("genres") == listed
    assert "already in your genres (as “Hip-Hop”" in genres.message.text()
    genres.input.clear()
    qtbot.keyClicks(genres.input, "Cloud Rap")
    qtbot.keyClick(genres.input, Qt.Key.Key_Return)
    assert document.value("genres")[-1] == "Cloud Rap"
    wait_saved(qtbot, document)
    page.close()
    # Meanwhile the same genre is added on BeatPass, spelt another way.
    artist_id = session.artists[0].id
    server = session.client.artist(artist_id).artist.raw
    session.client.update_artist(artist_id, {**artist_payload(artist_draft_from_api(server)),
                                             "genres": [*listed, "cloud-rap"]})  # fmt: skip
    ctx2 = make_ctx()
    page2 = open_page(qtbot, ctx2, session)
    restored = doc(page2, ARTIST)
    # the stored draft opens first; the notice comes with the server's answer
    qtbot.waitUntil(lambda: "merged in" in page2.banner.text(), timeout=WAIT_MS)
    assert restored.value("genres") == [*listed, "Cloud Rap"]
    assert [chip.name for chip in artist_form(page2).genres.chips] == [*listed, "Cloud Rap"]  # type: ignore[union-attr]
