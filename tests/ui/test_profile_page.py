"""The profile section against a real sandbox: loading, edits through the document (undo,
autosave), restart, live field errors, server 422 mapping, plain text, offline."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.context import AppContext, Session, build_context
from studio.core import limits
from studio.core.drafts import ARTIST, USER
from studio.core.models import ArtistRef
from studio.document import DraftDocument
from studio.paths import AppPaths
from studio.ui.profile import ProfilePage
from studio.ui.profile.forms import NAME_REASON, USERNAME_WARNING, ArtistForm, UserForm

# The offscreen platform cannot do these (completer pop-ups ask for them); harmless there.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 20_000
HOSTILE = "<b>bold</b><script>alert(1)</script><img src=x onerror=alert(1)> javascript:alert(1)"


@pytest.fixture
def make_ctx(qapp: QApplication) -> Iterator[Callable[[], AppContext]]:
    """``make_ctx()`` builds an app context on this test's folders (a "restart" builds another
    on the same store file); all are shut down after the test."""
    made: list[AppContext] = []

    def make() -> AppContext:
        for old in made:  # one app at a time uses the store file
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


def session_for(sandbox, email: str = PRODUCER) -> Session:  # type: ignore[no-untyped-def]
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


# --- loading -----------------------------------------------------------------------------


def test_demo_producer_loads_into_both_editors(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_page(qtbot, ctx, session)
    form = artist_form(page)
    artist = session.client.artist(session.artists[0].id).artist
    assert form.name_edit.text() == artist.name == "Nova Beats"
    assert form.name_edit.isReadOnly()
    assert form.name_box.message.text() == NAME_REASON
    assert form.boxes["profile.city"].editor.text() == "Toronto"  # type: ignore[attr-defined]
    assert form.country is not None and form.country.text_value() == "Canada"
    assert form.genres is not None
    assert [chip.name for chip in form.genres.chips] == [g.display_name for g in artist.genres]
    assert form.links is not None
    assert [row.url.text() for row in form.links.rows] == [link.url for link in artist.links]
    assert form.links.rows[0].platform_name == "youtube"
    bio = form.bio.editor.toPlainText()  # type: ignore[attr-defined]
    assert bio == artist.profile.description
    assert form.bio.count.text() == f"{len(bio):,} / {limits.DESCRIPTION.max_len:,}"
    change = [b for b in form.findChildren(QPushButton) if b.accessibleName() == "Change avatar"]
    assert change and change[0].isEnabled()

    uform = user_form(page)
    assert uform.boxes["user.username"].editor.text() == session.user.username  # type: ignore[attr-defined]
    assert uform.boxes["user.username"].message.text() == limits.USERNAME_HINT
    assert USERNAME_WARNING in uform.username_warning.text()
    # The snapshots reached the store; the shown stack is the window's active one.
    store = ctx.store
    assert store is not None
    qtbot.waitUntil(
        lambda: store.load_snapshot(session.store_account, ARTIST, str(artist.id)) is not None,
        timeout=WAIT_MS,
    )
    assert ctx.undo_group.activeStack() is doc(page, ARTIST).stack
    page.tabs.setCurrentIndex(1)
    assert ctx.undo_group.activeStack() is doc(page, USER).stack
    assert page.preview.page == USER


@pytest.mark.parametrize(
    ("kind", "button", "field", "target", "upload_kind"),
    [
        (ARTIST, "Change avatar", "image_small", "avatar", "artist_image"),
        (ARTIST, "Change cover image", "cover_image", "cover", "artist_image"),
        (USER, "Change avatar", "image", "user_avatar", "user_avatar"),
    ],
)
def test_change_buttons_open_the_image_editor_for_their_field(  # noqa: PLR0917
    qtbot: QtBot,
    make_ctx,
    sandbox,
    kind: str,
    button: str,
    field: str,
    target: str,
    upload_kind: str,
) -> None:
    from studio.ui.images import ImageEditorDialog

    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = artist_form(page) if kind == ARTIST else user_form(page)
    change = next(b for b in form.findChildren(QPushButton) if b.accessibleName() == button)
    change.click()
    dialogs = [d for d in page.findChildren(ImageEditorDialog) if d.isVisible()]
    assert len(dialogs) == 1
    editor = dialogs[0]
    assert editor.doc is doc(page, kind)
    assert (editor.field, editor.target_key, editor.upload_kind) == (field, target, upload_kind)
    editor.reject()


def test_switching_profile_flushes_and_opens_the_other(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_page(qtbot, ctx, session)
    first = doc(page, ARTIST)
    qtbot.keyClicks(artist_form(page).boxes["profile.city"].editor, " East")
    page.set_target(session, session.artists[1])
    qtbot.waitUntil(
        lambda: (
            page.document(ARTIST) is not None
            and doc(page, ARTIST).entity_id == str(session.artists[1].id)
        ),
        timeout=WAIT_MS,
    )
    assert artist_form(page).name_edit.text() == session.artists[1].name
    assert first.stack not in ctx.undo_group.stacks()
    store = ctx.store
    assert store is not None
    qtbot.waitUntil(
        lambda: (
            (r := store.load_draft(session.store_account, ARTIST, first.entity_id)) is not None
            and r.draft["city"] == "Toronto East"
        ),
        timeout=WAIT_MS,
    )


# --- editing, undo, autosave, restart ------------------------------------------------------


def test_edits_push_undo_steps_reach_the_store_and_survive_a_restart(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_page(qtbot, ctx, session)
    form = artist_form(page)
    document = doc(page, ARTIST)
    city = form.boxes["profile.city"].editor
    city.setFocus()
    qtbot.keyClicks(city, "-Centre")
    assert document.value("city") == "Toronto-Centre"
    assert document.stack.count() == 1  # typing merged into one step
    assert form.genres is not None
    qtbot.keyClicks(form.genres.input, "Drill")
    qtbot.keyClick(form.genres.input, Qt.Key.Key_Return)
    assert document.value("genres")[-1] == "Drill"
    assert [chip.name for chip in form.genres.chips][-1] == "Drill"
    assert document.stack.count() == 2
    ctx.undo_group.undo()
    assert "Drill" not in document.value("genres")
    ctx.undo_group.redo()
    assert document.value("genres")[-1] == "Drill"
    uform = user_form(page)
    qtbot.keyClicks(uform.boxes["user.first_name"].editor, "h")
    wait_saved(qtbot, document)
    wait_saved(qtbot, doc(page, USER))
    page.close()

    ctx2 = make_ctx()  # restart: a new context on the same store file
    page2 = open_page(qtbot, ctx2, session)
    restored = doc(page2, ARTIST)
    assert restored.restored
    assert restored.value("city") == "Toronto-Centre"
    assert artist_form(page2).boxes["profile.city"].editor.text() == "Toronto-Centre"  # type: ignore[attr-defined]
    assert "Drill" in [chip.name for chip in artist_form(page2).genres.chips]  # type: ignore[union-attr]
    assert doc(page2, USER).value("first_name") == "Nadiah"
    assert "restored" in page2.banner.text()
    # once published (the base catches up with the draft) the note has done its job
    restored.rebase(restored.draft, restored.draft)
    assert page2.banner.text() == "" and page2.banner.isHidden()


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


# --- server errors, hostile text, offline -----------------------------------------------------


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


def test_offline_opens_the_last_known_state(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    session = session_for(sandbox)
    page = open_page(qtbot, ctx, session)
    store = ctx.store
    assert store is not None
    artist_id = str(session.artists[0].id)
    qtbot.waitUntil(
        lambda: (
            store.load_snapshot(session.store_account, ARTIST, artist_id) is not None
            and store.load_snapshot(session.store_account, USER, str(session.user.id)) is not None
        ),
        timeout=WAIT_MS,
    )
    page.close()
    ctx.tasks.shutdown()  # let requests in flight finish before the server goes
    sandbox.stop()  # the server is gone
    online: list[bool] = []
    ctx2 = make_ctx()
    ctx2.signals.online_changed.connect(online.append)
    page2 = open_page(qtbot, ctx2, session)
    assert "offline" in page2.banner.text().lower()
    assert "last known state" in page2.banner.text()
    assert artist_form(page2).name_edit.text() == "Nova Beats"
    assert doc(page2, ARTIST).value("city") == "Toronto"
    assert online and online[-1] is False
    # Edits still work and are kept locally.
    qtbot.keyClicks(artist_form(page2).boxes["profile.city"].editor, "!")
    wait_saved(qtbot, doc(page2, ARTIST))
    record = store2_draft(ctx2, session, artist_id)
    assert record == "Toronto!"


def store2_draft(ctx: AppContext, session: Session, artist_id: str) -> str:
    assert ctx.store is not None
    record = ctx.store.load_draft(session.store_account, ARTIST, artist_id)
    assert record is not None
    return str(record.draft["city"])


def test_accessible_names_buddies_and_find(qtbot: QtBot, make_ctx, sandbox) -> None:
    ctx = make_ctx()
    page = open_page(qtbot, ctx, session_for(sandbox))
    for kind in (ARTIST, USER):
        form = page.form(kind)
        assert form is not None
        for widget in form.findChildren(QWidget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(form):
                assert widget.accessibleName(), f"{type(widget).__name__} has no accessible name"
        buddies = [label.buddy() for label in form.findChildren(QLabel) if label.buddy()]
        assert len(buddies) >= 6
    page.find()
    assert page.finder.hasFocus()
    hint = page.finder.placeholderText()
    assert page.finder.width() > page.finder.fontMetrics().horizontalAdvance(hint)  # not cut
    page.go_to_field("Biography")
    assert artist_form(page).bio.editor.hasFocus()
    page.go_to_field("Username (User profile)")
    assert user_form(page).boxes["user.username"].editor.hasFocus()
    published: list[bool] = []
    page.publishRequested.connect(lambda: published.append(True))
    page.publish()
    qtbot.waitUntil(lambda: published == [True], timeout=WAIT_MS)


def test_in_the_main_window(qtbot: QtBot, make_studio, sandbox) -> None:
    """Installed the way app.py does it: the window's undo, save, publish and find reach it,
    and the producer-profile switcher opens the other profile's draft."""
    from shell_helpers import sign_in_with_password, wait_signed_in

    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, PRODUCER, "demo-producer")
    wait_signed_in(qtbot, studio)
    window = studio.window
    page = ProfilePage(studio.ctx)
    window.set_section_page("profile", page)
    window.select_section("profile")
    qtbot.waitUntil(lambda: len(page.documents()) == 2, timeout=WAIT_MS)
    assert window.current_page() is page
    assert window.save_action.isEnabled() and window.publish_action.isEnabled()
    city = artist_form(page).boxes["profile.city"].editor
    qtbot.keyClicks(city, "!")
    assert doc(page, ARTIST).value("city") == "Toronto!"
    window.undo_action.trigger()
    assert doc(page, ARTIST).value("city") == "Toronto"
    window.redo_action.trigger()
    assert doc(page, ARTIST).value("city") == "Toronto!"
    # Ctrl+Z / Ctrl+Shift+Z typed in the field undo the document, and the field follows.
    city.setFocus()
    qtbot.keyClick(city, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc(page, ARTIST).value("city") == "Toronto" == city.text()
    qtbot.keyClick(
        city, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert doc(page, ARTIST).value("city") == "Toronto!" == city.text()
    published: list[bool] = []
    page.publishRequested.connect(lambda: published.append(True))
    window.publish_action.trigger()
    qtbot.waitUntil(lambda: published == [True], timeout=WAIT_MS)
    window.save_action.trigger()
    qtbot.waitUntil(lambda: doc(page, ARTIST).is_saved, timeout=WAIT_MS)
    window.switcher.setCurrentIndex(1)
    second = studio.ctx.session.artists[1]  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: page.document(ARTIST) is not None and doc(page, ARTIST).entity_id == str(second.id),
        timeout=WAIT_MS,
    )
    assert studio.ctx.undo_group.activeStack() is doc(page, ARTIST).stack
