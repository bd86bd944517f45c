"""Running the sandbox: in-process on a background thread (tests, the app's sandbox mode)
or as the ``beatpass-sandbox`` command."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from waitress.server import create_server
from waitress.wasyncore import close_all

from studio.core import limits
from studio.core.urls import is_loopback_host
from studio.sandbox import tokens
from studio.sandbox.app import create_app
from studio.sandbox.context import SandboxState
from studio.sandbox.db import Database
from studio.sandbox.demo import BLOCKED_EMAIL_DOMAINS, DEMO_ACCOUNTS
from studio.sandbox.faults import FaultConfig, FaultMiddleware, Faults, parse_config
from studio.sandbox.ratelimit import RateLimiter
from studio.sandbox.requestlog import Logged, RequestLog, RequestLogMiddleware, count_connections
from studio.sandbox.review_cli import main as review_main
from studio.sandbox.seed import SEEDS, prepare_data_dir

log = logging.getLogger(__name__)

THREADS = 8
DRAIN_TIMEOUT_S = 5.0  # how long stop() lets running requests finish
PORT_FILE = "port.txt"  # the last port a stable-port sandbox got, in its data folder


class Wakeup:
    """The loop's wake-up pipe, guarded: once the loop has closed it, a wake-up call from a
    request thread that finishes late is a no-op, never a write to a closed descriptor
    (``OSError: EBADF``) or to one the system has meanwhile given to another file."""

    def __init__(self, server: Any) -> None:
        self._trigger = server.trigger
        self._lock = threading.Lock()
        self._closed = False
        server.pull_trigger = self.pull  # what waitress's request threads call

    @property
    def closed(self) -> bool:
        return self._closed

    def pull(self) -> None:
        with self._lock:
            if not self._closed:
                self._trigger.pull_trigger()

    def close_on_loop(self, close: Callable[[], None]) -> None:
        """Run ``close`` (which closes the pipe too) on the loop thread, marking the pipe
        closed first so no thread writes to it afterwards."""

        def run() -> None:
            with self._lock:
                self._closed = True
                close()

        with self._lock:
            if self._closed:
                return
            self._trigger.pull_trigger(run)


@dataclass
class SandboxHandle:
    """A running sandbox. ``stop()`` is idempotent and joins the server thread."""

    base_url: str
    origin: str
    host: str
    port: int
    data_dir: Path
    _server: Any = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _state: SandboxState = field(repr=False)
    _wakeup: Wakeup = field(repr=False)
    _request_log: RequestLog = field(repr=False, default_factory=RequestLog)
    _stopped: bool = field(default=False, repr=False)
    _stop_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stop(self) -> None:
        """Stop serving and close the database; requests still arriving are dropped."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
        server = self._server
        # 1. New requests are dropped and injected latency ends, so the workers finish soon.
        self._state.faults.stop()
        # 2. Workers next, while the loop still runs (they wake it when they finish).
        server.task_dispatcher.shutdown(timeout=DRAIN_TIMEOUT_S)
        if server.task_dispatcher.threads:
            log.warning(
                "sandbox stopping with %d request(s) still running",
                len(server.task_dispatcher.threads),
            )
        # 3. The loop closes every socket and its wake-up pipe itself, on its own thread.
        self._wakeup.close_on_loop(lambda: close_all(server._map))
        self._thread.join(10)
        # 4. The database last, under its lock (a late request answers 503, never a crash).
        self._state.db.close()

    def set_faults(
        self,
        *,
        latency_ms: int = 0,
        fail_rate: float = 0.0,
        drop_rate: float = 0.0,
        fail_next: int = 0,
        fail_status: int = 503,
        rate_limit_next: int = 0,
        retry_after: int = 1,
        spotify_down: bool = False,
        spotify_unknown: bool = False,
        drop_next: int = 0,
        drop_answer_next: int = 0,
        me_without_artists: bool = False,
        profile_without_artists: bool = False,
        tracks_without_eligibility: bool = False,
    ) -> None:
        """Replace the fault settings (same as ``POST /__sandbox/faults``)."""
        config, errors = parse_config(
            {
                "latency_ms": latency_ms,
                "fail_rate": fail_rate,
                "drop_rate": drop_rate,
                "fail_next": fail_next,
                "fail_status": fail_status,
                "rate_limit_next": rate_limit_next,
                "retry_after": retry_after,
                "spotify_down": spotify_down,
                "spotify_unknown": spotify_unknown,
                "drop_next": drop_next,
                "drop_answer_next": drop_answer_next,
                "me_without_artists": me_without_artists,
                "profile_without_artists": profile_without_artists,
                "tracks_without_eligibility": tracks_without_eligibility,
            }
        )
        if config is None:
            raise ValueError(f"invalid faults: {errors}")
        self._state.faults.set(config)

    def requests(self, method: str | None = None, path_prefix: str = "") -> list[Logged]:
        """The requests served so far (in-process tests and benchmarks), optionally only
        one method and paths under ``/api/v1`` + ``path_prefix``."""
        prefix = "/api/v1" + path_prefix
        return [
            r
            for r in self._request_log.entries()
            if (method is None or r.method == method) and r.path.startswith(prefix)
        ]

    def served(self, path_prefix: str = "") -> list[Logged]:
        """Every request served so far whose path starts with ``path_prefix`` (pictures:
        ``"/storage/"``), API calls and files alike."""
        return [r for r in self._request_log.entries() if r.path.startswith(path_prefix)]

    def connections(self) -> int:
        """The TCP connections the sandbox accepted so far (since :meth:`clear_requests`)."""
        return self._request_log.connections

    def clear_requests(self) -> None:
        """Forget the requests served and the connections counted so far."""
        self._request_log.clear()

    def on_answer_dropped(self, callback: Callable[[], None] | None) -> None:
        """In-process tests: run ``callback`` after each ``drop_answer_next`` request has run
        and before its connection is dropped (a change made "elsewhere" meanwhile)."""
        self._state.faults.on_answer_dropped = callback

    def token_for(self, email: str) -> str:
        """Mint a fresh API token for a seeded account (for tests)."""
        db = self._state.db
        with db.lock:
            row = db.conn.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()
            if row is None:
                raise KeyError(f"no sandbox account {email!r}")
            return tokens.mint(db.conn, row["id"], f"sandbox test {secrets.token_hex(4)}")

    def expire_token(self, token: str) -> None:
        """Make ``token`` expired: every later call with it answers 401."""
        db = self._state.db
        with db.lock:
            if not tokens.expire(db.conn, token):
                raise KeyError("unknown or already expired token")


def start_sandbox(
    data_dir: Path,
    *,
    seed: str = "demo",
    host: str = limits.SANDBOX_DEFAULT_HOST,
    port: int = 0,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    drop_rate: float = 0.0,
    rate_limit_per_minute: int = limits.RATE_LIMIT_PER_MINUTE,
    login_rate_limit_per_minute: int = limits.LOGIN_RATE_LIMIT_PER_MINUTE,
    reset: bool = False,
    allow_remote: bool = False,
    stable_port: bool = False,
) -> SandboxHandle:
    """Start a sandbox on a background thread; ``port=0`` picks a free port.

    The database in ``data_dir`` is reused unless ``reset``; a new one gets ``seed``.
    Non-loopback hosts are refused unless ``allow_remote`` (the sandbox speaks plain http).
    With ``stable_port`` (and ``port=0``) the port is remembered in ``data_dir`` and asked
    for again next time, so URLs a client kept from the last run still work; when it is
    taken, a free port is used instead (with a warning).
    """
    if not is_loopback_host(host) and not allow_remote:
        raise ValueError(f"refusing to serve plain http on non-loopback host {host!r}")
    db_path = prepare_data_dir(Path(data_dir), seed, reset=reset)
    if stable_port and port == 0:
        port = _remembered_port(Path(data_dir), host)
    config, errors = parse_config(
        {"latency_ms": latency_ms, "fail_rate": fail_rate, "drop_rate": drop_rate}
    )
    if config is None:
        raise ValueError(f"invalid faults: {errors}")
    sandbox = SandboxState(
        db=Database(db_path),
        data_dir=Path(data_dir),
        faults=Faults(config or FaultConfig()),
        limiter=RateLimiter(rate_limit_per_minute),
        login_limiter=RateLimiter(login_rate_limit_per_minute),
        allow_remote_hooks=allow_remote,
    )
    request_log = RequestLog()
    app = RequestLogMiddleware(
        FaultMiddleware(create_app(sandbox).wsgi_app, sandbox.faults), request_log
    )
    server = create_server(
        app,
        host=host,
        port=port,
        threads=THREADS,
        ident="BeatPass-Sandbox",
        log_socket_errors=False,
        expose_tracebacks=False,
        channel_timeout=60,
    )
    count_connections(server, request_log)
    wakeup = Wakeup(server)
    actual_port = int(server.effective_port)
    shown_host = f"[{host}]" if ":" in host else host
    origin = f"http://{shown_host}:{actual_port}"
    thread = threading.Thread(target=server.run, name=f"sandbox-{actual_port}", daemon=True)
    thread.start()
    log.info("sandbox serving %s from %s", origin, data_dir)
    if stable_port:
        _remember_port(Path(data_dir), actual_port)
    return SandboxHandle(
        base_url=f"{origin}{limits.API_PATH}",
        origin=origin,
        host=host,
        port=actual_port,
        data_dir=Path(data_dir),
        _server=server,
        _thread=thread,
        _state=sandbox,
        _wakeup=wakeup,
        _request_log=request_log,
    )


def _remembered_port(data_dir: Path, host: str) -> int:
    """The port saved by the last stable-port start when it is free now, else 0."""
    try:
        port = int((data_dir / PORT_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0
    if not 0 < port < 65536:
        return 0
    if not _port_free(host, port):
        log.warning(
            "sandbox port %d (used last time) is taken; using another port, so image URLs "
            "saved from the last run will not load",
            port,
        )
        return 0
    return port


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress binds
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _remember_port(data_dir: Path, port: int) -> None:
    path = data_dir / PORT_FILE
    try:
        if path.is_file() and path.read_text(encoding="ascii").strip() == str(port):
            return
        temp = path.with_suffix(".tmp")
        temp.write_text(f"{port}\n", encoding="ascii")
        os.replace(temp, path)
    except OSError as exc:
        log.warning("could not remember the sandbox port in %s: %s", data_dir, exc)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="beatpass-sandbox",
        description="A local BeatPass API server with demo data (plain http, loopback only).",
        epilog="beatpass-sandbox review --data DIR list|approve|deny|revoke … plays the "
        "Producer Program reviewer on a sandbox's data (see beatpass-sandbox review --help).",
    )
    parser.add_argument("--host", default=limits.SANDBOX_DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=limits.SANDBOX_DEFAULT_PORT)
    parser.add_argument("--data", type=Path, required=True, help="folder for the state")
    parser.add_argument("--seed", choices=SEEDS, default="demo")
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--drop-rate", type=float, default=0.0)
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=limits.RATE_LIMIT_PER_MINUTE,
        help="requests per minute per token",
    )
    parser.add_argument("--reset", action="store_true", help="discard the saved state")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (insecure: plain http)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """``beatpass-sandbox``: serve until Ctrl+C or SIGTERM; ``beatpass-sandbox review …``
    plays the Producer Program reviewer (see :mod:`studio.sandbox.review_cli`)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["review"]:
        return review_main(argv[1:])
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        handle = start_sandbox(
            args.data,
            seed=args.seed,
            host=args.host,
            port=args.port,
            latency_ms=args.latency_ms,
            fail_rate=args.fail_rate,
            drop_rate=args.drop_rate,
            rate_limit_per_minute=args.rate_limit,
            reset=args.reset,
            allow_remote=args.allow_remote,
        )
    except (ValueError, OSError) as exc:
        print(f"beatpass-sandbox: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    print(f"BeatPass sandbox running at {handle.base_url}")
    print(f"Data folder: {handle.data_dir}")
    print("Demo accounts (e-mail / password):")
    for account in DEMO_ACCOUNTS:
        print(f"  {account.email:<32} {account.password:<16} {account.summary}")
    for domain in BLOCKED_EMAIL_DOMAINS:
        print(f"  *@{domain:<30} (any)            Blacklisted e-mail domain: sign-in answers 422.")
    print("Press Ctrl+C to stop.", flush=True)
    while not done.wait(0.5):
        pass
    handle.stop()
    print("Sandbox stopped.", flush=True)
    return 0
