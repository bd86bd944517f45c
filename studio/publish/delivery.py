"""What happens around a plan's steps (no Qt): the history entry of a delivered publish,
carrying the user's later edits onto the server's answer, a plan rebuilt after a conflict
was resolved, and the uploads a finished plan left unused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from studio.core.diff import diff_drafts
from studio.core.drafts import normalize_draft
from studio.core.merge import merge_drafts
from studio.publish.plan import DONE, TODO, UPLOAD, WRITE, done_uploads, upgrade


def changes_record(kind: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict:
    """The history entry of a publish: per changed field, its label, before and after."""
    return {
        "fields": {
            c.field: {"label": c.label, "before": c.before, "after": c.after}
            for c in diff_drafts(kind, before, after)
        }
    }


def carry_edits(
    kind: str, sent: Mapping[str, Any], current: Mapping[str, Any], server: Mapping[str, Any]
) -> dict[str, Any]:
    """The draft to show after the server moved from ``sent`` to ``server`` while the user
    went on editing (``current``): the server's state plus the user's later edits, which
    win where both touched a field (they are still unpublished, never dropped)."""
    if normalize_draft(kind, current) == normalize_draft(kind, sent):
        return normalize_draft(kind, server)
    merge = merge_drafts(kind, sent, current, server)
    if not merge.clean:
        merge.resolve_all("mine")
    return merge.result()


def rebase_plan(
    op: Mapping[str, Any], base: Mapping[str, Any], draft: Mapping[str, Any]
) -> dict[str, Any]:
    """``op`` after the user resolved its conflicts: the server state as the new base, the
    resolution as the draft; uploads already made stay done, the write runs again. Pictures
    the resolution brought back that were never uploaded get their upload step."""
    from studio.publish.kinds import build_op

    plan = upgrade(op)
    fresh = build_op(str(plan["kind"]), str(plan["entity_id"]), base, draft)
    if fresh is None:  # the resolution equals the server state: nothing left to send
        return {**plan, "base": dict(base), "draft": dict(draft), "steps": []}
    made = done_uploads(plan)
    steps = []
    for step in fresh["steps"]:
        result = made.get(step.get("ref", "")) if step.get("type") == UPLOAD else None
        steps.append({**step, "state": DONE, "result": result} if result else step)
    return {**fresh, "steps": steps}


def reset_write(op: Mapping[str, Any]) -> dict[str, Any]:
    """``op`` with its write step to run again (uploads kept)."""
    plan = upgrade(op)
    plan["steps"] = [{**s, "state": TODO} if s.get("type") == WRITE else s for s in plan["steps"]]
    return plan


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def unused_uploads(op: Mapping[str, Any], server: Mapping[str, Any] | None) -> list[int]:
    """File entries the plan uploaded that the server's final state does not use (a picture
    removed or replaced while the publish waited): to delete on the server."""
    used = list(_strings(server or {}))
    unused = []
    for result in done_uploads(op).values():
        path = urlsplit(str(result.get("url") or "")).path.lstrip("/")
        if result.get("id") is None or not path:
            continue  # never delete what cannot be told apart for sure
        if not any(path in text for text in used):
            unused.append(int(result["id"]))
    return unused
