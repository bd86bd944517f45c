"""The outbox runner against the real sandbox: delivery, merges, conflicts, outages,
restarts, 422 and 401."""

from __future__ import annotations

import time
from typing import Any

from publish_rig import WAIT_MS, Rig

from studio.publish import OFFLINE_TEXT, ConflictRequest, Delivery, ItemProblem
from studio.publish import build_op as make_op
from studio.publish.items import SLOW_TEXT
from studio.store import Store
from studio.tasks import Tasks

NEW_BIO = "Fresh bio: <b>not bold</b> & still plain text."
NEW_LINK = {"url": "https://bandcamp.com/novabeats", "title": "Bandcamp"}


def edit_bio_and_links(doc: Any) -> None:
    doc.set_field("description", NEW_BIO)
    doc.remove_item("links", 1)  # Instagram
    doc.add_link(NEW_LINK["url"], NEW_LINK["title"])


def test_publish_bio_and_links_reaches_the_server(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    before = rig.server_artist()
    edit_bio_and_links(doc)
    runner = rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS) as blocker:
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    delivery: Delivery = blocker.args[0]
    assert {c.field for c in delivery.changes} == {"description", "links"}

    after = rig.server_artist()
    assert after["description"] == NEW_BIO
    assert NEW_LINK in after["links"]
    assert all(link["title"] != "Instagram" for link in after["links"])
    for untouched in ("verified", "image_small", "cover_image", "profile_images", "genres"):
        assert after[untouched] == before[untouched], untouched  # pitfall 3: nothing wiped
    assert after["verified"] is True

    assert not doc.is_dirty
    assert doc.base == after
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)
    assert rig.outbox() == []
    history = rig.store.history(rig.account, "artist", rig.artist_id)
    assert len(history) == 1
    assert set(history[0]["changes"]["fields"]) == {"description", "links"}
    assert history[0]["changes"]["fields"]["description"]["after"] == NEW_BIO
    snapshot = rig.store.load_snapshot(rig.account, "artist", rig.artist_id)
    assert snapshot == after  # draft-shaped, as the profile page stores and reads it


def test_user_profile_publish(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc("user")
    doc.set_field("city", "Montréal")
    doc.set_field("first_name", "Nadia-Rose")
    runner = rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    server = rig.server_user()
    assert (server["city"], server["first_name"]) == ("Montréal", "Nadia-Rose")
    assert server["username"] == doc.base["username"]
    assert not doc.is_dirty


def test_server_change_to_another_field_is_kept(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("description", NEW_BIO)
    other = rig.fresh_client()
    theirs = rig.server_artist()
    theirs["city"] = "Vancouver"
    from studio.core.drafts import artist_payload

    other.update_artist(int(rig.artist_id), artist_payload(theirs))
    runner = rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    server = rig.server_artist()
    assert server["city"] == "Vancouver"  # merged, not overwritten by the old base value
    assert server["description"] == NEW_BIO
    assert doc.value("city") == "Vancouver"
    assert not doc.is_dirty


def _change_bio_elsewhere(rig: Rig, text: str) -> None:
    from studio.core.drafts import artist_payload

    theirs = rig.server_artist()
    theirs["description"] = text
    rig.fresh_client().update_artist(int(rig.artist_id), artist_payload(theirs))


def test_conflict_resolved_with_theirs(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("description", "Mine")
    doc.set_field("city", "Ottawa")  # not in conflict: still published
    _change_bio_elsewhere(rig, "Theirs")
    runner = rig.runner()
    with qtbot.waitSignal(runner.conflicted, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    request: ConflictRequest = blocker.args[0]
    assert [(c.field, c.mine, c.theirs) for c in request.merge.conflicts] == [
        ("description", "Mine", "Theirs")
    ]
    assert len(rig.outbox()) == 1  # waiting, not dropped
    request.merge.resolve("description", "theirs")
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.resolve(request, request.merge.result())
    server = rig.server_artist()
    assert (server["description"], server["city"]) == ("Theirs", "Ottawa")
    assert doc.value("description") == "Theirs"
    assert not doc.is_dirty


def test_conflict_resolved_with_mine(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("description", "Mine")
    _change_bio_elsewhere(rig, "Theirs")
    runner = rig.runner()
    with qtbot.waitSignal(runner.conflicted, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    request: ConflictRequest = blocker.args[0]
    request.merge.resolve_all("mine")
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.resolve(request, request.merge.result())
    assert rig.server_artist()["description"] == "Mine"
    assert doc.value("description") == "Mine"
    assert not doc.is_dirty
    assert rig.outbox() == []


def test_dropped_connections_keep_the_item_until_the_sandbox_recovers(rig: Rig, qtbot: Any) -> None:
    """Connections that open and then drop: the server is there but not answering — "not
    answering", not "offline"; the timer delivers once it answers again."""
    doc = rig.open_doc()
    doc.set_field("description", NEW_BIO)
    runner = rig.runner()
    online: list[bool] = []
    runner.onlineChanged.connect(online.append)
    rig.sandbox.set_faults(drop_rate=1.0)
    with qtbot.waitSignal(
        runner.statusChanged, timeout=WAIT_MS, check_params_cb=lambda t: t == SLOW_TEXT
    ):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    items = rig.outbox()
    assert len(items) == 1 and items[0].attempts >= 1 and items[0].retry_at is not None
    assert doc.is_dirty
    assert False not in online
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        rig.sandbox.set_faults()  # the connection is back: the timer delivers on its own
    assert rig.server_artist()["description"] == NEW_BIO
    assert not doc.is_dirty


def test_server_errors_are_retried_with_backoff(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("city", "Halifax")
    runner = rig.runner()
    failures: list[str] = []
    runner.statusChanged.connect(failures.append)
    rig.sandbox.set_faults(fail_next=5)  # one attempt's worth of 503s (the client tries 5 times)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert any("BeatPass had a problem" in text for text in failures)
    assert rig.server_artist()["city"] == "Halifax"


def test_outbox_survives_a_restart(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("description", NEW_BIO)
    rig.sandbox.set_faults(drop_rate=1.0)
    first = rig.runner()
    with qtbot.waitSignal(
        first.statusChanged, timeout=WAIT_MS, check_params_cb=lambda t: t == SLOW_TEXT
    ):
        first.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    # Quit: the pools drain and the store closes; the document is gone with the app.
    doc.flush()
    rig.docs.clear()
    rig.tasks.shutdown(10000)
    rig.store.close()
    rig.sandbox.set_faults()

    store = Store.open(rig.store_path)
    tasks = Tasks()
    try:
        assert len(store.outbox(rig.account)) == 1
        second = rig.runner(tasks=tasks, store=store)
        with qtbot.waitSignal(second.delivered, timeout=WAIT_MS):
            second.reset()  # what sign-in does: read the account's outbox and resume it
        assert rig.server_artist()["description"] == NEW_BIO
        qtbot.waitUntil(lambda: second.count == 0, timeout=WAIT_MS)
        saved = store.load_draft(rig.account, "artist", rig.artist_id)
        assert saved is not None and saved.draft == saved.base  # the stored draft is clean
        assert saved.base["description"] == NEW_BIO
    finally:
        tasks.shutdown(10000)
        store.close()
        rig.tasks = Tasks()  # the fixture shuts this one down
        rig.store = Store.open(rig.store_path)


def test_validation_error_waits_for_the_user(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.add_link("not a url", "Broken")
    runner = rig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    problem: ItemProblem = blocker.args[0]
    index = len(doc.value("links")) - 1
    assert f"links.{index}.url" in problem.field_errors
    qtbot.waitUntil(lambda: runner.count == 1 and runner.items[0].waits_for_user, timeout=WAIT_MS)
    assert "attention" in runner.status
    # The user fixes the link and publishes again: the waiting item is replaced.
    doc.edit_link(index, url="https://example.com/nova")
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)
    assert {"url": "https://example.com/nova", "title": "Broken"} in rig.server_artist()["links"]


def test_discarding_a_waiting_item(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.add_link("not a url", "Broken")
    runner = rig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    runner.discard(blocker.args[0].item_id)
    qtbot.waitUntil(lambda: rig.outbox() == [] and runner.count == 0, timeout=WAIT_MS)
    assert doc.is_dirty  # the draft itself is kept in the editor


def test_expired_token_pauses_then_resumes_the_same_item(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("description", NEW_BIO)
    rig.sandbox.expire_token(rig.client.token or "")
    runner = rig.runner()
    with qtbot.waitSignal(runner.authNeeded, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    problem: ItemProblem = blocker.args[0]
    assert runner.paused
    assert [i.id for i in rig.outbox()] == [problem.item_id]
    rig.client.token = rig.sandbox.token_for("producer@demo.beatpass.test")
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS) as done:
        runner.resume()
    assert done.args[0].item_id == problem.item_id
    assert rig.server_artist()["description"] == NEW_BIO


def test_nothing_to_publish_queues_nothing(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    assert make_op(doc.kind, doc.entity_id, doc.base, doc.draft) is None
    runner = rig.runner()
    results: list[int | None] = []
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft, on_done=results.append)
    qtbot.waitUntil(lambda: results == [None], timeout=WAIT_MS)
    assert rig.outbox() == []


def test_runner_leaves_other_kinds_of_outbox_work_alone(rig: Rig, qtbot: Any) -> None:
    upload_op = {"type": "upload", "path": "/nowhere.jpg", "upload_kind": "artist_image"}
    upload_id = rig.store.enqueue(rig.account, "upload", rig.artist_id, upload_op)
    doc = rig.open_doc()
    doc.set_field("city", "Halifax")
    runner = rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)
    assert rig.server_artist()["city"] == "Halifax"
    upload = rig.store.outbox_item(upload_id)
    assert upload is not None and upload.status == "pending" and upload.attempts == 0


def _change_city_elsewhere(rig: Rig, city: str) -> None:
    from studio.core.drafts import artist_payload

    theirs = rig.server_artist()
    theirs["city"] = city
    rig.fresh_client().update_artist(int(rig.artist_id), artist_payload(theirs))


def test_lost_answer_is_not_resent_over_a_newer_server_change(rig: Rig, qtbot: Any) -> None:
    """The PUT is applied but its answer is lost; someone changes the city meanwhile. The
    publish must not resend its stale full object (which would put the old city back): it
    re-reads, finds its own change there, and reports success without overwriting theirs."""
    doc = rig.open_doc()
    doc.set_field("description", NEW_BIO)
    rig.sandbox.on_answer_dropped(lambda: _change_city_elsewhere(rig, "Lost-Answer City"))
    rig.sandbox.set_faults(drop_answer_next=1)
    runner = rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    server = rig.server_artist()
    assert server["city"] == "Lost-Answer City"  # their change survived
    assert server["description"] == NEW_BIO  # mine is there (applied once)
    assert doc.value("city") == "Lost-Answer City"
    assert not doc.is_dirty
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)


def test_lost_answer_then_same_field_changed_elsewhere_is_a_conflict(rig: Rig, qtbot: Any) -> None:
    """Applied, answer lost, then the same field changed elsewhere: shown as a conflict,
    never silently overwritten (and never silently dropped)."""
    doc = rig.open_doc()
    doc.set_field("description", "Mine")
    rig.sandbox.on_answer_dropped(lambda: _change_bio_elsewhere(rig, "Theirs, later"))
    rig.sandbox.set_faults(drop_answer_next=1)
    runner = rig.runner()
    with qtbot.waitSignal(runner.conflicted, timeout=WAIT_MS) as blocker:
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    request: ConflictRequest = blocker.args[0]
    assert [(c.field, c.mine, c.theirs) for c in request.merge.conflicts] == [
        ("description", "Mine", "Theirs, later")
    ]
    assert rig.server_artist()["description"] == "Theirs, later"
    assert len(rig.outbox()) == 1  # waiting for the user


def test_outage_is_offline_at_once_and_resumes_as_soon_as_the_server_is_back(
    rig: Rig, qtbot: Any
) -> None:
    """The server goes away (connections refused): Offline, the item kept, nothing tried in
    a loop; when it comes back the probe notices and the publish goes out — with a backoff
    so long (≥ 30 s, the safety net) that only the probe can deliver within the wait."""
    from studio.publish import Backoff

    doc = rig.open_doc()
    doc.set_field("description", NEW_BIO)
    runner = rig.runner(backoff=Backoff(base=60.0, cap=600.0))
    runner.connectivity._timer.setInterval(200)  # probe often, so the test stays quick
    online: list[bool] = []
    runner.onlineChanged.connect(online.append)
    rig.stop_server()
    with qtbot.waitSignal(
        runner.statusChanged, timeout=WAIT_MS, check_params_cb=lambda t: t == OFFLINE_TEXT
    ):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert online == [False]
    items = rig.outbox()
    qtbot.waitUntil(lambda: len(rig.outbox()) == 1 and rig.outbox()[0].attempts == 1)
    items = rig.outbox()
    assert items[0].retry_at is not None and items[0].retry_at - time.time() > 20
    qtbot.wait(600)  # several probes fail meanwhile; nothing is tried
    assert rig.outbox()[0].attempts == 1 and runner.status == OFFLINE_TEXT
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        rig.restart_server()
    assert online == [False, True]
    assert rig.server_artist()["description"] == NEW_BIO
    assert not doc.is_dirty


def test_a_publish_queued_while_offline_waits_and_goes_out_when_back(rig: Rig, qtbot: Any) -> None:
    doc = rig.open_doc()
    doc.set_field("city", "Offline Town")
    runner = rig.runner()
    runner.connectivity._timer.setInterval(200)
    rig.stop_server()
    runner.connectivity.unreachable()  # something else (a page load) found the server gone
    assert runner.status == OFFLINE_TEXT
    with qtbot.waitSignal(runner.idle, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert runner.count == 1 and runner.status == OFFLINE_TEXT
    qtbot.wait(400)
    assert [i.attempts for i in rig.outbox()] == [0]  # held, not tried against a dead server
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        rig.restart_server()
    assert rig.server_artist()["city"] == "Offline Town"


def test_publish_confirmed_while_the_disk_is_full_is_kept_and_sent_later(
    rig: Rig, qtbot: Any
) -> None:
    """The disk is full when the user confirms a publish: it is not dropped — the outbox
    counts it and says why it waits; once there is room it is queued and delivered
    without the user pressing Publish again."""
    from disk_limit import DiskLimit

    from studio.publish.items import UNQUEUED_TEXT

    limit = DiskLimit()
    rig.store.close()
    rig.store = Store.open(rig.store_path, on_connect=limit.on_connect)
    doc = rig.open_doc()
    doc.set_field("description", "Written on a full disk " + "x" * 4500)
    doc.flush()
    qtbot.waitUntil(lambda: doc.is_saved, timeout=WAIT_MS)
    runner = rig.runner()
    runner._unqueued.timer.setInterval(100)
    qtbot.waitUntil(lambda: len(limit.connections) >= 1, timeout=WAIT_MS)
    limit.set_full(True)
    counts: list[int] = []
    runner.countChanged.connect(counts.append)
    prefix = UNQUEUED_TEXT.split("{")[0]
    with qtbot.waitSignal(
        runner.statusChanged, timeout=WAIT_MS, check_params_cb=lambda t: t.startswith(prefix)
    ):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert "disk is full" in runner.status
    assert runner.count == 1 and counts[-1] == 1 and runner.unqueued == 1
    assert rig.outbox() == []
    qtbot.wait(300)  # it keeps trying while the disk stays full; nothing is lost
    assert runner.unqueued == 1
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        limit.set_full(False)
    assert rig.server_artist()["description"].startswith("Written on a full disk")
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)
    assert runner.unqueued == 0


def test_replacing_a_waiting_publish_is_all_or_nothing(rig: Rig) -> None:
    """A full disk while replacing the entity's waiting publish leaves the old one queued
    (it used to be removed first and the new one then failed to be written)."""
    from disk_limit import DiskLimit

    from studio.store import StoreFull

    limit = DiskLimit()
    store = Store.open(rig.store_path.with_name("other.db"), on_connect=limit.on_connect)
    try:
        base = rig.server_artist()
        old = make_op("artist", rig.artist_id, base, {**base, "city": "Old"})
        assert old is not None
        first = store.enqueue_replacing(rig.account, "artist", rig.artist_id, old)
        limit.set_full(True)
        new = make_op("artist", rig.artist_id, base, {**base, "description": "y" * 20000})
        assert new is not None
        try:
            store.enqueue_replacing(rig.account, "artist", rig.artist_id, new)
        except StoreFull:
            pass
        else:  # pragma: no cover - the cap must bite for this test to mean anything
            raise AssertionError("the full disk was not hit")
        assert [i.id for i in store.outbox(rig.account)] == [first]
        limit.set_full(False)
        second = store.enqueue_replacing(rig.account, "artist", rig.artist_id, new)
        assert [i.id for i in store.outbox(rig.account)] == [second]
    finally:
        store.close()
