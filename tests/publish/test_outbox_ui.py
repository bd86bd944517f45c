"""The outbox view reached from the publisher (Ctrl+Shift+O), against the real sandbox:
statuses, Show details, Retry now, Discard with its confirmation, keyboard and accessible
names; the outbox count covers publishes and uploads; an unlisted country is not published."""

from __future__ import annotations

from typing import Any

import pytest
from publish_rig import WAIT_MS, FakePage, Rig, fast_backoff, make_ctx, workspace_doc
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton

from studio.ui.models.outbox import STATUS, WHAT, OutboxModel
from studio.ui.outbox_view import EMPTY_TEXT, OutboxView
from studio.ui.publish import Publisher
from studio.ui.publish.install import OUTBOX_SHORTCUT, install_publishing

# The offscreen platform cannot raise windows (the view raises itself when opened).
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")
BAD_LINK = {"url": "javascript:alert(1)", "title": "Bad <b>link</b>"}


@pytest.fixture
def ui(rig: Rig, qtbot: Any) -> Any:
    class UI:
        ctx = make_ctx(rig)
        window = QMainWindow()
        doc = workspace_doc(ctx, rig, qtbot)
        page = FakePage([doc])

    qtbot.addWidget(UI.window)
    publisher = install_publishing(UI.ctx, UI.window, UI.page)
    assert isinstance(publisher, Publisher)
    publisher.runner._backoff = fast_backoff()
    UI.publisher = publisher  # type: ignore[attr-defined]
    return UI


def open_view(ui: Any, qtbot: Any) -> OutboxView:
    action = ui.window.findChild(QAction, "showOutbox")
    assert action is not None and action.shortcut().toString() == OUTBOX_SHORTCUT
    with qtbot.waitSignal(ui.publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        action.trigger()
    view = blocker.args[0]
    assert isinstance(view, OutboxView) and view.isVisible() and not view.isModal()
    return view


def status(view: OutboxView, row: int = 0) -> str:
    return str(view.model.index(row, STATUS).data())


def confirm(view: OutboxView, qtbot: Any, answer: str) -> None:
    qtbot.waitUntil(lambda: view.confirm_box is not None, timeout=WAIT_MS)
    box = view.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    [button] = [b for b in box.buttons() if b.text() == answer]
    button.click()
    qtbot.waitUntil(lambda: view.confirm_box is None, timeout=WAIT_MS)


def test_refused_publish_shows_details_retries_and_discards(ui: Any, rig: Rig, qtbot: Any) -> None:
    ui.publisher._show_problem = lambda *_: None  # the problem box is tested elsewhere
    ui.doc.add_link(BAD_LINK["url"], BAD_LINK["title"])
    runner = ui.publisher.runner
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS):
        runner.enqueue(ui.doc.kind, ui.doc.entity_id, ui.doc.base, ui.doc.draft)
    view = open_view(ui, qtbot)
    qtbot.waitUntil(lambda: status(view).startswith("Needs you:"), timeout=WAIT_MS)
    assert view.model.index(0, WHAT).data() == "Producer page Nova Beats: Links"
    assert view.table.accessibleName() == "Outbox items"
    for button in view.findChildren(QPushButton):
        assert button.accessibleName() or button.text()
    assert view.selected() is not None and view.retry_button.isEnabled()

    view.details_button.click()
    html = view.details.toHtml()
    assert "Last error" in html and "Bad &lt;b&gt;link&lt;/b&gt;" in html and "<b>link" not in html

    attempts = view.selected().attempts  # type: ignore[union-attr]
    view.retry_button.click()
    qtbot.waitUntil(
        lambda: view.selected() is not None and view.selected().attempts == attempts + 1,  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # Delete asks first …
    confirm(view, qtbot, "Keep it")
    assert len(rig.outbox()) == 1  # … and "Keep it" keeps it
    view.discard_button.click()
    confirm(view, qtbot, "Discard")
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)
    qtbot.waitUntil(view.empty.isVisible, timeout=WAIT_MS)
    assert view.empty.text() == EMPTY_TEXT and not view.discard_button.isEnabled()
    assert ui.doc.value("links")[-1]["title"] == BAD_LINK["title"]  # the draft keeps it

    ui.window.findChild(QAction, "showOutbox").trigger()  # a second open raises the same view
    assert ui.publisher.outbox_view is view


def test_outbox_shows_a_plan_step_by_step_and_discarding_deletes_its_uploads(
    ui: Any, rig: Rig, qtbot: Any
) -> None:
    """A plan whose first picture is uploaded and whose second the server refuses for good:
    the outbox lists it with its steps (done, refused with the reason, waiting); Discard
    takes it out and deletes the uploaded picture on BeatPass."""
    import io

    from PIL import Image

    from studio.publish import local_files

    def picture(color: tuple[int, int, int], name: str) -> str:
        buf = io.BytesIO()
        Image.new("RGB", (900, 900), color).save(buf, "PNG")
        return local_files.keep(ui.ctx.paths.data, buf.getvalue(), "png", name=name)

    counts: list[int] = []
    ui.ctx.signals.outbox_changed.connect(counts.append)
    ui.doc.add_image(picture((1, 100, 1), "first.png"))
    ui.doc.add_image(picture((100, 1, 1), "second.png"))
    ui.doc.add_link(BAD_LINK["url"], BAD_LINK["title"])  # the write will be refused (422)
    runner = ui.publisher.runner
    runner.stepDone.connect(
        lambda _item, step: (
            rig.sandbox.set_faults(fail_next=1, fail_status=422) if step == 0 else None
        )
    )
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS):
        runner.enqueue(ui.doc.kind, ui.doc.entity_id, ui.doc.base, ui.doc.draft)
    qtbot.waitUntil(lambda: bool(counts) and counts[-1] == 1, timeout=WAIT_MS)
    view = open_view(ui, qtbot)
    assert view.model.index(0, WHAT).data() == (
        "Producer page Nova Beats: Links, Gallery (2 pictures to upload)"
    )
    qtbot.waitUntil(lambda: "1 of 2 pictures uploaded" in status(view), timeout=WAIT_MS)
    view.details_button.click()
    text = view.details.toPlainText()
    assert "Upload first.png (gallery picture): done" in text
    assert "Upload second.png (gallery picture): refused — " in text
    assert "Publish the changes: waiting" in text
    rig.sandbox.clear_requests()
    view.discard_button.click()
    confirm(view, qtbot, "Discard")
    qtbot.waitUntil(
        lambda: len(rig.sandbox.requests("DELETE", "/file-entries")) == 1, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: counts[-1] == 0, timeout=WAIT_MS)
    assert rig.outbox() == []


def test_unlisted_country_is_kept_but_not_published(ui: Any, rig: Rig, qtbot: Any) -> None:
    ui.doc.set_field("country", "Atlantis")
    messages: list[str] = []
    ui.ctx.signals.message.connect(messages.append)
    assert ui.publisher.review() is None
    assert ui.page.errors == [
        ("artist", {"profile.country": ["“Atlantis” is not in the country list; pick one "
                                        "from the list."]})
    ]  # fmt: skip
    assert messages[-1].startswith("Publishing did not start: 1 field needs fixing first")
    assert "your edits are kept" in messages[-1]
    assert ui.doc.value("country") == "Atlantis" and rig.outbox() == []
    ui.doc.set_field("country", "Portugal")
    dialog = ui.publisher.review()
    assert dialog is not None
    dialog.reject()


def test_empty_outbox_is_one_framed_message_under_the_intro(qtbot: Any) -> None:
    view = OutboxView(OutboxModel(), runner=None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.empty.isVisible() and view.empty.text() == EMPTY_TEXT
    assert not view.table.isVisible() and not view.details.isVisible()
    intro = view.intro  # one line of text at the top, not centred in a stretched box
    assert intro.height() <= intro.heightForWidth(intro.width()) + view.layout().spacing()
    gap = view.empty_panel.geometry().top() - intro.geometry().bottom()
    assert gap <= view.layout().spacing() + 1  # the message's panel sits right under it
    # the panel takes the list's place, down to the buttons
    assert view.empty_panel.geometry().bottom() + view.layout().spacing() + 1 >= (
        view.retry_button.geometry().top()
    )


def test_a_closed_outbox_view_hears_nothing_more(ui: Any, rig: Rig, qtbot: Any) -> None:
    """Closing the view deletes it; the outbox changing afterwards reaches no dead widget."""
    view = open_view(ui, qtbot)
    assert view.empty.isVisible()
    [close] = [b for b in view.findChildren(QPushButton) if b.text().replace("&", "") == "Close"]
    gone: list[bool] = []
    view.destroyed.connect(lambda *_: gone.append(True))
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(gone), timeout=WAIT_MS)
    assert ui.publisher.outbox_view is None
    ui.publisher._show_problem = lambda *_: None
    ui.doc.add_link(BAD_LINK["url"], BAD_LINK["title"])
    runner = ui.publisher.runner
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS):  # rows come and change
        runner.enqueue(ui.doc.kind, ui.doc.entity_id, ui.doc.base, ui.doc.draft)
    assert ui.publisher.outbox_model.rowCount() == 1
    again = open_view(ui, qtbot)  # a new view, showing the waiting publish
    assert again is not view and again.table.isVisible()
