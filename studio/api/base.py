"""The plumbing every ``BeatPassClient`` method shares: the connection, the token,
parsing helpers and paging."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Self, TypeVar

from studio.api import pagination
from studio.api.connection import Connection, path_part
from studio.api.errors import AuthExpired, BadResponse
from studio.api.policy import DEFAULT_BACKOFF_FACTOR, DEFAULT_RETRY_AFTER_CAP
from studio.core.coerce import ParseError, opt_int
from studio.core.limits import TOKEN_NAME_MAX, TOKEN_NAME_MIN, UPLOAD_TIMEOUT_READ_S
from studio.core.models import Page

T = TypeVar("T")
DEFAULT_TOKEN_NAME = "BeatPass Studio"
TOKEN_WAIT_S = 120.0  # a request waits this long at most for a pending token (the keychain)


class ClientBase:
    """Connection, token and helpers shared by the operation groups of ``BeatPassClient``."""

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
        token_pending: bool = False,
    ) -> None:
        self._token = token or None
        # ``token_pending``: the token is being read (from the keychain); requests wait for
        # it (on their worker) until ``token`` is set or ``token_unavailable`` is called.
        self._token_ready = threading.Event()
        self._token_missing = False
        if not token_pending:
            self._token_ready.set()
        name = (token_name or DEFAULT_TOKEN_NAME).strip()[:TOKEN_NAME_MAX]
        if len(name) < TOKEN_NAME_MIN:
            raise ValueError(f"token_name must be {TOKEN_NAME_MIN}..{TOKEN_NAME_MAX} characters")
        self.token_name = name
        self._conn = Connection(
            base_url,
            self._bearer_token,
            timeout=timeout,
            connect_timeout=connect_timeout,
            backoff_factor=backoff_factor,
            retry_after_cap=retry_after_cap,
        )
        self.upload_timeout = (
            upload_timeout if upload_timeout is not None else UPLOAD_TIMEOUT_READ_S
        )
        self._fresh_login = False
        self._me_id: int | None = None  # the signed-in user's id, once A1 or A3 said it

    # --- plumbing ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._conn.base_url

    @property
    def origin(self) -> str:
        """The site origin (base URL minus ``/api/v1``) that relative URLs resolve against."""
        return self._conn.origin

    @property
    def rate_left(self) -> tuple[int, int | None] | None:
        """The last ``X-RateLimit-Remaining`` and ``X-RateLimit-Limit`` the server sent
        (None before any): long jobs, such as paging a whole catalog, slow down by it."""
        return self._conn.rate_left

    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value or None
        self._fresh_login = False
        self._me_id = None
        self._token_missing = False
        self._token_ready.set()

    @property
    def token_pending(self) -> bool:
        """True while the token is still being read (requests wait for it)."""
        return not self._token_ready.is_set()

    def token_unavailable(self) -> None:
        """The pending token will not come (no keychain entry, or quitting): waiting and
        later requests fail with ``AuthExpired`` until a token is set."""
        self._token_missing = True
        self._token_ready.set()

    def _bearer_token(self) -> str | None:
        """The token for the next request (called on the worker that sends it)."""
        if not self._token_ready.wait(TOKEN_WAIT_S) or self._token_missing:
            raise AuthExpired("no token: the saved sign-in could not be read")
        return self._token

    def _user_path(self, user: int | str) -> str:
        """The ``{user}`` path segment of the user tabs: ``me`` for the signed-in user and
        the numeric id for anyone else (API.md §0: BeatPass documents the tabs of the
        signed-in user only as ``/users/me/…``)."""
        if isinstance(user, str) and user.strip().lower() == "me":
            return "me"
        ident = opt_int(user)
        if ident is None:
            return path_part(user)
        return "me" if self._token and ident == self._me_id else str(ident)

    def __repr__(self) -> str:
        state = "with token" if self._token else "no token"
        return f"{type(self).__name__}({self.base_url!r}, {state})"

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
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
