"""The wizard's parts: attachments checked before they are kept (bad files refused with a
clear message, nothing else lost), discarding a draft (undoable), the checklist taking you
to what is missing, the claim target checked again when a draft is reopened, and field
boxes that never flash up as windows of their own."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from applications_helpers import click, open_wizard, signed_in, type_into
from PIL import ExifTags, Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS

from studio.api import BeatPassClient
from studio.api.review import SandboxReviewer
from studio.context import AppContext
from studio.core import application as app
from studio.document import DraftDocument
from studio.publish import local_files
from studio.ui.applications.attachments import AttachmentList
from studio.ui.applications.checklist import MARK_ROLE, MISSING_MARK

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def attachments(make_ctx: Any, qtbot: QtBot) -> Iterator[tuple[AttachmentList, DraftDocument]]:
    ctx: AppContext = make_ctx()
    assert ctx.store is not None
    doc = DraftDocument(
        tasks=ctx.tasks, store=ctx.store, account="test#1", kind=app.APPLICATION,
        entity_id=app.BECOME, base=app.empty_application(), autosave_delay_ms=30,
    )  # fmt: skip
    widget = AttachmentList(ctx)
    qtbot.addWidget(widget)
    widget.bind(doc)
    yield widget, doc
    doc.flush()
    doc.deleteLater()


def gps_jpeg(path: Path, size: tuple[int, int] = (900, 600)) -> Path:
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 30.0)
    Image.new("RGB", size, "teal").save(path, "JPEG", exif=exif.tobytes())
    return path


def add(qtbot: QtBot, widget: AttachmentList, paths: list[Path]) -> str:
    widget.add_files(paths)
    qtbot.waitUntil(lambda: not widget.busy, timeout=WAIT_MS)
    return widget.message.text()


def test_each_bad_file_is_refused_with_its_reason(
    attachments: tuple[AttachmentList, DraftDocument], qtbot: QtBot, tmp_path: Path
) -> None:
    widget, doc = attachments
    text = tmp_path / "notes.pdf"
    text.write_text("not really a pdf")  # the name lies; the content does not
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(PDF[:20])
    broken = tmp_path / "broken.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "red").save(buffer, "JPEG")
    broken.write_bytes(buffer.getvalue()[:200])
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    message = add(qtbot, widget, [text, big, cut, broken, empty])
    assert doc.value(app.ATTACHMENTS) == []  # none of them was kept
    assert "“notes.pdf” is not a JPEG, PNG, WebP or PDF file" in message
    assert "“big.pdf” is 5.0 MB; an attachment may be at most 5 MB" in message
    assert "“cut.pdf” looks damaged" in message
    assert "“broken.jpg” cannot be attached" in message
    assert "“empty.png” is empty" in message


def test_good_files_are_kept_cleaned_and_limited_to_five(
    attachments: tuple[AttachmentList, DraftDocument], qtbot: QtBot, tmp_path: Path
) -> None:
    widget, doc = attachments
    photo = gps_jpeg(tmp_path / "press.jpg")
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(PDF)
    message = add(qtbot, widget, [photo, pdf])
    assert "Added 2 files" in message and "Removed from it: GPS location" in message
    items = doc.value(app.ATTACHMENTS)
    assert [i["name"] for i in items] == ["press.jpg", "label.pdf"]
    data_dir = widget.ctx.paths.data
    kept = local_files.read(data_dir, items[0]["file"])
    with Image.open(io.BytesIO(kept)) as image:
        assert ExifTags.IFD.GPSInfo not in image.getexif()  # the position is gone
    assert local_files.read(data_dir, items[1]["file"]) == PDF
    more = []
    for n in range(5):
        path = tmp_path / f"shot{n}.png"
        Image.new("RGB", (50 + n, 50), "white").save(path)
        more.append(path)
    message = add(qtbot, widget, more)
    assert len(doc.value(app.ATTACHMENTS)) == 5
    assert "At most 5 attachments: “shot3.png”, “shot4.png” not added." in message
    assert not widget.add_button.isEnabled()
    assert "remove one first" in widget.add_button.toolTip()
    # Delete removes the selected one, one undo step brings it back.
    widget.list.setCurrentRow(0)
    widget.list.setFocus()
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert doc.value(app.ATTACHMENTS)[0]["name"] == "label.pdf"
    doc.stack.undo()
    assert doc.value(app.ATTACHMENTS)[0]["name"] == "press.jpg"


def test_the_file_dialog_is_not_blocking(
    attachments: tuple[AttachmentList, DraftDocument], qtbot: QtBot, tmp_path: Path
) -> None:
    widget, doc = attachments
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(PDF)
    click_add = widget.add_button
    widget.show()
    qtbot.mouseClick(click_add, Qt.MouseButton.LeftButton)
    dialog = widget.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.filesSelected.emit([str(pdf)])
    dialog.close()
    qtbot.waitUntil(lambda: len(doc.value(app.ATTACHMENTS)) == 1, timeout=WAIT_MS)


def test_the_wizard_never_flashes_windows_of_its_own(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    """Building a path's steps keeps the main window active (a label shown before it has a
    parent would be a window for a moment, and take the keyboard away)."""
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    wizard = open_wizard(qtbot, studio, app.CLAIM)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert shown == [] and studio.window.isActiveWindow()
    box = wizard.editors["first_name"].box
    assert box.count.isVisibleTo(box) and box.count.text() == "0 / 100"
    assert box.message.isVisibleTo(box) is False  # no hint on a name
    role = wizard.editors["role"].box
    assert "Only Artist and Manager" in role.message.text()


def test_discarding_a_draft_is_undoable(qtbot: QtBot, make_studio: Any, sandbox: Any) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, app.BECOME)
    type_into(qtbot, wizard, "artist_name", "Throw Away")
    click(qtbot, wizard.discard)
    box = wizard.discard_box
    assert isinstance(box, QMessageBox) and "Undo" in box.text()
    clear = next(b for b in box.buttons() if "Clear" in b.text().replace("&", ""))
    click(qtbot, clear)
    qtbot.waitUntil(lambda: wizard.discard_box is None, timeout=WAIT_MS)
    assert wizard.value("artist_name") == "" and wizard.step == 0
    wizard.editors["artist_name"].widget.setFocus()
    qtbot.keyClick(wizard.editors["artist_name"].widget, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    assert wizard.value("artist_name") == "Throw Away"
    assert wizard.editors["artist_name"].widget.text() == "Throw Away"


def test_the_checklist_goes_to_what_is_missing(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, app.BECOME)
    rows = wizard.checklist.list
    beats = next(i for i in range(rows.count()) if "beats" in rows.item(i).text())
    item = rows.item(beats)
    # The mark is an icon: label and detail wrap in one column beside it.
    assert item.data(MARK_ROLE) == MISSING_MARK and not item.icon().isNull()
    assert item.text().startswith("Public link to your beats\n")
    rect = rows.visualItemRect(item)
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.step == 2
    qtbot.waitUntil(wizard.editors["beats_url"].widget.hasFocus, timeout=WAIT_MS)


def test_a_claim_draft_reopened_is_checked_again(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, app.CLAIM)
    search = wizard.claim_search
    qtbot.keyClicks(search.field, "Midnight Cassette")
    qtbot.waitUntil(lambda: search.results.count() == 1, timeout=WAIT_MS)
    click(qtbot, search.choose_button)
    qtbot.waitUntil(lambda: wizard.value("artist_id") is not None, timeout=WAIT_MS)
    assert wizard.checklist.items[0].ok
    click(qtbot, wizard.overview)
    # Claimed by someone else meanwhile.
    cold = BeatPassClient(sandbox.base_url, sandbox.token_for("coldharbor@demo.beatpass.test"))
    made = cold.create_backstage_request(
        "claim-artist", "Midnight Cassette",
        {"beats_url": "https://x.test/b", "first_name": "C", "last_name": "H", "role": "artist",
         "accepted_terms": True, "accepted_rights_and_commitment": True},
        artist_id=wizard.value("artist_id"),
    )  # fmt: skip
    admin = BeatPassClient(sandbox.base_url, sandbox.token_for("admin@demo.beatpass.test"))
    SandboxReviewer(admin).approve(made.id)
    wizard = open_wizard(qtbot, studio, app.CLAIM)
    qtbot.waitUntil(lambda: "Checking" not in wizard.checklist.items[0].detail, timeout=WAIT_MS)
    assert not wizard.checklist.items[0].ok
    assert "already claimed" in wizard.checklist.items[0].detail
    cold.close()
    admin.close()


def test_the_claim_picture_goes_through_the_image_editor(
    qtbot: QtBot, make_studio: Any, sandbox: Any, tmp_path: Path
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, app.CLAIM)
    wizard.go_to_field("picture")
    assert wizard.checklist.items[1].optional and not wizard.checklist.items[1].ok
    click(qtbot, wizard.editors["picture"].widget)  # Choose picture…
    editor = wizard.picture_editor
    assert editor is not None and editor.isVisible() and editor.target_key == "claim_picture"
    photo = gps_jpeg(tmp_path / "me.jpg", (900, 700))  # not square: the editor crops it
    editor.load_file(photo)
    qtbot.waitUntil(lambda: editor.loaded is not None, timeout=WAIT_MS)
    assert not editor.apply_button.isEnabled()  # "Fix this first": not square

    def can_fix() -> bool:  # the editor's window and its findings are on screen
        button = editor.findings.fix_button("crop_square")
        return button is not None and button.isVisible() and button.isEnabled()

    qtbot.waitUntil(can_fix, timeout=WAIT_MS)
    click(qtbot, editor.findings.fix_button("crop_square"))
    assert editor.apply_button.isEnabled(), editor.reason.text()
    click(qtbot, editor.apply_button)
    qtbot.waitUntil(lambda: wizard.value("picture") is not None, timeout=WAIT_MS)
    kept = local_files.read(studio.ctx.paths.data, wizard.value("picture"))
    with Image.open(io.BytesIO(kept)) as image:
        assert image.width == image.height  # square
        assert ExifTags.IFD.GPSInfo not in image.getexif()
    assert wizard.checklist.items[1].ok
    remove = next(b for b in wizard.pages[1].findChildren(type(wizard.next))
                  if "Remove" in b.text().replace("&", ""))  # fmt: skip
    click(qtbot, remove)
    assert wizard.value("picture") is None
    wizard.doc.stack.undo()
    assert wizard.value("picture") is not None


def shown_mnemonics(window: Any) -> dict[str, list[str]]:
    """Alt+letter → the texts of the window's visible labels (with a buddy), buttons and
    group boxes that use it."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

    found: dict[str, list[str]] = {}
    for widget in window.centralWidget().findChildren(QWidget):
        if not widget.isVisible():
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if labelled or isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            found.setdefault(key.toString(), []).append(text)
    return found


@pytest.mark.parametrize("path", [app.BECOME, app.CLAIM])
def test_each_step_s_letters_are_its_own(
    qtbot: QtBot, make_studio: Any, sandbox: Any, path: str
) -> None:
    """Alt+letter on a step reaches one field or button, never a menu of the bar (Alt+F
    File, Alt+A Account, …) nor a second field of the same step."""
    from PySide6.QtGui import QKeySequence

    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, path)
    window = studio.window
    menus = {QKeySequence.mnemonic(a.text()).toString() for a in window.menuBar().actions()}
    assert {"Alt+F", "Alt+A"} <= menus
    for step in range(len(wizard.pages)):
        wizard.go_to_step(step)
        used = shown_mnemonics(window)
        assert used, step
        clashes = {k: v for k, v in used.items() if k in menus or len(v) > 1}
        assert not clashes, (step, clashes)
