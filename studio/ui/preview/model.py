"""What the preview shows besides the draft: server data that is not edited in the studio
(tracks, albums, similar artists, credits, pinned track, counts) and the user page's tab
contents, plus the functions that fetch them. The fetchers run in background tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from studio.core.catalog import Album, ArtistRef, Track
from studio.core.credits import Credit, CreditGroup, group_credits
from studio.core.drafts import artist_draft_from_api, user_draft_from_api
from studio.core.text import is_youtube_channel
from studio.core.visibility import (
    FOLLOWING,
    LIKED_BEATS,
    LIKED_COLLECTIONS,
    LIKED_PRODUCERS,
    PUBLIC_PLAYLISTS,
    REPOSTS,
    USER_FOLLOWERS,
    ArtistPageState,
    UserPageState,
)

if TYPE_CHECKING:
    from studio.api import BeatPassClient

log = logging.getLogger(__name__)

POPULAR_SHOWN = 5
TRACKS_PER_PAGE = 20
ALBUMS_PER_PAGE = 10
TAB_PER_PAGE = 20


@dataclass(frozen=True)
class ArtistExtras:
    """Server data of a producer page that the draft does not hold."""

    artist_id: int | None = None
    pinned_track: Track | None = None
    tracks: tuple[Track, ...] = ()
    albums: tuple[Album, ...] = ()
    similar: tuple[ArtistRef, ...] = ()
    credits: tuple[CreditGroup, ...] = ()
    followers_count: int | None = None
    plays: int | None = None
    unclaimed: bool = False
    admin: bool = False


@dataclass
class CreditsState:
    """The credits the preview shows once it follows the credits document: the draft's (as
    the page will be) or the server's (live), newest first. Until then the page's own
    fetch provides them."""

    followed: bool = False
    draft: tuple[CreditGroup, ...] = ()
    live: tuple[CreditGroup, ...] = ()

    def extras(self, extras: ArtistExtras, source: str) -> ArtistExtras:
        if not self.followed:
            return extras
        return replace(extras, credits=self.live if source == "live" else self.draft)


@dataclass(frozen=True)
class UserExtras:
    """Server data of a user page that the draft does not hold."""

    user_id: int | str | None = None
    linked_producer: ArtistRef | None = None
    reposts_enabled: bool = True
    followers_count: int | None = None
    following_count: int | None = None


@dataclass(frozen=True)
class ArtistLoad:
    """The result of :func:`fetch_artist`: the live draft and the extras."""

    live: dict[str, Any]
    extras: ArtistExtras


@dataclass(frozen=True)
class UserLoad:
    live: dict[str, Any]
    extras: UserExtras


@dataclass(frozen=True)
class Mode:
    """The preview's switches."""

    source: str = "draft"  # "draft" | "live"
    viewer: str = "visitor"  # "visitor" | "owner"
    width: str = "desktop"  # "desktop" | "phone"
    theme: str = "dark"  # "light" | "dark"


SOURCES = ("draft", "live")
VIEWERS = ("visitor", "owner")
WIDTHS = ("desktop", "phone")
THEMES = ("light", "dark")


def artist_state(draft: Mapping[str, Any], extras: ArtistExtras, owner: bool) -> ArtistPageState:
    """The visibility state of a producer page from a draft and its extras."""
    links = [link for link in draft.get("links") or [] if isinstance(link, Mapping)]
    return ArtistPageState(
        owner=owner,
        admin=extras.admin,
        verified=bool(draft.get("verified")),
        unclaimed=extras.unclaimed,
        has_pinned_track=extras.pinned_track is not None,
        track_count=len(extras.tracks),
        album_count=len(extras.albums),
        has_similar=bool(extras.similar),
        gallery_count=len(draft.get("profile_images") or []),
        has_youtube_channel=any(is_youtube_channel(str(link.get("url", ""))) for link in links),
        has_bio=bool(str(draft.get("description") or "").strip()),
        has_location=bool(
            str(draft.get("city") or "").strip() or str(draft.get("country") or "").strip()
        ),
        link_count=len(links),
        genre_count=len(draft.get("genres") or []),
        credit_count=len(extras.credits),
    )


def user_state(extras: UserExtras, owner: bool) -> UserPageState:
    linked = extras.linked_producer
    return UserPageState(
        owner=owner,
        linked_producer=linked is not None,
        linked_producer_verified=bool(linked and linked.verified),
        reposts_enabled=extras.reposts_enabled,
    )


def _newest_first(groups: Sequence[CreditGroup]) -> tuple[CreditGroup, ...]:
    def year(group: CreditGroup) -> str:
        head = group.head
        return head.release_date or str(head.release_year or "")

    return tuple(sorted(groups, key=year, reverse=True))


def _similar(raw: Mapping[str, Any], origin: str) -> tuple[ArtistRef, ...]:
    items = raw.get("similar")
    result: list[ArtistRef] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping):
            try:
                result.append(ArtistRef.from_api(item, origin))
            except ValueError:
                log.debug("similar artist without id skipped")
    return tuple(result)


def fetch_artist(
    client: BeatPassClient,
    artist_id: int,
    with_credits: bool = True,
    owned: bool = False,
    with_pin: bool = True,
) -> ArtistLoad:
    """Worker: the public producer page's live state and extras (R1 artistPage, R3, R4, C, P3,
    R5).

    Parts that fail (credits, pinned track) are left empty; R1 failing raises. Without
    ``with_credits`` the credits are not fetched (the credits document holds them), without
    ``with_pin`` nor P3 (the pin document holds it). An ``owned`` profile (one of the
    signed-in account's) is claimed: R5 is not asked.
    """
    page = client.artist(artist_id, loader="artistPage")
    raw = page.artist.raw
    live = artist_draft_from_api(raw)
    tracks = page.tracks.items if page.tracks is not None else ()
    if not tracks:
        tracks = client.artist_tracks(artist_id, per_page=TRACKS_PER_PAGE).items
    albums = page.albums.items or client.artist_albums(artist_id, per_page=ALBUMS_PER_PAGE).items
    credits: list[Credit] = []
    try:
        credits = client.artist_credits(artist_id) if with_credits else []
    except Exception as exc:  # credits are optional on the page
        log.info("credits of artist %s not loaded: %s", artist_id, exc)
    pinned = page.artist.pinned_track
    if pinned is None and with_pin:
        try:
            pinned = client.pinned_track(artist_id).track
        except Exception as exc:
            log.info("pinned track of artist %s not loaded: %s", artist_id, exc)
    unclaimed = False
    try:
        unclaimed = not owned and client.check_ownership(artist_id).availability == "available"
    except Exception as exc:
        log.info("ownership of artist %s not loaded: %s", artist_id, exc)
    extras = ArtistExtras(
        artist_id=artist_id,
        pinned_track=pinned,
        tracks=tuple(tracks),
        albums=tuple(albums),
        similar=_similar(raw, client.origin),
        credits=_newest_first(group_credits(credits)),
        followers_count=page.artist.followers_count,
        plays=page.artist.plays or None,
        unclaimed=unclaimed,
    )
    return ArtistLoad(live=live, extras=extras)


def fetch_user(client: BeatPassClient, user: int | str) -> UserLoad:
    """Worker: the public user page's live state (U1) and extras."""
    profile = client.user_profile(user)
    live = user_draft_from_api(profile.raw)
    linked: ArtistRef | None = profile.artists[0] if profile.artists else None
    if linked is not None and not linked.verified:
        try:
            artist = client.artist(linked.id, loader="artistPage").artist
            linked = ArtistRef(linked.id, linked.name, linked.image, linked.role, artist.verified)
        except Exception as exc:
            log.info("linked producer %s not loaded: %s", linked.id, exc)
    extras = UserExtras(
        user_id=profile.id,
        linked_producer=linked,
        followers_count=profile.followers_count,
        following_count=profile.followed_users_count,
    )
    return UserLoad(live=live, extras=extras)


def user_tab_fetcher(client: BeatPassClient, tab: str) -> Callable[[int | str], tuple[Any, ...]]:
    """A worker function loading the first page of one user tab."""
    methods: dict[str, Callable[..., Any]] = {
        LIKED_BEATS: client.liked_tracks,
        PUBLIC_PLAYLISTS: client.user_playlists,
        REPOSTS: client.user_reposts,
        LIKED_COLLECTIONS: client.liked_albums,
        LIKED_PRODUCERS: client.liked_artists,
        USER_FOLLOWERS: client.user_followers,
        FOLLOWING: client.followed_users,
    }
    method = methods[tab]

    def fetch(user: int | str) -> tuple[Any, ...]:
        return tuple(method(user, page=1, per_page=TAB_PER_PAGE).items)

    return fetch


@dataclass
class TabCache:
    """In-memory cache of loaded tab contents, keyed by (page key, tab)."""

    items: dict[tuple[object, str], tuple[Any, ...]] = field(default_factory=dict)
    errors: dict[tuple[object, str], str] = field(default_factory=dict)
