"""Catalog items: artists in short, genres, tracks (with pin eligibility), albums,
playlists and reposts. Parsed tolerantly (see ``studio.core.models``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from studio.core.coerce import (
    ParseError,
    as_dict,
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
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.refs import ArtistRef, Genre
from studio.core.urls import resolve_url

__all__ = ["Album", "ArtistRef", "Genre", "PinEligibility", "Playlist", "Repost", "Track"]


@dataclass(frozen=True)
class PinEligibility:
    eligible: bool
    reason: str | None = None

    @property
    def explanation(self) -> str:
        """A sentence saying why the track cannot be pinned ("" when it can)."""
        if self.eligible:
            return ""
        if self.reason in PIN_INELIGIBLE_REASONS:
            return PIN_INELIGIBLE_REASONS[self.reason]
        return "This track cannot be pinned."

    @classmethod
    def from_api(cls, data: object) -> Self | None:
        if not isinstance(data, Mapping):
            return None
        return cls(eligible=to_bool(data.get("eligible")), reason=opt_str(data.get("reason")))


@dataclass(frozen=True)
class Track:
    id: int
    name: str
    image: str | None = None
    duration_ms: int | None = None
    duration_text: str = ""
    plays: int = 0
    description: str = ""
    created_at: str = ""
    artists: tuple[ArtistRef, ...] = ()
    genres: tuple[Genre, ...] = ()
    album_id: int | None = None
    album_name: str = ""
    bpm: int | None = None
    key: str = ""
    scale: str = ""
    licensing_type: str = ""
    exclusive_status: str = ""
    price: str = ""
    currency: str = ""
    likes_count: int | None = None
    reposts_count: int | None = None
    added_at: str = ""
    pin_eligibility: PinEligibility | None = None

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "track")
        album = as_dict(d.get("album"))
        return cls(
            id=require_id(d, "track"),
            name=to_str(first(d, "name", "title")),
            image=resolve_url(first(d, "image", "image_small"), origin)
            or resolve_url(album.get("image"), origin),
            duration_ms=opt_int(d.get("duration")),
            duration_text=to_str(d.get("duration_text")),
            plays=to_int(first(d, "plays", "plays_count")),
            description=to_str(d.get("description")),
            created_at=to_str(d.get("created_at")),
            artists=parse_many(d.get("artists"), lambda a: ArtistRef.from_api(a, origin), "artist"),
            genres=parse_many(d.get("genres"), Genre.from_api, "genre"),
            album_id=opt_int(album.get("id")),
            album_name=to_str(album.get("name")),
            bpm=opt_int(d.get("bpm")),
            key=to_str(d.get("key")),
            scale=to_str(d.get("scale")),
            licensing_type=to_str(d.get("licensing_type")),
            exclusive_status=to_str(d.get("exclusive_status")),
            price=to_str(d.get("price")),
            currency=to_str(d.get("currency")),
            likes_count=opt_int(d.get("likes_count")),
            reposts_count=opt_int(d.get("reposts_count")),
            added_at=to_str(d.get("added_at")),
            pin_eligibility=PinEligibility.from_api(d.get("pin_eligibility")),
        )


@dataclass(frozen=True)
class Album:
    id: int
    name: str
    image: str | None = None
    release_date: str = ""
    description: str = ""
    artists: tuple[ArtistRef, ...] = ()
    tracks: tuple[Track, ...] = ()
    tracks_count: int | None = None

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "album")
        tracks = parse_many(d.get("tracks"), lambda t: Track.from_api(t, origin), "track")
        count = opt_int(d.get("tracks_count"))
        return cls(
            id=require_id(d, "album"),
            name=to_str(first(d, "name", "title")),
            image=resolve_url(d.get("image"), origin),
            release_date=to_str(d.get("release_date")),
            description=to_str(d.get("description")),
            artists=parse_many(d.get("artists"), lambda a: ArtistRef.from_api(a, origin), "artist"),
            tracks=tracks,
            tracks_count=count if count is not None else (len(tracks) if tracks else None),
        )


@dataclass(frozen=True)
class Playlist:
    id: int
    name: str
    image: str | None = None
    public: bool = True
    collaborative: bool = False
    description: str = ""

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "playlist")
        return cls(
            id=require_id(d, "playlist"),
            name=to_str(d.get("name")),
            image=resolve_url(d.get("image"), origin),
            public=to_bool(d.get("public"), True),
            collaborative=to_bool(d.get("collaborative")),
            description=to_str(d.get("description")),
        )


@dataclass(frozen=True)
class Repost:
    id: int
    repostable_type: str
    repostable_id: int | None = None
    created_at: str = ""
    item: Track | Album | None = None

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "repost")
        kind = to_str(d.get("repostable_type")).lower()
        kind = "album" if kind.endswith("album") else "track" if kind.endswith("track") else kind
        target = d.get("repostable")
        item: Track | Album | None = None
        try:
            if isinstance(target, Mapping):
                item = (
                    Album.from_api(target, origin)
                    if kind == "album"
                    else Track.from_api(target, origin)
                )
        except ParseError:
            item = None
        return cls(
            id=require_id(d, "repost"),
            repostable_type=kind,
            repostable_id=opt_int(d.get("repostable_id")),
            created_at=to_str(d.get("created_at")),
            item=item,
        )
