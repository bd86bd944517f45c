"""API.md §1 (transport, envelopes, URLs, pagination) and §11 (errors, rate limits)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import requests
from contract_helpers import (
    ADMIN,
    NOAPI,
    PRODUCER,
    Http,
    assert_absolute_urls,
    check_page,
    error_body,
    walk,
)

from studio.sandbox.server import start_sandbox

# --- §1.1 / §1.2: JSON, envelopes, URLs ------------------------------------------------------


def test_answers_are_json_and_envelopes_follow_1_2(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    with_status = [
        "/users/me?with=profile,links,artists",
        "/users/me/liked-tracks?perPage=5",
        f"/artists/{nova}/tracks?perPage=5",
        f"/artists/{nova}/albums?perPage=2",
        f"/artists/{nova}/check-ownership",
        f"/artists/{nova}/credits",
        f"/artists/{nova}/pinned-track",
        "/backstage-request/submission-status",
        "/credits/roles",
    ]
    for path in with_status:
        r = ro.get(path, as_=PRODUCER)
        assert r.status_code == 200, (path, r.text[:200])
        assert r.headers["Content-Type"].startswith("application/json"), path
        assert r.json()["status"] == "success", path
    # R1 and U1 carry no status (§1.2).
    for path in (
        f"/artists/{nova}?loader=editArtistPage",
        "/user-profile/me?loader=userProfilePage",
    ):
        body = ro.ok("GET", path, as_=PRODUCER)
        assert "status" not in body, path


def test_image_urls_are_absolute_and_contact_url_is_relative(ro: Http) -> None:
    origin = ro.handle.origin
    nova = ro.artist_id("Nova Beats")
    checked = 0
    for path in (
        "/users/me",
        "/user-profile/me?loader=userProfilePage",
        f"/artists/{nova}?loader=editArtistPage",
        f"/artists/{nova}?loader=artistPage",
        f"/artists/{nova}/tracks?perPage=10",
        f"/artists/{nova}/albums?perPage=5",
        f"/artists/{nova}/credits",
        f"/artists/{nova}/pinned-track",
        "/users/me/liked-tracks",
        "/users/me/reposts",
        "/users/me/followers",
        "/search/suggestions/artist?query=N&listAll=true&excludeSelf=true",
    ):
        checked += assert_absolute_urls(ro.ok("GET", path, as_=PRODUCER), origin)
    assert checked > 100
    # Our own files are really served at those absolute URLs.
    artist = ro.ok("GET", f"/artists/{nova}?loader=editArtistPage", as_=PRODUCER)["artist"]
    for url in (artist["image_small"], artist["cover_image"], artist["profile_images"][0]["url"]):
        r = requests.get(url, timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/"), url
    blocked = ro.ok("GET", "/backstage-request/submission-status", as_="revoked@demo.beatpass.test")
    assert blocked["contact_url"] == "/contact"


def test_token_format_and_me_alias(ro: Http) -> None:
    r = ro.post(
        "/auth/login",
        json={"email": PRODUCER, "password": "demo-producer", "token_name": "contract conv"},
    )
    token = r.json()["user"]["access_token"]
    token_id, _, secret = token.partition("|")
    assert token_id.isdigit() and len(secret) == 40
    me = ro.ok("GET", "/users/me", token=token)["user"]
    assert isinstance(me["id"], int)
    assert ro.ok("GET", f"/users/{me['id']}", token=token)["user"]["id"] == me["id"]


# --- §1.4 pagination ---------------------------------------------------------------------------


def test_length_aware_and_simple_shapes(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    lengthy = ro.ok("GET", f"/artists/{nova}/tracks", as_=PRODUCER, params={"perPage": 7})
    items = check_page(lengthy["pagination"], simple=False)
    assert len(items) == 7 and lengthy["pagination"]["total"] >= 60
    simple = ro.ok(
        "GET", f"/artists/{nova}/tracks", as_=PRODUCER, params={"perPage": 7, "paginate": "simple"}
    )
    assert check_page(simple["pagination"], simple=True) == items
    # U5 and U8 are simple by default; paginate=lengthAware switches them.
    for path in ("/users/me/reposts", "/users/me/followers"):
        check_page(ro.ok("GET", path, as_=PRODUCER)["pagination"], simple=True)
        page = ro.ok("GET", path, as_=PRODUCER, params={"paginate": "lengthAware"})
        check_page(page["pagination"], simple=False)
    # U3, U4, U9 and R3 are length-aware by default.
    for path in ("/users/me/liked-tracks", "/users/me/playlists", "/users/me/followed-users"):
        check_page(ro.ok("GET", path, as_=PRODUCER)["pagination"], simple=False)


def test_per_page_alias_clamp_and_last_page(ro: Http) -> None:
    path = "/users/me/followers"
    for params, expected in (
        ({"perPage": 3}, 3),
        ({"per_page": 4}, 4),
        ({"perPage": 0}, 1),
        ({"perPage": -5}, 1),
        ({"perPage": 500}, 50),
        ({"per_page": 51}, 50),
    ):
        page = ro.ok("GET", path, as_=PRODUCER, params={**params, "paginate": "lengthAware"})
        assert page["pagination"]["per_page"] == expected, params
        assert len(check_page(page["pagination"], simple=False)) == min(
            expected, page["pagination"]["total"]
        )
    first = ro.ok("GET", path, as_=PRODUCER, params={"perPage": 10, "paginate": "lengthAware"})
    last_page = first["pagination"]["last_page"]
    assert last_page >= 2
    last = ro.ok(
        "GET",
        path,
        as_=PRODUCER,
        params={"perPage": 10, "page": last_page, "paginate": "lengthAware"},
    )
    assert check_page(last["pagination"], simple=False) and last["pagination"]["next_page"] is None
    beyond = ro.ok("GET", path, as_=PRODUCER, params={"perPage": 10, "page": last_page + 5})
    assert check_page(beyond["pagination"], simple=True) == []
    assert beyond["pagination"]["from"] is None and beyond["pagination"]["to"] is None
    for page in (0, -3):
        body = ro.ok("GET", path, as_=PRODUCER, params={"page": page})
        assert body["pagination"]["current_page"] == 1
    r = ro.get(path, as_=PRODUCER, params={"perPage": "many"})
    error_body(r, 422)


def test_walking_every_page_visits_every_item_once(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    seen: list[int] = []
    page = 1
    while True:
        body = ro.ok(
            "GET", f"/artists/{nova}/tracks", as_=PRODUCER, params={"page": page, "perPage": 25}
        )
        items = check_page(body["pagination"], simple=False)
        seen += [t["id"] for t in items]
        if body["pagination"]["next_page"] is None:
            break
        page = body["pagination"]["next_page"]
    assert len(seen) == len(set(seen)) == body["pagination"]["total"]


# --- §11.1 error bodies ------------------------------------------------------------------------


def test_unknown_routes_wrong_methods_and_bad_json_are_json(ro: Http) -> None:
    body = error_body(ro.get("/no/such/route", as_=PRODUCER), 404)
    assert body["message"] == "Not found."
    error_body(ro.get("/artists/999999", as_=PRODUCER), 404)
    r = ro.call("PATCH", "/users/me", as_=PRODUCER)
    error_body(r, 405)
    r = ro.call("DELETE", "/credits/roles", as_=PRODUCER)
    error_body(r, 405)
    for raw in (b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"):
        r = ro.put(
            "/users/profile/update",
            as_=PRODUCER,
            data=raw,
            headers={"Content-Type": "application/json"},
        )
        assert 400 <= r.status_code < 500, raw
        error_body(r, r.status_code)
    r = ro.post("/auth/login", data=b"{oops", headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    error_body(r, r.status_code)


def test_419_when_a_write_looks_like_a_browser_session(ro: Http) -> None:
    site = ro.handle.origin
    body = {"profile": {"city": "Oslo"}}
    for headers in ({"Origin": site}, {"Referer": f"{site}/admin/artists"}):
        r = ro.put("/users/profile/update", as_=PRODUCER, json=body, headers=headers)
        assert error_body(r, 419)["message"] == "CSRF token mismatch."
    assert ro.get("/users/me", as_=PRODUCER, headers={"Origin": site}).status_code == 200
    other = {"Origin": "https://elsewhere.example"}
    assert ro.put("/users/profile/update", as_=PRODUCER, json={}, headers=other).ok


def test_timestamps_and_dates(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    me = ro.ok("GET", "/users/me", as_=PRODUCER)["user"]
    seen = 0
    for path in (
        f"/artists/{nova}?loader=artistPage",
        f"/artists/{nova}/credits",
        "/users/me/liked-tracks",
        "/users/me/liked-albums",
        f"/backstage-request?userId={me['id']}",
        "/credits/spotify-search?query=th&type=album",
    ):
        for _, key, value in walk(ro.ok("GET", path, as_=PRODUCER)):
            if key.endswith("_at") and value is not None:
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", value), (key, value)
                seen += 1
            if key == "release_date" and value is not None:
                assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), value
                seen += 1
    assert seen > 50


def test_401_bodies(ro: Http) -> None:
    for headers in ({}, {"Authorization": "Bearer 1|wrong"}, {"Authorization": "Bearer junk"}):
        r = ro.get("/users/me", headers=headers)
        body = error_body(r, 401)
        assert body["message"] == "Unauthenticated."
        assert body.get("error_code") != "api_access_denied"
    body = error_body(ro.get("/users/me", as_=NOAPI), 401, code="api_access_denied")
    assert body["message"]
    token = ro.handle.token_for(PRODUCER)
    ro.handle.expire_token(token)
    assert error_body(ro.get("/users/me", token=token), 401)["message"] == "Unauthenticated."


def test_403_body(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    r = ro.put(f"/artists/{nova}", as_="applicant@demo.beatpass.test", json={})
    body = error_body(r, 403)
    assert body["message"] == "You don't have required permissions for this action."


def test_500_and_503_bodies(ro: Http) -> None:
    ro.handle.set_faults(fail_next=1, fail_status=500)
    body = error_body(ro.get("/users/me", as_=PRODUCER), 500)
    assert body["message"] == "There was an issue. Please try again later."
    ro.handle.set_faults(spotify_down=True)
    r = ro.get("/credits/spotify-search", as_=PRODUCER, params={"query": "love", "type": "track"})
    error_body(r, 503, code="spotify_unavailable")


# --- §11.2 rate limits -------------------------------------------------------------------------


def test_rate_limit_headers_on_every_api_answer(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    answers = [
        ro.get("/users/me", as_=PRODUCER),
        ro.get("/users/me"),
        ro.get("/users/me", as_=NOAPI),
        ro.get("/no/route", as_=PRODUCER),
        ro.call("PATCH", "/users/me", as_=PRODUCER),
        ro.put(f"/artists/{nova}", as_=ADMIN, json={"links": None}),
        ro.post("/auth/login", json={"email": PRODUCER, "password": "bad", "token_name": "xyz"}),
        ro.get("/credits/roles"),
    ]
    ro.handle.set_faults(fail_next=1)
    answers.append(ro.get("/users/me", as_=PRODUCER))
    for r in answers:
        assert int(r.headers["X-RateLimit-Limit"]) > 0, r.url
        assert 0 <= int(r.headers["X-RateLimit-Remaining"]) < int(r.headers["X-RateLimit-Limit"])
        assert "Retry-After" not in r.headers
    assert answers[0].headers["X-RateLimit-Limit"] == "300"  # the sandbox default
    assert answers[6].headers["X-RateLimit-Limit"] == "5"  # login: 5/min per e-mail+IP


@pytest.fixture
def tight(tmp_path: Path) -> Http:
    handle = start_sandbox(
        tmp_path / "tight",
        seed="demo",
        port=0,
        rate_limit_per_minute=3,
        login_rate_limit_per_minute=2,
    )
    http = Http(handle)
    yield http  # type: ignore[misc]
    http.close()
    handle.stop()


def test_429_body_and_headers(tight: Http) -> None:
    remaining = [
        int(tight.get("/users/me", as_=PRODUCER).headers["X-RateLimit-Remaining"]) for _ in range(3)
    ]
    assert remaining == [2, 1, 0]
    r = tight.get("/users/me", as_=PRODUCER)
    body = error_body(r, 429)
    assert body["message"] == "Too Many Attempts."
    wait = int(r.headers["Retry-After"])
    assert 1 <= wait <= 60 and body["retry_after"] == wait
    reset = int(r.headers["X-RateLimit-Reset"])
    assert time.time() - 1 <= reset <= time.time() + 61
    assert r.headers["X-RateLimit-Limit"] == "3" and r.headers["X-RateLimit-Remaining"] == "0"
    # Limits are per token: another account's token is not limited.
    assert tight.get("/users/me", as_=ADMIN).status_code == 200


def test_login_limit_is_per_email(tight: Http) -> None:
    bad = {"email": PRODUCER, "password": "wrong", "token_name": "limit test"}
    assert [tight.post("/auth/login", json=bad).status_code for _ in range(2)] == [422, 422]
    r = tight.post("/auth/login", json=bad)
    error_body(r, 429)
    assert int(r.headers["Retry-After"]) >= 1 and "X-RateLimit-Reset" in r.headers
    other = {"email": ADMIN, "password": "demo-admin", "token_name": "limit test"}
    assert tight.post("/auth/login", json=other).status_code == 200
