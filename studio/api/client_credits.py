"""Professional credits (C1–C9) and the pinned track (P1–P3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from studio.api.base import ClientBase
from studio.api.connection import path_part
from studio.api.errors import BadResponse
from studio.api.results import AddCreditsResult
from studio.core import models
from studio.core.coerce import as_list, dicts, opt_int, parse_many
from studio.core.limits import CREDIT_CATEGORIES, CREDIT_ROLES, CREDIT_SEARCH_DEFAULT_LIMIT
from studio.core.models import PinnedTrack

if TYPE_CHECKING:  # loaded on first use (see studio.core.models)
    from studio.core.catalog import Track
    from studio.core.credits import (
        Credit,
        CreditCategory,
        CreditGroup,
        CreditRole,
        SpotifyAlbum,
        SpotifyItem,
    )


class CreditsAndPins(ClientBase):
    """C1–C9 and P1–P3 (mixed into ``BeatPassClient``)."""

    # --- C1–C9: credits ------------------------------------------------------------------

    def credit_roles(self) -> tuple[list[CreditCategory], list[CreditRole]]:
        """C1. Falls back to the built-in table when the server omits a list."""
        body = self._call("GET", "credits/roles")
        categories = [models.CreditCategory.from_api(d) for d in dicts(body.get("categories"))]
        roles = [models.CreditRole.from_api(d) for d in dicts(body.get("roles"))]
        if not categories:
            categories = [models.CreditCategory(key, name) for key, name in CREDIT_CATEGORIES]
        if not roles:
            roles = [models.CreditRole(key, name, cat) for key, name, cat in CREDIT_ROLES]
        return categories, roles

    def spotify_search(
        self,
        query: str,
        type: str = "track",
        limit: int = CREDIT_SEARCH_DEFAULT_LIMIT,
        artist_id: int | None = None,
    ) -> list[SpotifyItem]:
        """C2 (debounce typing ≥300 ms before calling). With ``artist_id`` the sandbox fills
        each item's ``existing_roles`` for that producer profile [D]."""
        params: dict[str, Any] = {"query": query, "type": type, "limit": int(limit)}
        if artist_id is not None:
            params["artist_id"] = int(artist_id)
        body = self._call("GET", "credits/spotify-search", params=params)
        return list(
            parse_many(
                body.get("results"), lambda d: models.SpotifyItem.from_api(d, self.origin), "item"
            )
        )

    def spotify_album(self, spotify_id: str, artist_id: int | None = None) -> SpotifyAlbum:
        """C3: an album with its tracks (``existing_roles`` filled when ``artist_id`` is given)."""
        params: dict[str, Any] = {"id": spotify_id}
        if artist_id is not None:
            params["artist_id"] = int(artist_id)
        body = self._call("GET", "credits/spotify-album", params=params)
        album = body.get("album")
        if isinstance(album, Mapping) and "tracks" not in album and "tracks" in body:
            album = {**album, "tracks": body["tracks"]}
        return self._parse(lambda: models.SpotifyAlbum.from_api(album, self.origin))

    def _credits(self, body: Mapping[str, Any]) -> tuple[Credit, ...]:
        if not isinstance(body.get("credits"), list):
            raise BadResponse("answer has no credits list")
        return parse_many(
            body["credits"], lambda d: models.Credit.from_api(d, self.origin), "credit"
        )

    def artist_credits(self, artist_id: int, sort: str | None = None) -> list[Credit]:
        """C4, in editor order (``position``) or ``sort="release_date"`` (public order)."""
        params = {"sort": sort} if sort else None
        body = self._call("GET", f"artists/{path_part(artist_id)}/credits", params=params)
        return list(self._credits(body))

    def add_credit(
        self, artist_id: int, spotify_id: str, type: str, roles: Iterable[str]
    ) -> AddCreditsResult:
        """C5: one entry per role; roles that already exist come back in ``skipped_roles``."""
        body = self._call(
            "POST",
            f"artists/{path_part(artist_id)}/credits",
            json_body={"spotify_id": spotify_id, "type": type, "roles": list(roles)},
        )
        skipped = tuple(str(r) for r in as_list(body.get("skipped_roles")))
        return AddCreditsResult(self._credits(body), skipped_roles=skipped)

    def add_album_credits(
        self,
        artist_id: int,
        spotify_album_id: str,
        roles_for_all: Iterable[str],
        tracks: Iterable[Mapping[str, Any]],
    ) -> AddCreditsResult:
        """C6: ``tracks`` = ``[{"spotify_id": …, "roles": [...]}, …]``."""
        body = self._call(
            "POST",
            f"artists/{path_part(artist_id)}/credits/album",
            json_body={
                "spotify_album_id": spotify_album_id,
                "roles_for_all": list(roles_for_all),
                "tracks": [dict(t) for t in tracks],
            },
        )
        skipped = tuple(str(r) for r in as_list(body.get("skipped_roles")))
        skipped_tracks = opt_int(body.get("skipped_tracks")) or 0
        return AddCreditsResult(self._credits(body), skipped, skipped_tracks)

    def update_credit(self, artist_id: int, credit_id: int, role: str) -> Credit:
        """C7: change one entry's role."""
        body = self._call(
            "PUT",
            f"artists/{path_part(artist_id)}/credits/{path_part(credit_id)}",
            json_body={"role": role},
        )
        return self._parse(lambda: models.Credit.from_api(body.get("credit"), self.origin))

    def delete_credit(self, artist_id: int, credit_id: int) -> None:
        """C8: delete one entry."""
        self._call("DELETE", f"artists/{path_part(artist_id)}/credits/{path_part(credit_id)}")

    def delete_credit_group(self, artist_id: int, group: CreditGroup) -> None:
        """Delete an item "with all its roles": every entry of the group (pitfall 10)."""
        for credit_id in group.ids:
            self.delete_credit(artist_id, credit_id)

    def reorder_credits(self, artist_id: int, ids: Iterable[int]) -> list[Credit]:
        """C9: every credit id of the artist, once each, in editor order."""
        body = self._call(
            "POST",
            f"artists/{path_part(artist_id)}/credits/reorder",
            json_body={"ids": [int(i) for i in ids]},
        )
        return list(self._credits(body))

    # --- P1–P3: pinned track -------------------------------------------------------------

    def pin_track(self, artist_id: int, track_id: int) -> Track:
        """P1; an ineligible track raises ``NotEligible`` with its ``reason``."""
        path = f"artists/{path_part(artist_id)}/tracks/{path_part(track_id)}/pin"
        body = self._call("POST", path)
        return self._parse(lambda: models.Track.from_api(body.get("pinned_track"), self.origin))

    def unpin_track(self, artist_id: int, track_id: int) -> None:
        """P2 (idempotent)."""
        self._call("POST", f"artists/{path_part(artist_id)}/tracks/{path_part(track_id)}/unpin")

    def pinned_track(self, artist_id: int) -> PinnedTrack:
        """P3: the pinned track (or ``None``) and its ``source`` (manual/automatic)."""
        body = self._call("GET", f"artists/{path_part(artist_id)}/pinned-track")
        data = body.get("pinned_track")
        track = (
            self._parse(lambda: models.Track.from_api(data, self.origin))
            if isinstance(data, Mapping)
            else None
        )
        source = body.get("source")
        return PinnedTrack(track=track, source=str(source) if source else None)
