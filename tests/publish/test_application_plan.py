"""Sending a Producer Program application through the outbox, against the real sandbox:
uploads then the request, exactly once through lost answers and restarts; refusals (409,
422, a refused file) at their fields; an expired token and an outage on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from publish_rig import WAIT_MS, Rig, fast_backoff
from PySide6.QtCore import QCoreApplication, QEvent

from studio.api import BeatPassClient
from studio.core import application as app
from studio.document import DraftDocument
from studio.publish import ItemProblem, OutboxRunner, build_op, local_files
from studio.publish.application_kind import SEND, find_sent
from studio.publish.kinds import StepRun, publish_kind
from studio.publish.plan import SENDING, with_step
from studio.sandbox.server import SandboxHandle
from studio.store import Store, account_key
from studio.tasks import Tasks

APPLICANT = "applicant@demo.beatpass.test"
PRODUCER = "producer@demo.beatpass.test"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def arig(qapp: Any, sandbox: SandboxHandle, tmp_path: Path) -> Iterator[Rig]:
    """The publish rig, signed in as the demo applicant (no producer profile)."""
    tasks = Tasks()
    store_path = tmp_path / "apply" / "studio.db"
    store = Store.open(store_path)
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(APPLICANT), backoff_factor=0)
    me = client.me()
    made = Rig(sandbox, store_path, store, tasks, client, account_key(sandbox.base_url, me.id),
               "", me.id)  # fmt: skip
    yield made
    sandbox.set_faults()
    made.tasks.shutdown(10000)
    made.store.close()
    client.close()
    for handle in made.restarted:
        handle.stop()
    made.docs.clear()
    made.runners.clear()
    made.owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def become_draft(name: str = "Ari Lane Sounds", **extra: Any) -> dict[str, Any]:
    return {
        **app.empty_application(),
        "artist_name": name,
        "first_name": "Ari",
        "last_name": "Lane",
        "beats_url": "https://soundcloud.com/arilane",
        "instagram": "ari.lane",
        "accepted_terms": True,
        "accepted_rights": True,
        **extra,
    }


def open_doc(rig: Rig, path: str, draft: dict[str, Any]) -> DraftDocument:
    doc = DraftDocument(
        tasks=rig.tasks,
        store=rig.store,
        account=rig.account,
        kind=app.APPLICATION,
        entity_id=path,
        base=app.empty_application(),
        draft=draft,
        autosave_delay_ms=30,
        parent=rig.owner,
    )
    rig.docs.append(doc)
    return doc


def requests_named(rig: Rig, name: str) -> list[Any]:
    listed = rig.fresh_client().backstage_requests(rig.user_id, per_page=50).items
    return [r for r in listed if r.artist_name == name]


def applicant_client(rig: Rig) -> BeatPassClient:
    return BeatPassClient(rig.sandbox.base_url, rig.sandbox.token_for(APPLICANT), backoff_factor=0)


@pytest.fixture(autouse=True)
def _applicant_fresh_client(arig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arig, "fresh_client", lambda: applicant_client(arig))


def send(rig: Rig, qtbot: Any, doc: DraftDocument, runner: OutboxRunner | None = None) -> Any:
    runner = runner or rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS) as blocker:
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    return blocker.args[0]


def test_the_plan_uploads_then_sends_once(arig: Rig) -> None:
    ref = local_files.keep(arig.store_path.parent, PDF, "pdf", name="label.pdf")
    draft = become_draft(attachments=[{"file": ref, "id": None, "name": "label.pdf", "size": 1}])
    op = build_op(app.APPLICATION, app.BECOME, app.empty_application(), draft)
    assert op is not None
    assert [s["type"] for s in op["steps"]] == ["upload", SEND]
    assert op["steps"][0]["upload_kind"] == "backstage_attachment"
    assert publish_kind(app.APPLICATION).extra["check_resend"] is True
    assert (
        build_op(app.APPLICATION, app.BECOME, app.empty_application(), app.empty_application())
        is None
    )
    assert build_op(app.APPLICATION, app.VERIFY, app.empty_application(), draft) is None


def test_become_with_an_attachment_reaches_the_server_and_empties_the_draft(
    arig: Rig, qtbot: Any
) -> None:
    ref = local_files.keep(arig.store_path.parent, PDF, "pdf", name="label.pdf")
    doc = open_doc(arig, app.BECOME, become_draft(
        attachments=[{"file": ref, "id": None, "name": "label.pdf", "size": len(PDF)}]
    ))  # fmt: skip
    send(arig, qtbot, doc)
    [sent] = requests_named(arig, "Ari Lane Sounds")
    assert sent.status == "pending" and sent.type == "become-artist"
    assert sent.data["beats_url"] == "https://soundcloud.com/arilane"
    assert sent.data["instagram"] == "ari.lane" and sent.data["name"] == "Ari Lane"
    assert sent.data["accepted_rights_and_commitment"] is True
    [entry_id] = sent.data["attachments"]
    assert isinstance(entry_id, int)
    assert len(arig.sandbox.requests("POST", "/backstage-request")) == 1
    assert not app.is_started(doc.draft) and not doc.is_dirty
    assert doc.base["sent"]["request_id"] == sent.id
    qtbot.waitUntil(lambda: arig.outbox() == [], timeout=WAIT_MS)  # no cleanup of the upload
    assert not arig.sandbox.requests("DELETE", "/file-entries")


def test_a_lost_answer_is_found_not_sent_again(arig: Rig, qtbot: Any) -> None:
    doc = open_doc(arig, app.BECOME, become_draft())
    arig.sandbox.set_faults(drop_answer_next=1)
    send(arig, qtbot, doc)
    assert len(arig.sandbox.requests("POST", "/backstage-request")) == 1
    assert len(requests_named(arig, "Ari Lane Sounds")) == 1
    assert doc.base["sent"]["request_id"] == requests_named(arig, "Ari Lane Sounds")[0].id


def test_a_send_recorded_as_sent_checks_before_sending(arig: Rig) -> None:
    """After a kill the step is "sending": the request it made is found, none is sent."""
    draft = become_draft()
    op = build_op(app.APPLICATION, app.BECOME, app.empty_application(), draft)
    assert op is not None
    body = app.request_body(app.BECOME, draft, {})
    client = applicant_client(arig)
    made = client.create_backstage_request(body["type"], body["artist_name"], body["data"])
    arig.sandbox.clear_requests()
    step = with_step(op, 0, state=SENDING)
    outcome = publish_kind(app.APPLICATION).run(
        StepRun(client, step, 0, step["steps"][0], arig.store_path.parent)
    )
    assert outcome.result == {"request_id": made.id, "status": "pending"}  # type: ignore[union-attr]
    assert arig.sandbox.requests("POST", "/backstage-request") == []
    # An old request of the same name (before the plan started) is not taken for it.
    assert find_sent(client, {**body, "artist_name": "Ari Lane Beats"}, None) is None


def test_second_application_while_one_is_pending_lands_on_the_submission(
    arig: Rig, qtbot: Any
) -> None:
    open_doc(arig, app.BECOME, become_draft("First Try Beats"))
    send(arig, qtbot, arig.docs[-1])
    doc = open_doc(arig, app.CLAIM, {
        **become_draft("Midnight Cassette"), "artist_id": midnight(arig), "role": "artist"
    })  # fmt: skip
    runner = arig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    problem: ItemProblem = blocker.args[0]
    assert "under review" in problem.field_errors["submission"][0]
    assert app.is_started(doc.draft)  # nothing typed is lost
    qtbot.waitUntil(lambda: [i.waits_for_user for i in arig.outbox()] == [True], timeout=WAIT_MS)


def midnight(rig: Rig) -> int:
    return next(r.id for r in rig.client.search_artists("Midnight Cassette"))


def test_claim_taken_meanwhile_lands_on_the_profile(arig: Rig, qtbot: Any) -> None:
    cold = next(r.id for r in arig.client.search_artists("Cold Harbor"))
    doc = open_doc(arig, app.CLAIM, {
        **become_draft("Cold Harbor"), "artist_id": cold, "role": "manager"
    })  # fmt: skip
    runner = arig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    errors = blocker.args[0].field_errors
    assert set(errors) == {"artist_id"} and "already claimed" in errors["artist_id"][0]
    assert app.field_of_key("artist_id") == "artist_id"


def test_revoked_account_is_told_the_servers_words(
    sandbox: SandboxHandle, qtbot: Any, arig: Rig
) -> None:
    revoked = BeatPassClient(sandbox.base_url, sandbox.token_for("revoked@demo.beatpass.test"))
    arig.client = revoked
    arig.account = account_key(sandbox.base_url, revoked.me().id)
    doc = open_doc(arig, app.BECOME, become_draft("Rae Again"))
    runner = arig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert "revoked" in blocker.args[0].field_errors["submission"][0]
    revoked.close()


def test_server_field_errors_come_back_by_key(arig: Rig, qtbot: Any) -> None:
    doc = open_doc(arig, app.BECOME, become_draft("Ari Lane Beats"))  # used before: 422
    runner = arig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    errors = app.by_field(blocker.args[0].field_errors)
    assert "already applied" in errors["artist_name"][0]


def test_claim_with_picture_sends_its_url(arig: Rig, qtbot: Any, tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "p.png"
    Image.new("RGB", (400, 400), "navy").save(picture)
    ref = local_files.keep(arig.store_path.parent, picture.read_bytes(), "png", name="p.png")
    doc = open_doc(arig, app.CLAIM, {
        **become_draft("Midnight Cassette"), "artist_id": midnight(arig), "role": "producer",
        "picture": ref,
    })  # fmt: skip
    send(arig, qtbot, doc)
    [sent] = requests_named(arig, "Midnight Cassette")
    assert sent.type == "claim-artist" and sent.data["role"] == "producer"
    assert sent.data["image"].startswith("http") and "artist_media" in sent.data["image"]


def test_a_refused_attachment_stops_the_send_at_the_attachments(arig: Rig, qtbot: Any) -> None:
    ref = local_files.keep(arig.store_path.parent, PDF, "pdf", name="gone.pdf")
    local_files.path_of(arig.store_path.parent, ref).unlink()  # type: ignore[union-attr]
    doc = open_doc(arig, app.BECOME, become_draft(
        attachments=[{"file": ref, "id": None, "name": "gone.pdf", "size": 10}]
    ))  # fmt: skip
    runner = arig.runner()
    with qtbot.waitSignal(runner.fieldErrors, timeout=WAIT_MS) as blocker:
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    errors = blocker.args[0].field_errors
    assert list(errors) == ["data.attachments"] and "gone.pdf" in errors["data.attachments"][0]
    assert arig.sandbox.requests("POST", "/backstage-request") == []


def test_expired_token_mid_send_resumes_the_same_send(arig: Rig, qtbot: Any) -> None:
    ref = local_files.keep(arig.store_path.parent, PDF, "pdf", name="label.pdf")
    doc = open_doc(arig, app.BECOME, become_draft(
        attachments=[{"file": ref, "id": None, "name": "label.pdf", "size": len(PDF)}]
    ))  # fmt: skip
    runner = arig.runner()
    with qtbot.waitSignal(runner.stepDone, timeout=WAIT_MS):  # the upload is done …
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
        arig.sandbox.set_faults(latency_ms=300)
    arig.sandbox.expire_token(arig.client.token or "")  # … then the token expires
    qtbot.waitUntil(lambda: runner.paused, timeout=WAIT_MS)
    arig.sandbox.set_faults()
    arig.client.token = arig.sandbox.token_for(APPLICANT)  # signed in again
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.resume()
    assert len(requests_named(arig, "Ari Lane Sounds")) == 1
    assert len(arig.sandbox.requests("POST", "/uploads")) == 1  # the upload is not redone


def test_offline_send_waits_and_goes_out_once_back(arig: Rig, qtbot: Any) -> None:
    doc = open_doc(arig, app.BECOME, become_draft())
    runner = arig.runner(backoff=fast_backoff())
    runner.connectivity._timer.setInterval(200)
    arig.stop_server()
    runner.connectivity.unreachable()
    with qtbot.waitSignal(runner.idle, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert runner.count == 1 and app.is_started(doc.draft)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        arig.restart_server()
    assert len(requests_named(arig, "Ari Lane Sounds")) == 1


VICTIM = Path(__file__).with_name("application_victim.py")


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["/uploads", "/backstage-request"])
def test_a_kill_during_the_send_sends_it_exactly_once(arig: Rig, qtbot: Any, kill_at: str) -> None:
    """SIGKILL while the upload, or the request itself, is on its way (it still lands on
    the server); the next start finishes the send, and BeatPass holds one application."""
    import os
    import signal
    import subprocess
    import sys
    import time

    data_dir = arig.store_path.parent
    ref = local_files.keep(data_dir, PDF, "pdf", name="label.pdf")
    draft = become_draft(attachments=[{"file": ref, "id": None, "name": "label.pdf", "size": 9}])
    op = build_op(app.APPLICATION, app.BECOME, app.empty_application(), draft)
    arig.store.enqueue(arig.account, app.APPLICATION, app.BECOME, op)
    arig.store.close()
    arig.sandbox.set_faults(latency_ms=700)
    arig.sandbox.clear_requests()
    proc = subprocess.Popen(
        [sys.executable, str(VICTIM), str(arig.store_path), str(data_dir),
         arig.sandbox.base_url, arig.account],
        env={**os.environ, "APPLY_TOKEN": arig.client.token or "", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_MS / 1000
        while not arig.sandbox.requests("POST", kill_at):
            assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the send never started"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)  # the request is in flight
    finally:
        proc.wait(timeout=30)
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL
    time.sleep(1.0)  # what was in flight lands on the server meanwhile
    arig.sandbox.set_faults()
    posts_before = len(arig.sandbox.requests("POST", "/backstage-request"))
    arig.store = Store.open(arig.store_path)  # the next start of Studio
    runner = arig.runner()
    runner.reset()
    qtbot.waitUntil(lambda: arig.outbox() == [], timeout=WAIT_MS)
    assert len(requests_named(arig, "Ari Lane Sounds")) == 1
    [sent] = requests_named(arig, "Ari Lane Sounds")
    assert len(sent.data["attachments"]) == 1
    resent = len(arig.sandbox.requests("POST", "/backstage-request")) - posts_before
    assert resent == (0 if kill_at == "/backstage-request" else 1)
