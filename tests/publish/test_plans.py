"""Publish plans against the real sandbox: pictures kept on this computer are uploaded as
steps of the publish, each step recorded, so a restart resumes where it stopped and nothing
is uploaded twice; refused pictures are left out (the rest is published); uploads nothing
uses any more are deleted on the server."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image
from publish_rig import WAIT_MS, Rig

from studio.core.localref import is_local, refs_in
from studio.publish import Backoff, UploadRefused, local_files
from studio.publish.plan import DONE, FAILED, UPLOAD, WRITE, steps_of
from studio.store import Store
from studio.tasks import Tasks


def picture(rig: Rig, color: tuple[int, int, int], name: str = "photo.png") -> str:
    buf = io.BytesIO()
    Image.new("RGB", (900, 900), color).save(buf, "PNG")
    return local_files.keep(rig.store_path.parent, buf.getvalue(), "png", name=name)


def fail_after(rig: Rig, runner: Any, index: int) -> None:
    """Once step ``index`` is done — before the next one starts — the server answers the
    next 5 requests (one step's tries) with 503."""

    fired: list[int] = []

    def done(item: int, step: int) -> None:
        if step == index and not fired:
            fired.append(item)
            rig.sandbox.set_faults(fail_next=5)

    runner.stepDone.connect(done)


def uploads_sent(rig: Rig) -> int:
    return len(rig.sandbox.requests("POST", "/uploads"))


def deletes_sent(rig: Rig) -> list[str]:
    return [r.path for r in rig.sandbox.requests("DELETE", "/file-entries")]


def test_new_pictures_are_uploaded_then_published_in_one_write(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    avatar = picture(rig, (200, 40, 40), "avatar.png")
    photo = picture(rig, (40, 200, 40), "studio session.png")
    doc.set_image("image_small", avatar)
    doc.add_image(photo)
    doc.set_field("city", "Halifax")
    runner = rig.runner()
    progress: list[str] = []
    runner.uploadProgress.connect(lambda ref, _done, _total: progress.append(ref))
    rig.sandbox.clear_requests()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    server = rig.server_artist()
    assert server["city"] == "Halifax"
    assert not is_local(server["image_small"]) and server["image_small"]
    assert len(server["profile_images"]) == 7 and server["profile_images"][-1]["id"]
    assert uploads_sent(rig) == 2 and len(rig.sandbox.requests("PUT", "/artists")) == 1
    assert set(progress) == {avatar, photo}
    assert not doc.is_dirty and not list(refs_in(doc.draft))  # the server's URLs now
    [history] = rig.store.history(rig.account, "artist", rig.artist_id)
    assert set(history["changes"]["fields"]) == {"image_small", "profile_images", "city"}


def test_one_file_used_twice_is_uploaded_once(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    same = picture(rig, (10, 10, 200))
    doc.set_image("image_small", same)
    doc.set_image("cover_image", same)
    runner = rig.runner()
    rig.sandbox.clear_requests()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    server = rig.server_artist()
    assert uploads_sent(rig) == 1 and server["image_small"] == server["cover_image"]


def test_a_restart_resumes_after_the_last_recorded_step(rig: Rig, qtbot: Any) -> None:
    """The first upload is done and recorded, then the server fails; the app quits. After a
    restart the plan goes on from the second upload: the first is never sent again."""
    doc = rig.open_doc()
    first, second = picture(rig, (1, 2, 3)), picture(rig, (3, 2, 1))
    doc.add_image(first)
    doc.add_image(second)
    runner = rig.runner(backoff=Backoff(base=600.0, cap=600.0))
    rig.sandbox.clear_requests()
    done_steps: list[int] = []
    runner.stepDone.connect(lambda _item, index: done_steps.append(index))
    fail_after(rig, runner, 0)  # the second upload meets 503s (5 tries)
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: done_steps == [0], timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: bool(rig.outbox()) and rig.outbox()[0].status == "failed", timeout=WAIT_MS
    )
    [item] = rig.outbox()
    assert [s["state"] for s in steps_of(item.op)] == [DONE, "todo", "todo"]
    assert uploads_sent(rig) == 1 + 5
    doc.flush()
    qtbot.waitUntil(lambda: doc.is_saved, timeout=WAIT_MS)
    rig.docs.clear()
    rig.tasks.shutdown(10000)
    rig.store.close()  # quit

    rig.store = Store.open(rig.store_path)
    rig.tasks = Tasks()
    rig.sandbox.clear_requests()
    again = rig.runner()
    with qtbot.waitSignal(again.delivered, timeout=WAIT_MS):
        again.retry_now()  # or its timer; a restart makes it due through sign-in's reset
        again.reset()
    assert uploads_sent(rig) == 1  # only the second picture
    gallery = rig.server_artist()["profile_images"]
    assert len(gallery) == 8 and all(not is_local(g["url"]) for g in gallery)


def test_a_refused_picture_is_left_out_and_the_rest_published(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    refused = picture(rig, (90, 90, 90), "refused.png")
    doc.add_image(refused)
    doc.set_field("city", "Regina")
    runner = rig.runner()
    refusals: list[UploadRefused] = []
    runner.uploadRefused.connect(refusals.append)
    rig.sandbox.set_faults(fail_next=1, fail_status=422)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    [refusal] = refusals
    assert refusal.ref == refused and refusal.message
    server = rig.server_artist()
    assert server["city"] == "Regina" and len(server["profile_images"]) == 6
    assert doc.is_dirty and doc.value("profile_images")[-1]["url"] == refused  # still yours
    assert doc.value("city") == "Regina"
    done = rig.store.outbox_item(refusal.item_id)
    assert done is not None and done.status == "done"
    assert [s["state"] for s in steps_of(done.op)] == [FAILED, DONE]


def test_a_replaced_picture_is_never_uploaded_twice_and_the_old_upload_is_deleted(
    rig: Rig, qtbot: Any
) -> None:
    """The avatar is uploaded, then the write waits (server error). The user picks another
    avatar and publishes again: the gallery picture already uploaded is reused, the old
    avatar's upload is deleted on the server, only the new avatar is uploaded."""
    doc = rig.open_doc()
    old_avatar, photo = picture(rig, (250, 0, 0)), picture(rig, (0, 250, 0))
    doc.set_image("image_small", old_avatar)
    doc.add_image(photo)
    runner = rig.runner(backoff=Backoff(base=600.0, cap=600.0))
    done_steps: list[int] = []
    runner.stepDone.connect(lambda _item, index: done_steps.append(index))
    fail_after(rig, runner, 1)  # the write's read meets 503s
    rig.sandbox.clear_requests()
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: done_steps == [0, 1], timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: bool(rig.outbox()) and rig.outbox()[0].status == "failed", timeout=WAIT_MS
    )
    rig.sandbox.set_faults()
    new_avatar = picture(rig, (0, 0, 250))
    doc.set_image("image_small", new_avatar)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: len(deletes_sent(rig)) == 1, timeout=WAIT_MS)
    assert uploads_sent(rig) == 3  # old avatar, photo, new avatar: each once
    server = rig.server_artist()
    assert len(server["profile_images"]) == 7
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)  # the cleanup is done too


def test_discarding_a_plan_deletes_what_it_uploaded(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.add_image(picture(rig, (5, 5, 5)))
    runner = rig.runner(backoff=Backoff(base=600.0, cap=600.0))
    done_steps: list[int] = []
    runner.stepDone.connect(lambda _item, index: done_steps.append(index))
    fail_after(rig, runner, 0)
    rig.sandbox.clear_requests()
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: done_steps == [0], timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: bool(rig.outbox()) and rig.outbox()[0].status == "failed", timeout=WAIT_MS
    )
    rig.sandbox.set_faults()
    [item] = rig.outbox()
    runner.discard(item.id)
    qtbot.waitUntil(lambda: len(deletes_sent(rig)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)
    assert len(rig.server_artist()["profile_images"]) == 6
    assert doc.is_dirty  # the draft stays in the editor


def test_plan_steps_in_order(rig: Rig) -> None:
    from studio.publish import build_op

    base = rig.server_artist()
    avatar = picture(rig, (7, 7, 7))
    op = build_op("artist", rig.artist_id, base, {**base, "image_small": avatar})
    assert op is not None
    assert [s["type"] for s in op["steps"]] == [UPLOAD, WRITE]
    assert op["steps"][0]["ref"] == avatar and op["steps"][0]["upload_kind"] == "artist_image"
    assert build_op("artist", rig.artist_id, base, base) is None
