"""A tiny scripted HTTP server on 127.0.0.1 for client tests: it records every request it
receives (method, path, headers, body) and answers from a script of canned replies.

Real HTTP over a real socket; nothing in ``requests`` is mocked.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One canned answer. ``hang`` = read the request, then never answer (until stop);
    ``drop`` = read the request, then close the connection without an answer."""

    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    drop: bool = False

    def payload(self) -> bytes:
        if isinstance(self.body, dict | list):
            return json.dumps(self.body).encode()
        if isinstance(self.body, str):
            return self.body.encode()
        return self.body


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class RecordingServer:
    """Answers from ``script`` in order; when the script is empty, ``default`` answers."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: deque[Reply] = deque()
        self.default = Reply(200, {"status": "success"})
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server._lock:
                    server.requests.append(
                        Recorded(
                            self.command, self.path, dict(self.headers), body, time.monotonic()
                        )
                    )
                    reply = server.script.popleft() if server.script else server.default
                if reply.hang:
                    server._stop.wait(30)
                    self.close_connection = True
                    return
                if reply.drop:
                    self.close_connection = True
                    return
                payload = reply.payload()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815 (http.server names)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/api/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
