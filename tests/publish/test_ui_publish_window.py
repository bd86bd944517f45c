"""Publishing wired into the real main window and profile page with ``install_publishing``
(the way the app does it), against the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from publish_rig import WAIT_MS, Rig, make_ctx
from PySide6.QtCore import Qt

from studio.ui.icons import IconSet
from studio.ui.main_window import MainWindow
from studio.ui.profile.forms import UserForm
from studio.ui.profile.page import ProfilePage
from studio.ui.publish import Publisher, ReviewDialog, install_publishing
from studio.ui.session import SessionController


def test_publish_action_of_the_window_reviews_and_publishes(
    rig: Rig, qtbot: Any, qapp: Any
) -> None:
    ctx = make_ctx(rig)
    ctx.artist = next(a for a in ctx.session.artists if str(a.id) == rig.artist_id)
    window = MainWindow(ctx, SessionController(ctx), IconSet(qapp.palette()))
    qtbot.addWidget(window)
    publisher = install_publishing(ctx, window)  # before the page exists, as app.py may do
    assert isinstance(publisher, Publisher)
    page = ProfilePage(ctx)
    window.set_section_page("profile", page)
    window.select_section("profile")
    window.show()
    qtbot.waitUntil(lambda: page.document("artist") is not None, timeout=WAIT_MS)
    doc = page.document("artist")
    assert doc is not None
    doc.set_field("description", "Published from the main window.")
    qtbot.waitUntil(window.publish_action.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        window.publish_action.trigger()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog)
    assert dialog.fields() == [("Producer page: Nova Beats", "description")]
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    assert rig.server_artist()["description"] == "Published from the main window."
    qtbot.waitUntil(lambda: window.status.outbox_count == 0 and publisher.runner.count == 0)
    for d in page.documents():
        d.flush()


def test_publish_with_an_invalid_username_points_at_the_field(
    rig: Rig, qtbot: Any, qapp: Any
) -> None:
    ctx = make_ctx(rig)
    ctx.artist = next(a for a in ctx.session.artists if str(a.id) == rig.artist_id)
    window = MainWindow(ctx, SessionController(ctx), IconSet(qapp.palette()))
    qtbot.addWidget(window)
    publisher = install_publishing(ctx, window)
    assert isinstance(publisher, Publisher)
    page = ProfilePage(ctx)
    window.set_section_page("profile", page)
    window.select_section("profile")
    window.show()
    qtbot.waitUntil(lambda: len(page.documents()) == 2, timeout=WAIT_MS)
    user = page.document("user")
    form = page.form("user")
    assert user is not None and isinstance(form, UserForm)
    user.set_field("username", "no spaces allowed")
    messages: list[str] = []
    ctx.signals.message.connect(messages.append)
    qtbot.waitUntil(window.publish_action.isEnabled, timeout=WAIT_MS)
    window.publish_action.trigger()  # asks once the focused field's edit has landed
    qtbot.waitUntil(
        lambda: "Publishing did not start" in window.message_line.text(),
        timeout=WAIT_MS,
    )
    assert publisher.review_dialog is None
    assert page.tabs.currentWidget() is page.slots["user"]
    username = form.boxes["user.username"]
    assert window.focusWidget() is username.editor  # the window's focus, active or not
    assert any("letters, digits and underscores" in m for m in username.errors())
    assert "Publishing did not start" in window.message_line.text()
    assert messages and "letters, digits and underscores" in messages[-1]
    assert rig.outbox() == [] and user.value("username") == "no spaces allowed"
    for d in page.documents():
        d.flush()


def test_the_live_preview_follows_what_the_publish_returned(
    rig: Rig, qtbot: Any, qapp: Any
) -> None:
    ctx = make_ctx(rig)
    ctx.artist = next(a for a in ctx.session.artists if str(a.id) == rig.artist_id)
    window = MainWindow(ctx, SessionController(ctx), IconSet(qapp.palette()))
    qtbot.addWidget(window)
    publisher = install_publishing(ctx, window)
    assert isinstance(publisher, Publisher)
    page = ProfilePage(ctx)
    window.set_section_page("profile", page)
    window.select_section("profile")
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: page.document("artist") is not None, timeout=WAIT_MS)
    doc = page.document("artist")
    assert doc is not None
    preview = page.preview
    before = rig.server_artist()["description"]
    # the live page has been fetched from the server, and the user looks at Live
    qtbot.waitUntil(lambda: preview.status.text() == "Draft: how the page will look after "
                    "you publish.", timeout=WAIT_MS)  # fmt: skip
    (live_switch,) = [b for b in preview.switches["source"].buttons() if b.text() == "Live"]
    qtbot.mouseClick(live_switch, Qt.MouseButton.LeftButton)
    assert preview.mode.source == "live"
    bio = preview.artist_page.discography.bio  # type: ignore[union-attr]
    assert bio.label.text().split()[:3] == before.split()[:3]

    doc.set_field("description", "Published, and Live shows it at once.")
    qtbot.waitUntil(window.publish_action.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        window.publish_action.trigger()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    assert rig.server_artist()["description"] == "Published, and Live shows it at once."
    qtbot.waitUntil(
        lambda: bio.label.text() == "Published, and Live shows it at once.", timeout=WAIT_MS
    )
    assert preview.mode.source == "live"
    qtbot.waitUntil(lambda: publisher.runner.count == 0, timeout=WAIT_MS)
    for d in page.documents():
        d.flush()


def test_the_review_names_a_new_picture_by_the_picked_file_and_shows_it_large(
    rig: Rig, qtbot: Any, qapp: Any, tmp_path: Path
) -> None:
    from PIL import Image
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QPushButton

    from studio.ui.images import ImageEditorDialog
    from studio.ui.publish.render import image_name
    from studio.ui.publish.thumbs import LARGE_HEIGHT

    ctx = make_ctx(rig)
    ctx.artist = next(a for a in ctx.session.artists if str(a.id) == rig.artist_id)
    window = MainWindow(ctx, SessionController(ctx), IconSet(qapp.palette()))
    qtbot.addWidget(window)
    publisher = install_publishing(ctx, window)
    assert isinstance(publisher, Publisher)
    page = ProfilePage(ctx)
    window.set_section_page("profile", page)
    window.select_section("profile")
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: page.form("artist") is not None, timeout=WAIT_MS)
    doc = page.document("artist")
    assert doc is not None
    old = doc.value("image_small")
    # the user picks "My new avatar.jpg" in the image editor and applies it
    picked = tmp_path / "My new avatar.jpg"
    Image.new("RGB", (600, 600), (200, 40, 90)).save(picked, "JPEG")
    form = page.form("artist")
    change = next(
        b for b in form.findChildren(QPushButton) if b.accessibleName() == "Change avatar"
    )
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    (editor,) = [d for d in page.findChildren(ImageEditorDialog) if d.isVisible()]
    editor.load_file(picked)  # what choosing the file or dropping it does
    qtbot.waitUntil(editor.apply_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: doc.value("image_small") != old, timeout=WAIT_MS)
    new = doc.value("image_small")
    assert new.startswith("local:") and "My new avatar" not in new  # kept under its hash
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())

    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        window.publish_action.trigger()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog)
    top = dialog.tree.topLevelItem(0)
    (row,) = [top.child(i) for i in range(top.childCount()) if top.child(i).text(0) == "Avatar"]
    assert row.text(1) == image_name(old)
    assert row.text(2) == "My new avatar.jpg"
    tree = dialog.tree
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(row).center()
    )
    assert tree.currentItem() is row

    def both_shown() -> bool:
        return len(dialog.pictures) == 2 and all(
            isinstance(image, QImage) and image.height() == LARGE_HEIGHT
            for _caption, image in dialog.pictures
        )

    qtbot.waitUntil(both_shown, timeout=WAIT_MS)
    assert [caption for caption, _image in dialog.pictures] == [
        f"Before: {image_name(old)}",
        "After: My new avatar.jpg",
    ]
    shown = dialog.details.toPlainText()
    assert "After: My new avatar.jpg" in shown and "<img" in dialog.details.toHtml()
    dialog.reject()
    for d in page.documents():
        d.flush()
