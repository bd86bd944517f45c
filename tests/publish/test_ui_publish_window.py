"""Publishing wired into the real main window and profile page with ``install_publishing``
(the way the app does it), against the sandbox."""

from __future__ import annotations

from typing import Any

from publish_rig import WAIT_MS, Rig, make_ctx

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
