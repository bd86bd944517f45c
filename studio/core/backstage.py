"""Producer Program objects: backstage requests, the submission guard (B1), ownership
(R5) and artist search results for claims (S1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

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
from studio.core.limits import CLAIM_ROLES_THAT_LINK, SUPPORT_EMAIL
from studio.core.refs import ArtistRef
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
    user_name: str = ""  # B3/B4 ``user`` (listed with it): who applied, for a reviewer

    @property
    def sent(self) -> datetime | None:
        """When the request was sent (``created_at``), or None when unreadable."""
        return parse_time(self.created_at)

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
            user_name=_user_name(d.get("user")),
        )


def _user_name(value: object) -> str:
    if not isinstance(value, Mapping):
        return ""
    return to_str(first(value, "display_name", "name", "username"))


def parse_time(text: str) -> datetime | None:
    """An API timestamp (``2026-01-01T00:00:00.000000Z``) as an aware datetime."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def day_text(moment: datetime | None) -> str:
    """``16 Nov 2026`` in the computer's time zone ("" for None)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y}"


STATUS_TITLES = {
    "pending": "Pending",
    "approved": "Approved",
    "denied": "Denied",
    "revoked": "Revoked",
}
TYPE_TITLES = {
    "become-artist": "Become a Producer",
    "claim-artist": "Claim Existing Artist",
    "verify-artist": "Get Verified",
}


def status_meaning(request: BackstageRequest) -> str:
    """What a request's status means for the person who sent it."""
    name = request.artist.name if request.artist is not None else request.artist_name
    shown = f"“{name}”" if name else "the profile"
    if request.status == "pending":
        return (
            "Under review: BeatPass e-mails the decision. You cannot send another "
            "application meanwhile."
        )
    if request.status == "approved":
        if request.type == "become-artist":
            return f"Approved: your producer profile {shown} was created."
        if request.type == "verify-artist":
            return f"Approved: {shown} has the verified badge."
        role = request.data.get("role")
        if isinstance(role, str) and role and role not in CLAIM_ROLES_THAT_LINK:
            return f"Approved as {role}: this role does not link you to manage {shown}."
        return f"Approved: you now manage {shown}."
    if request.status == "denied":
        return "Denied. You may fix what the reason says and send the application again."
    if request.status == "revoked":
        return (
            "Revoked: producer access was removed after approval, and new applications are "
            f"blocked until an appeal to {SUPPORT_EMAIL} succeeds."
        )
    return f"Status “{request.status}”."


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
