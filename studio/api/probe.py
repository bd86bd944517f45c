"""A cheap "can BeatPass be reached at all?" check: one TCP connection to the API host, no
HTTP request (so it costs nothing against the rate limit and sends no token)."""

from __future__ import annotations

from urllib.parse import urlsplit

PROBE_TIMEOUT_S = 2.0


def can_connect(base_url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """True when a TCP connection to the host of ``base_url`` opens within ``timeout``.

    False for a refused connection, a failed name lookup, an unreachable network or a
    timeout. A server that accepts connections but answers badly is "reachable": its
    errors are the requests' business, not the probe's.
    """
    import socket  # on the probe's thread, not with the window at start-up (~2 ms)

    parts = urlsplit(base_url)
    host = parts.hostname
    if not host:
        return False
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False
