"""The retry and header policy's plain values, importable without the HTTP libraries (the
client is made at start-up, before ``requests`` is loaded; see :mod:`studio.api.transport`)."""

from __future__ import annotations

from studio import APP_NAME, __version__

RETRY_STATUSES = frozenset({429, 503})
# Methods resent after a read failure: reads only. Writes are never resent blindly.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORBIDDEN_HEADERS = ("Cookie", "Origin", "Referer")
DEFAULT_BACKOFF_FACTOR = 0.5
CONNECT_RETRIES = 1  # urllib3's first retry has no backoff: a refused server fails at once
DEFAULT_RETRY_AFTER_CAP = 30.0
USER_AGENT = f"{APP_NAME.replace(' ', '')}/{__version__} (desktop; +https://beatpass.ca)"
