"""Fetching public pictures (avatars, covers, artwork) for display, e.g. by the preview.

The same rules as the API client: https only (plain http only to loopback, the local sandbox),
TLS verified, every redirect target checked by the same rule, a size cap, no cookies, and never
a token: pictures are public, so nothing identifies the user.

:class:`PictureFetcher` is what the app uses: one ``requests`` session (per proxy rule) whose
connections are pooled and kept alive, one per host, behind an HTTP cache (CacheControl; on
disk in the app's cache folder) that honours the server's ``Cache-Control``, ``ETag`` and
``Last-Modified``: a picture still fresh is not asked for again, a stale one is revalidated
(a ``304`` costs no body), across restarts.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from studio.api.errors import ApiError, FileRejected, NotFound, Offline, UnsafeUrl
from studio.api.transport import USER_AGENT, NoCookies
from studio.core.urls import is_loopback_host, is_secure_url

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
CONNECTIONS_PER_HOST = 1  # kept alive and reused: pictures of one host come one after another
HOSTS_POOLED = 10


class PictureFetcher:
    """Fetches public pictures over pooled keep-alive connections (``CONNECTIONS_PER_HOST``
    per host) with an HTTP cache: on disk in ``cache_dir``, else in memory. Thread-safe;
    the sessions are made on first use (on the worker that first fetches)."""

    def __init__(
        self, cache_dir: Path | None = None, *, connections_per_host: int = CONNECTIONS_PER_HOST
    ) -> None:
        self._cache_dir = cache_dir
        self._per_host = connections_per_host
        self._lock = threading.Lock()
        # by "loopback": proxies from the environment are ignored for this computer only
        self._sessions: dict[bool, requests.Session] = {}

    def fetch(self, url: str, *, max_bytes: int, timeout: float) -> bytes:
        """The bytes at ``url`` (at most ``max_bytes``); call on a worker thread.

        Raises ``UnsafeUrl`` for a URL (or redirect) that is not https or loopback http,
        ``FileRejected`` when the body is larger than ``max_bytes``, ``NotFound`` for a 404,
        ``Offline`` when no answer came, and ``ApiError`` for any other non-2xx answer.
        """
        for _hop in range(MAX_REDIRECTS + 1):
            _check(url)
            session = self._session(is_loopback_host(urlsplit(url).hostname))
            try:
                with session.get(
                    url, timeout=timeout, stream=True, allow_redirects=False
                ) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("Location", ""))
                        continue
                    _check_status(response.status_code)
                    return _read_capped(response, max_bytes)
            except requests.exceptions.RequestException as exc:
                raise Offline(type(exc).__name__) from None
        raise ApiError("too many redirects", user_message="The picture could not be loaded.")

    def close(self) -> None:
        """Close the pooled connections (a later fetch opens new ones)."""
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            session.close()

    def _session(self, loopback: bool) -> requests.Session:
        with self._lock:
            session = self._sessions.get(loopback)
            if session is None:
                session = self._sessions[loopback] = self._new_session(trust_env=not loopback)
            return session

    def _new_session(self, *, trust_env: bool) -> requests.Session:
        from cachecontrol import CacheControlAdapter
        from cachecontrol.caches import FileCache

        session = requests.Session()
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "image/*"})
        session.cookies.set_policy(NoCookies())
        session.verify = True
        session.trust_env = trust_env
        cache = FileCache(str(self._cache_dir)) if self._cache_dir is not None else None
        adapter = CacheControlAdapter(
            cache=cache,
            pool_connections=HOSTS_POOLED,
            pool_maxsize=self._per_host,
            max_retries=0,
        )
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session


def fetch_public_image(url: str, *, max_bytes: int, timeout: float) -> bytes:
    """One picture with a fetcher of its own (no disk cache); see :meth:`PictureFetcher.fetch`."""
    fetcher = PictureFetcher()
    try:
        return fetcher.fetch(url, max_bytes=max_bytes, timeout=timeout)
    finally:
        fetcher.close()


def _check(url: str) -> None:
    if not is_secure_url(url):
        raise UnsafeUrl(
            "picture address is not https",
            user_message="Studio loads pictures only over https (plain http only from this "
            "computer).",
        )


def _check_status(status: int) -> None:
    if 200 <= status < 300:
        return
    if status == 404:
        raise NotFound(f"HTTP {status}", status=status)
    raise ApiError(f"HTTP {status}", status=status, user_message="The picture could not be loaded.")


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    data = bytearray()
    for chunk in response.iter_content(CHUNK_BYTES):
        data += chunk
        if len(data) > max_bytes:
            raise FileRejected(
                f"picture larger than {max_bytes} bytes",
                user_message="The picture is too large to show.",
            )
    return bytes(data)
