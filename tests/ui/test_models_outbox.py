"""``OutboxModel`` under ``QAbstractItemModelTester``: row-by-row inserts, removes and changes
(no resets while items come and go), statuses, and the model fed by the real publish runner
and upload queue against the sandbox."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from studio.api import BeatPassClient
from studio.core.drafts import artist_draft_from_api
from studio.pending_files import make_op as upload_op
from studio.publish import Backoff, OutboxRunner
from studio.publish import build_op as make_op
from studio.store import OutboxItem, Store, account_key
from studio.tasks import Tasks
from studio.ui.models import ITEM_ID_ROLE, OutboxModel
from studio.ui.models.outbox import ATTEMPTS, CREATED, STATUS, WHAT
from studio.uploads import UploadQueue

WARN = QAbstractItemModelTester.FailureReportingMode.Warning
BASE = {"name": "Nova Beats", "description": "old", "links": []}
PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 15_000


def publish(item_id: int, **kw: Any) -> OutboxItem:
    draft = {**BASE, "description": "new", "links": [{"url": "https://x.test", "title": "X"}]}
    fields: dict[str, Any] = {
        "id": item_id, "account": "a", "kind": "artist", "entity_id": "7",
        "op": {"kind": "artist", "entity_id": "7", "base": BASE, "draft": draft},
        "status": "pending", "attempts": 0, "last_error": None, "retry_at": None,
        "created_at": 1_700_000_000.0, "updated_at": 1_700_000_000.0,
    }  # fmt: skip
    fields.update(kw)
    return OutboxItem(**fields)


def upload(item_id: int, entity: str = "7", name: str = "", **kw: Any) -> OutboxItem:
    op = upload_op(Path("/tmp/x.png"), "artist_image", "artist", entity, "image_small", name)
    return publish(item_id, kind="upload", entity_id=entity, op=op, **kw)


class Recorder:
    """Counts the model's structural signals."""

    def __init__(self, model: OutboxModel) -> None:
        self.events: list[str] = []
        model.rowsInserted.connect(lambda *_: self.events.append("insert"))
        model.rowsRemoved.connect(lambda *_: self.events.append("remove"))
        model.modelReset.connect(lambda: self.events.append("reset"))
        model.dataChanged.connect(lambda *_: self.events.append("changed"))


def texts(model: OutboxModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_rows_come_and_go_one_by_one(qapp: QApplication, qtmodeltester: Any) -> None:
    model = OutboxModel()
    qtmodeltester.check(model)
    tester = QAbstractItemModelTester(model, WARN)
    seen = Recorder(model)
    counts: list[int] = []
    model.countChanged.connect(counts.append)

    model.set_items("publish", [publish(3)])
    model.set_items("upload", [upload(1), upload(5, entity="9")])
    assert [model.index(r, 0).data(ITEM_ID_ROLE) for r in range(3)] == [1, 3, 5]
    assert texts(model, WHAT)[1] == "Producer page Nova Beats: Biography, Links"
    assert texts(model, WHAT)[0] == "Upload: new avatar (producer page)"
    model.set_items("upload", [upload(1, name="me <b>.jpg"), upload(5, entity="9")])
    assert texts(model, WHAT)[0] == "Upload: me <b>.jpg (new avatar, producer page)"
    model.set_items("upload", [upload(1), upload(5, entity="9")])
    assert texts(model, STATUS) == ["Queued", "Waiting for the avatar upload", "Queued"]
    assert seen.events.count("insert") == 3 and "reset" not in seen.events

    seen.events.clear()
    model.set_items("upload", [upload(5, entity="9")])  # the avatar upload landed
    assert seen.events[0] == "remove" and "reset" not in seen.events
    assert texts(model, STATUS) == ["Queued", "Queued"]

    seen.events.clear()
    failed = publish(3, status="failed", attempts=2, last_error="You are offline. More.",
                     retry_at=time.time() + 60)  # fmt: skip
    model.set_items("publish", [failed])
    assert seen.events == ["changed"]
    assert texts(model, STATUS)[0].startswith("Waiting: You are offline — retry at ")
    assert texts(model, ATTEMPTS)[0] == "2"
    assert model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole) == "You are offline. More."
    assert model.index(0, CREATED).data()

    model.set_sending("publish", 3)
    assert texts(model, STATUS)[0] == "Sending…"
    model.set_sending("upload", 5)
    model.set_progress(5, 40, 100)
    assert texts(model, STATUS)[1] == "Sending… 40 %"
    model.set_sending("publish", 0)
    needs = publish(3, status="failed", attempts=3, last_error="The link is blocked.")
    model.set_items("publish", [needs])
    assert texts(model, STATUS)[0] == "Needs you: The link is blocked"
    model.set_held([3])
    assert texts(model, STATUS)[0].startswith("Needs you: choose between")

    model.set_items("publish", [])
    model.set_items("publish", [publish(2), publish(4)])  # inserted between and after
    assert [model.item(r).id for r in range(model.rowCount())] == [2, 4, 5]  # type: ignore[union-attr]
    model.clear()
    assert model.rowCount() == 0
    assert counts == [1, 3, 2, 1, 3, 0]  # once per change of the count
    del tester


def test_model_follows_the_runner_and_the_queue(
    qapp: QApplication, qtbot: Any, sandbox: Any, tmp_path: Path
) -> None:
    from studio.uploads import write_pending

    tasks = Tasks()
    store = Store.open(tmp_path / "studio.db")
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    try:
        me = client.me()
        account = account_key(sandbox.base_url, me.id)
        artist = next(a for a in me.artists if a.name == "Nova Beats")
        base = artist_draft_from_api(client.artist(artist.id).artist.raw)
        online = [False]
        backoff = Backoff(base=0.05, cap=0.1)
        runner = OutboxRunner(
            tasks, store, client=lambda: client, account=lambda: account, backoff=backoff
        )
        queue = UploadQueue(
            tasks, lambda: store, client=lambda: client if online[0] else None,
            account=lambda: account, backoff=backoff,
        )  # fmt: skip
        runner.watch_uploads(queue)
        model = OutboxModel()
        tester = QAbstractItemModelTester(model, WARN)
        model.watch("publish", runner)
        model.watch("upload", queue)
        seen = Recorder(model)

        path = write_pending(tmp_path, b"\x89PNG not really", "png")  # refused by the server
        store.enqueue(
            account, "upload", str(artist.id),
            upload_op(path, "artist_image", "artist", str(artist.id), "image_small"),
        )  # fmt: skip
        op = make_op("artist", str(artist.id), base, {**base, "city": "Lisbon"})
        assert op is not None
        store.enqueue(account, "artist", str(artist.id), op)
        with qtbot.waitSignal(runner.idle, timeout=WAIT_MS):
            queue.kick()
            runner.kick()
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT_MS)
        assert texts(model, WHAT)[1] == "Producer page Nova Beats: City"
        assert texts(model, STATUS)[1] == "Waiting for the avatar upload"

        online[0] = True
        queue.kick()
        qtbot.waitUntil(lambda: texts(model, STATUS)[0].startswith("Needs you:"), timeout=WAIT_MS)
        with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
            queue.discard(model.item(0).id)  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT_MS)
        assert "reset" not in seen.events and "remove" in seen.events
        del tester
    finally:
        tasks.shutdown(10000)
        store.close()
        client.close()
