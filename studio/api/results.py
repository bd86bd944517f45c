"""Small result objects returned by ``BeatPassClient`` methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studio.core.models import Artist, Page, User

if TYPE_CHECKING:
    from studio.core.catalog import Album, Track
    from studio.core.credits import Credit


@dataclass(frozen=True)
class LoginResult:
    """A1: the signed-in user and the whole ``<id>|<secret>`` token (hidden from repr)."""

    user: User
    token: str = field(repr=False)


@dataclass(frozen=True)
class ArtistPage:
    """R1: the artist, its albums page and (``artistPage`` loader only) its tracks page."""

    artist: Artist
    albums: Page[Album]
    tracks: Page[Track] | None = None
    loader: str = ""


@dataclass(frozen=True)
class AddCreditsResult:
    """C5/C6: the new entries, roles skipped because they existed, tracks skipped (C6)."""

    credits: tuple[Credit, ...]
    skipped_roles: tuple[str, ...] = ()
    skipped_tracks: int = 0
