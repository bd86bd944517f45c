"""Publishing the credits of a producer profile (no Qt): the "credits" :class:`PublishKind`.

The plan (:func:`studio.core.credit_plan.build_steps`): a check (fetch and merge three-way;
a true clash goes to the user), the adds (C5, C6 for album tracks), the re-roles (C7), the
deletes (C8), then one reorder (C9) computed against the list fetched right then, so the
ids the adds created are placed right and credits the server gained meanwhile keep their
place. Every step may have been sent before (a lost answer, a kill): it looks at the
server first and sends only what is still missing — an add whose roles are there is done,
409 ``credit_exists`` is done, a delete answering 404 is done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import studio.core.credit_kind  # noqa: F401 — the schema and merge of credits drafts
from studio.api import BeatPassClient, Conflict, NotFound, ValidationFailed
from studio.core.credit_drafts import CREDITS, draft_from_credits, normalize
from studio.core.credit_merge import merge_credits
from studio.core.credit_plan import (
    ADD,
    ADD_ALBUM,
    CHECK,
    DELETE,
    ORDER,
    REROLE,
    ServerOrder,
    build_steps,
    desired_ids,
)
from studio.core.credits import Credit
from studio.core.limits import ERROR_CREDIT_EXISTS
from studio.publish.kinds import (
    PublishKind,
    StepConflict,
    StepDone,
    StepOutcome,
    StepRefused,
    StepRun,
    register,
)
from studio.publish.plan import SENDING

REORDER_TRIES = 3


def fetch_credits(client: BeatPassClient, entity_id: str) -> dict[str, Any]:
    """The server's credits of a producer profile as a canonical draft (C4, editor order)."""
    return normalize(draft_from_credits(client.artist_credits(int(entity_id))))


def _build(entity_id: str, base: Mapping[str, Any], draft: Mapping[str, Any]) -> list[dict]:
    return build_steps(base, draft)


def _list(run: StepRun) -> list[Credit]:
    return run.client.artist_credits(int(run.op["entity_id"]))


def _held(credits: list[Credit], key: str) -> dict[str, int]:
    """The roles the server has on item ``key``: role → entry id."""
    return {c.role: c.id for c in credits if f"{c.type}:{c.spotify_id}" == key}


def _exists(exc: Conflict) -> bool:
    return exc.error_code == ERROR_CREDIT_EXISTS


def _gone(title: str) -> str:
    return (
        f"“{title}” is no longer on Spotify, so its credit was not added. The rest was "
        "published; add it again if it comes back."
    )


def _refused(title: str, exc: ValidationFailed) -> str:
    return f"BeatPass did not accept the credit on “{title}”: {exc.user_message}"


def run_check(run: StepRun) -> StepOutcome:
    """Fetch the server's list and merge: a true clash stops the plan for the user."""
    server = normalize(draft_from_credits(_list(run)))
    merge = merge_credits(run.op["base"], run.op["draft"], server)
    if not merge.clean:
        return StepConflict(merge, server)
    return StepDone()


def _add(run: StepRun, key: str, roles: list[str], title: str) -> list[int]:
    """C5 of ``roles`` on item ``key`` ("<type>:<spotify id>"); the new entries' ids."""
    artist = int(run.op["entity_id"])
    kind, spotify_id = key.split(":", 1)
    try:
        result = run.client.add_credit(artist, spotify_id, kind, roles)
    except Conflict as exc:
        if _exists(exc):
            return []  # every role is there already: done
        raise
    except NotFound as exc:
        raise StepRefused(_gone(title)) from exc
    except ValidationFailed as exc:
        raise StepRefused(_refused(title, exc)) from exc
    return [c.id for c in result.credits]


def run_add(run: StepRun) -> StepOutcome:
    step = run.step
    roles = list(step["roles"])
    if step.get("state") == SENDING:  # sent before: add only what is still missing
        have = _held(_list(run), str(step["key"]))
        roles = [r for r in roles if r not in have]
        if not roles:
            return StepDone({"added": []})
    ids = _add(run, str(step["key"]), roles, str(step.get("title", "")))
    return StepDone({"added": ids})


def run_add_album(run: StepRun) -> StepOutcome:
    step = run.step
    tracks = [
        {"key": t["key"], "spotify_id": t["spotify_id"], "roles": list(t["roles"])}
        for t in step["tracks"]
    ]
    if step.get("state") == SENDING:
        credits = _list(run)
        for track in tracks:
            have = _held(credits, track["key"])
            track["roles"] = [r for r in track["roles"] if r not in have]
        tracks = [t for t in tracks if t["roles"]]
        if not tracks:
            return StepDone({"added": []})
    title = str(step.get("title", ""))
    try:
        result = run.client.add_album_credits(
            int(run.op["entity_id"]),
            str(step["album_id"]),
            [],
            [{"spotify_id": t["spotify_id"], "roles": t["roles"]} for t in tracks],
        )
    except Conflict as exc:
        if _exists(exc):
            return StepDone({"added": []})
        raise
    except NotFound as exc:
        raise StepRefused(_gone(title)) from exc
    except ValidationFailed as exc:
        raise StepRefused(_refused(title, exc)) from exc
    return StepDone({"added": [c.id for c in result.credits], "skipped": result.skipped_tracks})


def run_rerole(run: StepRun) -> StepOutcome:
    """C7 ``from`` → ``to``; when the server moved on: ``to`` there already → drop ``from``;
    the entry gone → add ``to``."""
    step = run.step
    key, old, new = str(step["key"]), str(step["from"]), str(step["to"])
    title = str(step.get("title", ""))
    artist = int(run.op["entity_id"])
    entry = step.get("entry_id")
    if entry is None or step.get("state") == SENDING:
        have = _held(_list(run), key)
        if new in have:
            if old in have:
                _delete(run, have[old])
            return StepDone()
        entry = have.get(old)
    if entry is None:
        _add(run, key, [new], title)
        return StepDone()
    try:
        run.client.update_credit(artist, int(entry), new)
    except NotFound:
        _add(run, key, [new], title)
    except Conflict as exc:
        if not _exists(exc):
            raise
        _delete(run, int(entry))  # the item has ``to`` already: ``from`` just goes
    except ValidationFailed as exc:
        raise StepRefused(_refused(title, exc)) from exc
    return StepDone()


def _delete(run: StepRun, entry: int) -> None:
    with contextlib.suppress(NotFound):  # gone already: done
        run.client.delete_credit(int(run.op["entity_id"]), entry)


def run_delete(run: StepRun) -> StepOutcome:
    step = run.step
    entry = step.get("entry_id")
    if entry is None:  # an entry the draft never knew the id of
        entry = _held(_list(run), str(step["key"])).get(str(step["role"]))
        if entry is None:
            return StepDone()
    _delete(run, int(entry))
    return StepDone()


def run_order(run: StepRun) -> StepOutcome:
    """One C9 with every id the server has now, in the draft's order (nothing sent when the
    server already has that order). The server's final list is the plan's answer."""
    op = run.op
    for attempt in range(REORDER_TRIES):
        credits = _list(run)
        server = normalize(draft_from_credits(credits))
        order = ServerOrder.of(credits)
        ids = desired_ids(op["base"], op["draft"], server, order)
        if ids == order.flat:
            return StepDone(server=server)
        try:
            answer = run.client.reorder_credits(int(op["entity_id"]), ids)
        except ValidationFailed:  # the list changed between the read and the write
            if attempt == REORDER_TRIES - 1:
                raise
            continue
        return StepDone(server=normalize(draft_from_credits(answer)))
    raise AssertionError("unreachable")  # pragma: no cover


RUNNERS = {
    CHECK: run_check,
    ADD: run_add,
    ADD_ALBUM: run_add_album,
    REROLE: run_rerole,
    DELETE: run_delete,
    ORDER: run_order,
}


def run_step(run: StepRun) -> StepOutcome:
    runner = RUNNERS.get(str(run.step.get("type")))
    if runner is None:
        raise ValueError(f"a credits plan has no step {run.step.get('type')!r}")
    return runner(run)


register(
    PublishKind(
        CREDITS,
        _build,
        run_step,
        fetch_credits,
        noun="credits",
        extra={"check_resend": True},
    )
)
