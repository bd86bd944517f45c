"""The BeatPass objects Studio works with, parsed tolerantly from API JSON.

Every model has ``from_api(data, origin)``: BeatPass keys are read first, BeMusic keys
as fallback (``display_name``→``name``, ``avatar``→``image``), relative URLs are resolved
against the site ``origin`` (never against ``/api/v1``), unknown keys are ignored, missing
keys get defaults and wrong types do not crash. Only a missing object or id raises
``ParseError`` (the client turns it into ``BadResponse``). Items of a list that cannot be
parsed are skipped with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from studio.core.coerce import (
    ParseError,
    as_dict,
    as_list,
    first,
    opt_int,
    parse_many,
    require_id,
    require_object,
    to_bool,
    to_int,
    to_str,
)
from studio.core.lazy_names import lazy_names
from studio.core.refs import ArtistRef, Genre
from studio.core.urls import resolve_url

if TYPE_CHECKING:
    from studio.core.backstage import (
        ArtistSearchResult,
        BackstageRequest,
        Ownership,
        SubmissionStatus,
    )
    from studio.core.catalog import Album, PinEligibility, Playlist, Repost, Track
    from studio.core.credits import (
        Credit,
        CreditAlbum,
        CreditCategory,
        CreditGroup,
        CreditRole,
        SpotifyAlbum,
        SpotifyItem,
        SpotifyTrack,
        group_credits,
        popularity_level,
    )

# The catalog's, the Producer Program's and the credits' models load on first use: a profile
# opens without them (their 17 frozen dataclasses cost ~8 ms of start-up; issue 12).
_LATER = {
    **dict.fromkeys(
        ("Album", "PinEligibility", "Playlist", "Repost", "Track"), "studio.core.catalog"
    ),
    **dict.fromkeys(
        ("ArtistSearchResult", "BackstageRequest", "Ownership", "SubmissionStatus"),
        "studio.core.backstage",
    ),
    **dict.fromkeys(
        (
            "Credit",
            "CreditAlbum",
            "CreditCategory",
            "CreditGroup",
            "CreditRole",
            "SpotifyAlbum",
            "SpotifyItem",
            "SpotifyTrack",
            "group_credits",
            "popularity_level",
        ),
        "studio.core.credits",
    ),
}
__getattr__ = lazy_names(__name__, globals(), _LATER)

__all__ = [
    "Album",
    "Artist",
    "ArtistRef",
    "ArtistSearchResult",
    "BackstageRequest",
    "Credit",
    "CreditAlbum",
    "CreditCategory",
    "CreditGroup",
    "CreditRole",
    "FileEntry",
    "GalleryImage",
    "Genre",
    "Link",
    "Ownership",
    "Page",
    "ParseError",
    "PinEligibility",
    "PinnedTrack",
    "Playlist",
    "Profile",
    "Repost",
    "SpotifyAlbum",
    "SpotifyItem",
    "SpotifyTrack",
    "SubmissionStatus",
    "Track",
    "User",
    "group_credits",
    "parse_many",
    "popularity_level",
]

T = TypeVar("T")

# Keys of the user themself that must never be kept around (A3 is never logged or cached whole).
SENSITIVE_USER_KEYS = frozenset(
    {"access_token", "tokens", "two_factor_recovery_codes", "two_factor_secret", "password"}
)


@dataclass(frozen=True)
class Profile:
    """Free-text profile block shared by users and artists ("" when unset)."""

    city: str = ""
    country: str = ""
    description: str = ""

    @classmethod
    def from_api(cls, data: object, origin: str = "") -> Self:
        d = as_dict(data)
        return cls(
            city=to_str(d.get("city")),
            country=to_str(d.get("country")),
            description=to_str(d.get("description")),
        )


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    id: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str = "") -> Self:
        return cls(
            url=to_str(data.get("url")), title=to_str(data.get("title")), id=opt_int(data.get("id"))
        )


@dataclass(frozen=True)
class GalleryImage:
    url: str
    id: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str) -> Self:
        return cls(url=resolve_url(data.get("url"), origin) or "", id=opt_int(data.get("id")))


@dataclass(frozen=True)
class User:
    id: int
    name: str
    image: str | None = None
    username: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    profile: Profile = field(default_factory=Profile)
    links: tuple[Link, ...] = ()
    followers_count: int | None = None
    followed_users_count: int | None = None
    artists: tuple[ArtistRef, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "user")
        email = to_str(d.get("email"))
        first_name = to_str(d.get("first_name"))
        last_name = to_str(d.get("last_name"))
        username = to_str(d.get("username"))
        full = f"{first_name} {last_name}".strip()
        name = to_str(first(d, "display_name", "name"), username or full or email.split("@")[0])
        return cls(
            id=require_id(d, "user"),
            name=name,
            image=resolve_url(first(d, "avatar", "image"), origin),
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            profile=Profile.from_api(d.get("profile")),
            links=parse_many(d.get("links"), Link.from_api, "link"),
            followers_count=opt_int(d.get("followers_count")),
            followed_users_count=opt_int(d.get("followed_users_count")),
            artists=parse_many(d.get("artists"), lambda a: ArtistRef.from_api(a, origin), "artist"),
            raw={k: v for k, v in d.items() if k not in SENSITIVE_USER_KEYS},
        )


@dataclass(frozen=True)
class Artist:
    """A producer profile as the editor (``editArtistPage``) or the public page sees it."""

    id: int
    name: str
    verified: bool = False
    image_small: str | None = None
    cover_image: str | None = None
    plays: int = 0
    disabled: bool = False
    genres: tuple[Genre, ...] = ()
    profile: Profile = field(default_factory=Profile)
    profile_images: tuple[GalleryImage, ...] = ()
    links: tuple[Link, ...] = ()
    pinned_track: Track | None = None
    followers_count: int | None = None
    likes_count: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        from studio.core.catalog import Track  # loaded on first use

        d = require_object(data, "artist")
        pinned = d.get("pinned_track")
        try:
            pinned_track = Track.from_api(pinned, origin) if isinstance(pinned, Mapping) else None
        except ParseError:
            pinned_track = None
        return cls(
            id=require_id(d, "artist"),
            name=to_str(first(d, "name", "display_name")),
            verified=to_bool(d.get("verified")),
            image_small=resolve_url(first(d, "image_small", "image", "avatar"), origin),
            cover_image=resolve_url(d.get("cover_image"), origin),
            plays=to_int(d.get("plays")),
            disabled=to_bool(d.get("disabled")),
            genres=parse_many(d.get("genres"), Genre.from_api, "genre"),
            profile=Profile.from_api(d.get("profile")),
            profile_images=parse_many(
                d.get("profile_images"), lambda g: GalleryImage.from_api(g, origin), "image"
            ),
            links=parse_many(d.get("links"), Link.from_api, "link"),
            pinned_track=pinned_track,
            followers_count=opt_int(d.get("followers_count")),
            likes_count=opt_int(d.get("likes_count")),
            raw=d,
        )


@dataclass(frozen=True)
class FileEntry:
    id: int
    url: str
    name: str = ""
    file_name: str = ""
    mime: str = ""
    extension: str = ""
    file_size: int = 0
    type: str = ""
    public: bool = False
    disk_prefix: str = ""
    hash: str = ""
    owner_id: int | None = None
    created_at: str = ""

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "fileEntry")
        return cls(
            id=require_id(d, "fileEntry"),
            url=resolve_url(d.get("url"), origin) or "",
            name=to_str(d.get("name")),
            file_name=to_str(d.get("file_name")),
            mime=to_str(d.get("mime")),
            extension=to_str(d.get("extension")),
            file_size=to_int(d.get("file_size")),
            type=to_str(d.get("type")),
            public=to_bool(d.get("public")),
            disk_prefix=to_str(d.get("disk_prefix")),
            hash=to_str(d.get("hash")),
            owner_id=opt_int(d.get("owner_id")),
            created_at=to_str(d.get("created_at")),
        )


@dataclass(frozen=True)
class PinnedTrack:
    """P3: the pinned track (or ``None``) and whether it was picked ``manual``/``automatic``."""

    track: Track | None
    source: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paginated list, from any of the three page shapes (API.md §1.4)."""

    items: tuple[T, ...]
    current_page: int = 1
    per_page: int = 0
    total: int | None = None
    last_page: int | None = None
    has_next: bool = False

    @property
    def next_page(self) -> int | None:
        return self.current_page + 1 if self.has_next else None

    @classmethod
    def from_api(
        cls, data: object, parse_item: Callable[[dict[str, Any]], T], what: str
    ) -> Page[T]:
        d = require_object(data, "pagination")
        if not isinstance(d.get("data"), list):
            raise ParseError("pagination has no data array")
        items = parse_many(d["data"], parse_item, what)
        current = to_int(d.get("current_page"), 1)
        per_page = to_int(d.get("per_page"), 0)
        last_page = opt_int(d.get("last_page"))
        count = len(as_list(d["data"]))
        # API.md §1.4, in order; a step decides only when its key is present.
        if "next_page" in d:
            has_next = d["next_page"] is not None
        elif last_page is not None:
            has_next = current < last_page
        elif "next_page_url" in d:
            has_next = bool(d["next_page_url"])
        else:
            has_next = per_page > 0 and count >= per_page
        return Page(
            items=items,
            current_page=current,
            per_page=per_page,
            total=opt_int(d.get("total")),
            last_page=last_page,
            has_next=has_next,
        )
