"""``BeatPassClient``: one method per operation of API.md (A1–A4, U1–U9, R1–R5, F1,
C1–C9, P1–P3, B1–B4, S1). Methods are synchronous; call them off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from studio.api import pagination
from studio.api.connection import Connection, path_part
from studio.api.errors import ApiAccessDenied, ApiError, AuthExpired, BadResponse, Forbidden
from studio.api.results import AddCreditsResult, ArtistPage, LoginResult
from studio.api.transport import DEFAULT_BACKOFF_FACTOR, DEFAULT_RETRY_AFTER_CAP
from studio.api.uploads import MultipartBody, Progress, prepare_upload
from studio.core.coerce import ParseError, as_list, dicts, opt_int, parse_many
from studio.core.limits import (
    ARTIST_SEARCH_DEFAULT_LIMIT,
    CREDIT_CATEGORIES,
    CREDIT_ROLES,
    CREDIT_SEARCH_DEFAULT_LIMIT,
    DEFAULT_PER_PAGE,
    TOKEN_NAME_MAX,
    TOKEN_NAME_MIN,
    UPLOAD_TIMEOUT_READ_S,
)
from studio.core.models import (
    Album,
    Artist,
    ArtistSearchResult,
    BackstageRequest,
    Credit,
    CreditCategory,
    CreditGroup,
    CreditRole,
    FileEntry,
    Ownership,
    Page,
    PinnedTrack,
    Playlist,
    Repost,
    SpotifyAlbum,
    SpotifyItem,
    SubmissionStatus,
    Track,
    User,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
UserRef = int | str
DEFAULT_TOKEN_NAME = "BeatPass Studio"


def token_id_of(token: str | None) -> int | None:
    """The number before ``|`` in a ``<id>|<secret>`` token (needed by A2)."""
    if not token or "|" not in token:
        return None
    return opt_int(token.split("|", 1)[0])


class BeatPassClient:
    """A BeatPass API client bound to one base URL and (optionally) one token.

    ``timeout`` is the read timeout in seconds (uploads get a longer one); ``backoff_factor``
    and ``retry_after_cap`` tune retries (tests use a factor of 0).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        token_name: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        upload_timeout: float | None = None,
        backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
        retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
    ) -> None:
        self._token = token or None
        name = (token_name or DEFAULT_TOKEN_NAME).strip()[:TOKEN_NAME_MAX]
        if len(name) < TOKEN_NAME_MIN:
            raise ValueError(f"token_name must be {TOKEN_NAME_MIN}..{TOKEN_NAME_MAX} characters")
        self.token_name = name
        self._conn = Connection(
            base_url,
            lambda: self._token,
            timeout=timeout,
            connect_timeout=connect_timeout,
            backoff_factor=backoff_factor,
            retry_after_cap=retry_after_cap,
        )
        self.upload_timeout = (
            upload_timeout if upload_timeout is not None else UPLOAD_TIMEOUT_READ_S
        )
        self._fresh_login = False

    # --- plumbing ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._conn.base_url

    @property
    def origin(self) -> str:
        """The site origin (base URL minus ``/api/v1``) that relative URLs resolve against."""
        return self._conn.origin

    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value or None
        self._fresh_login = False

    def __repr__(self) -> str:
        state = "with token" if self._token else "no token"
        return f"BeatPassClient({self.base_url!r}, {state})"

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> BeatPassClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        return self._conn.request(method, path, **kwargs)

    def _parse(self, parse: Callable[[], T]) -> T:
        """Run a parser; a missing essential structure becomes ``BadResponse``."""
        try:
            return parse()
        except ParseError as exc:
            raise BadResponse(str(exc)) from None

    def _page(
        self, body: Mapping[str, Any], parse_item: Callable[[dict[str, Any], str], T], what: str
    ) -> Page[T]:
        origin = self.origin
        return self._parse(
            lambda: Page.from_api(body.get("pagination"), lambda d: parse_item(d, origin), what)
        )

    def _list(
        self,
        path: str,
        parse_item: Callable[[dict[str, Any], str], T],
        what: str,
        page: int,
        per_page: int,
        **extra: Any,
    ) -> Page[T]:
        body = self._call("GET", path, params=pagination.page_params(page, per_page, **extra))
        return self._page(body, parse_item, what)

    @staticmethod
    def iter_pages(fetch: Callable[[int], Page[T]], *, start: int = 1) -> Iterator[T]:
        """All items of a paginated list: ``iter_pages(lambda p: client.artist_tracks(7, p))``."""
        return pagination.iter_pages(fetch, start=start)

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
        return self._parse(lambda: User.from_api(body.get("user"), self.origin))

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
        path = f"users/{path_part(user)}/liked-tracks"
        return self._list(path, Track.from_api, "track", page, per_page)

    def user_playlists(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Playlist]:
        """U4 Public Playlists."""
        path = f"users/{path_part(user)}/playlists"
        return self._list(path, Playlist.from_api, "playlist", page, per_page)

    def user_reposts(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Repost]:
        """U5 Reposts."""
        path = f"users/{path_part(user)}/reposts"
        return self._list(path, Repost.from_api, "repost", page, per_page)

    def liked_albums(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Album]:
        """U6 Liked Collections."""
        path = f"users/{path_part(user)}/liked-albums"
        return self._list(path, Album.from_api, "album", page, per_page)

    def liked_artists(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[Artist]:
        """U7 Liked Producers."""
        path = f"users/{path_part(user)}/liked-artists"
        return self._list(path, Artist.from_api, "artist", page, per_page)

    def user_followers(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[User]:
        """U8 Followers."""
        path = f"users/{path_part(user)}/followers"
        return self._list(path, User.from_api, "user", page, per_page)

    def followed_users(
        self, user: UserRef = "me", page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> Page[User]:
        """U9 Following."""
        path = f"users/{path_part(user)}/followed-users"
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
                lambda: Page.from_api(body["albums"], lambda d: Album.from_api(d, origin), "album")
            )
        tracks: Page[Track] | None = None
        if isinstance(body.get("tracks"), Mapping):
            tracks = self._parse(
                lambda: Page.from_api(body["tracks"], lambda d: Track.from_api(d, origin), "track")
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
        return self._list(path, Track.from_api, "track", page, per_page)

    def artist_albums(
        self, artist_id: int, page: int = 1, per_page: int = 5, load_tracks: bool = True
    ) -> Page[Album]:
        """R4."""
        extra = {} if load_tracks else {"loadAlbumTracks": "false"}
        path = f"artists/{path_part(artist_id)}/albums"
        return self._list(path, Album.from_api, "album", page, per_page, **extra)

    def check_ownership(self, artist_id: int) -> Ownership:
        """R5: ``availability`` = available / already_claimed / owned_by_you."""
        body = self._call("GET", f"artists/{path_part(artist_id)}/check-ownership")
        result = self._parse(lambda: Ownership.from_api(body))
        if not result.artist_id:
            return Ownership(int(artist_id), result.is_owner, result.claimed, result.availability)
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

    # --- C1–C9: credits ------------------------------------------------------------------

    def credit_roles(self) -> tuple[list[CreditCategory], list[CreditRole]]:
        """C1. Falls back to the built-in table when the server omits a list."""
        body = self._call("GET", "credits/roles")
        categories = [CreditCategory.from_api(d) for d in dicts(body.get("categories"))]
        roles = [CreditRole.from_api(d) for d in dicts(body.get("roles"))]
        if not categories:
            categories = [CreditCategory(key, name) for key, name in CREDIT_CATEGORIES]
        if not roles:
            roles = [CreditRole(key, name, cat) for key, name, cat in CREDIT_ROLES]
        return categories, roles

    def spotify_search(
        self, query: str, type: str = "track", limit: int = CREDIT_SEARCH_DEFAULT_LIMIT
    ) -> list[SpotifyItem]:
        """C2 (debounce typing ≥300 ms before calling)."""
        body = self._call(
            "GET",
            "credits/spotify-search",
            params={"query": query, "type": type, "limit": int(limit)},
        )
        return list(
            parse_many(body.get("results"), lambda d: SpotifyItem.from_api(d, self.origin), "item")
        )

    def spotify_album(self, spotify_id: str) -> SpotifyAlbum:
        """C3: an album with its tracks."""
        body = self._call("GET", "credits/spotify-album", params={"id": spotify_id})
        album = body.get("album")
        if isinstance(album, Mapping) and "tracks" not in album and "tracks" in body:
            album = {**album, "tracks": body["tracks"]}
        return self._parse(lambda: SpotifyAlbum.from_api(album, self.origin))

    def _credits(self, body: Mapping[str, Any]) -> tuple[Credit, ...]:
        if not isinstance(body.get("credits"), list):
            raise BadResponse("answer has no credits list")
        return parse_many(body["credits"], lambda d: Credit.from_api(d, self.origin), "credit")

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
        return self._parse(lambda: Credit.from_api(body.get("credit"), self.origin))

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
        return self._parse(lambda: Track.from_api(body.get("pinned_track"), self.origin))

    def unpin_track(self, artist_id: int, track_id: int) -> None:
        """P2 (idempotent)."""
        self._call("POST", f"artists/{path_part(artist_id)}/tracks/{path_part(track_id)}/unpin")

    def pinned_track(self, artist_id: int) -> PinnedTrack:
        """P3: the pinned track (or ``None``) and its ``source`` (manual/automatic)."""
        body = self._call("GET", f"artists/{path_part(artist_id)}/pinned-track")
        data = body.get("pinned_track")
        track = (
            self._parse(lambda: Track.from_api(data, self.origin))
            if isinstance(data, Mapping)
            else None
        )
        source = body.get("source")
        return PinnedTrack(track=track, source=str(source) if source else None)

    # --- B1–B4: Producer Program -----------------------------------------------------------

    def submission_status(self) -> SubmissionStatus:
        """B1: call before opening any application form."""
        body = self._call("GET", "backstage-request/submission-status")
        return self._parse(lambda: SubmissionStatus.from_api(body, self.origin))

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
        return self._parse(lambda: BackstageRequest.from_api(body.get("request"), self.origin))

    def backstage_requests(
        self, user_id: int, page: int = 1, per_page: int = 15
    ) -> Page[BackstageRequest]:
        """B3: the caller's own requests (``user_id`` must be their numeric id)."""
        return self._list(
            "backstage-request",
            BackstageRequest.from_api,
            "request",
            page,
            per_page,
            userId=int(user_id),
        )

    def backstage_request(self, request_id: int) -> BackstageRequest:
        """B4."""
        body = self._call("GET", f"backstage-request/{path_part(request_id)}")
        return self._parse(lambda: BackstageRequest.from_api(body.get("request"), self.origin))

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
                lambda d: ArtistSearchResult.from_api(d, self.origin),
                "artist",
            )
        )
