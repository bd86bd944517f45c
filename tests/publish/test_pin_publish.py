"""Publishing the pinned track through a plan, against the real sandbox: pin (P1) and unpin
(P2) as one step; a lost answer is checked against P3 (never sent twice); a pin changed on
BeatPass meanwhile is a conflict; a track BeatPass refuses (422) or that was deleted (404)
is refused for good with its reason, keyed by the track for the picker; the draft keeps it."""

from __future__ import annotations

from typing import Any

from publish_rig import WAIT_MS, Rig

from studio.api import BeatPassClient
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.pin_catalog import CATALOG_PER_PAGE, CatalogTrack, from_track
from studio.core.pins import PIN, PINNED, fetch_pin, pinned_id, summary_text, with_pin
from studio.document import DraftDocument
from studio.publish import ConflictRequest, Delivery, UploadRefused
from studio.publish.pin_steps import GONE
from studio.publish.plan import DONE, FAILED, steps_of


def catalog(client: BeatPassClient, artist_id: int) -> list[CatalogTrack]:
    tracks = client.iter_pages(lambda p: client.artist_tracks(artist_id, p, CATALOG_PER_PAGE))
    return [from_track(t) for t in tracks]


def pin_doc(rig: Rig) -> DraftDocument:
    doc = DraftDocument(
        tasks=rig.tasks,
        store=rig.store,
        account=rig.account,
        kind=PIN,
        entity_id=rig.artist_id,
        base=fetch_pin(rig.client, rig.artist_id),
        autosave_delay_ms=30,
        parent=rig.owner,
    )
    rig.docs.append(doc)
    return doc


def eligible_other(rig: Rig, doc: DraftDocument, skip: int = 0) -> CatalogTrack:
    pinned = pinned_id(doc.base)
    tracks = [t for t in catalog(rig.client, int(rig.artist_id)) if t.eligible]
    return [t for t in tracks if t.id != pinned][skip]


def with_reason(rig: Rig, reason: str) -> CatalogTrack:
    tracks = catalog(rig.client, int(rig.artist_id))
    return next(t for t in tracks if t.reason == reason)


def server_pin(rig: Rig) -> int | None:
    return pinned_id(fetch_pin(rig.fresh_client(), rig.artist_id))


def pins_sent(rig: Rig) -> int:
    return len([r for r in rig.sandbox.requests("POST", "/artists") if r.path.endswith("/pin")])


def test_pin_another_track_publishes_one_p1(rig: Rig, qtbot: Any) -> None:
    doc = pin_doc(rig)
    target = eligible_other(rig, doc)
    doc.replace_draft(with_pin(doc.base, target.summary()), "Pin")
    runner = rig.runner()
    rig.sandbox.clear_requests()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS) as blocker:
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    delivery: Delivery = blocker.args[0]
    assert [c.field for c in delivery.changes] == [PINNED]
    assert server_pin(rig) == target.id
    assert pins_sent(rig) == 1
    assert not doc.is_dirty and pinned_id(doc.base) == target.id
    [history] = rig.store.history(rig.account, PIN, rig.artist_id)
    assert history["changes"]["fields"][PINNED]["after"]["id"] == target.id
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)


def test_unpin_publishes_one_p2(rig: Rig, qtbot: Any) -> None:
    doc = pin_doc(rig)
    was = pinned_id(doc.base)
    assert was is not None
    doc.replace_draft(with_pin(doc.base, None), "Unpin")
    runner = rig.runner()
    rig.sandbox.clear_requests()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    unpins = [r.path for r in rig.sandbox.requests("POST", "/artists")]
    assert unpins == [f"/api/v1/artists/{rig.artist_id}/tracks/{was}/unpin"]
    assert server_pin(rig) is None
    assert not doc.is_dirty and doc.base == {PINNED: None, "auto_pick": None}


def test_a_lost_answer_is_checked_not_resent(rig: Rig, qtbot: Any) -> None:
    """P1 is applied but its answer is lost: the retry reads P3, finds the pin there, and
    is done without sending P1 again."""
    doc = pin_doc(rig)
    target = eligible_other(rig, doc)
    doc.replace_draft(with_pin(doc.base, target.summary()), "Pin")
    rig.sandbox.set_faults(drop_answer_next=1)
    runner = rig.runner()
    rig.sandbox.clear_requests()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert pins_sent(rig) == 1
    assert len(rig.sandbox.requests("GET", f"/artists/{rig.artist_id}/pinned-track")) == 2
    assert server_pin(rig) == target.id and not doc.is_dirty


def test_a_pin_changed_on_beatpass_meanwhile_is_a_conflict(rig: Rig, qtbot: Any) -> None:
    doc = pin_doc(rig)
    mine, theirs = eligible_other(rig, doc, 0), eligible_other(rig, doc, 1)
    doc.replace_draft(with_pin(doc.base, mine.summary()), "Pin")
    rig.fresh_client().pin_track(int(rig.artist_id), theirs.id)  # the web site, meanwhile
    runner = rig.runner()
    rig.sandbox.clear_requests()
    with qtbot.waitSignal(runner.conflicted, timeout=WAIT_MS) as blocker:
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    request: ConflictRequest = blocker.args[0]
    [conflict] = request.merge.conflicts
    assert conflict.field == PINNED
    assert (conflict.mine["id"], conflict.theirs["id"]) == (mine.id, theirs.id)
    assert pins_sent(rig) == 0 and server_pin(rig) == theirs.id
    # Keeping mine publishes it.
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        request.merge.resolve(PINNED, "mine")
        runner.resolve(request, request.merge.result())
    assert server_pin(rig) == mine.id and not doc.is_dirty


def test_an_ineligible_track_is_refused_with_its_reason(rig: Rig, qtbot: Any) -> None:
    doc = pin_doc(rig)
    before = server_pin(rig)
    target = with_reason(rig, "ai_rights_unconfirmed")
    doc.replace_draft(with_pin(doc.base, target.summary()), "Pin")
    runner = rig.runner()
    refusals: list[UploadRefused] = []
    runner.uploadRefused.connect(refusals.append)
    rig.sandbox.clear_requests()
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: bool(refusals), timeout=WAIT_MS)
    [refusal] = refusals
    assert (refusal.kind, refusal.ref) == (PIN, f"track:{target.id}")
    assert refusal.message == PIN_INELIGIBLE_REASONS["ai_rights_unconfirmed"]
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)  # settled, not retried
    item = rig.store.outbox_item(refusal.item_id)
    assert item is not None and item.status == "done"
    assert [s["state"] for s in steps_of(item.op)] == [FAILED]
    assert server_pin(rig) == before and pins_sent(rig) == 1
    assert doc.is_dirty and pinned_id(doc.draft) == target.id  # nothing in the draft is lost


def test_a_track_deleted_on_the_server_is_refused_as_gone(rig: Rig, qtbot: Any) -> None:
    doc = pin_doc(rig)
    target = eligible_other(rig, doc)
    doc.replace_draft(with_pin(doc.base, target.summary()), "Pin")
    db = rig.sandbox._state.db  # the track is deleted on BeatPass meanwhile
    with db.lock:
        db.conn.execute("DELETE FROM tracks WHERE id = ?", (target.id,))
        db.conn.execute("DELETE FROM track_artist WHERE track_id = ?", (target.id,))
    runner = rig.runner()
    refusals: list[UploadRefused] = []
    runner.uploadRefused.connect(refusals.append)
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: bool(refusals), timeout=WAIT_MS)
    assert refusals[0].message == GONE and refusals[0].ref == f"track:{target.id}"
    assert pinned_id(doc.draft) == target.id


def test_a_restart_after_the_pin_was_recorded_sends_nothing_again(rig: Rig, qtbot: Any) -> None:
    """The step is done but the delivery was not recorded (the app was killed): after a
    restart the plan is delivered without another P1."""
    doc = pin_doc(rig)
    target = eligible_other(rig, doc)
    draft = with_pin(doc.base, target.summary())
    from studio.publish import build_op
    from studio.publish.plan import with_step

    op = build_op(PIN, rig.artist_id, doc.base, draft)
    assert op is not None
    rig.client.pin_track(int(rig.artist_id), target.id)  # it was sent, and recorded:
    rig.store.enqueue(rig.account, PIN, rig.artist_id, with_step(op, 0, state=DONE))
    rig.sandbox.clear_requests()
    runner = rig.runner()
    runner.reset()
    qtbot.waitUntil(lambda: rig.outbox() == [], timeout=WAIT_MS)
    assert pins_sent(rig) == 0 and server_pin(rig) == target.id


def test_the_outbox_names_a_pin_publish(rig: Rig) -> None:
    from studio.publish import build_op
    from studio.ui.models.outbox import what_text

    doc = pin_doc(rig)
    target = eligible_other(rig, doc)
    published = summary_text(doc.base[PINNED])
    for draft, said in (
        (with_pin(doc.base, target.summary()), f"Pin {summary_text(target.summary())}"),
        (with_pin(doc.base, None), f"Unpin {published}"),
    ):
        op = build_op(PIN, rig.artist_id, doc.base, draft)
        assert op is not None
        item = rig.store.outbox_item(rig.store.enqueue(rig.account, PIN, rig.artist_id, op))
        assert item is not None and what_text(item) == said
