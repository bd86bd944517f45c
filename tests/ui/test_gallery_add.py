"""Adding pictures to the gallery as a user does — the file dialog (several files), drops of
files and folders from the desktop, paste — against the real sandbox: only pictures are
taken, each is checked and prepared and kept in the app's data folder, every bad input gets a
clear message, the limit of ten holds, nothing already in the draft is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gallery_helpers import (
    WAIT_MS,
    GalleryRig,
    bomb_png,
    drop_files,
    drop_on,
    photo,
    photos,
    rig_fixture,
    truncated,
    wait_imported,
)
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QListView

from studio.core.localref import is_local
from studio.images import probe
from studio.publish import local_files
from studio.sandbox.server import SandboxHandle
from studio.ui.gallery.model import Role


@pytest.fixture
def rig(qtbot: Any, sandbox: SandboxHandle) -> Iterator[GalleryRig]:
    yield from rig_fixture(qtbot, sandbox)


def is_typed_into(qtbot: Any, box: QLineEdit, text: str) -> bool:
    """Type ``text`` into an empty ``box``; True once it holds it (the file dialog clears
    its name box when its folder listing arrives: type again then)."""
    if box.text() != text:
        box.clear()
        qtbot.keyClicks(box, text)
        qtbot.wait(50)
    return box.text() == text


def new_refs(rig: GalleryRig) -> list[str]:
    return [u for u in rig.urls() if is_local(u)]


def test_the_file_dialog_adds_several_pictures_as_one_undo_step(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    before = rig.urls()
    first, second = photos(tmp_path / "chosen", 2)
    rig.page.add_button.click()
    dialog = rig.page.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setDirectory(str(first.parent))
    listing = dialog.findChild(QListView, "listView")
    assert listing is not None
    qtbot.waitUntil(lambda: listing.model().rowCount(listing.rootIndex()) == 2, timeout=WAIT_MS)
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_box is not None
    typed = f'"{first.name}" "{second.name}"'  # both files, as the dialog lists names
    qtbot.waitUntil(lambda: is_typed_into(qtbot, name_box, typed), timeout=WAIT_MS)
    qtbot.keyClick(name_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    message = wait_imported(qtbot, rig)
    assert message.startswith("Added 2 pictures to the draft"), message
    assert rig.urls()[:6] == before and len(new_refs(rig)) == 2
    assert rig.names()[6:] == [first.name, second.name]  # named by the files picked
    assert rig.doc.stack.undoText() == "Add 2 gallery images"
    rig.doc.stack.undo()
    assert rig.urls() == before
    # the prepared bytes were kept at once: the draft does not need the originals
    rig.doc.stack.redo()
    first.unlink()
    second.unlink()
    for ref in new_refs(rig):
        path = local_files.path_of(rig.ctx.paths.data, ref)
        assert path is not None and path.is_file()
        assert probe(path).format == "JPEG"


def test_a_dropped_folder_gives_its_pictures_and_says_what_it_skipped(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "shoot"
    photo(folder / "b_stage.jpg", colour=(200, 10, 10))
    photo(folder / "a_studio.jpg", colour=(10, 200, 10))
    photo(folder / "more" / "c_live.jpg", colour=(10, 10, 200))
    Image.new("RGBA", (900, 900), (0, 0, 0, 0)).save(folder / "logo.webp", "WEBP")
    (folder / "notes.txt").write_text("setlist")
    (folder / "beat.mp3").write_bytes(b"ID3" + b"\0" * 64)
    (folder / ".DS_Store").write_bytes(b"\0" * 16)
    assert drop_files(rig, folder)
    message = wait_imported(qtbot, rig)
    assert rig.names()[6:] == ["a_studio.jpg", "b_stage.jpg", "logo.webp", "c_live.jpg"]
    assert message.startswith("Added 4 pictures"), message
    assert "beat.mp3: not a picture" in message and "notes.txt: not a picture" in message
    assert ".DS_Store" not in message  # hidden files are nobody's pictures
    assert rig.doc.stack.undoText() == "Add 4 gallery images"


def test_every_bad_file_gets_a_clear_message_and_the_draft_keeps_its_pictures(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    before = rig.urls()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "letter.jpg").write_text("Dear BeatPass, …")
    truncated(bad / "cut.jpg")
    bomb_png(bad / "bomb.png")
    (bad / "empty.png").write_bytes(b"")
    (bad / "gone.jpg").symlink_to(bad / "nowhere.jpg")
    good = photo(tmp_path / "fine.jpg")
    assert drop_files(rig, *sorted(bad.iterdir()), good)
    message = wait_imported(qtbot, rig)
    assert rig.urls()[:6] == before and rig.names()[6:] == ["fine.jpg"]
    assert message.startswith("Added 1 picture to the draft"), message
    details = rig.page.message.toolTip()
    expected = {
        "letter.jpg": "is a text file, not a picture",
        "cut.jpg": "is incomplete or damaged",
        "bomb.png": "decompression bomb",
        "empty.png": "is empty (0 bytes)",
        "gone.jpg": "cannot be read",
    }
    for name, words in expected.items():
        line = next(line for line in details.splitlines() if line.startswith(f"{name}:"))
        assert words in line, line
    assert "Not added (5)" in message


def test_an_unreadable_file_says_it_cannot_be_read(tmp_path: Path) -> None:
    """A file the user may not read, checked by a process that really lacks the right (the
    tests may run as root, who reads everything: then without root's right to read any
    file, through util-linux's ``setpriv``)."""
    locked = photo(tmp_path / "locked.jpg")
    os.chmod(locked, 0)
    code = (
        "import sys; from pathlib import Path; from studio.ui.gallery.jobs import "
        "check_file; print(check_file(Path(sys.argv[1])).problem)"
    )
    command = [sys.executable, "-c", code, str(locked)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    assert result.stdout.strip() == "“locked.jpg” cannot be read: Permission denied."


def test_a_web_address_or_text_dropped_is_refused_with_a_message(
    rig: GalleryRig, qtbot: Any
) -> None:
    before = rig.urls()
    viewport = rig.view.viewport()
    web = QMimeData()
    web.setUrls([QUrl("https://example.com/picture.jpg")])
    assert drop_on(viewport, web, QPoint(30, 30), Qt.DropAction.CopyAction)
    assert "cannot be added by their address" in rig.page.message.text()
    assert "Nothing was added" in rig.page.message.text()
    text = QMimeData()
    text.setText("my best photo")
    assert drop_on(viewport, text, QPoint(30, 30), Qt.DropAction.CopyAction)
    assert rig.page.message.text().startswith("Only pictures can be added here")
    assert not rig.page.importer.busy
    assert rig.urls() == before


def test_the_eleventh_picture_is_refused_and_nothing_is_sent(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    rig.sandbox.clear_requests()
    five = photos(tmp_path / "five", 5)
    assert drop_files(rig, *five)
    message = wait_imported(qtbot, rig)
    assert len(rig.urls()) == 10
    assert "at most 10 pictures on BeatPass: 1 picture was not added" in message, message
    assert rig.page.count.text() == "10 of 10 pictures"
    assert not rig.page.add_button.isEnabled() and not rig.page.paste_button.isEnabled()
    # one more, by drop: refused at once, with the reason
    assert drop_files(rig, photo(tmp_path / "eleventh.jpg"))
    assert rig.page.message.text().startswith("The gallery is full: BeatPass shows at most 10")
    assert not rig.page.importer.busy and len(rig.urls()) == 10
    assert rig.sandbox.requests("POST") == [] and rig.sandbox.requests("PUT") == []


def test_a_folder_of_thousands_of_files_stops_at_the_limit_and_says_so(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "everything"
    photos(folder, 8, prefix="a_photo")
    for n in range(6000):
        (folder / f"z_{n:05d}.txt").write_bytes(b"")
    assert drop_files(rig, folder)
    message = wait_imported(qtbot, rig)
    assert len(rig.urls()) == 10
    assert "4 pictures were not added" in message, message
    assert "hold more than 5000 files" in message, message


def test_the_same_picture_added_twice_is_flagged(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    one = photo(tmp_path / "one.jpg")
    assert drop_files(rig, one)
    wait_imported(qtbot, rig)
    copy = tmp_path / "copy of one.jpg"
    copy.write_bytes(one.read_bytes())
    assert drop_files(rig, copy)
    message = wait_imported(qtbot, rig)
    assert "Already in the gallery (the same picture): “copy of one.jpg”" in message, message
    urls = rig.urls()
    assert urls[6] == urls[7]  # the same content hash, kept once on disk
    model = rig.page.model
    assert model.index(7).data(Role.BADGE) == "The same picture as number 7."
    assert not model.index(6).data(Role.BADGE)
    rig.page.select_rows([7])
    assert "The same picture as number 7." in rig.page.details.text()


def test_paste_a_copied_picture_or_copied_files(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    image = QImage(900, 900, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QApplication.clipboard().setImage(image)
    rig.view.setFocus()
    qtbot.keyClick(rig.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_imported(qtbot, rig)
    assert rig.names()[6].startswith("Pasted picture ") and rig.names()[6].endswith(".png")
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(photo(tmp_path / "copied.jpg")))])
    QApplication.clipboard().setMimeData(files)
    rig.page.paste_button.click()
    wait_imported(qtbot, rig)
    assert rig.names()[7] == "copied.jpg"
    QApplication.clipboard().setText("not a picture")
    qtbot.keyClick(rig.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert rig.page.message.text().startswith("Only pictures can be added here")
    assert len(rig.urls()) == 8


def test_private_metadata_is_removed_and_reported(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    assert drop_files(rig, photo(tmp_path / "holiday.jpg", gps=True))
    message = wait_imported(qtbot, rig)
    assert "Removed before upload: GPS location" in message, message
    ref = rig.urls()[6]
    path = local_files.path_of(rig.ctx.paths.data, ref)
    assert path is not None and probe(path).metadata.labels == ()
    assert "GPS location" in str(rig.page.model.index(6).data(Role.DETAILS))


def test_tiles_show_each_importing_picture_before_it_reaches_the_draft(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    big = [photo(tmp_path / f"big_{n}.jpg", (3000, 2400), (n * 40, 80, 90)) for n in range(3)]
    shown: list[str] = []
    rig.page.importer.jobShown.connect(lambda job: shown.append(job.name))
    assert drop_files(rig, *big)
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=WAIT_MS)
    assert len(rig.urls()) == 6  # nothing in the draft until the batch is ready
    wait_imported(qtbot, rig)
    assert shown == [p.name for p in big]
    assert rig.page.model.rowCount() == 9 and len(rig.urls()) == 9
    assert rig.doc.stack.undoText() == "Add 3 gallery images"
