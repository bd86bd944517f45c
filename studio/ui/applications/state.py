"""What the Applications page reads, off the GUI thread: from BeatPass (the submission
check B1 and the timeline B3) and from this computer (which paths have a draft in progress,
and which wait in the outbox). No widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studio.core import application as app
from studio.core.backstage import STATUS_TITLES, BackstageRequest, SubmissionStatus, day_text
from studio.messages import user_message

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.store import OutboxItem, Store
    from studio.ui.applications.home import HomeState

TIMELINE_PAGE = 50  # B3 per page; the timeline reads at most two pages


@dataclass(frozen=True)
class Remote:
    """B1 and B3, each with why it could not be read ("" when it was)."""

    status: SubmissionStatus | None
    status_problem: str
    requests: tuple[BackstageRequest, ...] | None
    requests_problem: str
    offline: bool = False


def read_remote(client: BeatPassClient, user_id: int) -> Remote:
    """B1, then B3 (worker). Errors are kept as sentences, not raised: one may fail alone."""
    from studio.api import ApiError, AuthExpired, Offline

    status: SubmissionStatus | None = None
    requests: list[BackstageRequest] | None = None
    problems = ["", ""]
    offline = False
    try:
        status = client.submission_status()
    except AuthExpired:
        raise
    except ApiError as exc:
        problems[0] = user_message(exc)
        offline = isinstance(exc, Offline)
    try:
        requests = []
        for page in (1, 2):
            listed = client.backstage_requests(user_id, page=page, per_page=TIMELINE_PAGE)
            requests.extend(listed.items)
            if not listed.has_next:
                break
    except AuthExpired:
        raise
    except ApiError as exc:
        requests = None
        problems[1] = user_message(exc)
        offline = offline or isinstance(exc, Offline)
    return Remote(
        status,
        problems[0],
        tuple(requests) if requests is not None else None,
        problems[1],
        offline,
    )


@dataclass(frozen=True)
class Local:
    """Drafts in progress and sends waiting in the outbox, by path."""

    drafts: dict[str, bool] = field(default_factory=dict)
    waiting: dict[str, OutboxItem] = field(default_factory=dict)


def read_local(store: Store, account: str) -> Local:
    """(writer pool, after queued saves)"""
    drafts = {}
    for path in app.FORM_PATHS:
        record = store.load_draft(account, app.APPLICATION, path)
        drafts[path] = record is not None and app.is_started(record.draft)
    waiting = {
        item.entity_id: item
        for item in store.outbox(account)
        if item.kind == app.APPLICATION and item.entity_id in app.FORM_PATHS
    }
    return Local(drafts, waiting)


def queued_path(local: Local) -> str:
    """The path whose application waits in the outbox to be sent ("" when none): while it
    waits, no other path's application is sent (BeatPass reviews one at a time)."""
    return next((p for p, i in local.waiting.items() if not i.waits_for_user), "")


def waiting_text(item: OutboxItem) -> str:
    """Where a send waiting in the outbox stands, for the person."""
    if item.waits_for_user:
        return f"not sent: {item.last_error or 'BeatPass refused it.'}"
    if item.status == "failed":
        reason = (item.last_error or "BeatPass could not be reached").strip()
        reason += "" if reason.endswith((".", "!", "?")) else "."
        return f"waiting to be sent. {reason} Studio sends it by itself once BeatPass answers."
    return "being sent…"


def blocked_text(status: SubmissionStatus, requests: tuple[BackstageRequest, ...] | None) -> str:
    """What the submission check's refusal means: the server's message verbatim, and for a
    pending request, which one."""
    message = status.message or (
        "You already have an application under review."
        if status.block_reason == "pending"
        else "New applications are blocked for this account."
    )
    if status.block_reason != "pending":
        return message
    blocking = next(
        (r for r in requests or () if r.id == status.blocking_request_id),
        next((r for r in requests or () if r.status == "pending"), None),
    )
    if blocking is None:
        return message
    from studio.ui.applications.timeline import request_title

    sent = day_text(blocking.sent)
    title = request_title(blocking)
    state = STATUS_TITLES.get(blocking.status, blocking.status)
    return f"{message}\nAlready under review: {title} — {state}" + (
        f", sent {sent}." if sent else "."
    )


def home_state(
    has_producer_profile: bool, remote: Remote | None, local: Local, drafts: dict[str, bool]
) -> HomeState:
    """What the overview shows: the paths offered, the submission check in words, the drafts
    in progress and the sends waiting."""
    from studio.ui.applications.home import HomeState

    state = HomeState(
        offered=app.offered_paths(has_producer_profile),
        drafts=drafts,
        waiting={p: waiting_text(i) for p, i in local.waiting.items()},
        queued=queued_path(local),
    )
    status = remote.status if remote is not None else None
    if remote is None:
        state.status_text = "Checking whether you can apply…"
    elif status is None:
        state.status_text = (
            f"Studio could not check whether you can apply: {remote.status_problem} Your "
            "drafts are kept here; BeatPass checks again when you send."
        )
        state.status_kind = "warning"
    elif status.can_submit:
        state.status_text = "You can send an application."
    else:
        state.blocked = True
        state.status_kind = "error" if status.block_reason == "revoked" else "warning"
        state.status_text = blocked_text(status, remote.requests)
        state.contact_url = status.contact_url
        state.contact = status.block_reason != "pending"  # revoked: appeal through support
    return state
