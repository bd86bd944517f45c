"""One connection to a BeatPass API: base URL checks, the session, timeouts, and turning
every HTTP outcome into a JSON object or a typed ``ApiError``."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from studio.api.errors import (
    ApiError,
    BadResponse,
    Offline,
    RateLimited,
    UnsafeUrl,
    error_for,
    parse_json,
)
from studio.api.pacing import Pacer
from studio.api.policy import DEFAULT_BACKOFF_FACTOR, DEFAULT_RETRY_AFTER_CAP, READ_METHODS
from studio.core.limits import (
    RATE_LIMIT_WARN_REMAINING,
    REQUEST_TIMEOUT_CONNECT_S,
    REQUEST_TIMEOUT_READ_S,
)
from studio.core.urls import is_loopback_host, site_origin

if TYPE_CHECKING:
    import requests

    from studio.api.transport import StudioRetry

log = logging.getLogger(__name__)

MAYBE_SAVED = (
    "The connection to BeatPass broke before it answered, so the change may or may not have "
    "been saved. Reload to check before trying again."
)


def check_base_url(base_url: str) -> str:
    """The base URL without a trailing slash; ``UnsafeUrl`` unless https or loopback http."""
    text = (base_url or "").strip().rstrip("/")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl(
            f"not an http(s) URL: {text!r}",
            user_message="The BeatPass server address must look like "
            "https://open.beatpass.ca/api/v1.",
        )
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise UnsafeUrl(
            f"plain http to {parts.hostname}",
            user_message=f"Studio refuses plain http to {parts.hostname}: tokens would travel "
            "unencrypted. Use an https address (plain http is allowed only to this computer).",
        )
    return text


def path_part(value: object) -> str:
    """A URL path segment (ids, ``me``), percent-encoded."""
    return quote(str(value), safe="")


class Connection:
    """Sends requests to one API base URL and returns the JSON object of a 2xx answer."""

    def __init__(
        self,
        base_url: str,
        token_source: Any,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
        retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.origin = site_origin(self.base_url)
        self.host = urlsplit(self.base_url).hostname or ""
        self.read_timeout = timeout if timeout is not None else REQUEST_TIMEOUT_READ_S
        self.connect_timeout = (
            connect_timeout
            if connect_timeout is not None
            else min(REQUEST_TIMEOUT_CONNECT_S, self.read_timeout)
        )
        self.retry_after_cap = retry_after_cap
        self.backoff_factor = backoff_factor
        self.pacer = Pacer()  # holds requests back after a Retry-After, then ramps up
        # The last X-RateLimit-Remaining and -Limit of an answer that was not a 429 (long
        # jobs pace themselves by it; a 429 says how long to wait by itself).
        self.rate_left: tuple[int, int | None] | None = None
        self._token_source = token_source
        # The HTTP session is made on the first request (on a worker): a client is made at
        # start-up, before the HTTP libraries are loaded (they take ~60 ms to import).
        self._http: tuple[requests.Session, StudioRetry] | None = None
        self._http_lock = threading.Lock()

    def _session_and_retry(self) -> tuple[requests.Session, StudioRetry]:
        with self._http_lock:
            if self._http is None:
                from studio.api.transport import make_retry, make_session

                retry = make_retry(
                    self.backoff_factor, self.retry_after_cap, on_wait=self._hold_back
                )
                session = make_session(
                    retry=retry,
                    token_source=self._token_source,
                    loopback=is_loopback_host(self.host),
                )
                self._http = (session, retry)
            return self._http

    @property
    def session(self) -> requests.Session:
        """The keep-alive ``requests.Session`` (made on first use)."""
        return self._session_and_retry()[0]

    @property
    def retry(self) -> StudioRetry:
        """The urllib3 retry policy of the session (made with it)."""
        return self._session_and_retry()[1]

    def close(self) -> None:
        with self._http_lock:
            http, self._http = self._http, None
        if http is not None:
            http[0].close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: IO[bytes] | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        read_timeout: float | None = None,
        context: str = "",
    ) -> dict[str, Any]:
        """The JSON object of a 2xx answer (``{}`` for an empty body), else a typed error."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        send_headers = dict(headers or {})
        body: Any = data
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            send_headers["Content-Type"] = "application/json"
        timeout = (self.connect_timeout, read_timeout or self.read_timeout)
        session = self.session
        import requests

        self._wait_for_host()
        started = time.monotonic()
        try:
            response = session.request(
                method,
                url,
                params=params,
                data=body,
                headers=send_headers,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            raise self._offline(method, exc) from None
        log.debug(
            "%s %s -> %s in %.0f ms",
            method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        self._check_rate_headers(response)
        return self._result(response, context)

    def _hold_back(self, seconds: float) -> None:
        """The server asked for a pause (429/503 ``Retry-After``): no request of this
        connection goes to the host before it ends, and then they resume slowly."""
        self.pacer.hold(seconds)

    def _wait_for_host(self) -> None:
        """Wait for this request's turn; ``RateLimited`` if that is too long to wait."""
        if self.pacer.take_turn(self.retry_after_cap) is None:
            raise RateLimited("waiting for Retry-After", retry_after=self.pacer.remaining())

    def _result(self, response: requests.Response, context: str) -> dict[str, Any]:
        status = response.status_code
        content = response.content or b""
        if 200 <= status < 300:
            if not content.strip():
                return {}
            value = parse_json(content)
            if not isinstance(value, dict):
                raise BadResponse(
                    f"HTTP {status} with a body that is not a JSON object "
                    f"({response.headers.get('Content-Type', 'no content type')})",
                    status=status,
                )
            return value
        if 300 <= status < 400:
            raise BadResponse(
                f"HTTP {status} redirect to {response.headers.get('Location', '?')}",
                status=status,
                user_message="The BeatPass server address redirects elsewhere. Check the "
                "server address in the settings.",
            )
        raise error_for(
            status,
            content,
            content_type=response.headers.get("Content-Type", ""),
            retry_after=self._retry_after(response),
            context=context,
        )

    def _retry_after(self, response: requests.Response) -> float | None:
        from urllib3.exceptions import InvalidHeader

        value = response.headers.get("Retry-After")
        if not value:
            return None
        try:
            return self.retry.parse_retry_after(value)
        except InvalidHeader:
            return None

    def _check_rate_headers(self, response: requests.Response) -> None:
        left = _header_int(response, "X-RateLimit-Remaining")
        if left is None:
            return
        limit = _header_int(response, "X-RateLimit-Limit")
        if response.status_code != 429:  # a 429's wait is its Retry-After, not this count
            self.rate_left = (left, limit)
        if rate_limit_low(left, limit):
            log.warning(
                "BeatPass rate limit nearly used up: %d requests left (limit %s)",
                left,
                "?" if limit is None else limit,
            )

    def _offline(self, method: str, exc: requests.exceptions.RequestException) -> ApiError:
        """An ``Offline`` (or ``BadResponse``) for a request that got no usable answer."""
        import requests

        kind = type(exc).__name__
        if isinstance(exc, requests.exceptions.SSLError):
            return Offline(
                kind,
                user_message=f"The secure connection to {self.host} could not be verified. "
                "Check the server address and your network.",
            )
        if isinstance(
            exc, requests.exceptions.ContentDecodingError | requests.exceptions.InvalidURL
        ):
            return BadResponse(kind)
        if _never_connected(exc):
            return Offline(
                kind,
                unreachable=True,
                user_message=f"Studio cannot reach BeatPass at {self.host}. Check your internet "
                "connection and try again; your changes are kept.",
            )
        if method.upper() not in READ_METHODS:  # a write was sent; its answer was lost
            return Offline(kind, maybe_applied=True, user_message=MAYBE_SAVED)
        if isinstance(exc, requests.exceptions.Timeout):
            return Offline(
                kind,
                user_message="BeatPass did not answer in time. Try again in a moment; your "
                "changes are kept.",
            )
        return Offline(kind)


def rate_limit_low(remaining: int, limit: int | None) -> bool:
    """Whether ``remaining`` requests of ``limit`` is worth a warning (API.md §11.2: under 10).

    The bar is a tenth of the limit when that is lower, and at least 1, so a small limit (login:
    5/min) warns only when it is used up, not after the first request; an unknown limit
    keeps the plain bar of 10.
    """
    bar = RATE_LIMIT_WARN_REMAINING
    if limit is not None and limit > 0:
        bar = min(bar, max(1, limit // 10))
    return remaining < bar


def _header_int(response: requests.Response, name: str) -> int | None:
    try:
        return int(response.headers.get(name, ""))
    except ValueError:
        return None


def _never_connected(exc: BaseException) -> bool:
    """True when the request was never sent (refused, DNS failure, connect timeout)."""
    import requests
    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, NewConnectionError | NameResolutionError | ConnectTimeoutError):
            return True
        stack.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
        stack.extend(a for a in getattr(item, "args", ()) if isinstance(a, BaseException))
    return False
