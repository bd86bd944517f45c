"""What each kind of document is opened from (no Qt): the server read that gives its
snapshot, as a canonical draft.

``artist`` (a producer profile: R1 ``editArtistPage``; its gallery is part of it), ``user``
(the signed-in user's profile: A3). Later kinds (credits, pinned track, applications)
register a :class:`DocumentKind` here with :func:`register`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import studio.core.application  # registers the application draft schema
import studio.core.credit_kind  # noqa: F401 — the schema and merge of credits drafts
from studio.api import BeatPassClient
from studio.core import drafts, pins
from studio.core.credit_drafts import CREDITS


@dataclass(frozen=True)
class DocumentKind:
    """How to read one kind of document from the server.

    ``fetch(client, entity_id)`` returns the server state as a canonical draft (worker
    thread; raises the client's typed errors). ``what`` names it in sentences ("this
    producer profile"). ``from_sign_in(user_raw)``, for the signed-in user's own document:
    its server state from the sign-in's A3 answer, so opening it right after signing in
    asks the server nothing more.
    """

    kind: str
    what: str
    fetch: Callable[[BeatPassClient, str], dict[str, Any]]
    from_sign_in: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def _fetch_artist(client: BeatPassClient, entity_id: str) -> dict[str, Any]:
    page = client.artist(int(entity_id), loader="editArtistPage")
    return drafts.artist_draft_from_api(page.artist.raw)


def _fetch_user(client: BeatPassClient, entity_id: str) -> dict[str, Any]:
    return drafts.user_draft_from_api(client.me().raw)


_KINDS: dict[str, DocumentKind] = {
    drafts.ARTIST: DocumentKind(drafts.ARTIST, "this producer profile", _fetch_artist),
    drafts.USER: DocumentKind(
        drafts.USER, "your user profile", _fetch_user, from_sign_in=drafts.user_draft_from_api
    ),
}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.kind] = kind


def document_kind(kind: str) -> DocumentKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError(f"no document kind {kind!r}") from None


def _fetched_by(spec: str) -> Callable[[BeatPassClient, str], dict[str, Any]]:
    """The fetch function named "module:function", its module imported on the first fetch
    (a worker): opening the first page does not wait for the publishing modules."""
    module, _, name = spec.partition(":")

    def fetch(client: BeatPassClient, entity_id: str) -> dict[str, Any]:
        result: dict[str, Any] = getattr(importlib.import_module(module), name)(client, entity_id)
        return result

    return fetch


register(DocumentKind(pins.PIN, pins.WHAT, pins.fetch_pin))  # the pinned track (issue 10)
register(
    DocumentKind(
        "application",
        "this application draft",
        _fetched_by("studio.publish.application_kind:open_fetch"),
    )
)
register(
    DocumentKind(
        CREDITS,
        "the credits of this producer profile",
        _fetched_by("studio.publish.credits_kind:fetch_credits"),
    )
)
