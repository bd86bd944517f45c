"""Fault injection: latency, dropped connections, forced 5xx and 429 answers.

Random rates are for manual use; ``fail_next`` / ``rate_limit_next`` / ``drop_next`` /
``drop_answer_next`` are deterministic counters for tests. Latency and drops act in a WSGI
middleware in front of Flask (a drop must happen before any byte is written); forced answers
are made by the app.

``drop_next`` drops the connection *before* the request runs (nothing was done);
``drop_answer_next`` counts writes only (POST/PUT/PATCH/DELETE): it runs the next write to
the end (its changes are committed) and then drops the connection without answering — the
case of a write whose answer was lost (API.md §13.11). Reads pass untouched.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

API_PREFIX = "/api/v1"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ConnectionDropError(OSError):
    """Raised to waitress: it closes the socket without answering (log_socket_errors off)."""


@dataclass(frozen=True)
class FaultConfig:
    latency_ms: int = 0
    fail_rate: float = 0.0
    drop_rate: float = 0.0
    fail_next: int = 0
    fail_status: int = 503
    rate_limit_next: int = 0
    retry_after: int = 1
    drop_next: int = 0
    drop_answer_next: int = 0
    spotify_down: bool = False
    # Spotify no longer knows any id: C3, C5 and C6 answer 404 as for an item taken off
    # Spotify after it was found (C2 search still answers).
    spotify_unknown: bool = False
    # BeatPass may ignore ``with=`` (API.md §0): A3 then lists no ``artists``; U1 may not
    # either. These make the sandbox answer so, for the client's fallbacks.
    me_without_artists: bool = False
    profile_without_artists: bool = False


# The range each number may take. Latency stays under the client's read timeout's order of
# magnitude, counters and waits stay human-sized: a value past these is a typo, not a test.
RANGES: dict[str, tuple[float, float]] = {
    "latency_ms": (0, 60_000),
    "fail_rate": (0.0, 1.0),
    "drop_rate": (0.0, 1.0),
    "fail_next": (0, 1_000),
    "fail_status": (400, 599),
    "rate_limit_next": (0, 1_000),
    "retry_after": (0, 3_600),
    "drop_next": (0, 1_000),
    "drop_answer_next": (0, 1_000),
}


def parse_config(payload: dict[str, Any]) -> tuple[FaultConfig | None, dict[str, list[str]]]:
    """Validate a ``POST /__sandbox/faults`` body: unknown keys, wrong types and values
    outside ``RANGES`` are errors (nothing is changed then)."""
    errors: dict[str, list[str]] = {}
    known = {f.name: f for f in fields(FaultConfig)}
    values: dict[str, Any] = {}
    for key, value in payload.items():
        spec = known.get(key)
        if spec is None:
            errors[key] = [f"Unknown fault {key!r}."]
            continue
        default = spec.default
        if isinstance(default, bool):
            if isinstance(value, bool):
                values[key] = value
            else:
                errors[key] = [f"{key} must be true or false."]
            continue
        low, high = RANGES[key]
        if isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
            kind = "a whole number"
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            kind = "a number"
        if ok and low <= value <= high:  # NaN fails this too
            values[key] = float(value) if isinstance(default, float) else value
        else:
            errors[key] = [f"{key} must be {kind} from {low:g} to {high:g}."]
    if errors:
        return None, errors
    return FaultConfig(**values), {}


class Faults:
    """The live fault settings, shared by the middleware and the app."""

    def __init__(self, config: FaultConfig | None = None, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._config = config or FaultConfig()
        self._rng = random.Random(seed)
        # In-process tests only: called after a ``drop_answer_next`` request ran, before its
        # connection is dropped (e.g. to make a change "someone else" makes meanwhile).
        self.on_answer_dropped: Callable[[], None] | None = None
        self._stopping = threading.Event()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        """The server is stopping: latency waits end now and new requests are dropped."""
        self._stopping.set()

    def pause(self, seconds: float) -> None:
        """Sleep for an injected latency, cut short when the server stops."""
        self._stopping.wait(seconds)

    @property
    def config(self) -> FaultConfig:
        with self._lock:
            return self._config

    def set(self, config: FaultConfig) -> None:
        with self._lock:
            self._config = config

    def take_drop(self) -> bool:
        with self._lock:
            if self._config.drop_next > 0:
                self._config = replace(self._config, drop_next=self._config.drop_next - 1)
                return True
            return self._config.drop_rate > 0 and self._rng.random() < self._config.drop_rate

    def take_drop_answer(self) -> bool:
        with self._lock:
            if self._config.drop_answer_next > 0:
                self._config = replace(
                    self._config, drop_answer_next=self._config.drop_answer_next - 1
                )
                return True
            return False

    def take_forced(self) -> tuple[str, int] | None:
        """``("rate_limit", retry_after)``, ``("fail", status)`` or None for this request."""
        with self._lock:
            cfg = self._config
            if cfg.rate_limit_next > 0:
                self._config = replace(cfg, rate_limit_next=cfg.rate_limit_next - 1)
                return ("rate_limit", cfg.retry_after)
            if cfg.fail_next > 0:
                self._config = replace(cfg, fail_next=cfg.fail_next - 1)
                return ("fail", cfg.fail_status)
            if cfg.fail_rate > 0 and self._rng.random() < cfg.fail_rate:
                return ("fail", 503)
            return None


class FaultMiddleware:
    """Adds latency to, or drops, ``/api/v1`` requests before Flask sees them; or runs one
    and drops its answer."""

    def __init__(self, app: Callable[..., Iterable[bytes]], faults: Faults) -> None:
        self.app = app
        self.faults = faults

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if str(environ.get("PATH_INFO", "")).startswith(API_PREFIX):
            latency = self.faults.config.latency_ms
            if latency > 0:
                self.faults.pause(latency / 1000)
            if self.faults.stopping:
                raise ConnectionDropError("sandbox stopping: connection dropped")
            if self.faults.take_drop():
                raise ConnectionDropError("sandbox fault: connection dropped")
            write = str(environ.get("REQUEST_METHOD", "GET")).upper() in WRITE_METHODS
            if write and self.faults.take_drop_answer():
                return self._run_then_drop(environ, start_response)
        return self.app(environ, start_response)

    def _run_then_drop(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Run the request to the end (Flask commits and tears down before it returns the
        body), discard the answer and drop the connection."""
        result = self.app(environ, lambda *_args, **_kw: lambda _data: None)
        try:
            for _chunk in result:
                pass
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        hook = self.faults.on_answer_dropped
        if hook is not None:
            hook()
        raise ConnectionDropError("sandbox fault: answer dropped after the request ran")
