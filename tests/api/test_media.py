"""Public picture fetching (``studio.api.media``) against a recording server on 127.0.0.1:
the https-or-loopback rule also for redirects, the size cap, no token or cookie sent."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from recording_server import RecordingServer, Reply

from studio.api import ApiError, BeatPassClient, FileRejected, NotFound, Offline, UnsafeUrl
from studio.api.media import fetch_public_image
from studio.core.filetypes import SNIFF_BYTES, sniff_mime

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


def origin(server: RecordingServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def fetch(url: str, max_bytes: int = 10_000) -> bytes:
    return fetch_public_image(url, max_bytes=max_bytes, timeout=5)


def test_fetches_loopback_http_without_token_or_cookies(server: RecordingServer) -> None:
    server.add(Reply(200, PNG, headers={"Content-Type": "image/png", "Set-Cookie": "s=1"}))
    server.add(Reply(200, PNG, headers={"Content-Type": "image/png"}))
    assert fetch(f"{origin(server)}/storage/a.png") == PNG
    assert fetch(f"{origin(server)}/storage/b.png") == PNG
    for request in server.requests:
        assert request.header("Authorization") is None
        assert request.header("Cookie") is None
        assert "Studio" in (request.header("User-Agent") or "")


@pytest.mark.parametrize(
    "url",
    [
        "http://cdn.example.test/a.png",  # plain http off this computer
        "file:///etc/shadow",
        "/etc/shadow",
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_refuses_anything_but_https_or_loopback_http(url: str) -> None:
    with pytest.raises(UnsafeUrl) as info:
        fetch(url)
    assert "https" in info.value.user_message


def test_a_redirect_is_checked_by_the_same_rule(server: RecordingServer) -> None:
    server.add(Reply(302, b"", headers={"Location": "http://cdn.example.test/a.png"}))
    with pytest.raises(UnsafeUrl):
        fetch(f"{origin(server)}/storage/a.png")
    assert len(server.requests) == 1


def test_a_loopback_redirect_is_followed(server: RecordingServer) -> None:
    server.add(Reply(301, b"", headers={"Location": "/storage/moved.png"}), Reply(200, PNG))
    assert fetch(f"{origin(server)}/storage/a.png") == PNG
    assert [r.path for r in server.requests] == ["/storage/a.png", "/storage/moved.png"]


def test_endless_redirects_stop(server: RecordingServer) -> None:
    server.default = Reply(302, b"", headers={"Location": "/again"})
    with pytest.raises(ApiError):
        fetch(f"{origin(server)}/storage/a.png")
    assert len(server.requests) == 6


def test_a_picture_over_the_cap_is_refused(server: RecordingServer) -> None:
    server.add(Reply(200, b"x" * 5000))
    with pytest.raises(FileRejected):
        fetch(f"{origin(server)}/storage/big.png", max_bytes=4096)


def test_missing_picture_and_server_errors(server: RecordingServer) -> None:
    server.add(Reply(404, b"{}"), Reply(500, b"oops"))
    with pytest.raises(NotFound):
        fetch(f"{origin(server)}/storage/gone.png")
    with pytest.raises(ApiError) as info:
        fetch(f"{origin(server)}/storage/broken.png")
    assert info.value.status == 500


def test_nobody_listening_is_offline() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Offline):
        fetch(f"http://127.0.0.1:{port}/a.png")


def test_a_sandbox_picture_loads(sandbox: Any) -> None:
    token = sandbox.token_for("producer@demo.beatpass.test")
    with BeatPassClient(sandbox.base_url, token) as client:
        image = client.me().image
    assert image and image.startswith(sandbox.origin)
    data = fetch(image, max_bytes=12 * 1024 * 1024)
    assert sniff_mime(data[:SNIFF_BYTES]) in ("image/jpeg", "image/png", "image/webp", "image/gif")
