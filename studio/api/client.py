"""``BeatPassClient``: one method per operation of API.md (A1–A4, U1–U9, R1–R5, F1,
C1–C9, P1–P3, B1–B4, S1). Methods are synchronous; call them off the GUI thread."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.api.client_credits import CreditsAndPins
from studio.api.connection import path_part
from studio.api.errors import ApiAccessDenied, ApiError, AuthExpired, BadResponse, Forbidden
from studio.api.results import ArtistPage, LoginResult
from studio.core import models
from studio.core.coerce import opt_int, parse_many
from studio.core.limits import (
    ARTIST_SEARCH_DEFAULT_LIMIT,
    DEFAULT_PER_PAGE,
)
from studio.core.models import Artist, FileEntry, Page, User

if TYPE_CHECKING:  # loaded on first use (see studio.core.models)
    from studio.api.uploads import Progress
    from studio.core.backstage import (
        ArtistSearchResult,
        BackstageRequest,
        Ownership,
        SubmissionStatus,
    )
    from studio.core.catalog import Album, Playlist, Repost, Track

UserRef = int | str


def token_id_of(token: str | None) -> int | None:
    """The number before ``|`` in a ``<id>|<secret>`` token (needed by A2)."""
    if not token or "|" not in token:
        return None
    return opt_int(token.split("|", 1)[0])


class BeatPassClient(CreditsAndPins):
    """A BeatPass API client bound to one base URL and (optionally) one token.

    ``timeout`` is the read timeout in seconds (uploads get a longer one); ``backoff_factor``
    and ``retry_after_cap`` tune retries (tests use a factor of 0). The plumbing lives in
    ``ClientBase``; credits and pins in ``CreditsAndPins``.
    """

    # --- A1–A4: auth ---------------------------------------------------------------------

    def login(self, email: str, password: str) -> LoginResult:
        """A1. Sets ``self.token``. The answer (it holds the token) is never logged."""
        body = self._call(
            "POST",
            "auth/login",
            json_body={"email": email, "password": password, "token_name": self.token_name},
            context="login",
        )
        user_data = body.get("user")
        token = None
        if isinstance(user_data, Mapping):
            token = user_data.get("access_token")
        token = token or body.get("access_token") or body.get("token")
        if not isinstance(token, str) or not token:
            raise BadResponse("login answer has no access token")
        user = self._parse(lambda: User.from_api(user_data, self.origin))
        self._token = token
        self._fresh_login = True
        self._me_id = user.id
        return LoginResult(user=user, token=token)

    def revoke_token(self, token_id: int | None = None) -> None:
        """A2: delete a token (default: the current one, by the number before ``|``)."""
        ident = token_id if token_id is not None else token_id_of(self._token)
        if ident is None:
            raise ApiError(
                "token has no id",
                user_message="Studio cannot tell which token to revoke. Delete it in "
                "Account Settings → Developers on BeatPass.",
            )
        self._call("DELETE", f"access-tokens/{path_part(ident)}")

    def me(self) -> User:
        """A3 with profile, links and artists. 401/403 right after A1 = no API access (A4)."""
        fresh = self._fresh_login
        self._fresh_login = False
        try:
            body = self._call("GET", "users/me", params={"with": "profile,links,artists"})
        except (AuthExpired, Forbidden) as exc:
            if fresh:
                raise ApiAccessDenied(exc.message, status=exc.status) from None
            raise
        user = self._parse(lambda: User.from_api(body.get("user"), self.origin))
        self._me_id = user.id
        return user

    # --- U1–U9: user profile -------------------------------------------------------------

    def user_profile(self, user: UserRef = "me") -> User:
        """U1 (no ``status`` in the answer)."""
        body = self._call(
            "GET", f"user-profile/{path_part(user)}", params={"loader": "userProfilePage"}
        )
        return self._parse(lambda: User.from_api(body.get("user"), self.origin))

    def update_user_profile(
        self,
        user: Mapping[str, Any],
        profile: Mapping[str, Any],
        links: Sequence[Mapping[str, Any]],
    ) -> User:
        """U2: all three keys every time; ``links`` replaces the whole set."""
        body = self._call(
            "PUT",
            "users/profile/update",
            json_body={"user": dict(user), "profile": dict(profile), "links": list(links)},
        )
        return self._parse(lambda: User.from_api(body.get("user"), self.origin))

    def liked_tracks(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Track]:
        """U3 Liked Beats."""
        path = f"users/{self._user_path(user)}/liked-tracks"
        return self._list(path, models.Track.from_api, "track", page, per_page)

    def user_playlists(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Playlist]:
        """U4 Public Playlists."""
        path = f"users/{self._user_path(user)}/playlists"
        return self._list(path, models.Playlist.from_api, "playlist", page, per_page)

    def user_reposts(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Repost]:
        """U5 Reposts."""
        path = f"users/{self._user_path(user)}/reposts"
        return self._list(path, models.Repost.from_api, "repost", page, per_page)

    def liked_albums(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Album]:
        """U6 Liked Collections."""
        path = f"users/{self._user_path(user)}/liked-albums"
        return self._list(path, models.Album.from_api, "album", page, per_page)

    def liked_artists(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Artist]:
        """U7 Liked Producers."""
        path = f"users/{self._user_path(user)}/liked-artists"
        return self._list(path, Artist.from_api, "artist", page, per_page)

    def user_followers(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[User]:
        """U8 Followers."""
        path = f"users/{self._user_path(user)}/followers"
        return self._list(path, User.from_api, "user", page, per_page)

    def followed_users(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[User]:
        """U9 Following."""
        path = f"users/{self._user_path(user)}/followed-users"
        return self._list(path, User.from_api, "user", page, per_page)

    # --- R1–R5: producer profile ---------------------------------------------------------

    def artist(self, artist_id: int, loader: str = "editArtistPage") -> ArtistPage:
        """R1 (no ``status``). ``editArtistPage`` for the editor, ``artistPage`` for previews."""
        body = self._call("GET", f"artists/{path_part(artist_id)}", params={"loader": loader})
        origin = self.origin
        artist = self._parse(lambda: Artist.from_api(body.get("artist"), origin))
        albums: Page[Album] = Page(items=())
        if isinstance(body.get("albums"), Mapping):
            albums = self._parse(
                lambda: Page.from_api(
                    body["albums"], lambda d: models.Album.from_api(d, origin), "album"
                )
            )
        tracks: Page[Track] | None = None
        if isinstance(body.get("tracks"), Mapping):
            tracks = self._parse(
                lambda: Page.from_api(
                    body["tracks"], lambda d: models.Track.from_api(d, origin), "track"
                )
            )
        return ArtistPage(artist=artist, albums=albums, tracks=tracks, loader=str(loader))

    def update_artist(self, artist_id: int, payload: Mapping[str, Any]) -> Artist:
        """R2: send the FULL editable object (pitfall 3: omissions can wipe fields)."""
        body = self._call("PUT", f"artists/{path_part(artist_id)}", json_body=dict(payload))
        return self._parse(lambda: Artist.from_api(body.get("artist"), self.origin))

    def artist_tracks(
        self, artist_id: int, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Track]:
        """R3, most popular first; items may carry the sandbox's ``pin_eligibility``."""
        path = f"artists/{path_part(artist_id)}/tracks"
        return self._list(path, models.Track.from_api, "track", page, per_page)

    def artist_albums(
        self, artist_id: int, page: int = 1, per_page: int = 5, load_tracks: bool = True
    ) -> Page[Album]:
        """R4."""
        extra = {} if load_tracks else {"loadAlbumTracks": "false"}
        path = f"artists/{path_part(artist_id)}/albums"
        return self._list(path, models.Album.from_api, "album", page, per_page, **extra)

    def check_ownership(self, artist_id: int) -> Ownership:
        """R5: ``availability`` = available / already_claimed / owned_by_you."""
        body = self._call("GET", f"artists/{path_part(artist_id)}/check-ownership")
        result = self._parse(lambda: models.Ownership.from_api(body))
        if not result.artist_id:
            return models.Ownership(
                int(artist_id), result.is_owner, result.claimed, result.availability
            )
        return result

    # --- F1: uploads ---------------------------------------------------------------------

    def upload(
        self,
        file: Path | bytes,
        kind: str,
        *,
        filename: str | None = None,
        mime: str | None = None,
        progress: Progress | None = None,
    ) -> FileEntry:
        """F1. ``kind`` is a key of ``limits.UPLOAD_RULES``. Type and size are checked first
        (``FileRejected``, nothing sent); ``progress(sent, total)`` follows the body."""
        from studio.api.uploads import MultipartBody, prepare_upload  # loaded on first use

        prepared = prepare_upload(file, kind, filename=filename, mime=mime)
        body_stream = MultipartBody(prepared.fields(), prepared, progress)
        body = self._call(
            "POST",
            "uploads",
            data=body_stream,
            headers={"Content-Type": body_stream.content_type},
            read_timeout=self.upload_timeout,
        )
        return self._parse(lambda: FileEntry.from_api(body.get("fileEntry"), self.origin))

    def delete_file_entries(self, ids: Iterable[int]) -> None:
        """F1 ``DELETE /file-entries/{ids}``: remove uploads never saved into a profile."""
        id_list = ",".join(path_part(int(i)) for i in ids)
        if id_list:
            self._call("DELETE", f"file-entries/{id_list}")

    # --- B1–B4: Producer Program -----------------------------------------------------------

    def submission_status(self) -> SubmissionStatus:
        """B1: call before opening any application form."""
        body = self._call("GET", "backstage-request/submission-status")
        return self._parse(lambda: models.SubmissionStatus.from_api(body, self.origin))

    def create_backstage_request(
        self,
        type: str,
        artist_name: str,
        data: Mapping[str, Any],
        artist_id: int | None = None,
    ) -> BackstageRequest:
        """B2. ``artist_id`` is omitted for become-artist (never ``CURRENT_USER``)."""
        payload: dict[str, Any] = {"type": type, "artist_name": artist_name, "data": dict(data)}
        if artist_id is not None and type != "become-artist":
            payload["artist_id"] = int(artist_id)
        body = self._call("POST", "backstage-request", json_body=payload)
        return self._parse(
            lambda: models.BackstageRequest.from_api(body.get("request"), self.origin)
        )

    def backstage_requests(
        self, user_id: int, page: int = 1, per_page: int = 15
    ) -> Page[BackstageRequest]:
        """B3: the caller's own requests (``user_id`` must be their numeric id)."""
        return self._list(
            "backstage-request",
            models.BackstageRequest.from_api,
            "request",
            page,
            per_page,
            userId=int(user_id),
        )

    def backstage_request(self, request_id: int) -> BackstageRequest:
        """B4."""
        body = self._call("GET", f"backstage-request/{path_part(request_id)}")
        return self._parse(
            lambda: models.BackstageRequest.from_api(body.get("request"), self.origin)
        )

    # --- S1: artist search -----------------------------------------------------------------

    def search_artists(
        self, query: str, limit: int = ARTIST_SEARCH_DEFAULT_LIMIT
    ) -> list[ArtistSearchResult]:
        """S1 for claims: always ``listAll=true&excludeSelf=true`` (pitfall 9)."""
        body = self._call(
            "GET",
            "search/suggestions/artist",
            params={"query": query, "limit": int(limit), "listAll": "true", "excludeSelf": "true"},
        )
        return list(
            parse_many(
                body.get("results"),
                lambda d: models.ArtistSearchResult.from_api(d, self.origin),
                "artist",
            )
        )
