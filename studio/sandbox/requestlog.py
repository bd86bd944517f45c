"""A log of the requests the sandbox served (method, path, the connection they came on) and
a count of the TCP connections it accepted, for tests and benchmarks that must prove what was
— and was not — sent (e.g. nothing uploaded twice, pictures over one kept-alive connection)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class Logged:
    method: str
    path: str  # without the query string
    query: str
    peer: str = ""  # "address:port" of the client's end: one per TCP connection


class RequestLog:
    """Thread-safe list of requests seen (oldest first, at most ``MAX_ENTRIES``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Logged] = []
        self._connections = 0

    def connection_accepted(self) -> None:
        with self._lock:
            self._connections += 1

    @property
    def connections(self) -> int:
        """TCP connections accepted since the last :meth:`clear`."""
        with self._lock:
            return self._connections

    def add(self, entry: Logged) -> None:
        with self._lock:
            if len(self._entries) < MAX_ENTRIES:
                self._entries.append(entry)

    def entries(self) -> list[Logged]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._connections = 0


class RequestLogMiddleware:
    """Records every request before anything else sees it (so dropped ones count too)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], log: RequestLog) -> None:
        self.app = app
        self.log = log

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        self.log.add(
            Logged(
                str(environ.get("REQUEST_METHOD", "")),
                str(environ.get("PATH_INFO", "")),
                str(environ.get("QUERY_STRING", "")),
                f"{environ.get('REMOTE_ADDR', '')}:{environ.get('REMOTE_PORT', '')}",
            )
        )
        return self.app(environ, start_response)


def count_connections(server: Any, log: RequestLog) -> None:
    """Count every socket ``server`` (a waitress server) accepts in ``log`` (one listening
    socket; a server listening on several is left uncounted)."""
    accept = getattr(server, "accept", None)
    if accept is None:
        return

    def counted() -> Any:
        pair = accept()
        if pair is not None:
            log.connection_accepted()
        return pair

    server.accept = counted
