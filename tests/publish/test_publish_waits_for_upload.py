"""A publish waits while an upload for the same entity is in the outbox, and is sent with the
uploaded picture's URL merged in (against the real sandbox)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from publish_rig import WAIT_MS, Rig, fast_backoff

from studio.publish import OutboxRunner
from studio.publish.items import UPLOAD_WAIT_TEXT
from studio.uploads import UploadDone, UploadQueue, write_pending

NEW_BIO = "Bio published together with the new avatar."


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (400, 400), (20, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


class Uploads:
    """An upload queue on the rig whose network can be switched on later."""

    def __init__(self, rig: Rig) -> None:
        self.online = False
        self.queue = UploadQueue(
            rig.tasks,
            lambda: rig.store,
            client=lambda: rig.client if self.online else None,
            account=lambda: rig.account,
            documents=lambda: list(rig.docs),
            backoff=fast_backoff(),
        )


def queue_avatar(rig: Rig, uploads: Uploads, doc: Any, tmp_path: Path, qtbot: Any) -> None:
    path = write_pending(tmp_path / "data", png_bytes(), "png")
    with qtbot.waitSignal(uploads.queue.queued, timeout=WAIT_MS):
        uploads.queue.enqueue(path, upload_kind="artist_image", doc=doc, field="image_small")


def test_publish_waits_for_the_upload_and_sends_its_url(
    rig: Rig, qtbot: Any, tmp_path: Path
) -> None:
    doc = rig.open_doc()
    before = rig.server_artist()
    uploads = Uploads(rig)
    queue_avatar(rig, uploads, doc, tmp_path, qtbot)
    doc.set_field("description", NEW_BIO)

    runner: OutboxRunner = rig.runner()
    runner.watch_uploads(uploads.queue)
    delivered: list[Any] = []
    runner.delivered.connect(delivered.append)
    with qtbot.waitSignal(runner.idle, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    # The upload cannot go yet: the publish holds back instead of sending the old avatar.
    assert runner.status == UPLOAD_WAIT_TEXT.format(noun="avatar")
    assert [i.kind for i in rig.outbox()] == ["upload", "artist"]
    assert delivered == [] and rig.server_artist()["description"] == before["description"]

    uploads.online = True
    with qtbot.waitSignal(uploads.queue.uploaded, timeout=WAIT_MS) as landed:
        uploads.queue.kick()
    done: UploadDone = landed.args[0]
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=WAIT_MS)
    assert {c.field for c in delivered[0].changes} == {"description", "image_small"}
    server = rig.server_artist()
    assert server["description"] == NEW_BIO
    assert server["image_small"] != before["image_small"]
    assert Path(server["image_small"]).name == Path(done.url).name
    assert doc.value("image_small") == server["image_small"]
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)  # nothing left as a fresh change
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)


def test_publish_of_another_entity_does_not_wait(rig: Rig, qtbot: Any, tmp_path: Path) -> None:
    artist = rig.open_doc()
    user = rig.open_doc("user")
    uploads = Uploads(rig)
    queue_avatar(rig, uploads, artist, tmp_path, qtbot)  # never sent in this test
    user.set_field("city", "Halifax")
    runner = rig.runner()
    runner.watch_uploads(uploads.queue)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(user.kind, user.entity_id, user.base, user.draft)
    assert rig.server_user()["city"] == "Halifax"
    assert [i.kind for i in rig.outbox()] == ["upload"]


def test_waiting_publish_survives_a_restart_and_gets_the_url(
    rig: Rig, qtbot: Any, tmp_path: Path
) -> None:
    doc = rig.open_doc()
    uploads = Uploads(rig)
    queue_avatar(rig, uploads, doc, tmp_path, qtbot)
    doc.set_field("description", NEW_BIO)
    first = rig.runner()
    with qtbot.waitSignal(first.idle, timeout=WAIT_MS):
        first.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    # As after a restart: a new runner and queue read the same outbox; no document is open.
    doc.flush()
    qtbot.waitUntil(
        lambda: rig.store.load_draft(rig.account, "artist", rig.artist_id) is not None,
        timeout=WAIT_MS,
    )
    rig.docs.clear()
    again = Uploads(rig)
    again.online = True
    runner = rig.runner()
    runner.watch_uploads(again.queue)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        again.queue.kick()
        runner.kick()
    server = rig.server_artist()
    assert server["description"] == NEW_BIO
    stored = rig.store.load_draft(rig.account, "artist", rig.artist_id)
    assert stored is not None and stored.draft["image_small"] == server["image_small"]
