"""Fetching what the profile editors open (run in background tasks, never on the GUI thread).

The producer profile comes from R1 (``loader=editArtistPage``) and the user from A3
(``me()``), both turned into canonical drafts. When the server cannot be reached (offline,
an outage, an expired token), the last snapshot kept in the store stands in, and the result
says why it is not fresh. Saving a fresh snapshot is the caller's job (a store write, on
the writer pool).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.api import ApiError, BeatPassClient, Forbidden, NotFound, Offline
from studio.core import drafts
from studio.store import Store


@dataclass(frozen=True)
class Fetched:
    """One entity ready to open: its snapshot (canonical draft) and where it came from."""

    kind: str
    entity_id: str
    snapshot: dict[str, Any]
    fresh: bool  # True: fetched from the server just now; False: the stored snapshot
    problem: ApiError | None = None  # why it is not fresh

    @property
    def offline(self) -> bool:
        return isinstance(self.problem, Offline)


def _fallback(store: Store, account: str, kind: str, entity_id: str, exc: ApiError) -> Fetched:
    if isinstance(exc, NotFound | Forbidden):
        raise exc
    snapshot = store.load_snapshot(account, kind, entity_id)
    if snapshot is None:
        raise exc
    return Fetched(kind, entity_id, drafts.draft_from_snapshot(kind, snapshot), False, exc)


def fetch_artist(client: BeatPassClient, store: Store, account: str, artist_id: int) -> Fetched:
    """The producer profile ``artist_id`` from R1, else its last stored snapshot."""
    entity_id = str(artist_id)
    try:
        page = client.artist(artist_id, loader="editArtistPage")
    except ApiError as exc:
        return _fallback(store, account, drafts.ARTIST, entity_id, exc)
    return Fetched(drafts.ARTIST, entity_id, drafts.artist_draft_from_api(page.artist.raw), True)


def fetch_user(client: BeatPassClient, store: Store, account: str, user_id: int) -> Fetched:
    """The signed-in user from A3, else their last stored snapshot."""
    entity_id = str(user_id)
    try:
        user = client.me()
    except ApiError as exc:
        return _fallback(store, account, drafts.USER, entity_id, exc)
    return Fetched(drafts.USER, str(user.id), drafts.user_draft_from_api(user.raw), True)


def stale_notice(fetched: Fetched, what: str) -> str:
    """The sentence shown when ``what`` (e.g. "this producer profile") is not fresh."""
    if fetched.problem is None:
        return ""
    if fetched.offline:
        return (
            f"You are offline. Showing the last known state of {what}, saved on this computer. "
            "Your edits are kept here and can be published when you are back online."
        )
    return (
        f"{fetched.problem.user_message} Showing the last known state of {what}, saved on "
        "this computer; your edits are kept."
    )
