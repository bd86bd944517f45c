"""Fetching public pictures (avatars, covers, artwork) for display, e.g. by the preview.

The same rules as the API client: https only (plain http only to loopback, the local sandbox),
TLS verified, every redirect target checked by the same rule, a size cap, no cookies, and never
a token: pictures are public, so nothing identifies the user.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import requests

from studio.api.errors import ApiError, FileRejected, NotFound, Offline, UnsafeUrl
from studio.api.transport import USER_AGENT, NoCookies
from studio.core.urls import is_loopback_host, is_secure_url

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024


def fetch_public_image(url: str, *, max_bytes: int, timeout: float) -> bytes:
    """The bytes at ``url`` (at most ``max_bytes``); call on a worker thread.

    Raises ``UnsafeUrl`` for a URL (or redirect) that is not https or loopback http,
    ``FileRejected`` when the body is larger than ``max_bytes``, ``NotFound`` for a 404,
    ``Offline`` when no answer came, and ``ApiError`` for any other non-2xx answer.
    """
    with requests.Session() as session:
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "image/*"})
        session.cookies.set_policy(NoCookies())
        session.verify = True
        for _hop in range(MAX_REDIRECTS + 1):
            _check(url)
            session.trust_env = not is_loopback_host(urlsplit(url).hostname)
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
