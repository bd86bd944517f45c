"""Client transport behaviour against a recording server (real HTTP on 127.0.0.1):
headers, retries, Retry-After, no retry on 4xx, timeouts, unreadable answers, https rule."""

from __future__ import annotations

import socket
import time

import pytest
from recording_server import RecordingServer, Reply

from studio.api import (
    ApiAccessDenied,
    ApiError,
    AuthExpired,
    BadResponse,
    BeatPassClient,
    Conflict,
    Forbidden,
    InvalidCredentials,
    NotFound,
    Offline,
    RateLimited,
    ServerError,
    UnsafeUrl,
    ValidationFailed,
)

TOKEN = "12|abcdefghijklmnopqrstuvwxyz0123456789ABCD"
USER = {"id": 3, "display_name": "prodname", "avatar": "storage/avatars/a.jpg"}


def make_client(server: RecordingServer, **kwargs: object) -> BeatPassClient:
    kwargs.setdefault("backoff_factor", 0)
    return BeatPassClient(server.base_url, TOKEN, **kwargs)  # type: ignore[arg-type]


def test_headers_sent_and_forbidden_headers_never_sent(server: RecordingServer) -> None:
    server.add(
        Reply(200, {"user": USER}, headers={"Set-Cookie": "laravel_session=abc; Path=/"}),
        Reply(200, {"status": "success", "user": USER}),
        Reply(200, {"status": "success", "artist": {"id": 7, "name": "X"}}),
    )
    client = make_client(server)
    client.user_profile()
    client.me()
    client.update_artist(7, {"name": "X"})
    assert len(server.requests) == 3
    for rec in server.requests:
        assert rec.header("Accept") == "application/json"
        assert rec.header("Authorization") == f"Bearer {TOKEN}"
        assert "BeatPassStudio/" in (rec.header("User-Agent") or "")
        for name in ("Origin", "Referer", "Cookie"):
            assert rec.header(name) is None, name
    get, put = server.requests[1], server.requests[2]
    assert get.header("Content-Type") is None
    assert put.method == "PUT"
    assert put.header("Content-Type") == "application/json"
    assert put.body == b'{"name": "X"}'
    assert server.requests[1].path == "/api/v1/users/me?with=profile%2Clinks%2Cartists"


def test_no_authorization_header_without_token(server: RecordingServer) -> None:
    client = BeatPassClient(server.base_url)
    server.add(Reply(200, {"status": "success", "categories": [], "roles": []}))
    client.credit_roles()
    assert server.requests[0].header("Authorization") is None


def test_repr_and_errors_hide_the_token(server: RecordingServer) -> None:
    client = make_client(server)
    assert TOKEN not in repr(client)
    assert "12|" not in repr(client)
    server.add(Reply(401, {"message": "Unauthenticated."}))
    with pytest.raises(AuthExpired) as info:
        client.me()
    assert TOKEN not in str(info.value)
    assert TOKEN not in repr(info.value)


def test_two_503_then_success_is_retried(server: RecordingServer) -> None:
    server.add(Reply(503, {"message": "busy"}), Reply(503, {"message": "busy"}))
    server.default = Reply(200, {"status": "success", "user": USER})
    user = make_client(server).me()
    assert user.id == 3
    assert len(server.requests) == 3


def test_at_most_five_tries_on_503(server: RecordingServer) -> None:
    server.default = Reply(503, {"message": "Service Unavailable"})
    with pytest.raises(ServerError) as info:
        make_client(server).artist_tracks(7)
    assert info.value.status == 503
    assert len(server.requests) == 5


def test_503_on_post_is_retried_too(server: RecordingServer) -> None:
    server.add(Reply(503, {"message": "busy"}))
    server.default = Reply(200, {"status": "success", "pinned_track": {"id": 5, "name": "T"}})
    track = make_client(server).pin_track(7, 5)
    assert track.id == 5
    assert [r.method for r in server.requests] == ["POST", "POST"]


def test_retry_after_is_honoured(server: RecordingServer) -> None:
    server.add(
        Reply(429, {"message": "Too Many Attempts.", "retry_after": 1}, {"Retry-After": "1"})
    )
    server.default = Reply(200, {"status": "success", "user": USER})
    make_client(server).me()
    assert len(server.requests) == 2
    waited = server.requests[1].at - server.requests[0].at
    assert waited >= 0.95  # the server asked for one second


def test_absurd_retry_after_is_not_slept_but_reported(server: RecordingServer) -> None:
    server.default = Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "3600"})
    started = time.monotonic()
    with pytest.raises(RateLimited) as info:
        make_client(server).me()
    assert time.monotonic() - started < 3600
    assert info.value.retry_after == 3600
    assert len(server.requests) == 1
    assert "seconds" in info.value.user_message


def test_rate_limited_after_five_tries(server: RecordingServer) -> None:
    server.default = Reply(429, {"message": "Too Many Attempts.", "retry_after": 0})
    with pytest.raises(RateLimited):
        make_client(server).me()
    assert len(server.requests) == 5


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (400, {"message": "Bad request"}, ApiError),
        (401, {"message": "Unauthenticated."}, AuthExpired),
        (401, {"message": "No.", "error_code": "api_access_denied"}, ApiAccessDenied),
        (403, {"message": "You don't have required permissions for this action."}, Forbidden),
        (404, {"message": "Not found."}, NotFound),
        (409, {"message": "Pending.", "error_code": "backstage_request_pending"}, Conflict),
        (422, {"message": "Bad.", "errors": {"name": "Too short."}}, ValidationFailed),
    ],
)
def test_client_errors_are_never_retried(
    server: RecordingServer, status: int, body: dict[str, object], error: type[ApiError]
) -> None:
    server.default = Reply(status, body)
    with pytest.raises(error) as info:
        make_client(server).update_artist(7, {"name": "X"})
    assert len(server.requests) == 1
    assert info.value.status == status
    assert info.value.user_message
    assert info.value.message == body["message"]


def test_validation_errors_accept_strings_and_lists(server: RecordingServer) -> None:
    server.default = Reply(
        422,
        {
            "message": "The name field is required. (and 1 more error)",
            "errors": {"name": "The name field is required.", "links.0.url": ["Bad URL.", "Long."]},
        },
    )
    with pytest.raises(ValidationFailed) as info:
        make_client(server).update_artist(7, {})
    assert info.value.field_errors == {
        "name": ["The name field is required."],
        "links.0.url": ["Bad URL.", "Long."],
    }
    assert "The name field is required." in info.value.user_message


def test_conflict_carries_error_code(server: RecordingServer) -> None:
    server.default = Reply(409, {"message": "x", "error_code": "backstage_request_revoked"})
    with pytest.raises(Conflict) as info:
        make_client(server).create_backstage_request("become-artist", "Name", {})
    assert info.value.error_code == "backstage_request_revoked"
    assert "contact@beatpass.ca" in info.value.user_message


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, "<html><body>Welcome to nginx</body></html>"),
        (200, '{"user": {"id": 3'),
        (200, "[1, 2, 3]"),
        (200, {"user": "not an object"}),
        (200, {"user": {"name": "no id"}}),
        (404, "<html>Not Found</html>"),
        (401, "garbage"),
        (500, "<html>Internal Server Error</html>"),
        (301, ""),
    ],
)
def test_unreadable_answers_are_bad_response(
    server: RecordingServer, status: int, body: object
) -> None:
    headers = {"Location": "https://elsewhere.test/"} if status == 301 else {}
    server.default = Reply(status, body, headers=headers)  # type: ignore[arg-type]
    with pytest.raises(BadResponse) as info:
        make_client(server).me()
    assert info.value.user_message
    if status == 500:
        assert isinstance(info.value, ServerError)


def test_html_503_is_retried_then_a_server_error(server: RecordingServer) -> None:
    server.default = Reply(503, "<html>Maintenance</html>", headers={"Content-Type": "text/html"})
    with pytest.raises(ServerError):
        make_client(server).me()
    assert len(server.requests) == 5


def test_server_that_never_answers_times_out_as_offline(server: RecordingServer) -> None:
    server.default = Reply(hang=True)
    client = make_client(server, timeout=0.3)
    with pytest.raises(Offline) as info:
        client.me()
    assert info.value.status is None
    assert 1 <= len(server.requests) <= 5


def test_post_is_not_resent_after_the_connection_drops(server: RecordingServer) -> None:
    server.default = Reply(drop=True)
    with pytest.raises(Offline) as info:
        make_client(server).add_credit(7, "sp1", "track", ["producer"])
    assert len(server.requests) == 1
    assert "may or may not" in info.value.user_message


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_put_and_delete_are_not_resent_after_the_connection_drops(
    server: RecordingServer, method: str
) -> None:
    """A write whose answer was lost may have been applied: a PUT resent with the same
    stale full object could overwrite a change made meanwhile (API.md §13.11)."""
    server.default = Reply(drop=True)
    client = make_client(server)
    with pytest.raises(Offline) as info:
        if method == "PUT":
            client.update_artist(7, {"name": "X"})
        else:
            client.delete_credit(7, 41)
    assert [r.method for r in server.requests] == [method]
    assert info.value.maybe_applied and not info.value.unreachable
    assert "may or may not" in info.value.user_message


def test_get_is_retried_after_the_connection_drops(server: RecordingServer) -> None:
    server.add(Reply(drop=True), Reply(drop=True))
    server.default = Reply(200, {"status": "success", "user": USER})
    assert make_client(server).me().id == 3
    assert len(server.requests) == 3


def test_connection_refused_is_offline() -> None:
    """Refused: reported as unreachable (bench/bench_outage.py measures how fast)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = BeatPassClient(f"http://127.0.0.1:{port}/api/v1", TOKEN, backoff_factor=0)
    with pytest.raises(Offline) as info:
        client.me()
    assert "cannot reach" in info.value.user_message
    assert info.value.unreachable and not info.value.maybe_applied


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/api/v1",
        "http://10.0.0.5:8765/api/v1",
        "http://open.beatpass.ca/api/v1",
        "ftp://open.beatpass.ca/api/v1",
        "not a url",
    ],
)
def test_plain_http_to_other_hosts_is_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl) as info:
        BeatPassClient(url)
    assert info.value.user_message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://open.beatpass.ca/api/v1", "https://open.beatpass.ca"),
        ("https://open.beatpass.ca/api/v1/", "https://open.beatpass.ca"),
        ("http://127.0.0.1:8765/api/v1", "http://127.0.0.1:8765"),
        ("http://127.1.2.3/api/v1", "http://127.1.2.3"),
        ("http://localhost:8765/api/v1", "http://localhost:8765"),
        ("http://[::1]:8765/api/v1", "http://[::1]:8765"),
    ],
)
def test_https_and_loopback_http_are_accepted(url: str, origin: str) -> None:
    client = BeatPassClient(url)
    assert client.origin == origin
    assert client.base_url == url.rstrip("/")


def test_login_errors(server: RecordingServer) -> None:
    server.add(
        Reply(
            422,
            {
                "message": "These credentials do not match our records.",
                "errors": {"email": ["These credentials do not match our records."]},
            },
        ),
        Reply(401, {"message": "Invalid credentials"}),
        Reply(422, {"message": "bad", "errors": {"token_name": ["too short"]}}),
        Reply(422, {"message": "Domain blocked.", "errors": {"email": "This domain is blocked."}}),
    )
    client = make_client(server)
    with pytest.raises(InvalidCredentials) as first:
        client.login("a@b.c", "nope")
    assert "password" in first.value.user_message
    with pytest.raises(InvalidCredentials):
        client.login("a@b.c", "nope")
    with pytest.raises(ValidationFailed) as third:
        client.login("a@b.c", "nope")
    assert not isinstance(third.value, InvalidCredentials)
    assert third.value.field_errors == {"token_name": ["too short"]}
    with pytest.raises(ValidationFailed) as fourth:
        client.login("a@blocked.test", "pw")
    assert not isinstance(fourth.value, InvalidCredentials)
    assert "This domain is blocked." in fourth.value.user_message
    assert all(b'"token_name": "BeatPass Studio"' in r.body for r in server.requests)
    assert len(server.requests) == 4


def test_rate_limit_remaining_warning(
    server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.default = Reply(
        200,
        {"status": "success", "user": USER},
        headers={"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "4"},
    )
    make_client(server).me()
    assert any("4 requests left" in r.getMessage() for r in caplog.records)


def test_list_calls_always_send_per_page_and_search_flags(server: RecordingServer) -> None:
    empty = {"status": "success", "pagination": {"current_page": 1, "data": [], "per_page": 20}}
    server.default = Reply(200, empty)
    client = make_client(server)
    client.artist_tracks(7)
    client.liked_tracks()
    client.backstage_requests(3)
    client.artist_albums(7, load_tracks=False)
    server.default = Reply(
        200,
        {
            "status": "success",
            "results": [{"id": "CURRENT_USER", "name": "me"}, {"id": 9, "name": "Midnight"}],
        },
    )
    results = client.search_artists("Mid")
    paths = [r.path for r in server.requests]
    assert paths[0] == "/api/v1/artists/7/tracks?page=1&perPage=20"
    assert paths[1] == "/api/v1/users/me/liked-tracks?page=1&perPage=20"
    assert paths[2] == "/api/v1/backstage-request?page=1&perPage=15&userId=3"
    assert paths[3] == "/api/v1/artists/7/albums?page=1&perPage=5&loadAlbumTracks=false"
    assert "listAll=true" in paths[4] and "excludeSelf=true" in paths[4]
    assert [r.id for r in results] == [9]  # the CURRENT_USER pseudo-entry is skipped


def test_iter_pages_over_the_laravel_simple_shape(server: RecordingServer) -> None:
    def page(n: int, more: bool) -> Reply:
        return Reply(
            200,
            {
                "status": "success",
                "pagination": {
                    "current_page": n,
                    "per_page": 2,
                    "path": "x",
                    "data": [{"id": n * 10 + 1, "name": "a"}, {"id": n * 10 + 2, "name": "b"}],
                    "next_page_url": f"x?page={n + 1}" if more else None,
                    "prev_page_url": None,
                },
            },
        )

    server.add(page(1, True), page(2, True), page(3, False))
    client = make_client(server)
    ids = [t.id for t in client.iter_pages(lambda n: client.artist_tracks(7, n, 2))]
    assert ids == [11, 12, 21, 22, 31, 32]
    assert len(server.requests) == 3
    assert server.requests[2].path.endswith("page=3&perPage=2")
