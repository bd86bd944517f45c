"""Publish plans (no Qt): what a publish of one document does, as ordered steps whose
progress is recorded in the outbox item, so a restart or a kill resumes at the first
unfinished step and nothing that is done is sent again.

An outbox op of version 2::

    {"version": 2, "kind": "artist", "entity_id": "7",
     "base": {...}, "draft": {...},          # what the user published (merge, review, rebase)
     "steps": [
        {"type": "upload", "ref": "local:<sha>.jpg", "upload_kind": "artist_image",
         "name": "photo.jpg", "state": "todo"},
        {"type": "write", "state": "todo"}]}

A step's ``state``: ``todo`` (not sent), ``sending`` (sent at least once; its answer may
have been lost, so it must check the server before sending again), ``done`` (with its
``result``), ``failed`` (refused for good, with ``error``; the plan goes on without it —
e.g. a picture the server refused is left out, the rest is published).
Version 1 ops (one whole-object write) are read as a plan with one write step.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from studio.core.localref import refs_in, replace_refs

OP_VERSION = 2
TODO, SENDING, DONE, FAILED = "todo", "sending", "done", "failed"
UPLOAD, WRITE, CLEANUP = "upload", "write", "cleanup"


def new_op(
    kind: str,
    entity_id: str,
    base: Mapping[str, Any],
    draft: Mapping[str, Any],
    steps: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    return {
        "version": OP_VERSION,
        "kind": kind,
        "entity_id": str(entity_id),
        "base": copy.deepcopy(dict(base)),
        "draft": copy.deepcopy(dict(draft)),
        "steps": [{"state": TODO, **dict(step)} for step in steps],
    }


def upgrade(op: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``op`` as a version-2 plan (a version-1 op becomes one write step)."""
    data = copy.deepcopy(dict(op))
    if "steps" not in data:
        data["steps"] = [{"type": WRITE, "state": TODO}] if data.get("calls", True) else []
        data.pop("calls", None)
        data["version"] = OP_VERSION
    return data


def steps_of(op: Mapping[str, Any]) -> list[dict[str, Any]]:
    steps = op.get("steps")
    if steps is None:
        return upgrade(op)["steps"]
    return list(steps)


def next_index(op: Mapping[str, Any]) -> int | None:
    """The first step still to run (``todo`` or ``sending``), None when all are settled."""
    for index, step in enumerate(steps_of(op)):
        if step.get("state", TODO) in (TODO, SENDING):
            return index
    return None


def with_step(op: Mapping[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    """A copy of ``op`` (as a version-2 plan) with step ``index`` changed."""
    data = upgrade(op)
    data["steps"][index] = {**data["steps"][index], **changes}
    return data


def done_uploads(op: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Uploads already made: local reference → ``{"url", "id"}``."""
    return {
        step["ref"]: dict(step["result"])
        for step in steps_of(op)
        if step.get("type") == UPLOAD and step.get("state") == DONE and step.get("result")
    }


def refused_uploads(op: Mapping[str, Any]) -> dict[str, str]:
    """Uploads the server refused for good: local reference → the reason."""
    return {
        step["ref"]: str(step.get("error") or "")
        for step in steps_of(op)
        if step.get("type") == UPLOAD and step.get("state") == FAILED
    }


def uploaded_entry_ids(op: Mapping[str, Any]) -> list[int]:
    return [int(r["id"]) for r in done_uploads(op).values() if r.get("id") is not None]


def published_draft(op: Mapping[str, Any]) -> dict[str, Any]:
    """The draft as it is sent: uploaded pictures in place of their local references, and
    anything whose upload failed left as the base has it (a list item is left out)."""
    urls = {ref: str(r["url"]) for ref, r in done_uploads(op).items()}
    draft = replace_refs(op["draft"], urls)
    base = op.get("base", {})
    for name, value in list(draft.items()):
        if not _has_ref(value):
            continue
        if isinstance(value, list):
            draft[name] = [item for item in value if not _has_ref(item)]
        else:
            draft[name] = copy.deepcopy(base.get(name))
    return draft


def _has_ref(value: Any) -> bool:
    return next(refs_in(value), None) is not None


def carry_over(old: Mapping[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """A new plan replacing a waiting one: uploads the old plan made for pictures still in
    the new draft are reused (done, never sent twice). Returns the new op and the file
    entry ids the old plan uploaded that nothing uses any more (to delete on the server)."""
    made = done_uploads(old)
    steps = []
    for step in new["steps"]:
        result = made.get(step.get("ref", "")) if step.get("type") == UPLOAD else None
        steps.append({**step, "state": DONE, "result": result} if result else step)
    reused = {s["ref"] for s in steps if s.get("type") == UPLOAD and s.get("state") == DONE}
    unused = [int(r["id"]) for ref, r in made.items() if ref not in reused and r.get("id")]
    return {**new, "steps": steps}, unused


def cleanup_op(entry_ids: Iterable[int]) -> dict[str, Any] | None:
    """An outbox op deleting uploads nothing uses (F1 ``DELETE /file-entries/{ids}``)."""
    ids = sorted({int(i) for i in entry_ids})
    if not ids:
        return None
    return {
        "version": OP_VERSION,
        "kind": CLEANUP,
        "entity_id": ",".join(str(i) for i in ids),
        "steps": [{"type": CLEANUP, "ids": ids, "state": TODO}],
    }


UNREADABLE = (
    "This publish could not be read (it may have been written by another version of Studio). "
    "Discard it; your draft stays in the editor and can be published again."
)


def problem(op: object) -> str | None:
    """Why an outbox op cannot be run as a plan (None when it can)."""
    if not isinstance(op, dict):
        return UNREADABLE
    kind = op.get("kind")
    steps = op.get("steps")
    if not isinstance(kind, str) or not isinstance(op.get("entity_id"), str):
        return UNREADABLE
    if steps is not None and not (
        isinstance(steps, list) and all(isinstance(s, dict) and s.get("type") for s in steps)
    ):
        return UNREADABLE
    if kind != CLEANUP and not (
        isinstance(op.get("base"), dict) and isinstance(op.get("draft"), dict)
    ):
        return UNREADABLE
    return None
