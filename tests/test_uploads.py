"""``UploadQueue`` against the real sandbox: delivery into the draft, restarts, outages,
422s and refused files; only outbox items of kind "upload" are touched."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image

from studio.api import BeatPassClient
from studio.core.drafts import artist_draft_from_api
from studio.document import DraftDocument
from studio.publish.backoff import Backoff
from studio.sandbox.server import SandboxHandle
from studio.store import Store, account_key
from studio.tasks import Tasks
from studio.uploads import KIND, UploadDone, UploadProblem, UploadQueue, write_pending

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 15000


def png_bytes(
    size: tuple[int, int] = (64, 64), colour: tuple[int, int, int] = (200, 30, 90)
) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


class Rig:
    def __init__(self, sandbox: SandboxHandle, tmp_path: Path) -> None:
        self.sandbox = sandbox
        self.data = tmp_path / "data"
        self.store_path = self.data / "studio.db"
        self.store = Store.open(self.store_path)
        self.tasks = Tasks()
        self.client = BeatPassClient(
            sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0
        )
        me = self.client.me()
        self.account = account_key(sandbox.base_url, me.id)
        self.artist_id = str(next(a for a in me.artists if a.name == "Nova Beats").id)
        self.signed_in = True
        self.queues: list[UploadQueue] = []

    def server_artist(self) -> dict[str, Any]:
        return artist_draft_from_api(self.client.artist(int(self.artist_id)).artist.raw)

    def doc(self) -> DraftDocument:
        return DraftDocument(
            tasks=self.tasks,
            store=self.store,
            account=self.account,
            kind="artist",
            entity_id=self.artist_id,
            base=self.server_artist(),
            autosave_delay_ms=20,
        )

    def queue(
        self, store: Store | None = None, docs: list[DraftDocument] | None = None
    ) -> UploadQueue:
        used = store or self.store
        queue = UploadQueue(
            self.tasks,
            lambda: used,
            client=lambda: self.client if self.signed_in else None,
            account=lambda: self.account if self.signed_in else None,
            documents=lambda: list(docs or []),
            backoff=Backoff(base=0.05, cap=0.2, rng=random.Random(3).random),
        )
        self.queues.append(queue)
        return queue

    def pending(self, data: bytes | None = None, ext: str = "png") -> Path:
        return write_pending(self.data, data or png_bytes(), ext)


@pytest.fixture
def rig(qapp: Any, sandbox: SandboxHandle, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(sandbox, tmp_path)
    yield made
    sandbox.set_faults()
    made.tasks.shutdown(10000)
    made.store.close()
    made.client.close()


def test_upload_lands_in_the_open_draft(rig: Rig, qtbot: Any) -> None:
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    data = png_bytes((120, 120))
    path = rig.pending(data)
    seen: list[tuple[int, int, int]] = []
    queue.progress.connect(lambda *args: seen.append(args))
    with qtbot.waitSignal(queue.uploaded, timeout=WAIT_MS) as blocker:
        queue.enqueue(path, upload_kind="artist_image", doc=doc, field="image_small")
    done: UploadDone = blocker.args[0]
    assert done.field == "image_small" and done.entity_id == rig.artist_id
    assert doc.value("image_small") == done.url
    assert doc.is_dirty  # a draft change, published later
    fetched = requests.get(done.url, timeout=10)
    assert fetched.status_code == 200 and fetched.content == data
    assert seen and seen[-1][1] == seen[-1][2] > len(data)  # multipart body sent in full
    qtbot.waitUntil(lambda: rig.store.outbox(rig.account) == [], timeout=WAIT_MS)
    assert not path.exists()


def test_pending_upload_survives_a_restart(rig: Rig, qtbot: Any) -> None:
    base = rig.server_artist()
    rig.store.save_draft(rig.account, "artist", rig.artist_id, base, base)
    rig.signed_in = False  # the app quit before signing in again
    doc = rig.doc()
    first = rig.queue()
    with qtbot.waitSignal(first.queued, timeout=WAIT_MS) as blocker:
        first.enqueue(rig.pending(), upload_kind="artist_image", doc=doc, field="cover_image")
    item_id = blocker.args[0]
    assert [i.id for i in rig.store.outbox(rig.account)] == [item_id]
    first.deleteLater()
    doc.deleteLater()
    qtbot.wait(50)

    reopened = Store.open(rig.store_path)  # the next run: a new store handle and queue
    try:
        rig.signed_in = True
        second = rig.queue(store=reopened)
        with qtbot.waitSignal(second.uploaded, timeout=WAIT_MS) as blocker:
            second.reset()  # sign-in
        url = blocker.args[0].url
        qtbot.waitUntil(lambda: reopened.outbox(rig.account) == [], timeout=WAIT_MS)
        record = reopened.load_draft(rig.account, "artist", rig.artist_id)
        assert record is not None and record.draft["cover_image"] == url
        assert record.base == base
        assert requests.get(url, timeout=10).status_code == 200
    finally:
        rig.tasks.shutdown(10000)
        reopened.close()


def test_outage_keeps_the_item_then_delivers(rig: Rig, qtbot: Any) -> None:
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    problems: list[UploadProblem] = []
    queue.failed.connect(problems.append)
    rig.sandbox.set_faults(fail_next=2, fail_status=500)
    with qtbot.waitSignal(queue.uploaded, timeout=WAIT_MS) as blocker:
        queue.enqueue(rig.pending(), upload_kind="artist_image", doc=doc, field="image_small")
    assert len(problems) == 2 and all(p.will_retry for p in problems)
    assert "BeatPass" in problems[0].message
    assert doc.value("image_small") == blocker.args[0].url


def test_rate_limit_is_waited_out(rig: Rig, qtbot: Any) -> None:
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    rig.sandbox.set_faults(rate_limit_next=6, retry_after=0)
    with qtbot.waitSignal(queue.uploaded, timeout=WAIT_MS):
        queue.enqueue(rig.pending(), upload_kind="artist_image", doc=doc, field="image_small")
    assert doc.value("image_small")


def test_422_stops_with_the_error_and_retry_delivers(rig: Rig, qtbot: Any) -> None:
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    path = rig.pending()
    rig.sandbox.set_faults(fail_next=1, fail_status=422)
    with qtbot.waitSignal(queue.failed, timeout=WAIT_MS) as blocker:
        queue.enqueue(path, upload_kind="artist_image", doc=doc, field="image_small")
    problem: UploadProblem = blocker.args[0]
    assert not problem.will_retry and problem.message
    qtbot.waitUntil(lambda: any(i.waits_for_user for i in queue.items), timeout=WAIT_MS)
    [item] = rig.store.outbox(rig.account)
    assert item.last_error == problem.message and item.retry_at is None
    assert path.exists()  # nothing lost
    assert doc.value("image_small") == rig.server_artist()["image_small"]
    with qtbot.waitSignal(queue.uploaded, timeout=WAIT_MS):
        queue.retry(item.id)
    assert rig.store.outbox(rig.account) == []


def test_refused_file_is_not_retried(rig: Rig, qtbot: Any) -> None:
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    text = rig.pending(b"not a picture at all", ext="jpg")
    with qtbot.waitSignal(queue.failed, timeout=WAIT_MS) as blocker:
        queue.enqueue(text, upload_kind="artist_image", doc=doc, field="image_small")
    assert not blocker.args[0].will_retry
    assert "cannot be uploaded" in blocker.args[0].message or "not a" in blocker.args[0].message
    qtbot.waitUntil(lambda: queue.status == "1 upload needs your attention", timeout=WAIT_MS)
    with qtbot.waitSignal(queue.idle, timeout=WAIT_MS):
        queue.discard(queue.items[0].id)
    assert rig.store.outbox(rig.account) == []
    assert not text.exists()


def test_missing_prepared_file_waits_for_the_user(rig: Rig, qtbot: Any) -> None:
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    path = rig.pending()
    path.unlink()
    with qtbot.waitSignal(queue.failed, timeout=WAIT_MS) as blocker:
        queue.enqueue(path, upload_kind="artist_image", doc=doc, field="image_small")
    assert "choose the picture again" in blocker.args[0].message


def test_only_upload_items_are_touched(rig: Rig, qtbot: Any) -> None:
    other = rig.store.enqueue(rig.account, "artist", rig.artist_id, {"kind": "artist"})
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    with qtbot.waitSignal(queue.uploaded, timeout=WAIT_MS):
        queue.enqueue(rig.pending(), upload_kind="artist_image", doc=doc, field="image_small")
    qtbot.waitUntil(lambda: len(rig.store.outbox(rig.account)) == 1, timeout=WAIT_MS)
    [left] = rig.store.outbox(rig.account)
    assert (left.id, left.kind, left.status, left.attempts) == (other, "artist", "pending", 0)
    assert all(i.kind == KIND for i in queue.items)


def test_same_prepared_file_twice_is_kept_until_both_are_sent(rig: Rig, qtbot: Any) -> None:
    rig.signed_in = False
    doc = rig.doc()
    queue = rig.queue(docs=[doc])
    path = rig.pending()
    for field in ("image_small", "cover_image"):
        with qtbot.waitSignal(queue.queued, timeout=WAIT_MS):
            queue.enqueue(path, upload_kind="artist_image", doc=doc, field=field)
    rig.signed_in = True
    urls: list[str] = []
    queue.uploaded.connect(lambda done: urls.append(done.url))
    queue.reset()
    qtbot.waitUntil(lambda: len(urls) == 2, timeout=WAIT_MS)
    assert doc.value("image_small") == urls[0] and doc.value("cover_image") == urls[1]
    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT_MS)
