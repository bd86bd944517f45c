"""The publish flow in the UI, driven like a user would (dialogs opened with ``open()``),
against the real sandbox: review, conflicts, field errors, re-sign-in, outage status."""

from __future__ import annotations

from typing import Any

import pytest
from publish_rig import (
    PASSWORD,
    PRODUCER,
    WAIT_MS,
    FakePage,
    Rig,
    fast_backoff,
    make_ctx,
    workspace_doc,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QPlainTextEdit

from studio.publish import OFFLINE_TEXT
from studio.ui.preview import ImageLoader
from studio.ui.publish import ConflictDialog, Publisher, ReauthDialog, ReviewDialog
from studio.ui.publish.install import install_publishing
from studio.ui.publish.render import image_name
from studio.ui.publish.thumbs import LOADING, NONE, SHOWN, STATE_ROLE


@pytest.fixture
def ui(rig: Rig, qtbot: Any) -> Any:
    class UI:
        ctx = make_ctx(rig)
        window = QMainWindow()
        doc = workspace_doc(ctx, rig, qtbot)
        user_doc = workspace_doc(ctx, rig, qtbot, "user")
        page = FakePage([doc, user_doc])

    qtbot.addWidget(UI.window)
    publisher = install_publishing(UI.ctx, UI.window, UI.page)
    assert isinstance(publisher, Publisher)
    publisher.runner._backoff = fast_backoff()
    UI.publisher = publisher  # type: ignore[attr-defined]
    UI.runner = publisher.runner  # type: ignore[attr-defined]
    return UI


def open_review(ui: Any, qtbot: Any) -> ReviewDialog:
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        ui.page.publishRequested.emit()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog) and dialog.isVisible()
    return dialog


def test_review_lists_exactly_the_changed_fields_and_cancel_sends_nothing(
    ui: Any, rig: Rig, qtbot: Any
) -> None:
    ui.doc.set_field("description", "New <script>alert(1)</script> bio")
    ui.doc.add_link("https://bandcamp.com/nova", "Bandcamp")
    ui.user_doc.set_field("city", "Québec")
    dialog = open_review(ui, qtbot)
    assert dialog.fields() == [
        ("Producer page: Nova Beats", "description"),
        ("Producer page: Nova Beats", "links"),
        ("Your user profile", "city"),
    ]
    assert dialog.tree.topLevelItemCount() == 2
    html = dialog.details.toHtml()
    assert "&lt;script&gt;" in html and "<script>" not in html  # shown as typed, not rendered
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: ui.publisher.review_dialog is None, timeout=WAIT_MS)
    qtbot.wait(50)
    assert rig.outbox() == []
    assert ui.doc.is_dirty and ui.user_doc.is_dirty  # nothing lost
    assert rig.server_artist()["description"] != ui.doc.value("description")


def test_confirm_publishes_both_documents(ui: Any, rig: Rig, qtbot: Any) -> None:
    ui.doc.set_field("city", "Calgary")
    ui.user_doc.set_field("last_name", "Okoro-Reid")
    dialog = open_review(ui, qtbot)
    statuses: list[str] = []
    ui.runner.statusChanged.connect(statuses.append)
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: not ui.doc.is_dirty and not ui.user_doc.is_dirty, timeout=WAIT_MS)
    assert rig.server_artist()["city"] == "Calgary"
    assert rig.server_user()["last_name"] == "Okoro-Reid"
    assert "Publishing 1 of 2…" in statuses and "Publishing 2 of 2…" in statuses
    qtbot.waitUntil(lambda: ui.runner.count == 0, timeout=WAIT_MS)


def test_conflict_view_lets_the_user_take_theirs(ui: Any, rig: Rig, qtbot: Any) -> None:
    from studio.core.drafts import artist_payload

    ui.doc.set_field("description", "Mine")
    ui.doc.set_field("country", "France")
    theirs = rig.server_artist()
    theirs["description"] = "Theirs"
    rig.fresh_client().update_artist(int(rig.artist_id), artist_payload(theirs))
    review = open_review(ui, qtbot)
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        review.publish_button.click()
    dialog = blocker.args[0]
    assert isinstance(dialog, ConflictDialog)
    assert [c.field for c, _group in dialog.groups] == ["description"]
    intro = dialog.findChild(QLabel)
    assert intro is not None and "1 change clashes with yours" in intro.text()
    shown = [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)]
    assert "Mine" in shown and "Theirs" in shown  # both values visible
    dialog.choose(0, "theirs")
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: not ui.doc.is_dirty, timeout=WAIT_MS)
    server = rig.server_artist()
    assert (server["description"], server["country"]) == ("Theirs", "France")
    assert ui.doc.value("description") == "Theirs"


def test_decide_later_keeps_the_item(ui: Any, rig: Rig, qtbot: Any) -> None:
    from studio.core.drafts import artist_payload

    ui.doc.set_field("description", "Mine")
    theirs = rig.server_artist()
    theirs["description"] = "Theirs"
    rig.fresh_client().update_artist(int(rig.artist_id), artist_payload(theirs))
    review = open_review(ui, qtbot)
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        review.publish_button.click()
    blocker.args[0].later_button.click()
    qtbot.waitUntil(lambda: bool(rig.outbox()) and rig.outbox()[0].waits_for_user, timeout=WAIT_MS)
    assert ui.doc.value("description") == "Mine"
    # Retry now brings the choice back; keeping mine publishes it.
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as again:
        ui.publisher.indicator.retry_action.trigger()
    again.args[0].choose_all("mine")
    again.args[0].publish_button.click()
    qtbot.waitUntil(lambda: not ui.doc.is_dirty, timeout=WAIT_MS)
    assert rig.server_artist()["description"] == "Mine"


def test_server_field_errors_reach_the_page_and_discard_drops_the_item(
    ui: Any, rig: Rig, qtbot: Any
) -> None:
    ui.user_doc.set_field("username", "fan_01")  # valid here; only the server knows it is taken
    review = open_review(ui, qtbot)
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        review.publish_button.click()
    box = blocker.args[0]
    assert ui.page.errors and ui.page.errors[0][0] == "user"
    assert "taken" in " ".join(ui.page.errors[0][1]["user.username"])
    qtbot.waitUntil(lambda: any(i.waits_for_user for i in rig.outbox()), timeout=WAIT_MS)
    indicator = ui.publisher.indicator
    qtbot.waitUntil(lambda: indicator.text() == "1 publish needs your attention", timeout=WAIT_MS)
    discard = next(b for b in box.buttons() if b.text() == "Discard this publish")
    discard.click()
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)
    assert ui.user_doc.is_dirty


def test_local_field_errors_stop_before_the_review(ui: Any, rig: Rig, qtbot: Any) -> None:
    """A draft the editor already marks invalid is not offered for publishing: no review, no
    request; the errors go to their fields and the status says why."""
    ui.doc.set_field("city", "Calgary")  # a valid change beside the invalid ones
    ui.doc.add_link("javascript:alert(1)", "Bad")
    ui.user_doc.set_field("username", "bad name!")
    messages: list[str] = []
    ui.ctx.signals.message.connect(messages.append)
    opened: list[object] = []
    ui.publisher.dialogOpened.connect(opened.append)
    ui.page.publishRequested.emit()
    assert ui.publisher.review_dialog is None and opened == []
    index = len(ui.doc.value("links")) - 1
    # the last one shown is the first document's, so that is the one left in view
    assert [kind for kind, _errors in ui.page.errors] == ["user", "artist"]
    assert list(ui.page.errors[0][1]) == ["user.username"]
    assert list(ui.page.errors[1][1]) == [f"links.{index}.url"]
    assert messages[-1].startswith("Publishing did not start: 2 fields need fixing first. ")
    assert "Nothing was sent" in messages[-1]
    qtbot.wait(50)
    assert rig.outbox() == [] and rig.server_artist()["city"] != "Calgary"
    assert ui.doc.value("links")[-1]["url"] == "javascript:alert(1)"  # kept as typed
    ui.doc.remove_item("links", index)
    ui.user_doc.set_field("username", "nova_beats_2")
    dialog = open_review(ui, qtbot)  # fixed: the review opens
    dialog.reject()


@pytest.mark.parametrize("mode", ["password", "token"])
def test_expired_token_asks_to_sign_in_again_then_resumes(
    ui: Any, rig: Rig, qtbot: Any, mode: str
) -> None:
    ui.doc.set_field("description", "After re-sign-in")
    rig.sandbox.expire_token(rig.client.token or "")
    review = open_review(ui, qtbot)
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        review.publish_button.click()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReauthDialog)
    [item] = rig.outbox()
    if mode == "password":
        dialog.email.setText(PRODUCER)
        dialog.password.setText("wrong password")
        dialog.sign_in_button.click()
        qtbot.waitUntil(dialog.error.isVisible, timeout=WAIT_MS)
        dialog.password.setText(PASSWORD)
    else:
        dialog.tabs.setCurrentIndex(1)
        dialog.token.setText(rig.sandbox.token_for(PRODUCER))
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: not ui.doc.is_dirty, timeout=WAIT_MS)
    assert rig.server_artist()["description"] == "After re-sign-in"
    history = rig.store.history(rig.account, "artist", rig.artist_id)
    assert history[0]["outbox_id"] == item.id  # the same outbox item completed
    assert ui.ctx.vault.load(rig.sandbox.base_url, ui.ctx.session.account) == rig.client.token


def test_indicator_shows_offline_then_delivers(ui: Any, rig: Rig, qtbot: Any) -> None:
    """The server goes away: the indicator says Offline (and the status bar's online state
    follows); Retry while it is still away stays Offline; once it is back, Retry delivers."""
    ui.doc.set_field("city", "Winnipeg")
    states: list[bool] = []
    ui.ctx.signals.online_changed.connect(states.append)
    rig.stop_server()
    review = open_review(ui, qtbot)
    review.publish_button.click()
    indicator = ui.publisher.indicator
    qtbot.waitUntil(lambda: indicator.text() == OFFLINE_TEXT, timeout=WAIT_MS)
    assert indicator.isVisibleTo(ui.window)
    assert states and states[-1] is False
    counts: list[int] = []
    ui.ctx.signals.outbox_changed.connect(counts.append)
    rig.restart_server()
    indicator.retry_action.trigger()
    qtbot.waitUntil(lambda: not ui.doc.is_dirty, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(counts) and counts[-1] == 0, timeout=WAIT_MS)
    assert rig.server_artist()["city"] == "Winnipeg"
    assert states[-1] is True
    assert not indicator.isVisibleTo(ui.window)


def _png(color: tuple[int, int, int]) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(*color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_avatar_change_shows_before_and_after_thumbnails(ui: Any, rig: Rig, qtbot: Any) -> None:
    """The pictures come from the sandbox in the background; the file names stay as text."""
    before = ui.doc.value("image_small")
    after = ui.doc.value("cover_image")  # another real picture of the sandbox
    assert before and after and before != after
    ui.doc.set_image("image_small", after)
    dialog = open_review(ui, qtbot)
    row = dialog.tree.topLevelItem(0).child(0)
    assert row.text(0) == "Avatar"
    assert row.text(1) == image_name(before) and row.text(2) == image_name(after)
    thumbs = dialog.thumbnails
    assert thumbs is not None and len(thumbs.states()) == 2
    assert set(thumbs.states()) <= {LOADING, SHOWN}
    qtbot.waitUntil(lambda: thumbs.states() == [SHOWN, SHOWN], timeout=WAIT_MS)
    for column in (1, 2):
        assert row.data(column, STATE_ROLE) == SHOWN and not row.icon(column).isNull()
    dialog.reject()


def test_thumbnails_load_without_blocking_the_review(ui: Any, rig: Rig, qtbot: Any) -> None:
    """The review opens with placeholders while the pictures are still on their way (the
    fetch is held on a worker thread); they appear once it answers; a picture that cannot
    be fetched leaves its file name."""
    import threading

    gate = threading.Event()
    fetched: list[str] = []

    def fetch(source: str) -> bytes:
        fetched.append(source)
        if not gate.wait(WAIT_MS / 1000):
            raise TimeoutError("test gate")
        if "missing" in source:
            raise OSError("404")
        return _png((200, 40, 40))

    ui.publisher.images = ImageLoader(ui.ctx.tasks, fetch=fetch, parent=ui.publisher)
    ui.doc.set_image("cover_image", "https://cdn.example.test/covers/new-cover.png")
    ui.doc.add_item("profile_images", {"url": "https://cdn.example.test/missing.png"})
    dialog = open_review(ui, qtbot)  # returned while every fetch waits on the gate
    thumbs = dialog.thumbnails
    assert thumbs is not None
    assert thumbs.states() == [LOADING, LOADING, LOADING]
    cover = dialog.tree.topLevelItem(0).child(0)
    assert cover.text(2) == "new-cover.png" and not cover.icon(2).isNull()  # a placeholder
    gate.set()
    qtbot.waitUntil(lambda: LOADING not in thumbs.states(), timeout=WAIT_MS)
    assert thumbs.states() == [SHOWN, SHOWN, NONE]
    gallery = dialog.tree.topLevelItem(0).child(1).child(0)
    assert "missing.png" in gallery.text(0) and gallery.icon(0).isNull()
    assert len(fetched) == 3
    dialog.reject()


def test_a_replaced_word_reads_apart_from_its_replacement() -> None:
    from studio.ui.publish.render import word_diff_html

    html = word_diff_html("Canada", "Brazil")
    assert ">Canada</span> <span" in html and html.index("Canada") < html.index("Brazil")


def test_review_says_pictures_are_uploaded_first_and_keeps_tooltips_short(
    ui: Any, rig: Rig, qtbot: Any
) -> None:
    import io

    from PIL import Image

    from studio.publish import local_files

    buf = io.BytesIO()
    Image.new("RGB", (900, 900), (3, 120, 3)).save(buf, "PNG")
    ref = local_files.keep(ui.ctx.paths.data, buf.getvalue(), "png", name="green.png")
    ui.doc.add_image(ref)
    ui.doc.set_image("image_small", ref)  # the same file twice: uploaded once
    ui.doc.set_field("description", "word " * 900)  # 4,500 characters (under the limit)
    dialog = open_review(ui, qtbot)
    top = dialog.tree.topLevelItem(0)
    texts = [top.child(i).text(0) for i in range(top.childCount())]
    assert any(t.startswith("First, 1 new picture is uploaded") for t in texts), texts
    bio = next(top.child(i) for i in range(top.childCount()) if top.child(i).text(0) == "Biography")
    assert len(bio.toolTip(2)) <= 2000 and bio.toolTip(2).endswith("…")
    dialog.reject()
