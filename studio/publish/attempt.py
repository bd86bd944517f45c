"""One publish attempt, run on a worker thread (no Qt): re-fetch the server state, merge
three-way, and send the merged full object when nothing conflicts.

An outbox op (what :func:`make_op` builds and the store keeps) holds everything a later
attempt needs, even after a restart: the entity, the ``base`` the draft started from, the
``draft`` to publish and the planned call (``studio.core.diff.PlannedCall.to_op``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studio.api import BeatPassClient
from studio.core.diff import FieldChange, diff_drafts, plan_publish
from studio.core.drafts import (
    ARTIST,
    artist_draft_from_api,
    artist_payload,
    normalize_draft,
    user_draft_from_api,
    user_payload,
)
from studio.core.merge import MergeResult, merge_drafts

OP_VERSION = 1


def make_op(
    kind: str, entity_id: str, base: Mapping[str, Any], draft: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The outbox op publishing ``draft`` over ``base``; None when nothing changed."""
    calls = plan_publish(kind, base, draft, entity_id=entity_id)
    if not calls:
        return None
    return {
        "version": OP_VERSION,
        "kind": kind,
        "entity_id": str(entity_id),
        "base": normalize_draft(kind, base),
        "draft": normalize_draft(kind, draft),
        "calls": [call.to_op() for call in calls],
    }


def rebase_op(op: Mapping[str, Any], base: Mapping[str, Any], draft: Mapping[str, Any]) -> dict:
    """``op`` with a new base and draft (after the user resolved conflicts)."""
    new = make_op(str(op["kind"]), str(op["entity_id"]), base, draft)
    if new is None:  # the resolution equals the server state: nothing left to send
        new = {**dict(op), "base": dict(base), "draft": dict(draft), "calls": []}
    return new


def merge_upload(op: Mapping[str, Any], field: str, url: str) -> dict:
    """``op`` publishing also an upload's new URL in ``field`` (the picture the user chose
    while the publish waited for its upload)."""
    return rebase_op(op, op["base"], {**dict(op["draft"]), field: url})


def changes_record(kind: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict:
    """The history entry of a publish: per changed field, its label, before and after."""
    return {
        "fields": {
            c.field: {"label": c.label, "before": c.before, "after": c.after}
            for c in diff_drafts(kind, before, after)
        }
    }


@dataclass(frozen=True)
class ServerState:
    """The entity as the server has it now, as a canonical draft."""

    draft: dict[str, Any]


@dataclass(frozen=True)
class Delivered:
    """The server accepted the publish (or already held exactly the merged draft)."""

    sent: dict[str, Any]  # the merged draft that was sent
    before: dict[str, Any]  # the server's state just before sending
    server: ServerState  # the server's answer

    def changes(self, kind: str) -> list[FieldChange]:
        """What changed on the server, before → after."""
        return diff_drafts(kind, self.before, self.server.draft)


@dataclass(frozen=True)
class Conflicted:
    """Mine and the server changed the same fields differently: the user must choose."""

    merge: MergeResult
    server: ServerState


Outcome = Delivered | Conflicted


def fetch_server(client: BeatPassClient, kind: str, entity_id: str) -> ServerState:
    """R1 ``editArtistPage`` for an artist, A3 for the user profile."""
    if kind == ARTIST:
        return ServerState(artist_draft_from_api(client.artist(int(entity_id)).artist.raw))
    return ServerState(user_draft_from_api(client.me().raw))


def send(
    client: BeatPassClient,
    kind: str,
    entity_id: str,
    merged: Mapping[str, Any],
    server: ServerState,
) -> ServerState:
    """R2 with the full editable object (``verified`` echoed from the fresh server state,
    pitfall 3), or U2 with all three keys."""
    if kind == ARTIST:
        body = artist_payload(merged, verified=bool(server.draft.get("verified")))
        return ServerState(artist_draft_from_api(client.update_artist(int(entity_id), body).raw))
    body = user_payload(merged)
    user = client.update_user_profile(body["user"], body["profile"], body["links"])
    return ServerState(user_draft_from_api(user.raw))


def attempt(client: BeatPassClient, op: Mapping[str, Any]) -> Outcome:
    """Fetch, merge base/draft/server, then send the merged draft (worker thread).

    Raises the client's typed errors (``Offline``, ``AuthExpired``, ``ValidationFailed``…).
    """
    kind, entity_id = str(op["kind"]), str(op["entity_id"])
    server = fetch_server(client, kind, entity_id)
    merge = merge_drafts(kind, op["base"], op["draft"], server.draft)
    if not merge.clean:
        return Conflicted(merge, server)
    merged = merge.result()
    if merged == server.draft:  # the server already shows exactly this: nothing to send
        return Delivered(merged, server.draft, server)
    return Delivered(merged, server.draft, send(client, kind, entity_id, merged, server))


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
