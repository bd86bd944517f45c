"""The edges of the contract (issue 8 §3): absurd pages on every list, bodies nested too deep
on every write, fault settings out of range, picture addresses that are not http(s), and
ids written with non-ASCII digits. Routes are taken from the app's own URL map, so a route
added later is covered too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sandbox_helpers import ADMIN, APPLICANT, PRODUCER, Api, artist_id

from studio.sandbox.app import create_app
from studio.sandbox.context import MAX_JSON_DEPTH
from studio.sandbox.faults import API_PREFIX
from studio.sandbox.server import SandboxHandle

PATH_VALUES = {
    "user": "me",
    "artist_id": "1",
    "track_id": "1",
    "credit_id": "1",
    "request_id": "1",
    "ids": "1",
    "token_id": "999999",  # not the caller's own token
}
# Pages whose offset does not fit in 64 bits (perPage 50), and pages that do not either.
ABSURD_PAGES = (10**18, 2**62, 2**63 - 1, 2**63, 10**30, 10**100)


def api_routes(handle: SandboxHandle, methods: set[str]) -> Iterator[tuple[str, str]]:
    """``(method, path below /api/v1)`` of every API route, path parameters filled in."""
    app = create_app(handle._state)
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX):
            continue
        path = rule.rule.removeprefix(API_PREFIX)
        for name in rule.arguments:
            converter = "int:" if f"<int:{name}>" in path else ""
            path = path.replace(f"<{converter}{name}>", PATH_VALUES[name])
        for method in sorted((rule.methods or set()) & methods):
            yield method, path


def pages_in(body: Any) -> list[dict[str, Any]]:
    """Every page object in an answer (``pagination``, R1's ``albums`` and ``tracks``)."""
    if not isinstance(body, dict):
        return []
    return [v for k, v in body.items() if k in ("pagination", "albums", "tracks") and v]


def get_list(api: Api, path: str, params: dict[str, Any]) -> Any:
    if path == "/backstage-request":
        params = {**params, "userId": api.get("/users/me", as_=PRODUCER).json()["user"]["id"]}
    return api.get(path, as_=PRODUCER, params=params)


def test_every_list_answers_an_absurd_page_with_an_empty_page(api: Api) -> None:
    lists = []
    for _method, path in api_routes(api.handle, {"GET"}):
        r = get_list(api, path, {"page": 1, "perPage": 50})
        if pages_in(r.json() if r.status_code == 200 else None):
            lists.append(path)
    assert len(lists) >= 11, lists  # U3–U9, R1, R3, R4, B3
    for path in lists:
        for page in ABSURD_PAGES:
            r = get_list(api, path, {"page": page, "perPage": 50})
            assert r.status_code == 200, (path, page, r.text)
            for found in pages_in(r.json()):
                assert found["data"] == [], (path, page)
                assert found["from"] is None and found["to"] is None
                assert found["current_page"] == page and found["next_page"] is None
                assert found["per_page"] == 50


def test_absurd_per_page_is_clamped_and_non_integers_are_422(api: Api) -> None:
    nova = artist_id(api, "Nova Beats")
    path = f"/artists/{nova}/tracks"
    for per_page, expected in ((10**30, 50), (-(10**30), 1), (0, 1)):
        r = api.get(path, params={"perPage": per_page, "page": 10**20})
        assert r.status_code == 200 and r.json()["pagination"]["per_page"] == expected
    for key in ("page", "perPage"):
        for value in ("1.5", "abc", "²", "1e3", "9" * 5000):
            r = api.get(path, params={key: value})
            assert r.status_code == 422, (key, value[:10], r.text)
            assert list(r.json()["errors"]) == [key]
    beyond = api.get(path, params={"page": 1000, "perPage": 20}).json()["pagination"]
    assert beyond["data"] == [] and beyond["total"] > 0 and beyond["prev_page"] == 999


def deep_bodies() -> list[bytes]:
    depth = MAX_JSON_DEPTH + 1
    return [
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        ('{"user": ' + "[" * depth + "]" * depth + "}").encode(),
        ('{"data": {"beats_url": ' + "[" * depth + "]" * depth + "}}").encode(),
    ]


JSON_WRITES = {
    ("POST", "/auth/login"),
    ("PUT", "/users/profile/update"),
    ("PUT", "/artists/1"),
    ("POST", "/artists/1/credits"),
    ("POST", "/artists/1/credits/album"),
    ("PUT", "/artists/1/credits/1"),
    ("POST", "/artists/1/credits/reorder"),
    ("POST", "/backstage-request"),
}


def test_every_write_refuses_a_too_deep_body_with_400(api: Api) -> None:
    routes = list(api_routes(api.handle, {"POST", "PUT", "PATCH", "DELETE"}))
    assert set(routes) >= JSON_WRITES
    refused = set()
    for method, path in routes:
        for body in deep_bodies():
            r = api.call(
                method,
                path,
                as_=ADMIN,
                data=body,
                headers={"Content-Type": "application/json"},
            )
            assert r.status_code != 500, (method, path, r.text)
            assert r.headers["Content-Type"].startswith("application/json")
            if r.status_code == 400:
                assert "nested too deeply" in r.json()["message"]
                refused.add((method, path))
    assert refused >= JSON_WRITES
    for hook in ("/__sandbox/faults", "/__sandbox/tokens/expire"):
        for body in deep_bodies():
            r = api.session.post(api.handle.origin + hook, data=body, timeout=10)
            assert r.status_code == 400 and "nested too deeply" in r.json()["message"]


def test_a_body_at_the_depth_limit_is_still_read(api: Api) -> None:
    nested: Any = "Nested City"
    for _ in range(MAX_JSON_DEPTH - 2):
        nested = [nested]
    r = api.put("/users/profile/update", as_=PRODUCER, json={"profile": {"city": nested}})
    assert r.status_code == 422 and "profile.city" in r.json()["errors"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("latency_ms", 10**30),
        ("latency_ms", 60_001),
        ("latency_ms", -1),
        ("retry_after", 10**30),
        ("fail_next", 10**30),
        ("rate_limit_next", 10**6),
        ("drop_next", 2**63),
        ("drop_answer_next", 10**30),
        ("fail_status", 200),
        ("fail_rate", 1.5),
        ("drop_rate", "0.5"),
        ("spotify_down", 1),
    ],
)
def test_fault_settings_out_of_range_are_refused(api: Api, key: str, value: Any) -> None:
    hook = api.handle.origin + "/__sandbox/faults"
    r = api.session.post(hook, json={key: value}, timeout=10)
    assert r.status_code == 422 and list(r.json()["errors"]) == [key], r.text
    assert api.get("/credits/roles").status_code == 200  # nothing was changed


def test_fault_rate_nan_is_refused_and_latency_still_works(api: Api) -> None:
    hook = api.handle.origin + "/__sandbox/faults"
    r = api.session.post(
        hook,
        data='{"fail_rate": NaN}',
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert r.status_code == 422 and list(r.json()["errors"]) == ["fail_rate"]
    r = api.session.post(hook, json={"latency_ms": 1, "drop_answer_next": 1}, timeout=10)
    assert r.status_code == 200 and r.json()["faults"]["latency_ms"] == 1
    r = api.session.post(hook, json={}, timeout=10)
    me = api.get("/users/me", as_=PRODUCER)
    assert me.status_code == 200 and me.headers["Content-Type"].startswith("application/json")


NOT_HTTP = (
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://example.com/a.png",
    "storage/artist_images/x.jpg",
    "//example.com/a.png",
)


def test_picture_addresses_must_be_http(api: Api) -> None:
    nova = artist_id(api, "Nova Beats")
    for url in NOT_HTTP:
        for body, key in (
            ({"image_small": url}, "image_small"),
            ({"cover_image": url}, "cover_image"),
            ({"profile_images": [{"url": url}]}, "profile_images.0.url"),
        ):
            r = api.put(f"/artists/{nova}", as_=PRODUCER, json=body)
            assert r.status_code == 422, (url, r.text)
            assert "http(s)" in r.json()["errors"][key][0]
        r = api.put("/users/profile/update", as_=PRODUCER, json={"user": {"image": url}})
        assert r.status_code == 422 and "user.image" in r.json()["errors"]
    after = api.get(f"/artists/{nova}", as_=PRODUCER).json()["artist"]
    assert after["image_small"].startswith(api.handle.origin + "/storage/")
    r = api.put(f"/artists/{nova}", as_=PRODUCER, json={"cover_image": None})
    assert r.status_code == 200 and r.json()["artist"]["cover_image"] is None


def test_claim_picture_address_must_be_http(api: Api) -> None:
    r = api.post(
        "/backstage-request",
        as_=APPLICANT,
        json={
            "type": "claim-artist",
            "artist_name": "Midnight Cassette",
            "artist_id": artist_id(api, "Midnight Cassette"),
            "data": {
                "role": "artist",
                "image": "javascript:alert(1)",
                "beats_url": "https://soundcloud.com/ari",
                "first_name": "Ari",
                "last_name": "Lane",
                "accepted_terms": True,
                "accepted_rights_and_commitment": True,
            },
        },
    )
    assert r.status_code == 422 and list(r.json()["errors"]) == ["data.image"]


def test_ids_with_non_ascii_digits_are_not_found(api: Api) -> None:
    for digits in ("²", "١٢", "①"):
        assert api.get(f"/users/{digits}/followers").status_code == 404
        assert api.get(f"/user-profile/{digits}").status_code == 404
        assert api.delete(f"/access-tokens/{digits}", as_=PRODUCER).status_code == 200
        assert api.delete(f"/file-entries/{digits}", as_=PRODUCER).status_code < 500
        token = f"{digits}|secret".encode().decode("latin-1")  # as the raw header bytes
        assert api.get("/users/me", token=token).status_code == 401
        r = api.post(
            "/backstage-request",
            as_=APPLICANT,
            json={"type": "claim-artist", "artist_name": "Abc", "artist_id": digits, "data": {}},
        )
        assert r.status_code == 422 and "artist_id" in r.json()["errors"]
