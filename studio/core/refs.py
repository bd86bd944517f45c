"""What other objects point to: an artist in short and a genre. Parsed tolerantly (see
``studio.core.models``). Apart from :mod:`studio.core.catalog` so that what needs only these
(an account's producer profiles) does not load the tracks, albums and playlists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from studio.core.coerce import as_dict, first, opt_int, opt_str, require_id, to_bool, to_str
from studio.core.urls import resolve_url


@dataclass(frozen=True)
class Genre:
    name: str
    display_name: str
    id: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str = "") -> Self:
        name = to_str(first(data, "name", "display_name"))
        return cls(
            name=name,
            display_name=to_str(first(data, "display_name", "name"), name),
            id=opt_int(data.get("id")),
        )


@dataclass(frozen=True)
class ArtistRef:
    """A short artist: on users (with pivot ``role``), tracks, albums and requests."""

    id: int
    name: str
    image: str | None = None
    role: str | None = None
    verified: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any], origin: str) -> Self:
        pivot = as_dict(data.get("pivot"))
        return cls(
            id=require_id(data, "artist"),
            name=to_str(first(data, "name", "display_name")),
            image=resolve_url(first(data, "image_small", "image", "avatar"), origin),
            role=opt_str(first(data, "role")) or opt_str(pivot.get("role")),
            verified=to_bool(data.get("verified")),
        )
