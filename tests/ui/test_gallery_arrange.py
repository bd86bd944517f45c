"""Arranging the gallery as a user does, through the real grid: keyboard moves (one picture
or several, one undo step each), drags of tiles with the grid's own MIME data and drops
refused where they make no sense, Delete, the larger view (Space, double-click), Replace and
Crop through the image editor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from gallery_helpers import (
    CTRL_SHIFT,
    WAIT_MS,
    GalleryRig,
    drag_tiles,
    drop_on,
    keys,
    photo,
    rig_fixture,
    select,
    state_of,
    tile_point,
)
from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtGui import QPixmap

from studio.core.localref import is_local
from studio.images import probe
from studio.publish import local_files
from studio.sandbox.server import SandboxHandle
from studio.ui.gallery.items import MIME, ON_BEATPASS, REPLACED, Payload, encode_payload
from studio.ui.gallery.model import Role
from studio.ui.gallery.viewer import PictureViewer


@pytest.fixture
def rig(qtbot: Any, sandbox: SandboxHandle) -> Iterator[GalleryRig]:
    yield from rig_fixture(qtbot, sandbox)


def names(rig: GalleryRig) -> list[str]:
    return [n.removeprefix("gallery_").removesuffix(".jpg") for n in rig.names()]


def press(qtbot: Any, rig: GalleryRig, key: Qt.Key, mods: Any = CTRL_SHIFT) -> None:
    qtbot.keyClick(rig.view, key, mods)


def test_keyboard_moves_each_one_undo_step_and_the_selection_follows(
    rig: GalleryRig, qtbot: Any
) -> None:
    stack = rig.doc.stack
    select(rig, 0)
    press(qtbot, rig, Qt.Key.Key_Right)
    assert names(rig) == ["2", "1", "3", "4", "5", "6"]
    assert stack.undoText() == "Move gallery image"
    press(qtbot, rig, Qt.Key.Key_End)
    assert names(rig) == ["2", "3", "4", "5", "6", "1"]
    assert rig.page.selected_rows() == [5]  # the moved picture stays selected
    press(qtbot, rig, Qt.Key.Key_Home)
    assert names(rig) == ["1", "2", "3", "4", "5", "6"]
    select(rig, 2, 4)
    count = stack.count()
    press(qtbot, rig, Qt.Key.Key_Left)
    assert names(rig) == ["1", "3", "2", "5", "4", "6"]
    assert stack.count() == count + 1 and stack.undoText() == "Move 2 gallery images"
    assert rig.page.selected_rows() == [1, 3]
    press(qtbot, rig, Qt.Key.Key_End)
    assert names(rig) == ["1", "2", "4", "6", "3", "5"]
    stack.undo()
    stack.undo()
    assert names(rig) == ["1", "2", "3", "4", "5", "6"]
    # plain arrows still just move the focus
    select(rig, 0)
    press(qtbot, rig, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
    assert names(rig) == ["1", "2", "3", "4", "5", "6"]
    assert rig.view.currentIndex().row() == 1


def test_dragging_tiles_reorders_them_in_one_undo_step(rig: GalleryRig, qtbot: Any) -> None:
    stack = rig.doc.stack
    assert drag_tiles(rig, [0], tile_point(rig, 3, "right"))
    assert names(rig) == ["2", "3", "4", "1", "5", "6"]
    assert stack.undoText() == "Move gallery image"
    # two at once, dropped on the left half of the first tile: both go first
    count = stack.count()
    assert drag_tiles(rig, [3, 5], tile_point(rig, 0, "left"))
    assert names(rig) == ["1", "6", "2", "3", "4", "5"]
    assert stack.count() == count + 1 and stack.undoText() == "Move 2 gallery images"
    stack.undo()
    stack.undo()
    assert names(rig) == ["1", "2", "3", "4", "5", "6"]
    # past the last tile: to the end
    end = rig.view.visualRect(rig.page.model.index(5)).bottomRight()
    end.setX(end.x() + 40)
    assert drag_tiles(rig, [0], end)
    assert names(rig) == ["2", "3", "4", "5", "6", "1"]


def test_drops_that_make_no_sense_are_refused_and_change_nothing(
    rig: GalleryRig, qtbot: Any
) -> None:
    before, count = keys(rig), rig.doc.stack.count()
    viewport = rig.view.viewport()
    target = tile_point(rig, 2)
    other = QMimeData()
    other.setData(MIME, QByteArray(encode_payload(Payload("someone|artist|99", (keys(rig)[0],)))))
    assert not drop_on(viewport, other, target, Qt.DropAction.MoveAction)
    stale = rig.page.model.mimeData([rig.page.model.index(0)])
    rig.page.select_rows([0])
    rig.page.remove_selected()  # the dragged picture goes meanwhile
    assert not drop_on(viewport, stale, target, Qt.DropAction.MoveAction)
    rig.doc.stack.undo()
    assert keys(rig) == before and rig.doc.stack.count() == count + 1
    assert rig.view.drop_row is None  # no line left behind


def test_delete_removes_the_selection_in_one_step(rig: GalleryRig, qtbot: Any) -> None:
    select(rig, 1, 3)
    press(qtbot, rig, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    assert names(rig) == ["1", "3", "5", "6"]
    assert rig.doc.stack.undoText() == "Remove 2 gallery images"
    assert "Removed 2 pictures" in rig.page.message.text()
    assert rig.page.selected_rows() == [1]  # the focus stays where the pictures were
    rig.doc.stack.undo()
    assert names(rig) == ["1", "2", "3", "4", "5", "6"]


def test_space_and_double_click_show_the_picture_larger(rig: GalleryRig, qtbot: Any) -> None:
    select(rig, 1)
    press(qtbot, rig, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    viewer = rig.page.viewer
    assert isinstance(viewer, PictureViewer) and viewer.isVisible()
    qtbot.waitUntil(lambda: not viewer.picture.pixmap().isNull(), timeout=WAIT_MS)
    assert viewer.image is not None and viewer.image.size().toTuple() == (640, 640)
    shown = viewer.picture.pixmap().size()
    room = viewer.picture.contentsRect().size()
    assert shown.width() <= room.width() and shown.height() <= room.height()  # all of it
    assert viewer.caption.text().startswith("2 of 6: gallery_2.jpg — On BeatPass")
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.row == 2 and viewer.caption.text().startswith("3 of 6")
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: rig.page.viewer is None, timeout=WAIT_MS)
    qtbot.mouseDClick(
        rig.view.viewport(), Qt.MouseButton.LeftButton, pos=rig.view.visible_tile(4).center()
    )
    again = rig.page.viewer
    assert again is not None and again.row == 4
    again.close()


def test_replace_a_picture_on_beatpass_keeps_its_place_and_id(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    before = rig.doc.value("profile_images")
    select(rig, 2)
    rig.page.replace_button.click()
    editor = rig.page.editor
    assert editor is not None and editor.isVisible()
    editor.load_file(photo(tmp_path / "new stage.jpg", (1400, 1000), gps=True))
    qtbot.waitUntil(lambda: editor.loaded is not None, timeout=WAIT_MS)
    editor.apply_button.click()
    qtbot.waitUntil(lambda: rig.doc.value("profile_images") != before, timeout=WAIT_MS)
    after = rig.doc.value("profile_images")
    assert after[2]["id"] == before[2]["id"] and is_local(after[2]["url"])
    assert [i["url"] for i in after[:2] + after[3:]] == [i["url"] for i in before[:2] + before[3:]]
    assert state_of(rig, 2) == REPLACED and state_of(rig, 1) == ON_BEATPASS
    assert rig.names()[2] == "new stage.jpg"
    assert "GPS location" in str(rig.page.model.index(2).data(Role.DETAILS))
    assert rig.doc.stack.undoText() == "Edit gallery image"
    rig.doc.stack.undo()
    assert rig.doc.value("profile_images") == before


def test_crop_a_picture_in_the_editor(rig: GalleryRig, qtbot: Any, tmp_path: Path) -> None:
    select(rig, 0)
    rig.page.crop_button.click()  # a picture on BeatPass: fetched first
    qtbot.waitUntil(lambda: rig.page.editor is not None, timeout=WAIT_MS)
    editor = rig.page.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.loaded is not None, timeout=WAIT_MS)
    view = editor.crop_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    crop = view.crop()
    assert crop is not None and crop[2] - crop[0] < 800
    old = rig.urls()[0]
    editor.apply_button.click()
    qtbot.waitUntil(lambda: rig.urls()[0] != old, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor), timeout=WAIT_MS)
    path = local_files.path_of(rig.ctx.paths.data, rig.urls()[0])
    assert path is not None and probe(path).width == crop[2] - crop[0]
    assert state_of(rig, 0) == REPLACED


def test_the_tiles_show_their_pictures(rig: GalleryRig, qtbot: Any) -> None:
    model = rig.page.model

    def shown() -> bool:
        return all(
            model.index(r).data(Qt.ItemDataRole.DecorationRole) is not None
            for r in range(model.rowCount())
        )

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    grab = rig.view.viewport().grab()
    assert isinstance(grab, QPixmap) and not grab.isNull()
    colour = grab.toImage().pixelColor(tile_point(rig, 0))
    assert colour.saturation() > 40  # a picture, not the grey placeholder
