"""What publishing each kind of document does (no Qt): the plan builder, and how one step
of it runs against the API. One :class:`PublishKind` per kind; the runner, the review and
the outbox view treat every kind alike.

Every step is written to be safe to run again (API.md §13.11): a write whose answer was
lost is checked against a fresh read before anything is sent again.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.api import BeatPassClient, NotFound
from studio.core import drafts
from studio.core.diff import diff_drafts
from studio.core.localref import refs_in
from studio.core.merge import MergeResult, merge_drafts
from studio.core.urls import same_resource
from studio.publish import local_files
from studio.publish.plan import CLEANUP, UPLOAD, WRITE, new_op, published_draft

ProgressFn = Callable[[int, int], None]  # bytes sent, bytes in all


@dataclass(frozen=True)
class StepRun:
    """Everything one step needs (built by the runner, run on a worker thread)."""

    client: BeatPassClient
    op: Mapping[str, Any]
    index: int
    step: Mapping[str, Any]
    data_dir: Path
    progress: ProgressFn | None = None


@dataclass(frozen=True)
class StepDone:
    """The step is done. ``result`` is recorded in the plan; ``server`` (the last step of a
    plan) is the server's state of the document afterwards, as a canonical draft."""

    result: dict[str, Any] | None = None
    server: dict[str, Any] | None = None
    before: dict[str, Any] | None = None  # the server's state just before the step wrote


@dataclass(frozen=True)
class StepConflict:
    """Mine and the server changed the same things differently: the user must choose."""

    merge: MergeResult
    server: dict[str, Any]


StepOutcome = StepDone | StepConflict


class StepRefused(Exception):  # noqa: N818 (a refusal, read at the raise site)
    """The step can never succeed as it is (a picture the server refuses, a file gone from
    this computer): the plan records it as failed and goes on without it."""


@dataclass(frozen=True)
class PublishKind:
    """How one kind of document is published.

    ``build(entity_id, base, draft)`` → the plan's steps (``[]``: nothing to publish);
    ``run(StepRun)`` → the step's outcome (worker thread; raises the client's errors or
    :class:`StepRefused`); ``fetch(client, entity_id)`` → the server's state (a conflict's
    "theirs", a lost answer's check).
    """

    kind: str
    build: Callable[[str, Mapping[str, Any], Mapping[str, Any]], list[dict[str, Any]]]
    run: Callable[[StepRun], StepOutcome]
    fetch: Callable[[BeatPassClient, str], dict[str, Any]]
    noun: str = "profile"
    extra: dict[str, Any] = field(default_factory=dict)


_KINDS: dict[str, PublishKind] = {}
# The kinds whose modules register them (they import this module, so it cannot import them
# at the top): imported on the first look-up, or earlier by whoever preloads them.
KIND_MODULES = (
    "studio.publish.application_kind",
    "studio.publish.pin_steps",
    "studio.publish.credits_kind",
)


def register(kind: PublishKind) -> None:
    _KINDS[kind.kind] = kind


def _register_all() -> None:
    """Import the modules of :data:`KIND_MODULES` (each registers its kind); once imported,
    a look-up in ``sys.modules``. A thread asking while another imports one waits on the
    import's own lock, so it never sees half of them."""
    for name in KIND_MODULES:
        importlib.import_module(name)


def publish_kind(kind: str) -> PublishKind:
    _register_all()
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError(f"nothing knows how to publish {kind!r}") from None


def known_kinds() -> tuple[str, ...]:
    _register_all()
    return tuple(_KINDS)


def build_op(
    kind: str, entity_id: str, base: Mapping[str, Any], draft: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The outbox op publishing ``draft`` over ``base``; None when nothing changed."""
    _register_all()
    if kind in drafts.KINDS or kind in _KINDS:
        base = drafts.normalize_draft(kind, base)
        draft = drafts.normalize_draft(kind, draft)
    steps = publish_kind(kind).build(str(entity_id), base, draft)
    if not steps:
        return None
    return new_op(kind, str(entity_id), base, draft, steps)


# --- Uploads (every kind) -----------------------------------------------------------------


def upload_steps(
    draft: Mapping[str, Any], kinds_by_field: Mapping[str, str]
) -> list[dict[str, Any]]:
    """One upload step per local file the draft refers to (each file once), in field order.
    ``kinds_by_field``: field → ``limits.UPLOAD_RULES`` key."""
    steps: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name, upload_kind in kinds_by_field.items():
        for ref in refs_in(draft.get(name)):
            if ref not in seen:
                seen.add(ref)
                steps.append(
                    {"type": UPLOAD, "ref": ref, "upload_kind": upload_kind, "field": name}
                )
    return steps


def run_upload(run: StepRun) -> StepDone:
    """Upload one kept file (F1). A file gone from this computer, or one the server refuses
    (422), is refused for good; other errors are the runner's to retry."""
    from studio.api import FileRejected, ValidationFailed

    step = run.step
    path = local_files.path_of(run.data_dir, str(step["ref"]))
    if path is None or not path.is_file():
        raise StepRefused(
            "The prepared picture is no longer on this computer; add it again to publish it."
        )
    name = step.get("name") or local_files.name_of(run.data_dir, str(step["ref"])) or None
    try:
        entry = run.client.upload(
            path, str(step["upload_kind"]), filename=name, progress=run.progress
        )
    except (ValidationFailed, FileRejected) as exc:
        raise StepRefused(str(getattr(exc, "user_message", exc))) from exc
    return StepDone({"url": entry.url, "id": entry.id})


def run_cleanup(run: StepRun) -> StepDone:
    """Delete uploads nothing uses; ones already gone count as done."""
    ids = [int(i) for i in run.step.get("ids", [])]
    with contextlib.suppress(NotFound):
        run.client.delete_file_entries(ids)
    return StepDone()


# --- Profiles (artist, user) --------------------------------------------------------------

ARTIST_UPLOADS = {
    "image_small": "artist_image",
    "cover_image": "artist_image",
    "profile_images": "artist_image",
}
USER_UPLOADS = {"image": "user_avatar"}


def _profile_builder(
    kind: str, uploads: Mapping[str, str]
) -> Callable[[str, Mapping[str, Any], Mapping[str, Any]], list[dict[str, Any]]]:
    def build(
        entity_id: str, base: Mapping[str, Any], draft: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        if not diff_drafts(kind, base, draft):
            return []
        return [*upload_steps(draft, uploads), {"type": WRITE}]

    return build


def fetch_profile(kind: str) -> Callable[[BeatPassClient, str], dict[str, Any]]:
    def fetch(client: BeatPassClient, entity_id: str) -> dict[str, Any]:
        if kind == drafts.ARTIST:
            raw = client.artist(int(entity_id), loader="editArtistPage").artist.raw
            return drafts.normalize_draft(kind, drafts.artist_draft_from_api(raw))
        return drafts.normalize_draft(kind, drafts.user_draft_from_api(client.me().raw))

    return fetch


def adopt_published(
    base: Mapping[str, Any], mine: dict[str, Any], server: Mapping[str, Any]
) -> dict[str, Any]:
    """``mine`` with its new gallery pictures (no server id yet) given the id of the same
    picture (its uploaded URL) that the server gained since ``base`` — a write whose answer
    was lost went through — so the merge sees one picture, not two, and nothing is added
    twice."""
    field = "profile_images"
    known = {i.get("id") for i in base.get(field) or [] if isinstance(i, Mapping)}
    gained = [
        dict(i)
        for i in server.get(field) or []
        if isinstance(i, Mapping) and i.get("id") is not None and i.get("id") not in known
    ]
    if not gained or not isinstance(mine.get(field), list):
        return mine
    items = []
    for item in mine[field]:
        same = None
        if isinstance(item, Mapping) and item.get("id") is None:
            same = next((g for g in gained if same_resource(g.get("url"), item.get("url"))), None)
        if same is not None:
            gained.remove(same)
            items.append({**item, "id": same["id"], "url": same["url"]})
        else:
            items.append(item)
    return {**mine, field: items}


def write_profile(run: StepRun) -> StepOutcome:
    """Fetch, merge base/mine/server three-way, send the merged full object when nothing
    clashes (R2 with ``verified`` echoed from the fresh state, pitfall 3; or U2). Safe to
    run again after a lost answer: the fetch shows what the server already has (new gallery
    pictures it already holds count as the same pictures)."""
    op = run.op
    kind, entity_id = str(op["kind"]), str(op["entity_id"])
    server = fetch_profile(kind)(run.client, entity_id)
    mine = published_draft(op)
    if kind == drafts.ARTIST:
        mine = adopt_published(op["base"], mine, server)
    merge = merge_drafts(kind, op["base"], mine, server)
    if not merge.clean:
        return StepConflict(merge, server)
    merged = merge.result()
    if merged == server:
        return StepDone(server=server, before=server)
    if kind == drafts.ARTIST:
        body = drafts.artist_payload(merged, verified=bool(server.get("verified")))
        answer = run.client.update_artist(int(entity_id), body).raw
        return StepDone(server=drafts.normalize_draft(kind, drafts.artist_draft_from_api(answer)))
    body = drafts.user_payload(merged)
    user = run.client.update_user_profile(body["user"], body["profile"], body["links"])
    return StepDone(server=drafts.normalize_draft(kind, drafts.user_draft_from_api(user.raw)))


def run_profile_step(run: StepRun) -> StepOutcome:
    kind = run.step.get("type")
    if kind == UPLOAD:
        return run_upload(run)
    if kind == WRITE:
        return write_profile(run)
    raise ValueError(f"a profile plan has no step {kind!r}")


for _kind, _uploads in ((drafts.ARTIST, ARTIST_UPLOADS), (drafts.USER, USER_UPLOADS)):
    register(
        PublishKind(
            _kind,
            _profile_builder(_kind, _uploads),
            run_profile_step,
            fetch_profile(_kind),
            noun="producer profile" if _kind == drafts.ARTIST else "user profile",
        )
    )
register(PublishKind(CLEANUP, lambda *_a: [], run_cleanup, lambda *_a: {}, noun="unused uploads"))
