"""Professional credits: roles, credit entries (one per role), Spotify items, and the
grouping of entries by item for display (API.md §2.6, §7)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Self

from studio.core.coerce import (
    ParseError,
    as_dict,
    as_list,
    first,
    opt_int,
    opt_str,
    parse_many,
    require_id,
    require_object,
    to_bool,
    to_int,
    to_str,
)
from studio.core.limits import CREDIT_ROLES, POPULARITY_HIGH, POPULARITY_MEDIUM
from studio.core.urls import resolve_url

_ROLE_NAMES = {key: name for key, name, _category in CREDIT_ROLES}
_ROLE_CATEGORIES = {key: category for key, _name, category in CREDIT_ROLES}


def popularity_level(popularity: int | None) -> str:
    """``high`` (≥70), ``medium`` (40–69), ``low`` or ``""`` when unknown."""
    if popularity is None:
        return ""
    if popularity >= POPULARITY_HIGH:
        return "high"
    return "medium" if popularity >= POPULARITY_MEDIUM else "low"


@dataclass(frozen=True)
class CreditCategory:
    key: str
    name: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str = "") -> Self:
        key = to_str(first(data, "key", "id"))
        return cls(key=key, name=to_str(data.get("name"), key))


@dataclass(frozen=True)
class CreditRole:
    key: str
    name: str
    category: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str = "") -> Self:
        key = to_str(first(data, "key", "id"))
        return cls(
            key=key,
            name=to_str(data.get("name"), _ROLE_NAMES.get(key, key)),
            category=to_str(data.get("category"), _ROLE_CATEGORIES.get(key, "other")),
        )


@dataclass(frozen=True)
class CreditAlbum:
    """The album a track credit was added through (C6), when known."""

    spotify_id: str
    title: str
    total_tracks: int | None = None


@dataclass(frozen=True)
class Credit:
    """One credit entry: one role on one Spotify song or album."""

    id: int
    spotify_id: str
    type: str
    role: str
    title: str = ""
    artist_id: int | None = None
    artist_names: str = ""
    image: str | None = None
    release_date: str = ""
    release_year: int | None = None
    popularity: int | None = None
    total_tracks: int | None = None
    album: CreditAlbum | None = None
    role_name: str = ""
    role_category: str = ""
    position: int = 0
    is_available: bool = True
    spotify_url: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def popularity_level(self) -> str:
        return popularity_level(self.popularity)

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "credit")
        role = to_str(d.get("role"))
        album_data = as_dict(d.get("album"))
        album = (
            CreditAlbum(
                spotify_id=to_str(album_data.get("spotify_id")),
                title=to_str(first(album_data, "title", "name")),
                total_tracks=opt_int(album_data.get("total_tracks")),
            )
            if album_data
            else None
        )
        release_date = to_str(d.get("release_date"))
        year = opt_int(d.get("release_year"))
        if year is None and release_date[:4].isdigit():
            year = int(release_date[:4])
        return cls(
            id=require_id(d, "credit"),
            spotify_id=to_str(d.get("spotify_id")),
            type=to_str(d.get("type"), "track"),
            role=role,
            title=to_str(first(d, "title", "name")),
            artist_id=opt_int(d.get("artist_id")),
            artist_names=to_str(d.get("artist_names")),
            image=resolve_url(d.get("image"), origin),
            release_date=release_date,
            release_year=year,
            popularity=opt_int(d.get("popularity")),
            total_tracks=opt_int(d.get("total_tracks")),
            album=album,
            role_name=to_str(d.get("role_name"), _ROLE_NAMES.get(role, role)),
            role_category=to_str(d.get("role_category"), _ROLE_CATEGORIES.get(role, "")),
            position=to_int(d.get("position")),
            is_available=to_bool(d.get("is_available"), True),
            spotify_url=resolve_url(d.get("spotify_url"), origin),
            created_at=to_str(d.get("created_at")),
            updated_at=to_str(d.get("updated_at")),
        )


@dataclass(frozen=True)
class CreditGroup:
    """All entries of one Spotify item, shown as one card with several role badges."""

    spotify_id: str
    type: str
    entries: tuple[Credit, ...]

    @property
    def head(self) -> Credit:
        return self.entries[0]

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(entry.role for entry in self.entries)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(entry.id for entry in self.entries)


def group_credits(credits: Iterable[Credit]) -> list[CreditGroup]:
    """Group entries by Spotify item, in the order each item first appears."""
    grouped: dict[tuple[str, str], list[Credit]] = {}
    for credit in credits:
        grouped.setdefault((credit.type, credit.spotify_id), []).append(credit)
    return [
        CreditGroup(spotify_id=spotify_id, type=kind, entries=tuple(entries))
        for (kind, spotify_id), entries in grouped.items()
    ]


@dataclass(frozen=True)
class SpotifyItem:
    """A C2 search result (a released song or album)."""

    spotify_id: str
    type: str
    title: str
    artist_names: str = ""
    image: str | None = None
    release_date: str = ""
    release_year: int | None = None
    popularity: int | None = None
    total_tracks: int | None = None
    spotify_url: str | None = None
    existing_roles: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "Spotify item")
        spotify_id = opt_str(first(d, "spotify_id", "id"))
        if not spotify_id:
            raise ParseError("Spotify item has no spotify_id")
        return cls(
            spotify_id=spotify_id,
            type=to_str(d.get("type"), "track"),
            title=to_str(first(d, "title", "name")),
            artist_names=to_str(d.get("artist_names")),
            image=resolve_url(d.get("image"), origin),
            release_date=to_str(d.get("release_date")),
            release_year=opt_int(d.get("release_year")),
            popularity=opt_int(d.get("popularity")),
            total_tracks=opt_int(d.get("total_tracks")),
            spotify_url=resolve_url(d.get("spotify_url"), origin),
            existing_roles=tuple(to_str(r) for r in as_list(d.get("existing_roles")) if r),
        )


@dataclass(frozen=True)
class SpotifyTrack:
    """A track of a C3 album."""

    spotify_id: str
    title: str
    track_number: int | None = None
    disc_number: int | None = None
    duration_ms: int | None = None
    artist_names: str = ""
    existing_roles: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str = "") -> Self:
        return cls(
            spotify_id=to_str(first(data, "spotify_id", "id")),
            title=to_str(first(data, "title", "name")),
            track_number=opt_int(data.get("track_number")),
            disc_number=opt_int(data.get("disc_number")),
            duration_ms=opt_int(data.get("duration_ms")),
            artist_names=to_str(data.get("artist_names")),
            existing_roles=tuple(to_str(r) for r in as_list(data.get("existing_roles")) if r),
        )


@dataclass(frozen=True)
class SpotifyAlbum:
    """C3: an album and its tracks."""

    album: SpotifyItem
    tracks: tuple[SpotifyTrack, ...]

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "Spotify album")
        return cls(
            album=SpotifyItem.from_api({"type": "album", **d}, origin),
            tracks=parse_many(d.get("tracks"), SpotifyTrack.from_api, "Spotify track"),
        )
