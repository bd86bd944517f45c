"""The signed-in user and the producer profiles they manage, even when BeatPass ignores
``with=artists`` on A3 (API.md §0: its OpenAPI declares no parameter on ``GET /users/me``).

The fallbacks, in order: A3's own ``artists``; U1's ``user.artists``; R5 (check-ownership) on
the producer profile ids Studio already knows (drafts and snapshots of earlier sessions). When
the list comes from the last one, or from none, the result carries a sentence saying so.
No Qt: call it on a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from studio.api.client import BeatPassClient
from studio.api.errors import ApiAccessDenied, ApiError, AuthExpired
from studio.core.coerce import opt_int
from studio.core.limits import SUPPORT_EMAIL
from studio.core.models import ArtistRef, User

log = logging.getLogger(__name__)

MAX_KNOWN_CHECKS = 20  # R5 calls at most, for the known ids
KnownIds = Callable[[User], Iterable[int | str]]

CANNOT_LIST = (
    "BeatPass did not say which producer profiles this account manages, so Studio cannot "
    "show them. Your user profile works as usual. If you manage a producer profile, sign in "
    f"again later, or contact {SUPPORT_EMAIL}."
)


def partial_list(names: list[str]) -> str:
    shown = ", ".join(f"“{name}”" for name in names)
    return (
        "BeatPass did not say which producer profiles this account manages. Studio shows the "
        f"one{'s' if len(names) > 1 else ''} it already knew about ({shown}); others you "
        "manage may be missing until BeatPass lists them again."
    )


@dataclass(frozen=True)
class SignedInUser:
    """The user (``artists`` filled in by a fallback when needed) and, when the list may be
    incomplete or is unknown, a sentence for the user ("" otherwise)."""

    user: User
    notice: str = ""


def load_signed_in_user(
    client: BeatPassClient, known_artist_ids: KnownIds | None = None
) -> SignedInUser:
    """A3, then the fallbacks of API.md §0 when its answer has no ``artists`` key (an empty
    list is an answer: the user manages none). Errors of A3 itself propagate (A4 and all)."""
    user = client.me()
    if "artists" in user.raw:
        return SignedInUser(user)
    log.info("A3 listed no producer profiles (with= ignored?); trying U1")
    listed = _from_profile_page(client, user)
    if listed is not None:
        return SignedInUser(replace(user, artists=listed))
    ids = _ids(known_artist_ids(user) if known_artist_ids is not None else ())
    found = _owned_among(client, ids)
    log.info("producer profiles found by R5 on %d known id(s): %d", len(ids), len(found))
    if not found:
        return SignedInUser(user, CANNOT_LIST)
    return SignedInUser(replace(user, artists=found), partial_list([a.name for a in found]))


def _from_profile_page(client: BeatPassClient, user: User) -> tuple[ArtistRef, ...] | None:
    """U1's ``user.artists``, or None when U1 does not list them (or cannot be read)."""
    try:
        profile = client.user_profile(user.id)
    except (AuthExpired, ApiAccessDenied):
        raise
    except ApiError as exc:
        log.info("U1 not read for the producer profiles: %s", exc.message or type(exc).__name__)
        return None
    if profile.id != user.id or "artists" not in profile.raw:
        return None
    return profile.artists


def _ids(values: Iterable[int | str]) -> list[int]:
    ids = []
    for value in values:
        ident = opt_int(value)
        if ident is not None and ident > 0 and ident not in ids:
            ids.append(ident)
    return ids[:MAX_KNOWN_CHECKS]


def _owned_among(client: BeatPassClient, ids: list[int]) -> tuple[ArtistRef, ...]:
    """The profiles among ``ids`` that R5 says the signed-in user owns, named by R1."""
    found = []
    for ident in ids:
        try:
            if not client.check_ownership(ident).is_owner:
                continue
            artist = client.artist(ident, loader="editArtistPage").artist
        except (AuthExpired, ApiAccessDenied):
            raise
        except ApiError as exc:
            log.info("producer profile %s not checked: %s", ident, type(exc).__name__)
            continue
        found.append(ArtistRef(artist.id, artist.name, artist.image_small, None, artist.verified))
    return tuple(found)
