"""URL helpers: the site origin of an API base URL, resolving relative URLs against it,
and the "https only, plain http only to loopback" rule."""

from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit

LOOPBACK_NAMES = ("localhost",)


def site_origin(base_url: str) -> str:
    """The site origin of an API base URL: ``https://x.test/api/v1`` → ``https://x.test``.

    A base URL without ``/api/v1`` keeps its path (minus a trailing slash), so a site
    installed under a sub-folder still resolves ``storage/…`` paths correctly.
    """
    parts = urlsplit(base_url.strip())
    path = parts.path.rstrip("/")
    marker = path.rfind("/api/v1")
    if marker != -1 and path[marker:] == "/api/v1":
        path = path[:marker]
    return f"{parts.scheme}://{parts.netloc}{path}"


def resolve_url(value: object, origin: str) -> str | None:
    """An absolute URL for ``value`` (absolute, ``/x``, ``storage/x`` or ``//host/x``).

    Relative values are resolved against the site ``origin`` (never the API base).
    Empty or non-text values, and other schemes (``file:``, ``javascript:``…), give ``None``.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    if scheme in ("http", "https", "data"):
        return text
    if scheme:
        return None
    return urljoin(origin.rstrip("/") + "/", text)


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_secure_url(url: str) -> bool:
    """True for an absolute https URL, or a plain http one to loopback (the local sandbox).

    The rule for everything the studio sends or fetches: tokens and pictures never travel
    unencrypted over the network.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except (AttributeError, ValueError):
        return False
    scheme = parts.scheme.lower()
    if not host or scheme not in ("http", "https"):
        return False
    return scheme == "https" or is_loopback_host(host)


def same_resource(a: object, b: object) -> bool:
    """True when ``a`` and ``b`` name the same file: equal, or both on this computer (the
    sandbox) with the same path, whatever the port (the embedded sandbox may move)."""
    if a == b:
        return True
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    pa, pb = urlsplit(a), urlsplit(b)
    return (
        pa.scheme == pb.scheme
        and is_loopback_host(pa.hostname)
        and is_loopback_host(pb.hostname)
        and (pa.path, pa.query) == (pb.path, pb.query)
    )
