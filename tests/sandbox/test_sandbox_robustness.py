"""Garbage in: every answer is JSON and never a 5xx (API.md §11)."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import PRODUCER, Api

HUGE = "9" * 30
WEIRD_BODIES: list[Any] = [
    {"name": 5, "links": "x", "genres": {"a": 1}, "profile": [], "profile_images": [None]},
    {"user": [], "profile": 3, "links": [None, 5]},
    {"type": 5, "artist_name": None, "artist_id": {"x": 1}, "data": {"beats_url": 7}},
    {
        "type": "claim-artist",
        "artist_name": "Big Id",
        "artist_id": int(HUGE[:25]),
        "data": {
            "beats_url": "https://a.com",
            "first_name": "A",
            "last_name": "B",
            "role": "artist",
            "accepted_terms": True,
            "accepted_rights_and_commitment": True,
        },
    },
    {"spotify_id": ["x"], "type": "track", "roles": [1, None]},
    {"spotify_album_id": 5, "roles_for_all": "x", "tracks": [1]},
    {"ids": [True, None]},
    {"role": ["x"]},
    {"email": ["a"], "password": {}, "token_name": 3},
]
ROUTES = [
    ("POST", "/auth/login"),
    ("PUT", "/users/profile/update"),
    ("PUT", "/artists/1"),
    ("POST", "/artists/1/credits"),
    ("POST", "/artists/1/credits/album"),
    ("POST", "/artists/1/credits/reorder"),
    ("PUT", "/artists/1/credits/1"),
    ("POST", "/backstage-request"),
    ("POST", "/backstage-request/1/deny"),
]


def assert_json_client_error(r: Any) -> None:
    assert r.status_code < 500, (r.request.method, r.request.url, r.text)
    assert r.headers["Content-Type"].startswith("application/json")
    assert isinstance(r.json(), dict)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_wrong_types_never_crash(api: Api, method: str, path: str) -> None:
    for body in WEIRD_BODIES:
        assert_json_client_error(api.call(method, path, as_=PRODUCER, json=body))
    for raw in ("", "null", "[]", '"text"', "{", "\xff"):
        r = api.call(
            method,
            path,
            as_=PRODUCER,
            data=raw.encode("latin-1"),
            headers={"Content-Type": "application/json"},
        )
        assert_json_client_error(r)


def test_huge_and_odd_path_values(api: Api) -> None:
    for path in (
        f"/artists/{HUGE}",
        f"/users/{HUGE}/followers",
        f"/user-profile/{HUGE}",
        f"/backstage-request/{HUGE}",
        f"/artists/1/credits/{HUGE}",
        f"/artists/1/tracks/{HUGE}/pin",
        "/artists/-1",
        "/artists/abc/tracks",
        "/users/abc/liked-tracks",
    ):
        for method in ("GET", "POST", "PUT", "DELETE"):
            assert_json_client_error(api.call(method, path, as_=PRODUCER))
    assert_json_client_error(api.delete(f"/file-entries/{HUGE},x,,1", as_=PRODUCER))
    assert_json_client_error(api.delete(f"/access-tokens/{HUGE}", as_=PRODUCER))
    assert_json_client_error(api.get("/users/me", token=f"{HUGE}|abc"))


def test_odd_query_values(api: Api) -> None:
    for params in (
        {"page": HUGE},
        {"page": "-3"},
        {"perPage": "-1"},
        {"perPage": HUGE},
        {"paginate": "weird"},
        {"orderBy": "drop table", "orderDir": "sideways"},
        {"query": "%_\\"},
    ):
        assert_json_client_error(api.get("/users/1/liked-tracks", params=params))
        assert_json_client_error(api.get("/artists/1/tracks", params=params))
    for params in (
        {"query": "%%"},
        {"query": "ok", "limit": HUGE},
        {"query": "x" * 101},
        {"query": "ok", "artist_id": "x"},
    ):
        assert_json_client_error(api.get("/credits/spotify-search", as_=PRODUCER, params=params))
    for params in ({"query": "%"}, {"limit": "x"}, {"limit": HUGE}, {"userId": HUGE}):
        assert_json_client_error(api.get("/search/suggestions/artist", as_=PRODUCER, params=params))
        assert_json_client_error(api.get("/backstage-request", as_=PRODUCER, params=params))


def test_bad_authorization_headers(api: Api) -> None:
    for header in ("Basic abc", "Bearer", "Bearer ", "bearer 1|", "Token x|y", "Bearer |abc"):
        r = api.get("/users/me", headers={"Authorization": header})
        assert r.status_code == 401 and r.json()["message"] == "Unauthenticated."


def test_storage_does_not_escape_its_folder(api: Api) -> None:
    for path in ("/storage/../sandbox.db", "/storage/%2e%2e/sandbox.db", "/storage/nothing.jpg"):
        r = api.session.get(api.handle.origin + path, timeout=5)
        assert r.status_code == 404
