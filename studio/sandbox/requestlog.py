"""A log of the requests the sandbox served (method, path, status), for tests and
benchmarks that must prove what was — and was not — sent (e.g. nothing uploaded twice)."""

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


class RequestLog:
    """Thread-safe list of requests seen (oldest first, at most ``MAX_ENTRIES``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Logged] = []

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
            )
        )
        return self.app(environ, start_response)
