"""The client (``studio.api``) against a recording server: what it sends, how it waits, what
it tolerates (API.md §1, §3 A4, §11, §12 "client handles both")."""

from __future__ import annotations

import time
from collections.abc import Iterator
from email.utils import formatdate
from typing import Any

import pytest
from contract_recorder import Canned, Recorder

from studio.api import ApiAccessDenied, BeatPassClient, RateLimited, ValidationFailed

TOKEN = "17|k3JabcdefghijklmnopqrstuvwxyzABCDEFGHIJK"


@pytest.fixture
def rec() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.stop()


def client(rec: Recorder, token: str | None = TOKEN, **kw: Any) -> BeatPassClient:
    kw.setdefault("backoff_factor", 0)
    return BeatPassClient(rec.base_url, token, **kw)


# --- what is sent ----------------------------------------------------------------------------


def test_every_kind_of_call_sends_the_contract_headers(rec: Recorder) -> None:
    c = client(rec)
    rec.default = Canned(200, {"status": "success"})
    rec.reply(
        Canned(200, {"status": "success", "user": {"id": 3, "display_name": "p"}}),  # A3
        Canned(200, {"status": "success", "user": {"id": 3, "display_name": "p"}}),  # U2
        Canned(200, {"status": "success", "artist": {"id": 7, "name": "P"}}),  # R2
        Canned(200, {"status": "success"}),  # A2
        Canned(201, {"status": "success", "fileEntry": {"id": 1, "url": "storage/a.png"}}),
    )
    c.me()
    c.update_user_profile({"username": "abc"}, {}, [])
    c.update_artist(7, {"name": "P"})
    c.revoke_token()
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    c.upload(png, "artist_image", filename="a.png")
    methods = [s.method for s in rec.seen]
    assert methods == ["GET", "PUT", "PUT", "DELETE", "POST"]
    assert rec.seen[3].path == "/api/v1/access-tokens/17"
    for seen in rec.seen:
        assert seen.headers["accept"] == "application/json"
        assert seen.headers["authorization"] == f"Bearer {TOKEN}"
        for name in ("origin", "referer", "cookie", "x-xsrf-token"):
            assert name not in seen.headers
    for seen in rec.seen[1:3]:
        assert seen.headers["content-type"] == "application/json"
    assert rec.seen[4].headers["content-type"].startswith("multipart/form-data")


# --- what is tolerated -----------------------------------------------------------------------


def test_user_keys_of_either_generation(rec: Recorder) -> None:
    c = client(rec)
    rec.reply(
        Canned(
            200,
            {
                "status": "success",
                "user": {"id": 3, "display_name": "bp", "avatar": "storage/avatars/a.jpg"},
            },
        ),
        Canned(
            200,
            {
                "status": "success",
                "user": {"id": 3, "name": "bm", "image": "/storage/avatars/b.jpg"},
            },
        ),
        Canned(
            200,
            {
                "user": {
                    "id": 3,
                    "display_name": "bp",
                    "name": "bm",
                    "avatar": "https://cdn.example/x.jpg",
                    "image": "storage/y.jpg",
                }
            },
        ),
    )
    bp, bm, both = c.me(), c.me(), c.user_profile(3)
    assert (bp.name, bp.image) == ("bp", f"{rec.origin}/storage/avatars/a.jpg")
    assert (bm.name, bm.image) == ("bm", f"{rec.origin}/storage/avatars/b.jpg")
    assert (both.name, both.image) == ("bp", "https://cdn.example/x.jpg")  # BP key first


def test_envelopes_without_status_or_with_other_words(rec: Recorder) -> None:
    c = client(rec)
    status = {
        "can_submit": False,
        "block_reason": "revoked",
        "message": "Blocked.",
        "contact_url": "/contact",
        "blocking_request_id": 412,
    }
    rec.reply(
        Canned(200, status),  # Aug 2026 B1: no status
        Canned(200, {"status": "ok", **status}),
        Canned(200, {"success": True, **status}),
        Canned(
            200,
            {
                "status": "ok",
                "artist_id": 7,
                "is_owner": False,
                "claimed": False,
                "availability": "available",
            },
        ),
    )
    for _ in range(3):
        result = c.submission_status()
        assert result.can_submit is False and result.block_reason == "revoked"
        assert result.contact_url == f"{rec.origin}/contact"  # site origin, not /api/v1
        assert result.blocking_request_id == 412
    assert c.check_ownership(7).availability == "available"


def test_three_page_shapes(rec: Recorder) -> None:
    track = {"id": 1, "name": "T"}
    length_aware = {
        "current_page": 1,
        "data": [track],
        "from": 1,
        "to": 1,
        "per_page": 1,
        "last_page": 3,
        "next_page": 2,
        "prev_page": None,
        "total": 3,
    }
    bm_simple = {
        "current_page": 2,
        "data": [track],
        "from": 2,
        "to": 2,
        "per_page": 1,
        "next_page": None,
        "prev_page": 1,
    }
    laravel_simple = {
        "current_page": 1,
        "data": [track],
        "from": 1,
        "to": 1,
        "per_page": 1,
        "first_page_url": "x?page=1",
        "next_page_url": "x?page=2",
        "prev_page_url": None,
        "path": "x",
    }
    no_hints = {"current_page": 1, "data": [track, track], "per_page": 2}
    empty = {
        "current_page": 4,
        "data": [],
        "from": None,
        "to": None,
        "per_page": 1,
        "last_page": 3,
        "next_page": None,
        "prev_page": 3,
        "total": 3,
    }
    c = client(rec)
    expected = [True, False, True, True, False]
    for shape, more in zip(
        (length_aware, bm_simple, laravel_simple, no_hints, empty), expected, strict=True
    ):
        rec.reply(Canned(200, {"status": "success", "pagination": shape}))
        page = c.artist_tracks(7, page=shape["current_page"], per_page=shape["per_page"])
        assert page.has_next is more, shape
    for seen in rec.seen:
        assert "perPage=" in seen.path  # always sent


def test_errors_values_as_strings_or_lists_and_the_bp_stub(rec: Recorder) -> None:
    rec.default = Canned(
        422,
        {
            "status": "error",
            "message": "Invalid.",
            "errors": {"user.username": "Taken.", "links.0.url": ["Bad.", "Long."]},
        },
    )
    with pytest.raises(ValidationFailed) as info:
        client(rec).update_user_profile({"username": "x"}, {}, [])
    assert info.value.field_errors == {
        "user.username": ["Taken."],
        "links.0.url": ["Bad.", "Long."],
    }
    assert len(rec.seen) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_a3_refused_right_after_login_means_no_api_access(rec: Recorder, status: int) -> None:
    rec.reply(
        Canned(
            200,
            {
                "status": "success",
                "user": {"id": 3, "display_name": "p", "access_token": TOKEN},
                "settings": {},
                "menus": [],
                "themes": {},
                "locales": [],
            },
        ),
        Canned(status, {"message": ""}),
    )
    c = client(rec, token=None)
    c.login("a@b.c", "secret")
    with pytest.raises(ApiAccessDenied):
        c.me()
    login = rec.seen[0]
    assert login.method == "POST" and login.path == "/api/v1/auth/login"
    assert "authorization" not in login.headers
    assert len(rec.seen) == 2  # never retried


# --- Retry-After -----------------------------------------------------------------------------


def test_retry_after_as_http_date_is_honoured(rec: Recorder) -> None:
    when = formatdate(timeval=None, usegmt=True)  # now: parsed as "wait 0 s"
    later = formatdate(time.time() + 2, usegmt=True)
    rec.reply(
        Canned(
            429,
            {"message": "Too Many Attempts.", "retry_after": 2},
            {"Retry-After": later, "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"},
        ),
        Canned(503, {"message": "Busy."}, {"Retry-After": when}),
        Canned(200, {"status": "success", "user": {"id": 3, "display_name": "p"}}),
    )
    assert client(rec).me().id == 3
    assert len(rec.seen) == 3
    assert rec.seen[1].at - rec.seen[0].at >= 0.9  # waited for the date (whole seconds)


def test_far_retry_after_date_is_reported_not_slept(rec: Recorder) -> None:
    far = formatdate(time.time() + 3600, usegmt=True)
    rec.default = Canned(
        429, {"message": "Too Many Attempts.", "retry_after": 3600}, {"Retry-After": far}
    )
    with pytest.raises(RateLimited) as info:
        client(rec).me()
    assert info.value.retry_after is not None and 3500 <= info.value.retry_after <= 3600
    assert len(rec.seen) == 1


def test_a_429_holds_back_the_other_requests_to_that_host(rec: Recorder) -> None:
    """API.md §11.2: stop sending to that host until Retry-After has passed."""
    import threading

    user = {"status": "success", "user": {"id": 3, "display_name": "p"}}
    rec.reply(Canned(429, {"message": "Too Many Attempts."}, {"Retry-After": "1"}))
    rec.default = Canned(200, user)
    c = client(rec)
    first = threading.Thread(target=c.me)
    first.start()
    deadline = time.monotonic() + 5
    while c._conn.pacer.remaining() == 0 and time.monotonic() < deadline:  # 429 was read
        time.sleep(0.01)
    assert c.me().id == 3  # sent while the first call waits out its Retry-After
    first.join(5)
    assert len(rec.seen) == 3
    assert all(s.at - rec.seen[0].at >= 0.9 for s in rec.seen[1:])


def test_after_a_long_retry_after_nothing_is_sent_until_it_passes(rec: Recorder) -> None:
    rec.reply(Canned(429, {"message": "Too Many Attempts."}, {"Retry-After": "120"}))
    c = client(rec)
    with pytest.raises(RateLimited):
        c.me()
    with pytest.raises(RateLimited) as info:
        c.user_profile()
    assert info.value.retry_after is not None and 100 < info.value.retry_after <= 120
    assert len(rec.seen) == 1
