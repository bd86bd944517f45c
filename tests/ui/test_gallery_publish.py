"""Publishing the gallery through its plan against the sandbox, as a user does from the
gallery page: the review shows added, removed and moved pictures as thumbnails; uploads run
in the background with their progress on the tiles, then one PUT sends the whole ordered
list; a server 422 on one picture leaves that tile failed with the reason while the others
publish; lost answers and a connection dropped mid-upload resume without sending anything
twice; changes made on BeatPass
meanwhile are merged, and only a true clash asks the user, with a sentence saying what
happened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gallery_helpers import (
    WAIT_MS,
    GalleryRig,
    drop_files,
    photo,
    photos,
    rig_fixture,
    select,
    state_of,
    wait_imported,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from studio.core.drafts import artist_payload
from studio.core.localref import is_local
from studio.sandbox.server import SandboxHandle
from studio.ui.gallery.items import FIRST, NEW, ON_BEATPASS
from studio.ui.gallery.model import FAILED, UPLOADING, Role
from studio.ui.publish import ConflictDialog, ReviewDialog
from studio.ui.publish.conflicts import CLASH_SENTENCES
from studio.ui.publish.thumbs import SHOWN


@pytest.fixture
def rig(qtbot: Any, sandbox: SandboxHandle) -> Iterator[GalleryRig]:
    yield from rig_fixture(qtbot, sandbox, publishing=True)


def add(rig: GalleryRig, qtbot: Any, *paths: Path) -> None:
    assert drop_files(rig, *paths)
    wait_imported(qtbot, rig)


def review(rig: GalleryRig, qtbot: Any) -> ReviewDialog:
    with qtbot.waitSignal(rig.publisher.dialogOpened, timeout=WAIT_MS) as opened:
        rig.page.publish()
    dialog = opened.args[0]
    assert isinstance(dialog, ReviewDialog)
    return dialog


def publish(rig: GalleryRig, qtbot: Any) -> None:
    review(rig, qtbot).publish_button.click()


def is_settled(rig: GalleryRig) -> bool:
    runner = rig.publisher.runner
    return runner.count == 0 and not runner.is_publishing("artist", str(rig.artist.id))


def server_urls(rig: GalleryRig) -> list[str]:
    return [i["url"] for i in rig.server_gallery()]


def test_publish_uploads_with_progress_then_one_put_of_the_ordered_list(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    add(rig, qtbot, *photos(tmp_path / "new", 2))
    select(rig, 7)
    rig.page.move_selected(FIRST)  # the second new picture first
    rig.sandbox.clear_requests()
    rig.sandbox.set_faults(latency_ms=150)  # time to see the uploads run
    seen: list[tuple[str, str]] = []

    def progress(ref: str, _sent: int, _total: int) -> None:
        row = rig.urls().index(ref)
        seen.append((ref, state_of(rig, row)))

    rig.ctx.workspace.uploadProgress.connect(progress)
    refs = [u for u in rig.urls() if is_local(u)]
    publish(rig, qtbot)
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_settled(rig), timeout=WAIT_MS)
    assert {ref for ref, _ in seen} == set(refs)  # each tile showed its upload
    assert all(state == UPLOADING for _, state in seen)
    assert len(rig.sandbox.requests("POST", "/uploads")) == 2
    assert len(rig.sandbox.requests("PUT", "/artists")) == 1
    gallery = rig.server_gallery()
    assert [i["url"] for i in gallery] == rig.urls()  # the draft's order, as published
    assert gallery[0]["url"].endswith(".jpg") and gallery[0]["id"] not in range(1, 7)
    assert [state_of(rig, r) for r in range(8)] == [ON_BEATPASS] * 8
    assert rig.names()[0] == "photo_01.jpg"  # still named by the file picked


def test_the_review_shows_added_removed_and_moved_pictures_as_thumbnails(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    add(rig, qtbot, photo(tmp_path / "fresh.jpg"))
    select(rig, 1)
    rig.page.remove_selected()
    select(rig, 3)
    rig.page.move_selected(FIRST)
    dialog = review(rig, qtbot)
    top = dialog.tree.topLevelItem(0)
    gallery = next(
        top.child(i) for i in range(top.childCount()) if top.child(i).text(0).startswith("Gallery")
    )
    rows = [gallery.child(i).text(0) for i in range(gallery.childCount())]
    assert rows[0] == "+ added: fresh.jpg" and rows[1] == "− removed: gallery_2.jpg"
    assert any(r.startswith("↕ moved: gallery_5.jpg") for r in rows)
    assert dialog.thumbnails is not None
    qtbot.waitUntil(lambda: set(dialog.thumbnails.states()) == {SHOWN}, timeout=WAIT_MS)
    dialog.cancel_button.click()


def test_a_422_on_one_picture_shows_on_its_tile_and_the_others_publish(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    first, second = photos(tmp_path / "two", 2)
    add(rig, qtbot, first, second)
    refused, kept = rig.urls()[6], rig.urls()[7]
    rig.sandbox.set_faults(fail_next=1, fail_status=422)  # the first upload is refused
    publish(rig, qtbot)
    qtbot.waitUntil(lambda: rig.page.model.index(6).data(Role.STATE) == FAILED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: kept not in rig.urls(), timeout=WAIT_MS)  # published: its URL now
    assert rig.urls()[6] == refused  # the refused picture stays in the draft, in its place
    tile = rig.page.model.index(6)
    assert tile.data(Role.STATUS) == "Not published"
    assert "forced error" in str(tile.data(Role.REASON))
    assert "forced error" in str(tile.data(Qt.ItemDataRole.ToolTipRole))
    assert state_of(rig, 7) == ON_BEATPASS
    assert server_urls(rig) == rig.urls()[:6] + rig.urls()[7:]
    # published again: the picture goes too
    rig.sandbox.set_faults()
    publish(rig, qtbot)
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    assert state_of(rig, 6) == ON_BEATPASS and len(server_urls(rig)) == 8


def test_lost_answers_resume_and_nothing_is_published_twice(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    add(rig, qtbot, photo(tmp_path / "one.jpg"))
    select(rig, 6)
    rig.page.move_selected(FIRST)
    rig.sandbox.clear_requests()
    done: list[int] = []

    def step_done(_item: int, index: int) -> None:
        done.append(index)
        if index == 0:  # the upload is done: the write's answer will be lost too
            rig.sandbox.set_faults(drop_answer_next=1)

    rig.publisher.runner.stepDone.connect(step_done)
    rig.sandbox.set_faults(drop_answer_next=1)  # the upload's answer is lost
    publish(rig, qtbot)
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_settled(rig), timeout=WAIT_MS)
    assert done == [0, 1]
    uploads = rig.sandbox.requests("POST", "/uploads")
    assert len(uploads) == 2  # the lost answer's upload was made again (never used)
    assert len(rig.sandbox.requests("PUT", "/artists")) == 1  # checked, not sent again
    gallery = rig.server_gallery()
    assert len(gallery) == 7  # the new picture once
    assert [i["url"] for i in gallery] == rig.urls()
    assert not is_local(rig.urls()[0])


def test_a_network_drop_mid_upload_resumes_and_publishes_each_picture_once(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    add(rig, qtbot, *photos(tmp_path / "new", 2))
    rig.sandbox.clear_requests()
    done: list[int] = []

    def step_done(_item: int, index: int) -> None:
        done.append(index)
        if index == 0:  # the first upload is done: the connection drops during the second
            rig.sandbox.set_faults(drop_next=1)

    rig.publisher.runner.stepDone.connect(step_done)
    publish(rig, qtbot)
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_settled(rig), timeout=WAIT_MS)
    assert done == [0, 1, 2]  # the second upload was tried again, then the write
    assert len(rig.sandbox.requests("PUT", "/artists")) == 1
    gallery = rig.server_gallery()
    assert len(gallery) == 8 and len({i["id"] for i in gallery}) == 8  # each picture once
    assert [i["url"] for i in gallery] == rig.urls()
    assert not any(is_local(u) for u in rig.urls())
    assert [state_of(rig, r) for r in range(8)] == [ON_BEATPASS] * 8


def someone_else_sets(rig: GalleryRig, gallery: list[dict[str, Any]]) -> None:
    client = rig.fresh_client()
    try:
        from studio.core.drafts import artist_draft_from_api

        raw = client.artist(rig.artist.id, loader="editArtistPage").artist.raw
        theirs = artist_draft_from_api(raw)
        theirs["profile_images"] = gallery
        client.update_artist(rig.artist.id, artist_payload(theirs))
    finally:
        client.close()


def uploaded_elsewhere(rig: GalleryRig, path: Path) -> str:
    client = rig.fresh_client()
    try:
        return client.upload(path, "artist_image").url
    finally:
        client.close()


def test_changes_on_beatpass_meanwhile_are_merged_with_mine(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    add(rig, qtbot, photo(tmp_path / "mine.jpg"))
    select(rig, 5)
    rig.page.move_selected(FIRST)  # mine: gallery_6 first, a new picture at the end
    server = rig.server_gallery()
    theirs_new = uploaded_elsewhere(rig, photo(tmp_path / "theirs.jpg", colour=(200, 0, 0)))
    # elsewhere: gallery_2 removed, a picture added after gallery_4
    someone_else_sets(rig, [server[0], server[2], server[3], {"url": theirs_new}, *server[4:]])
    publish(rig, qtbot)
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_settled(rig), timeout=WAIT_MS)
    assert rig.publisher.conflict_dialog is None  # no clash: nothing asked
    names = [u.rsplit("/", 1)[-1] for u in server_urls(rig)]
    assert names[:5] == ["gallery_6.jpg", "gallery_1.jpg", "gallery_3.jpg", "gallery_4.jpg",
                         theirs_new.rsplit("/", 1)[-1]]  # fmt: skip
    assert names[5] == "gallery_5.jpg" and len(names) == 7  # then mine, at the end
    assert server_urls(rig) == rig.urls()


def conflict(rig: GalleryRig, qtbot: Any) -> ConflictDialog:
    dialog = review(rig, qtbot)
    with qtbot.waitSignal(rig.publisher.dialogOpened, timeout=WAIT_MS) as opened:
        dialog.publish_button.click()
    clash = opened.args[0]
    assert isinstance(clash, ConflictDialog)
    return clash


def sentences(dialog: ConflictDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.text() in
            CLASH_SENTENCES.values()]  # fmt: skip


def test_removing_what_they_replaced_asks_and_taking_theirs_keeps_their_picture(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    select(rig, 2)
    rig.page.remove_selected()  # mine: gallery_3 removed
    add(rig, qtbot, photo(tmp_path / "mine.jpg"))
    server = rig.server_gallery()
    replacement = uploaded_elsewhere(rig, photo(tmp_path / "theirs.jpg", colour=(0, 200, 0)))
    someone_else_sets(rig, [*server[:2], {"url": replacement}, *server[3:]])  # replaced there
    dialog = conflict(rig, qtbot)
    assert sentences(dialog) == [CLASH_SENTENCES["removed_replaced"]]
    assert dialog.groups[0][0].reason == "removed_replaced"
    dialog.choose(0, "theirs")
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    names = [u.rsplit("/", 1)[-1] for u in server_urls(rig)]
    assert names[2] == replacement.rsplit("/", 1)[-1]  # their picture, in gallery_3's place
    assert "gallery_3.jpg" not in names and len(names) == 7
    assert server_urls(rig) == rig.urls()


def test_both_reordering_differently_asks_which_order(rig: GalleryRig, qtbot: Any) -> None:
    select(rig, 5)
    rig.page.move_selected(FIRST)  # mine: 6 1 2 3 4 5
    server = rig.server_gallery()
    someone_else_sets(rig, [server[1], server[0], *server[2:]])  # theirs: 2 1 3 4 5 6
    dialog = conflict(rig, qtbot)
    assert sentences(dialog) == [CLASH_SENTENCES["order"]]
    box_titles = [box.title() for box in dialog.findChildren(type(dialog.groups[0][1].parent()))]
    assert "Gallery: order of the pictures" in box_titles
    dialog.choose(0, "mine")
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: not rig.doc.is_dirty, timeout=WAIT_MS)
    names = [u.rsplit("/", 1)[-1].removeprefix("gallery_")[0] for u in server_urls(rig)]
    assert names == list("612345")
    assert [state_of(rig, r) for r in range(6)] == [ON_BEATPASS] * 6


def test_a_new_picture_shows_new_until_published(
    rig: GalleryRig, qtbot: Any, tmp_path: Path
) -> None:
    add(rig, qtbot, photo(tmp_path / "pending.jpg"))
    assert state_of(rig, 6) == NEW
    assert rig.page.model.index(6).data(Role.STATUS) == "Not published yet"
