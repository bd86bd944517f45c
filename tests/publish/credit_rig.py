"""Helpers for publishing credits against the sandbox (on top of ``publish_rig``)."""

from __future__ import annotations

from typing import Any

from publish_rig import Rig

from studio.core.credit_drafts import FIELD, item_from_spotify, item_key
from studio.core.credits import SpotifyItem
from studio.document import DraftDocument
from studio.publish.credits_kind import fetch_credits


def server_credits(rig: Rig) -> dict[str, Any]:
    return fetch_credits(rig.fresh_client(), rig.artist_id)


def open_credits(rig: Rig) -> DraftDocument:
    doc = DraftDocument(
        tasks=rig.tasks,
        store=rig.store,
        account=rig.account,
        kind="credits",
        entity_id=rig.artist_id,
        base=server_credits(rig),
        autosave_delay_ms=30,
        parent=rig.owner,
    )
    rig.docs.append(doc)
    return doc


def uncredited(rig: Rig, kind: str = "track", count: int = 1) -> list[SpotifyItem]:
    """Spotify items the profile has no credit on (available ones)."""
    held = {item_key(i) for i in server_credits(rig)[FIELD]}
    found = rig.client.spotify_search("in", kind, limit=20, artist_id=int(rig.artist_id))
    fresh = [f for f in found if f"{f.type}:{f.spotify_id}" not in held]
    assert len(fresh) >= count
    return fresh[:count]


def add_new(doc: DraftDocument, found: SpotifyItem, roles: list[str], index: int = 0) -> None:
    doc.add_item(FIELD, item_from_spotify(found, roles), index)


def keys_of(d: dict[str, Any]) -> list[str]:
    return [item_key(i) for i in d[FIELD]]


def roles_by_key(d: dict[str, Any]) -> dict[str, list[str]]:
    return {item_key(i): i["roles"] for i in d[FIELD]}


def index_of(doc: DraftDocument, key: str) -> int:
    return keys_of(doc.draft).index(key)


def set_roles(doc: DraftDocument, key: str, roles: list[str]) -> None:
    index = index_of(doc, key)
    doc.edit_item(FIELD, index, {"roles": roles})


def posts(rig: Rig, suffix: str = "/credits") -> int:
    path = f"/artists/{rig.artist_id}{suffix}"
    return len([r for r in rig.sandbox.requests("POST", path) if r.path.endswith(suffix)])
