"""Sending a Producer Program application (no Qt): its plan and how each step runs.

The plan of an application draft (entity id = its path, ``become`` or ``claim``): one
upload per file the draft keeps on this computer (attachments: ``backstage_attachment``,
whose file entry ids the request lists; the claim picture: ``claim_picture``, whose URL
goes in ``data.image``), then ``send_application`` (B2). The send must never run twice: the
kind is marked ``check_resend``, so the runner records the step as sent before sending it,
and the step first looks at the account's requests (B3) for one a lost answer created since
the plan started. A 409 ``backstage_request_pending`` is checked the same way before it is
believed (it may be our own request).

Refusals land on the field they are about: 409 ``artist_already_claimed`` on the profile to
claim, the pending/revoked guard on the submission, a file the server refused on the
attachments (or the picture), 422 errors where the server put them.

After sending, the application's "server state" is the empty application (the draft is
done) plus ``sent``: the request's id and the files it uses, so nothing it uploaded is
taken for unused and deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from studio.api import BeatPassClient, Conflict, ValidationFailed
from studio.core import application as app
from studio.core.backstage import BackstageRequest, parse_time
from studio.core.limits import ERROR_ARTIST_ALREADY_CLAIMED, ERROR_BACKSTAGE_PENDING
from studio.publish import local_files
from studio.publish.kinds import (
    PublishKind,
    StepDone,
    StepOutcome,
    StepRun,
    register,
    run_upload,
    upload_steps,
)
from studio.publish.plan import SENDING, UPLOAD, done_uploads, refused_uploads

SEND = "send_application"
RESEND_SKEW = timedelta(minutes=5)  # the server's clock may be behind ours
PAGES_CHECKED = 3
PER_PAGE_CHECKED = 50


def _now_iso() -> str:
    from datetime import UTC

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build(entity_id: str, base: Mapping[str, Any], draft: Mapping[str, Any]) -> list[dict]:
    """Uploads, then the send; nothing for a path without a form or an empty draft."""
    if entity_id not in app.FORM_PATHS or not app.is_started(draft):
        return []
    fields = dict(app.UPLOAD_KINDS) if entity_id == app.CLAIM else {
        app.ATTACHMENTS: app.UPLOAD_KINDS[app.ATTACHMENTS]
    }  # fmt: skip
    return [*upload_steps(draft, fields), {"type": SEND, "started_at": _now_iso()}]


def fetch(_client: BeatPassClient, _entity_id: str) -> dict[str, Any]:
    """The server holds nothing for a draft: the empty application."""
    return app.empty_application()


def open_fetch(client: BeatPassClient, _entity_id: str) -> dict[str, Any]:
    """What the workspace reads when an application draft opens: the submission check (B1,
    which also tells whether BeatPass can be reached), then the empty application."""
    client.submission_status()
    return app.empty_application()


def _same_request(request: BackstageRequest, body: Mapping[str, Any]) -> bool:
    data = body["data"]
    return (
        request.type == body["type"]
        and request.artist_name.strip().casefold() == str(body["artist_name"]).casefold()
        and str(request.data.get("beats_url", "")).strip() == data["beats_url"]
        and (body.get("artist_id") is None or request.artist_id == body.get("artist_id"))
    )


def find_sent(
    client: BeatPassClient, body: Mapping[str, Any], since: datetime | None
) -> BackstageRequest | None:
    """The request this body created already (a lost answer), if B3 lists one: same type,
    name, beats link (and profile), created since ``since`` (any time when None)."""
    user_id = client.me().id
    for page in range(1, PAGES_CHECKED + 1):
        listed = client.backstage_requests(user_id, page=page, per_page=PER_PAGE_CHECKED)
        for request in listed.items:
            sent = request.sent
            recent = since is None or (sent is not None and sent >= since - RESEND_SKEW)
            if recent and _same_request(request, body):
                return request
        if not listed.has_next:
            break
    return None


def _done(op: Mapping[str, Any], request: BackstageRequest) -> StepDone:
    files = [str(r["url"]) for r in done_uploads(op).values() if r.get("url")]
    server = {**app.empty_application(), "sent": {"request_id": request.id, "files": files}}
    return StepDone({"request_id": request.id, "status": request.status}, server=server)


def _refused_files(op: Mapping[str, Any], refused: Mapping[str, str]) -> ValidationFailed:
    """The server refused a file for good: the application waits, the file is pointed at."""
    errors: dict[str, list[str]] = {}
    names = {s.get("ref"): s.get("name") for s in op.get("steps", []) if s.get("type") == UPLOAD}
    for ref, reason in refused.items():
        field = app.PICTURE if op["draft"].get(app.PICTURE) == ref else app.ATTACHMENTS
        name = names.get(ref) or ("the profile picture" if field == app.PICTURE else "a file")
        errors.setdefault(f"data.{'image' if field == app.PICTURE else 'attachments'}", []).append(
            f"BeatPass refused {name}: {reason} Remove or replace it, then send again."
        )
    first = next(iter(errors.values()))[0]
    return ValidationFailed("a file was refused", status=422, field_errors=errors,
                            user_message=first)  # fmt: skip


def refusal(exc: Conflict) -> ValidationFailed:
    """A 409 as errors at the field it is about (the profile, or the submission itself)."""
    key = "artist_id" if exc.error_code == ERROR_ARTIST_ALREADY_CLAIMED else "submission"
    return ValidationFailed(
        exc.message,
        status=exc.status,
        error_code=exc.error_code,
        field_errors={key: [exc.user_message]},
        user_message=exc.user_message,
    )


def send(run: StepRun) -> StepDone:
    op, step = run.op, run.step
    path = str(op["entity_id"])
    refused = refused_uploads(op)
    if refused:
        raise _refused_files(op, refused)
    body = app.request_body(path, op["draft"], done_uploads(op))
    if step.get("state") == SENDING:  # sent before (its answer may be lost): look first
        found = find_sent(run.client, body, parse_time(str(step.get("started_at", ""))))
        if found is not None:
            return _done(op, found)
    try:
        request = run.client.create_backstage_request(
            body["type"], body["artist_name"], body["data"], artist_id=body.get("artist_id")
        )
    except Conflict as exc:
        if exc.error_code == ERROR_BACKSTAGE_PENDING:  # ours, created by a lost answer?
            found = find_sent(run.client, body, None)
            if found is not None and found.status == "pending":
                return _done(op, found)
        raise refusal(exc) from exc
    return _done(op, request)


def run_step(run: StepRun) -> StepOutcome:
    kind = run.step.get("type")
    if kind == UPLOAD:
        return run_upload(run)
    if kind == SEND:
        return send(run)
    raise ValueError(f"an application plan has no step {kind!r}")


def kept_file_problems(data_dir: Any, refs: list[str]) -> dict[str, str]:
    """Kept files an application refers to that are gone from this computer (disk I/O:
    call off the GUI thread)."""
    problems = {}
    for ref in refs:
        path = local_files.path_of(data_dir, ref)
        if path is None or not path.is_file():
            problems[ref] = (
                f"{local_files.name_of(data_dir, ref) or 'A file'} is no longer on this "
                "computer: remove it and add it again."
            )
    return problems


register(
    PublishKind(
        app.APPLICATION,
        build,
        run_step,
        fetch,
        noun="Producer Program application",
        extra={"check_resend": True, "own_review": True},
    )
)
