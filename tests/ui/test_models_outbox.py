"""``OutboxModel`` under ``QAbstractItemModelTester``: row-by-row inserts, removes and changes
(no resets while items come and go), statuses with the plan's progress, and the model fed by
the real publish runner against the sandbox."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from studio.api import BeatPassClient
from studio.core.drafts import artist_draft_from_api
from studio.publish import Backoff, OutboxRunner, local_files
from studio.publish import build_op as make_op
from studio.store import OutboxItem, Store, account_key
from studio.tasks import Tasks
from studio.ui.models.outbox import ATTEMPTS, CREATED, ITEM_ID_ROLE, STATUS, WHAT, OutboxModel

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


REF = "local:" + "ab" * 32 + ".png"


def plan(item_id: int, states: tuple[str, ...] = ("todo", "todo"), **kw: Any) -> OutboxItem:
    """A plan uploading two pictures before its write (a gallery change)."""
    draft = {
        **BASE,
        "profile_images": [{"id": None, "url": REF}, {"id": None, "url": REF[:-4] + ".jpg"}],
    }
    steps = [
        {"type": "upload", "ref": REF, "field": "profile_images", "state": states[0]},
        {"type": "upload", "ref": REF[:-4] + ".jpg", "field": "profile_images", "state": states[1]},
        {"type": "write", "state": "todo"},
    ]
    op = {"version": 2, "kind": "artist", "entity_id": "9", "base": BASE, "draft": draft,
          "steps": steps}  # fmt: skip
    return publish(item_id, entity_id="9", op=op, **kw)


def cleanup(item_id: int) -> OutboxItem:
    op = {"version": 2, "kind": "cleanup", "entity_id": "5,6",
          "steps": [{"type": "cleanup", "ids": [5, 6], "state": "todo"}]}  # fmt: skip
    return publish(item_id, kind="cleanup", entity_id="5,6", op=op)


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
    model.set_items("publish", [plan(1), publish(3), cleanup(5)])
    assert [model.index(r, 0).data(ITEM_ID_ROLE) for r in range(3)] == [1, 3, 5]
    assert texts(model, WHAT)[1] == "Producer page Nova Beats: Biography, Links"
    assert texts(model, WHAT)[0] == "Producer page Nova Beats: Gallery (2 pictures to upload)"
    assert texts(model, WHAT)[2] == "Delete 2 unused uploads on BeatPass"
    model.set_items("publish", [plan(1, ("done", "failed")), publish(3), cleanup(5)])
    assert texts(model, STATUS) == [
        "Queued (1 of 2 pictures uploaded, 1 picture refused)",
        "Queued",
        "Queued",
    ]
    assert seen.events.count("insert") == 3 and "reset" not in seen.events

    seen.events.clear()
    model.set_items("publish", [publish(3), cleanup(5)])  # the plan was delivered
    assert seen.events[0] == "remove" and "reset" not in seen.events
    assert texts(model, STATUS) == ["Queued", "Queued"]

    seen.events.clear()
    failed = publish(3, status="failed", attempts=2, last_error="You are offline. More.",
                     retry_at=time.time() + 60)  # fmt: skip
    model.set_items("publish", [failed, cleanup(5)])
    assert seen.events == ["changed"]
    assert texts(model, STATUS)[0].startswith("Waiting: You are offline — retry at ")
    assert texts(model, ATTEMPTS)[0] == "2"
    assert model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole) == "You are offline. More."
    assert model.index(0, CREATED).data()

    model.set_sending("publish", 3)
    assert texts(model, STATUS)[0] == "Sending…"
    model.set_progress(3, 40, 100)
    assert texts(model, STATUS)[0] == "Sending… 40 %"
    model.set_sending("publish", 0)
    needs = publish(3, status="failed", attempts=3, last_error="The link is blocked.")
    model.set_items("publish", [needs, cleanup(5)])
    assert texts(model, STATUS)[0] == "Needs you: The link is blocked"
    model.set_held([3])
    assert texts(model, STATUS)[0].startswith("Needs you: choose between")

    model.set_items("publish", [cleanup(5)])
    model.set_items("publish", [publish(2), publish(4), cleanup(5)])  # inserted between and after
    assert [model.item(r).id for r in range(model.rowCount())] == [2, 4, 5]  # type: ignore[union-attr]
    model.clear()
    assert model.rowCount() == 0
    assert counts == [1, 3, 2, 1, 3, 0]  # once per change of the count
    del tester


def test_model_follows_the_runner_step_by_step(
    qapp: QApplication, qtbot: Any, sandbox: Any, tmp_path: Path
) -> None:
    import io

    from PIL import Image

    tasks = Tasks()
    store = Store.open(tmp_path / "studio.db")
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    try:
        me = client.me()
        account = account_key(sandbox.base_url, me.id)
        artist = next(a for a in me.artists if a.name == "Nova Beats")
        base = artist_draft_from_api(client.artist(artist.id).artist.raw)
        runner = OutboxRunner(
            tasks, store, client=lambda: client, account=lambda: account,
            backoff=Backoff(base=600, cap=600),
        )  # fmt: skip
        model = OutboxModel()
        tester = QAbstractItemModelTester(model, WARN)
        model.watch("publish", runner)
        seen = Recorder(model)
        buf = io.BytesIO()
        Image.new("RGB", (900, 900), (9, 9, 90)).save(buf, "PNG")
        ref = local_files.keep(tmp_path, buf.getvalue(), "png", name="blue.png")
        draft = {**base, "profile_images": [*base["profile_images"], {"id": None, "url": ref}]}
        op = make_op("artist", str(artist.id), base, draft)
        assert op is not None
        sandbox.set_faults(fail_next=5)  # the upload meets 503s: the plan waits
        store.enqueue(account, "artist", str(artist.id), op)
        with qtbot.waitSignal(runner.idle, timeout=WAIT_MS):
            runner.kick()
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
        assert texts(model, WHAT)[0] == "Producer page Nova Beats: Gallery (1 picture to upload)"
        qtbot.waitUntil(lambda: texts(model, STATUS)[0].startswith("Waiting:"), timeout=WAIT_MS)
        sandbox.set_faults()
        with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
            runner.retry_now()
        qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT_MS)
        assert "reset" not in seen.events and "remove" in seen.events
        del tester
    finally:
        tasks.shutdown(10000)
        store.close()
        client.close()
