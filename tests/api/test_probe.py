"""The connectivity probe: one TCP connection, no HTTP request."""

from __future__ import annotations

import socket

from studio.api.probe import can_connect


def test_probe_connects_to_a_listening_port_and_sends_nothing() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert can_connect(f"http://127.0.0.1:{port}/api/v1", timeout=2)
        conn, _ = server.accept()
        with conn:
            conn.settimeout(1)
            assert conn.recv(10) == b""  # closed without a byte: no request, no token


def test_probe_reports_a_refused_port_and_bad_addresses() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert not can_connect(f"http://127.0.0.1:{port}/api/v1", timeout=2)
    assert not can_connect("not a url")
    assert not can_connect("http://127.0.0.1:99999/api/v1")
