"""Producer Program objects: backstage requests, the submission guard (B1), ownership
(R5) and artist search results for claims (S1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from studio.core.catalog import ArtistRef
from studio.core.coerce import (
    ParseError,
    as_dict,
    first,
    opt_int,
    opt_str,
    require_id,
    require_object,
    to_bool,
    to_int,
    to_str,
)
from studio.core.urls import resolve_url


@dataclass(frozen=True)
class BackstageRequest:
    id: int
    type: str
    status: str
    artist_name: str = ""
    artist_id: int | None = None
    user_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False)
    artist: ArtistRef | None = None
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "request")
        artist_data = d.get("artist")
        try:
            artist = (
                ArtistRef.from_api(artist_data, origin)
                if isinstance(artist_data, Mapping)
                else None
            )
        except ParseError:
            artist = None
        return cls(
            id=require_id(d, "request"),
            type=to_str(d.get("type")),
            status=to_str(d.get("status"), "pending").lower(),
            artist_name=to_str(d.get("artist_name")),
            artist_id=opt_int(d.get("artist_id")),
            user_id=opt_int(d.get("user_id")),
            data=as_dict(d.get("data")),
            artist=artist,
            notes=to_str(first(d, "notes", "reason", "denial_reason")),
            created_at=to_str(d.get("created_at")),
            updated_at=to_str(d.get("updated_at")),
        )


@dataclass(frozen=True)
class SubmissionStatus:
    """B1: may a new Producer Program request be sent? ``message`` is shown verbatim."""

    can_submit: bool
    block_reason: str | None = None
    message: str = ""
    contact_url: str | None = None
    blocking_request_id: int | None = None

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "submission status")
        if "can_submit" not in d:
            raise ParseError("submission status has no can_submit")
        return cls(
            can_submit=to_bool(d.get("can_submit")),
            block_reason=opt_str(d.get("block_reason")),
            message=to_str(d.get("message")),
            contact_url=resolve_url(d.get("contact_url"), origin),
            blocking_request_id=opt_int(d.get("blocking_request_id")),
        )


@dataclass(frozen=True)
class Ownership:
    """R5: ``availability`` is ``available``, ``already_claimed`` or ``owned_by_you``."""

    artist_id: int
    is_owner: bool
    claimed: bool
    availability: str

    @property
    def available(self) -> bool:
        return self.availability == "available"

    @classmethod
    def from_api(cls, data: object, origin: str = "") -> Self:
        d = require_object(data, "ownership")
        is_owner = to_bool(d.get("is_owner"))
        claimed = to_bool(d.get("claimed"), is_owner)
        fallback = "owned_by_you" if is_owner else "already_claimed" if claimed else "available"
        return cls(
            artist_id=to_int(first(d, "artist_id", "id")),
            is_owner=is_owner,
            claimed=claimed,
            availability=to_str(d.get("availability"), fallback),
        )


@dataclass(frozen=True)
class ArtistSearchResult:
    """S1 result; ``claimed``/``verified`` are sandbox extras (``None`` when absent)."""

    id: int
    name: str
    image: str | None = None
    claimed: bool | None = None
    verified: bool | None = None

    @classmethod
    def from_api(cls, data: object, origin: str) -> Self:
        d = require_object(data, "artist")
        return cls(
            id=require_id(d, "artist"),  # the CURRENT_USER pseudo-entry is skipped
            name=to_str(first(d, "name", "display_name")),
            image=resolve_url(first(d, "image", "image_small", "avatar"), origin),
            claimed=to_bool(d["claimed"]) if "claimed" in d else None,
            verified=to_bool(d["verified"]) if "verified" in d else None,
        )
