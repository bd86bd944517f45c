"""HTTP plumbing: one keep-alive ``requests.Session`` with urllib3 retries, the headers
BeatPass expects and nothing it must not see (no Origin, Referer or cookies).

Retry policy (API.md §11.2), at most ``MAX_TRIES`` tries in all:
- 429 and 503 are retried for every method, honouring ``Retry-After`` (else exponential
  backoff with jitter): the server answered, so it did not do the work.
- A failure to connect (refused, DNS, connect timeout) is retried once, at once, for every
  method (nothing was sent): one retry rides out a blip, and a server that is really down
  is reported as ``Offline(unreachable=True)`` within moments instead of after seconds of
  backoff. The outbox then probes cheaply until the server is back
  (``studio.publish.connectivity``).
- A read failure after the request was sent (read timeout, dropped connection) is retried
  only for reads (GET/HEAD/OPTIONS). A write — POST, PUT or DELETE — may already have been
  applied, so it is never resent here (API.md §13.11): a PUT is a full replace of an object
  that someone may have changed since, so resending the same stale body could overwrite
  their change. The caller gets ``Offline`` with ``maybe_applied`` set and a sentence saying
  the change may or may not have been saved; a publish then re-reads the server, merges and
  sends only what is still needed.
- Nothing else is retried: never another 4xx, never a 401.
- A ``Retry-After`` longer than ``retry_after_cap`` is not slept through: the 429/503 is
  returned at once so the caller raises ``RateLimited`` and can schedule a later try.
- Every ``Retry-After`` seen is reported to ``on_wait`` so the connection can hold back its
  other requests to that host too ("stop sending to that host", API.md §11.2).
"""

from __future__ import annotations

import http.cookiejar
import logging
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from studio.api.policy import (
    CONNECT_RETRIES,
    DEFAULT_BACKOFF_FACTOR,
    DEFAULT_RETRY_AFTER_CAP,
    FORBIDDEN_HEADERS,
    READ_METHODS,
    RETRY_STATUSES,
    USER_AGENT,
)
from studio.core.limits import MAX_TRIES

log = logging.getLogger(__name__)


class StudioRetry(Retry):
    """urllib3 ``Retry`` with the policy above."""

    RETRY_AFTER_STATUS_CODES = RETRY_STATUSES  # not 413: a too-large upload is never resent

    def __init__(
        self,
        *args: Any,
        retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
        on_wait: Callable[[float], None] | None = None,
        **kwargs: Any,
    ):
        self.retry_after_cap = retry_after_cap
        self.on_wait = on_wait
        super().__init__(*args, **kwargs)

    def new(self, **kw: Any) -> StudioRetry:
        retry = super().new(**kw)
        retry.retry_after_cap = self.retry_after_cap
        retry.on_wait = self.on_wait
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        # Status retries apply to every method (unlike urllib3's default, which skips POST).
        return bool(self.total) and status_code in RETRY_STATUSES

    def increment(self, *args: Any, **kwargs: Any) -> StudioRetry:
        response = kwargs.get("response")
        if response is not None and response.status in RETRY_STATUSES:
            wait = self.get_retry_after(response)
            if wait is not None and self.on_wait is not None:
                self.on_wait(wait)
            if wait is not None and wait > self.retry_after_cap:
                log.warning("server asked to wait %.0f s; not waiting, reporting it", wait)
                raise MaxRetryError(kwargs.get("_pool"), kwargs.get("url") or "", None)  # type: ignore[arg-type]
        return super().increment(*args, **kwargs)


def make_retry(
    backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
    on_wait: Callable[[float], None] | None = None,
) -> StudioRetry:
    """The retry policy: ``MAX_TRIES`` tries in all (so ``MAX_TRIES - 1`` retries)."""
    return StudioRetry(
        total=MAX_TRIES - 1,
        connect=CONNECT_RETRIES,
        read=MAX_TRIES - 1,
        status=MAX_TRIES - 1,
        other=0,
        redirect=0,
        allowed_methods=READ_METHODS,  # governs read-error retries (see is_retry)
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        backoff_jitter=backoff_factor / 2,
        backoff_max=30.0,
        respect_retry_after_header=True,
        raise_on_status=False,  # the last 429/503 comes back as a response, mapped by the client
        raise_on_redirect=False,
        retry_after_cap=retry_after_cap,
        on_wait=on_wait,
    )


class NoCookies(http.cookiejar.DefaultCookiePolicy):
    """A cookie policy that neither stores nor sends any cookie."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


class StudioAdapter(HTTPAdapter):
    """HTTP adapter that strips Cookie/Origin/Referer from every request, whatever set them."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        for name in FORBIDDEN_HEADERS:
            request.headers.pop(name, None)
        return super().send(request, *args, **kwargs)


class BearerAuth(requests.auth.AuthBase):
    """Adds ``Authorization: Bearer`` from a callable, so the token lives in one place.

    Setting ``session.auth`` also stops requests from reading credentials out of ``~/.netrc``.
    """

    def __init__(self, token: Any) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        token = self._token()
        if token:
            request.headers["Authorization"] = f"Bearer {token}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(<hidden>)"


def make_session(
    *,
    retry: Retry,
    token_source: Any,
    loopback: bool,
    pool_size: int = 10,
) -> requests.Session:
    """A keep-alive session with retries, default headers, no cookies and bearer auth.

    For loopback base URLs the environment (proxies, netrc, CA bundle) is ignored, so a
    system proxy never intercepts the local sandbox.
    """
    session = requests.Session()
    session.headers.clear()
    session.headers.update(
        {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        }
    )
    session.cookies.set_policy(NoCookies())
    session.auth = BearerAuth(token_source)
    session.verify = True
    session.trust_env = not loopback
    session.max_redirects = 5
    adapter = StudioAdapter(max_retries=retry, pool_connections=4, pool_maxsize=pool_size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
