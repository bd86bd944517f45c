"""The gallery's item model under ``QAbstractItemModelTester`` (rows inserted, removed and
moved precisely as the document changes, importing rows after the pictures), its MIME data
(keys, never rows) and ``canDropMimeData``; the orders moves lead to; and the document edits
(each one undo step: push, undo, redo)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from studio.document import DraftDocument
from studio.pictures import ImageLoader
from studio.store import Store
from studio.tasks import Tasks
from studio.ui.gallery import edit
from studio.ui.gallery.importer import Job
from studio.ui.gallery.items import (
    FIRST,
    LAST,
    LEFT,
    MIME,
    NEW,
    ON_BEATPASS,
    REPLACED,
    RIGHT,
    Payload,
    decode_payload,
    dropped,
    encode_payload,
    item_keys,
    moved,
    steps_to,
)
from studio.ui.gallery.model import FAILED, IMPORTING, UPLOADING, GalleryModel, Role

FAIL = QAbstractItemModelTester.FailureReportingMode.Fatal
LOCAL = "local:" + "ab" * 32 + ".jpg"
OTHER = "local:" + "cd" * 32 + ".png"


def gallery(n: int) -> list[dict[str, Any]]:
    return [{"id": i + 1, "url": f"https://x.test/g{i + 1}.jpg"} for i in range(n)]


@pytest.fixture
def tasks(qapp: Any) -> Iterator[Tasks]:
    made = Tasks()
    yield made
    made.shutdown()


@pytest.fixture
def doc(tasks: Tasks, tmp_path: Path) -> Iterator[DraftDocument]:
    store = Store.open(tmp_path / "studio.db")
    made = DraftDocument(
        tasks=tasks,
        store=store,
        account="acct",
        kind="artist",
        entity_id="7",
        base={"name": "Nova", "profile_images": gallery(4)},
        autosave_delay_ms=10,
    )
    yield made
    made.flush()
    tasks.shutdown()
    store.close()


@pytest.fixture
def model(tasks: Tasks, doc: DraftDocument) -> GalleryModel:
    def offline(_source: str) -> bytes:
        raise OSError("no network in this test")

    loader = ImageLoader(tasks, fetch=offline)
    made = GalleryModel(loader, refusals=lambda: {OTHER: "Too big for BeatPass."})
    QAbstractItemModelTester(made, FAIL, made)
    made.set_document(doc)
    return made


def urls(model: GalleryModel) -> list[str]:
    return [str(model.index(r).data(Role.URL)) for r in range(model.picture_count)]


# --- pure helpers --------------------------------------------------------------------------


def test_keys_name_items_not_rows_and_duplicates_apart() -> None:
    items = [*gallery(2), {"id": None, "url": LOCAL}, {"id": None, "url": LOCAL}]
    assert item_keys(items) == [
        '["id",1,0]',
        '["id",2,0]',
        f'["url","{LOCAL}",0]',
        f'["url","{LOCAL}",1]',
    ]


@pytest.mark.parametrize(
    ("selected", "where", "order"),
    [
        ({"a"}, RIGHT, "bacde"),
        ({"e"}, RIGHT, "abcde"),
        ({"a"}, LEFT, "abcde"),
        ({"b", "d"}, LEFT, "badce"),
        ({"a", "b"}, LEFT, "abcde"),  # a block at the edge stays
        ({"a", "c"}, RIGHT, "badce"),
        ({"b", "d"}, FIRST, "bdace"),
        ({"b", "d"}, LAST, "acebd"),
    ],
)
def test_keyboard_moves_move_the_selection_as_a_block(
    selected: set[str], where: str, order: str
) -> None:
    assert "".join(moved(list("abcde"), selected, where)) == order


@pytest.mark.parametrize(
    ("moving", "row", "order"),
    [
        ("a", 3, "bcade"),
        ("a", 5, "bcdea"),
        ("e", 0, "eabcd"),
        ("bd", 0, "bdace"),
        ("bd", 5, "acebd"),
        ("c", 2, "abcde"),  # before itself: stays
        ("c", 3, "abcde"),  # after itself: stays
    ],
)
def test_a_drop_lands_before_the_tile_at_its_row(moving: str, row: int, order: str) -> None:
    assert "".join(dropped(list("abcde"), list(moving), row)) == order


def test_steps_to_reach_an_order() -> None:
    current = list("abcde")
    for target in ("edcba", "bcdea", "abcde", "cabed"):
        work = list(current)
        for source, to in steps_to(current, list(target)):
            work.insert(to, work.pop(source))
        assert "".join(work) == target
    with pytest.raises(ValueError, match="same pictures"):
        steps_to(list("abc"), list("abd"))


def test_payloads_read_back_and_garbage_is_refused() -> None:
    payload = Payload("acct|artist|7", ('["id",1,0]',))
    assert decode_payload(encode_payload(payload)) == payload
    for bad in (b"", b"\xff\xfe", b"[]", b'{"owner": 1, "keys": []}', b'{"owner": "x"}'):
        assert decode_payload(bad) is None
    assert decode_payload(b'{"owner": "x", "keys": ["k", "k"]}') is None


# --- the model -----------------------------------------------------------------------------


def test_rows_follow_the_document_and_selections_follow_their_pictures(
    model: GalleryModel, doc: DraftDocument
) -> None:
    assert urls(model) == [i["url"] for i in gallery(4)]
    third = QPersistentModelIndex(model.index(2))
    edit.arrange(doc, moved(model.keys, [model.keys[2]], FIRST), 1)
    assert third.row() == 0 and third.data(Role.URL) == "https://x.test/g3.jpg"
    edit.add_pictures(doc, [LOCAL, OTHER])
    assert model.picture_count == 6 and third.row() == 0
    edit.remove_pictures(doc, [model.keys[1]])
    assert urls(model)[1:] == [
        "https://x.test/g2.jpg",
        "https://x.test/g4.jpg",
        LOCAL,
        OTHER,
    ]
    doc.stack.undo()
    doc.stack.undo()
    doc.stack.undo()
    assert urls(model) == [i["url"] for i in gallery(4)]
    assert third.row() == 2
    doc.stack.redo()
    assert third.row() == 0


def test_states_on_beatpass_new_replaced_uploading_failed_importing(
    model: GalleryModel, doc: DraftDocument
) -> None:
    edit.add_pictures(doc, [LOCAL, OTHER])
    edit.replace_picture(doc, model.keys[1], "local:" + "ef" * 32 + ".jpg")
    states = [model.index(r).data(Role.STATE) for r in range(model.picture_count)]
    assert states == [ON_BEATPASS, REPLACED, ON_BEATPASS, ON_BEATPASS, NEW, FAILED]
    assert model.index(5).data(Role.REASON) == "Too big for BeatPass."
    model.note_progress(LOCAL, 250, 1000)
    assert model.index(4).data(Role.STATE) == UPLOADING
    assert model.index(4).data(Role.PROGRESS) == 0.25
    assert model.index(4).data(Role.STATUS) == "Uploading 25 %"
    job = Job(Path("/tmp/x.jpg"))
    model.show_job(job)
    last = model.index(model.rowCount() - 1)
    assert last.data(Role.STATE) == IMPORTING and last.data(Role.POSITION) == 0
    assert not last.flags() & Qt.ItemFlag.ItemIsDragEnabled
    model.drop_job(job)
    assert model.rowCount() == model.picture_count == 6


def mime_of(model: GalleryModel, rows: list[int]) -> QMimeData:
    return model.mimeData([model.index(r) for r in rows])


def test_mime_carries_keys_and_a_drop_is_one_undo_step(
    model: GalleryModel, doc: DraftDocument
) -> None:
    data = mime_of(model, [0, 1])
    assert data.formats() == [MIME]
    payload = decode_payload(bytes(data.data(MIME).data()))
    assert payload is not None and payload.keys == tuple(model.keys[:2])
    root = QModelIndex()
    move = Qt.DropAction.MoveAction
    assert model.canDropMimeData(data, move, 4, 0, root)
    count = doc.stack.count()
    assert model.dropMimeData(data, move, 4, 0, root)
    assert urls(model)[2:] == ["https://x.test/g1.jpg", "https://x.test/g2.jpg"]
    assert doc.stack.count() == count + 1 and doc.stack.undoText() == "Move 2 gallery images"
    doc.stack.undo()
    assert urls(model) == [i["url"] for i in gallery(4)]


def test_can_drop_refuses_bad_drops(model: GalleryModel, doc: DraftDocument) -> None:
    root, move = QModelIndex(), Qt.DropAction.MoveAction
    data = mime_of(model, [0])
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, 2, 0, root)
    assert not model.canDropMimeData(data, move, 2, 0, model.index(1))  # onto a picture
    assert not model.canDropMimeData(data, move, 5, 0, root)  # past the pictures
    model.show_job(Job(Path("/tmp/importing.jpg")))
    assert not model.canDropMimeData(data, move, 5, 0, root)  # among importing tiles
    foreign = QMimeData()
    foreign.setData(MIME, QByteArray(encode_payload(Payload("someone|artist|9", ("x",)))))
    assert not model.canDropMimeData(foreign, move, 1, 0, root)
    garbage = QMimeData()
    garbage.setData(MIME, QByteArray(b"\x00not json"))
    assert not model.canDropMimeData(garbage, move, 1, 0, root)
    files = QMimeData()
    files.setText("/home/me/photo.jpg")
    assert not model.canDropMimeData(files, move, 1, 0, root)
    # stale: the dragged picture was removed meanwhile
    edit.remove_pictures(doc, [model.keys[0]])
    assert not model.canDropMimeData(data, move, 1, 0, root)
    assert not model.dropMimeData(data, move, 1, 0, root)
    assert model.picture_count == 3


# --- edits -----------------------------------------------------------------------------------


def test_each_edit_is_one_step_that_undoes_and_redoes(doc: DraftDocument) -> None:
    original = doc.value("profile_images")
    keys = item_keys(original)
    steps = [
        (lambda: edit.add_pictures(doc, [LOCAL, OTHER]), "Add 2 gallery images"),
        (lambda: edit.remove_pictures(doc, keys[1:3]), "Remove 2 gallery images"),
        (lambda: edit.arrange(doc, list(reversed(item_keys(doc.value("profile_images")))), 4),
         "Move 4 gallery images"),
        (lambda: edit.replace_picture(doc, keys[0], LOCAL), "Edit gallery image"),
    ]  # fmt: skip
    seen = [original]
    for run, text in steps:
        count = doc.stack.count()
        assert run()
        assert doc.stack.count() == count + 1 and doc.stack.undoText() == text
        seen.append(doc.value("profile_images"))
    for state in reversed(seen[:-1]):
        doc.stack.undo()
        assert doc.value("profile_images") == state
    for state in seen[1:]:
        doc.stack.redo()
        assert doc.value("profile_images") == state


def test_adds_stop_at_ten_and_gone_pictures_are_not_replaced(doc: DraftDocument) -> None:
    refs = ["local:" + f"{n:02d}" * 32 + ".jpg" for n in range(10)]
    assert edit.add_pictures(doc, refs) == 6
    assert len(doc.value("profile_images")) == 10
    assert edit.add_pictures(doc, [LOCAL]) == 0
    assert not edit.replace_picture(doc, '["id",99,0]', LOCAL)
    assert not edit.arrange(doc, item_keys(doc.value("profile_images")), 1)
