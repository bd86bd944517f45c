"""B1–B5 (guard: pending, revoked, claimed) and S1 (artist search for claims)."""

from __future__ import annotations

from typing import Any

import requests
from sandbox_helpers import ADMIN, APPLICANT, PENDING, PRODUCER, REVOKED, Api, artist_id


def data(**extra: Any) -> dict[str, Any]:
    return {
        "beats_url": "https://soundcloud.com/ari",
        "first_name": "Ari",
        "last_name": "Lane",
        "name": "Ari Lane",
        "accepted_terms": True,
        "accepted_rights_and_commitment": True,
        **extra,
    }


def become(api: Api, as_: str = APPLICANT, name: str = "Ari Beats") -> requests.Response:
    return api.post(
        "/backstage-request",
        as_=as_,
        json={"type": "become-artist", "artist_name": name, "data": data()},
    )


def claim(
    api: Api, artist: int, name: str, as_: str = APPLICANT, role: str = "artist"
) -> requests.Response:
    return api.post(
        "/backstage-request",
        as_=as_,
        json={
            "type": "claim-artist",
            "artist_name": name,
            "artist_id": artist,
            "data": data(role=role, image="https://example.com/p.jpg", attachments=[]),
        },
    )


def status(api: Api, as_: str) -> dict[str, Any]:
    r = api.get("/backstage-request/submission-status", as_=as_)
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def test_submission_status_for_each_account(api: Api) -> None:
    assert status(api, APPLICANT) == {
        "status": "success",
        "can_submit": True,
        "block_reason": None,
        "message": None,
        "contact_url": None,
        "blocking_request_id": None,
    }
    pending = status(api, PENDING)
    assert pending["can_submit"] is False and pending["block_reason"] == "pending"
    assert pending["message"] and pending["blocking_request_id"]
    revoked = status(api, REVOKED)
    assert revoked["block_reason"] == "revoked" and revoked["contact_url"] == "/contact"
    assert api.get("/backstage-request/submission-status").status_code == 401


def test_guard_pending_and_revoked(api: Api) -> None:
    r = become(api, PENDING, "Another Name")
    assert r.status_code == 409 and r.json()["error_code"] == "backstage_request_pending"
    r = become(api, REVOKED, "Another Name")
    assert r.status_code == 409 and r.json()["error_code"] == "backstage_request_revoked"
    # pending wins over revoked
    assert become(api, REVOKED, "Second Try").status_code == 409
    admin_pending = become(api, ADMIN, "Admin Beats").json()["request"]["id"]
    revoke = api.post(f"/backstage-request/{admin_pending}/revoke", as_=ADMIN, json={})
    assert revoke.status_code == 200 and revoke.json()["request"]["status"] == "revoked"
    become_again = api.post(
        "/backstage-request",
        as_=ADMIN,
        json={
            "type": "claim-artist",
            "artist_name": "Velvet Static",
            "artist_id": artist_id(api, "Velvet Static"),
            "data": data(role="artist"),
        },
    )
    assert become_again.json()["error_code"] == "backstage_request_revoked"


def test_become_creates_pending_then_blocks(api: Api) -> None:
    r = become(api)
    assert r.status_code == 200
    req = r.json()["request"]
    assert r.json()["status"] == "success"
    assert req["status"] == "pending" and req["type"] == "become-artist"
    assert req["artist_id"] is None and req["artist"] is None
    assert req["data"] == data()
    assert status(api, APPLICANT)["block_reason"] == "pending"
    r = claim(api, artist_id(api, "Midnight Cassette"), "Midnight Cassette")
    assert r.status_code == 409 and r.json()["error_code"] == "backstage_request_pending"


def test_become_while_owning_a_profile_is_422_on_type(api: Api) -> None:
    r = become(api, PRODUCER, "Third Profile")
    assert r.status_code == 422 and "type" in r.json()["errors"]


def test_become_name_must_be_new_for_the_user(api: Api) -> None:
    r = become(api, APPLICANT, "ari lane beats")  # denied before, same name
    assert r.status_code == 422 and "artist_name" in r.json()["errors"]


def test_claim_of_claimed_artist_is_409(api: Api) -> None:
    r = claim(api, artist_id(api, "Cold Harbor"), "Cold Harbor")
    assert r.status_code == 409 and r.json()["error_code"] == "artist_already_claimed"
    r = claim(api, 1, "Nova Beats", as_=PRODUCER)
    assert r.status_code == 422 and "artist_id" in r.json()["errors"]


def test_validation_shapes(api: Api) -> None:
    r = api.post(
        "/backstage-request",
        as_=APPLICANT,
        json={
            "type": "claim-artist",
            "artist_name": "Mi",
            "data": {
                "beats_url": "soundcloud.com/x",
                "first_name": "",
                "instagram": "@me",
                "role": "boss",
                "accepted_terms": False,
                "attachments": [1, "x"],
            },
        },
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) == {
        "artist_name",
        "artist_id",
        "data.beats_url",
        "data.first_name",
        "data.last_name",
        "data.instagram",
        "data.role",
        "data.accepted_terms",
        "data.accepted_rights_and_commitment",
        "data.attachments.1",
    }
    assert r.json()["message"].endswith("(and 9 more errors)")
    r = api.post("/backstage-request", as_=APPLICANT, json={"type": "become", "data": []})
    assert set(r.json()["errors"]) >= {"type", "artist_name", "data"}
    r = claim(api, 99999, "Ghost")
    assert r.status_code == 422 and "artist_id" in r.json()["errors"]


def test_list_and_get_own_requests(api: Api) -> None:
    me = api.get("/users/me", as_=PRODUCER).json()["user"]["id"]
    r = api.get("/backstage-request", as_=PRODUCER, params={"userId": me, "perPage": 15})
    assert r.status_code == 200
    page = r.json()["pagination"]
    assert "total" not in page
    assert [x["status"] for x in page["data"]] == ["approved", "approved"]
    assert page["data"][0]["user"]["id"] == me
    assert api.get("/backstage-request", as_=PRODUCER, params={"userId": "me"}).status_code == 403
    assert api.get("/backstage-request", as_=PRODUCER, params={"userId": me + 1}).status_code == 403
    applicant = api.get("/users/me", as_=APPLICANT).json()["user"]["id"]
    denied = api.get("/backstage-request", as_=APPLICANT, params={"userId": applicant}).json()[
        "pagination"
    ]["data"][0]
    assert denied["status"] == "denied" and denied["notes"]
    one = api.get(f"/backstage-request/{denied['id']}", as_=APPLICANT)
    assert one.status_code == 200 and one.json()["request"]["id"] == denied["id"]
    assert api.get(f"/backstage-request/{denied['id']}", as_=PRODUCER).status_code == 403
    assert api.get("/backstage-request/99999", as_=PRODUCER).status_code == 404


def test_list_order_pending_approved_denied_revoked(api: Api) -> None:
    first = become(api, ADMIN, "Admin Beats").json()["request"]["id"]
    api.post(f"/backstage-request/{first}/deny", as_=ADMIN, json={"notes": "no"})
    second = become(api, ADMIN, "Admin Beats X").json()["request"]["id"]
    api.post(f"/backstage-request/{second}/approve", as_=ADMIN, json={})
    third = claim(api, artist_id(api, "Neon Harbor"), "Neon Harbor", as_=ADMIN).json()
    admin = api.get("/users/me", as_=ADMIN).json()["user"]["id"]
    data_ = api.get("/backstage-request", as_=ADMIN, params={"userId": admin}).json()["pagination"][
        "data"
    ]
    assert [x["status"] for x in data_] == ["pending", "approved", "denied"]
    assert data_[0]["id"] == third["request"]["id"]
    api.post(f"/backstage-request/{second}/revoke", as_=ADMIN, json={})
    api.post(f"/backstage-request/{third['request']['id']}/approve", as_=ADMIN, json={})
    data_ = api.get("/backstage-request", as_=ADMIN, params={"userId": admin}).json()["pagination"][
        "data"
    ]
    assert [x["status"] for x in data_] == ["approved", "denied", "revoked"]


def test_admin_hooks(api: Api) -> None:
    req = become(api).json()["request"]
    assert (
        api.post(f"/backstage-request/{req['id']}/approve", as_=APPLICANT, json={}).status_code
        == 403
    )
    r = api.post(
        f"/backstage-request/{req['id']}/approve",
        as_=ADMIN,
        json={"markArtistAsVerified": True, "notes": ""},
    )
    assert r.status_code == 200 and r.json()["request"]["status"] == "approved"
    me = api.get("/users/me", as_=APPLICANT).json()["user"]
    assert [(a["name"], a["role"], a["verified"]) for a in me["artists"]] == [
        ("Ari Beats", "artist", True)
    ]
    assert api.post(f"/backstage-request/{req['id']}/deny", as_=ADMIN, json={}).status_code == 409
    midnight = artist_id(api, "Midnight Cassette")
    claim_req = claim(api, midnight, "Midnight Cassette").json()["request"]
    assert claim_req["artist"]["name"] == "Midnight Cassette"
    api.post(f"/backstage-request/{claim_req['id']}/approve", as_=ADMIN, json={})
    check = api.get(f"/artists/{midnight}/check-ownership", as_=APPLICANT).json()
    assert check["availability"] == "owned_by_you"
    verify = api.post(
        "/backstage-request",
        as_=PRODUCER,
        json={
            "type": "verify-artist",
            "artist_name": "Nova Lo-Fi",
            "artist_id": artist_id(api, "Nova Lo-Fi"),
            "data": data(),
        },
    ).json()["request"]
    api.post(f"/backstage-request/{verify['id']}/approve", as_=ADMIN, json={})
    assert (
        api.get(f"/artists/{verify['artist_id']}", as_=PRODUCER).json()["artist"]["verified"]
        is True
    )
    r = api.post(
        "/backstage-request",
        as_=APPLICANT,
        json={"type": "verify-artist", "artist_name": "Nova Beats", "artist_id": 1, "data": data()},
    )
    assert r.status_code == 422 and "artist_id" in r.json()["errors"]


def test_search_suggestions(api: Api) -> None:
    def search(**params: Any) -> list[dict[str, Any]]:
        r = api.get("/search/suggestions/artist", as_=PRODUCER, params=params)
        assert r.status_code == 200
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    full = search(query="mid", limit=10, listAll="true", excludeSelf="true")
    assert [x["name"] for x in full] == ["Midnight Cassette", "Midnight Oil Beats"]
    assert full[0].keys() == {"id", "name", "image", "model_type", "claimed", "verified"}
    cold = search(query="Cold", listAll="true", excludeSelf="true")[0]
    assert cold["claimed"] is True and cold["verified"] is True
    prefix_only = search(query="harbor", listAll="true", excludeSelf="true")
    assert prefix_only == []  # "Cold Harbor" does not start with "harbor"
    own = search(query="Nova", excludeSelf="true")
    assert [x["name"] for x in own] == ["Nova Beats", "Nova Lo-Fi"]
    with_self = search(query="Nova", listAll="true")
    assert with_self[0]["id"] == "CURRENT_USER" and with_self[0]["name"] == "novaproducer"
    assert "Nova Sound Lab" in [x["name"] for x in with_self]
    assert len(search(query="", listAll="true", excludeSelf="true", limit=100)) <= 20
    assert len(search(query="", listAll="true", excludeSelf="true", limit=3)) == 3
    assert api.get("/search/suggestions/artist", params={"query": "x"}).status_code == 401
