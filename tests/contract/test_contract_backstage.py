"""API.md §9 (B1–B5 and the guard) and §10 (S1 artist search)."""

from __future__ import annotations

from typing import Any

from contract_helpers import (
    ADMIN,
    APPLICANT,
    COLDHARBOR,
    PENDING,
    PRODUCER,
    REQUEST_KEYS,
    REVOKED,
    Http,
    check_page,
    error_body,
    field_errors,
)

DATA = {
    "beats_url": "https://soundcloud.com/prod",
    "first_name": "Ana",
    "last_name": "Bee",
    "name": "Ana Bee",
    "company": "Label Ltd",
    "instagram": "prod.name_1",
    "attachments": [],
    "accepted_terms": True,
    "accepted_rights_and_commitment": True,
}
ALLOWED = {
    "can_submit": True,
    "block_reason": None,
    "message": None,
    "contact_url": None,
    "blocking_request_id": None,
}


def become(name: str = "Fresh Producer", **data: Any) -> dict[str, Any]:
    return {"type": "become-artist", "artist_name": name, "data": {**DATA, **data}}


def claim(artist_id: Any, name: str, role: str = "artist") -> dict[str, Any]:
    return {
        "type": "claim-artist",
        "artist_name": name,
        "artist_id": artist_id,
        "data": {**DATA, "role": role, "image": "https://x.example/p.jpg"},
    }


def status_of(http: Http, email: str) -> dict[str, Any]:
    body = http.ok("GET", "/backstage-request/submission-status", as_=email)
    assert body.pop("status") == "success"
    return body


def decide(http: Http, request_id: int, action: str, **body: Any) -> dict[str, Any]:
    return http.ok("POST", f"/backstage-request/{request_id}/{action}", as_=ADMIN, json=body)


# --- B1 / seed histories ---------------------------------------------------------------------


def test_b1_for_each_demo_account(ro: Http) -> None:
    for email in (PRODUCER, APPLICANT, ADMIN, COLDHARBOR):
        assert status_of(ro, email) == ALLOWED, email
    for email, reason in ((PENDING, "pending"), (REVOKED, "revoked")):
        body = status_of(ro, email)
        assert body["can_submit"] is False and body["block_reason"] == reason
        assert body["message"] and body["contact_url"] == "/contact"
        assert isinstance(body["blocking_request_id"], int)
        shown = ro.ok("GET", f"/backstage-request/{body['blocking_request_id']}", as_=email)
        assert shown["request"]["status"] == reason
    error_body(ro.get("/backstage-request/submission-status"), 401)


def test_seeded_histories(ro: Http) -> None:
    me = ro.ok("GET", "/users/me", as_=APPLICANT)["user"]
    assert me["artists"] == []
    page = ro.ok(
        "GET",
        "/backstage-request",
        as_=APPLICANT,
        params={"userId": me["id"], "page": 1, "perPage": 15},
    )
    items = check_page(page["pagination"], simple=True)
    assert [r["status"] for r in items] == ["denied"]
    denied = items[0]
    assert set(denied) >= REQUEST_KEYS | {"user"}
    reason = denied.get("notes")
    assert isinstance(reason, str) and len(reason) > 20  # the denial reason
    producer = ro.ok("GET", "/users/me", as_=PRODUCER)["user"]
    history = ro.ok("GET", "/backstage-request", as_=PRODUCER, params={"userId": producer["id"]})[
        "pagination"
    ]["data"]
    assert history and {r["status"] for r in history} == {"approved"}


# --- B2 and the guard ------------------------------------------------------------------------


def test_b2_become_then_pending_blocks_every_type(rw: Http) -> None:
    body = rw.ok("POST", "/backstage-request", as_=APPLICANT, json=become())
    assert body["status"] == "success"
    request = body["request"]
    assert set(request) >= REQUEST_KEYS
    assert request["status"] == "pending" and request["type"] == "become-artist"
    assert request["data"] == become()["data"]  # exactly what was sent
    assert request["artist_id"] is None and request["artist"] is None
    midnight = rw.artist_id("Midnight Cassette")
    for payload in (become("Other Name"), claim(midnight, "Midnight Cassette")):
        r = rw.post("/backstage-request", as_=APPLICANT, json=payload)
        body = error_body(r, 409, code="backstage_request_pending")
        assert body["message"]
    status = status_of(rw, APPLICANT)
    assert status["block_reason"] == "pending"
    assert status["blocking_request_id"] == request["id"]
    # A denial unblocks; the same producer name cannot be reused for become.
    decide(rw, request["id"], "deny", notes="Link broken.")
    assert status_of(rw, APPLICANT) == ALLOWED
    errors = field_errors(rw.post("/backstage-request", as_=APPLICANT, json=become()))
    assert "artist_name" in errors
    assert rw.post("/backstage-request", as_=APPLICANT, json=become("Brand New")).ok


def test_b2_revoked_blocks_and_pending_wins(rw: Http) -> None:
    error_body(
        rw.post("/backstage-request", as_=REVOKED, json=become()),
        409,
        code="backstage_request_revoked",
    )
    error_body(
        rw.post("/backstage-request", as_=PENDING, json=become()),
        409,
        code="backstage_request_pending",
    )
    # Producer: a pending verify request, then an older approval is revoked → both exist.
    nova = rw.artist_id("Nova Beats")
    verify = {"type": "verify-artist", "artist_name": "Nova Beats", "artist_id": nova, "data": DATA}
    pending = rw.ok("POST", "/backstage-request", as_=PRODUCER, json=verify)["request"]
    producer = rw.ok("GET", "/users/me", as_=PRODUCER)["user"]
    history = rw.ok("GET", "/backstage-request", as_=PRODUCER, params={"userId": producer["id"]})[
        "pagination"
    ]["data"]
    approved = next(r for r in history if r["status"] == "approved")
    decide(rw, approved["id"], "revoke", notes="Test revoke.")
    status = status_of(rw, PRODUCER)
    assert status["block_reason"] == "pending" and status["blocking_request_id"] == pending["id"]
    error_body(
        rw.post("/backstage-request", as_=PRODUCER, json=verify),
        409,
        code="backstage_request_pending",
    )
    decide(rw, pending["id"], "deny")
    assert status_of(rw, PRODUCER)["block_reason"] == "revoked"


def test_b2_claims(rw: Http) -> None:
    cold = rw.artist_id("Cold Harbor")
    r = rw.post("/backstage-request", as_=APPLICANT, json=claim(cold, "Cold Harbor"))
    body = error_body(r, 409, code="artist_already_claimed")
    assert body["message"]
    midnight = rw.artist_id("Midnight Cassette")
    request = rw.ok(
        "POST", "/backstage-request", as_=APPLICANT, json=claim(midnight, "Midnight Cassette")
    )["request"]
    assert request["artist_id"] == midnight and request["artist"]["id"] == midnight
    assert set(request["artist"]) >= {"id", "name", "image_small"}
    assert request["data"]["role"] == "artist"


def test_b2_become_while_owning_is_422_on_type(rw: Http) -> None:
    errors = field_errors(rw.post("/backstage-request", as_=PRODUCER, json=become()))
    assert "type" in errors


def test_b2_verify_without_artist_id_uses_the_primary_profile(rw: Http) -> None:
    verify = {"type": "verify-artist", "artist_name": "Nova Beats", "data": DATA}
    request = rw.ok("POST", "/backstage-request", as_=PRODUCER, json=verify)["request"]
    assert request["artist_id"] == rw.artist_id("Nova Beats")
    body = decide(rw, request["id"], "approve")
    assert body["request"]["status"] == "approved"


def test_b2_validation(rw: Http) -> None:
    midnight = rw.artist_id("Midnight Cassette")
    cases: list[tuple[dict[str, Any], str]] = [
        ({**become(), "type": "be-famous"}, "type"),
        ({**become(), "type": None}, "type"),
        (become("ab"), "artist_name"),
        (become("x" * 256), "artist_name"),
        ({k: v for k, v in become().items() if k != "artist_name"}, "artist_name"),
        (become(beats_url="soundcloud.com/prod"), "data.beats_url"),
        (become(beats_url="ftp://x.example/a"), "data.beats_url"),
        (become(beats_url="https://x.example/" + "a" * 2040), "data.beats_url"),
        (
            {**become(), "data": {k: v for k, v in DATA.items() if k != "beats_url"}},
            "data.beats_url",
        ),
        (
            {**become(), "data": {k: v for k, v in DATA.items() if k != "first_name"}},
            "data.first_name",
        ),
        (become(last_name=""), "data.last_name"),
        (become(first_name="f" * 101), "data.first_name"),
        (become(company="c" * 256), "data.company"),
        (become(instagram="@prod"), "data.instagram"),
        (become(instagram="p" * 31), "data.instagram"),
        (become(attachments=[1, 2, 3, 4, 5, 6]), "data.attachments"),
        (become(accepted_terms=False), "data.accepted_terms"),
        (become(accepted_rights_and_commitment="yes"), "data.accepted_rights_and_commitment"),
        ({**become(), "data": None}, "data"),
        ({**become(), "data": "text"}, "data"),
        ({**claim(midnight, "Midnight Cassette"), "artist_id": None}, "artist_id"),
        ({**claim(midnight, "Midnight Cassette"), "artist_id": "CURRENT_USER"}, "artist_id"),
        (claim(987654, "Ghost"), "artist_id"),
        (claim(midnight, "Midnight Cassette", role="boss"), "data.role"),
        ({**claim(midnight, "Midnight Cassette"), "data": DATA}, "data.role"),
        (
            {
                "type": "verify-artist",
                "artist_name": "Midnight Cassette",
                "artist_id": midnight,
                "data": DATA,
            },
            "artist_id",
        ),
    ]
    for payload, key in cases:
        errors = field_errors(rw.post("/backstage-request", as_=APPLICANT, json=payload))
        assert key in errors, (key, errors)
    error_body(rw.post("/backstage-request", json=become()), 401)
    # Boundaries and accepted variants pass (each then blocks as pending, so deny it).
    accepted = [
        become("abc", beats_url="http://x.example/" + "a" * 2030, company=None, instagram=""),
        {**become("CURRENT USER ok"), "artist_id": "CURRENT_USER"},
        *(
            claim(midnight, "Midnight Cassette", role=role)
            for role in (
                "artist",
                "manager",
                "producer",
                "label",
                "agent",
                "composer",
                "musician",
                "publisher",
                "songwriter",
                "other",
            )
        ),
    ]
    for payload in accepted:
        r = rw.post("/backstage-request", as_=APPLICANT, json=payload)
        assert r.status_code == 200, (payload, r.text)
        decide(rw, r.json()["request"]["id"], "deny")


# --- B3 / B4 ---------------------------------------------------------------------------------


def test_b3_user_id_rules_and_order(rw: Http) -> None:
    me = rw.ok("GET", "/users/me", as_=APPLICANT)["user"]
    other = rw.ok("GET", "/users/me", as_=PRODUCER)["user"]
    for user_id in ("me", str(other["id"]), "", "1.0"):
        error_body(rw.get("/backstage-request", as_=APPLICANT, params={"userId": user_id}), 403)
    error_body(rw.get("/backstage-request", as_=APPLICANT), 403)
    midnight = rw.artist_id("Midnight Cassette")
    ids: dict[str, int] = {}
    for name in ("kept", "revoked", "denied", "pending"):
        payload = claim(midnight, "Midnight Cassette", role="producer")  # producer: no link
        ids[name] = rw.ok("POST", "/backstage-request", as_=APPLICANT, json=payload)["request"][
            "id"
        ]
        if name in ("kept", "revoked"):
            decide(rw, ids[name], "approve")
        elif name == "denied":
            decide(rw, ids[name], "deny", notes="No proof.")
    decide(rw, ids["revoked"], "revoke")
    page = rw.ok(
        "GET",
        "/backstage-request",
        as_=APPLICANT,
        params={"userId": me["id"], "page": 1, "perPage": 15},
    )
    items = check_page(page["pagination"], simple=True)
    statuses = [r["status"] for r in items]
    rank = {"pending": 0, "approved": 1, "denied": 2, "revoked": 3}
    assert statuses == sorted(statuses, key=rank.__getitem__)
    assert set(statuses) == {"pending", "approved", "denied", "revoked"}
    for item in items:
        assert item["user"]["id"] == me["id"]
        assert set(item["user"]) >= {"id", "display_name", "avatar", "name", "image"}
        assert item["artist"] is None or item["artist"]["id"] == item["artist_id"]


def test_b4_owner_only(ro: Http) -> None:
    blocking = status_of(ro, PENDING)["blocking_request_id"]
    body = ro.ok("GET", f"/backstage-request/{blocking}", as_=PENDING)
    assert body["status"] == "success" and set(body["request"]) >= REQUEST_KEYS
    error_body(ro.get(f"/backstage-request/{blocking}", as_=APPLICANT), 403)
    error_body(ro.get("/backstage-request/987654", as_=PENDING), 404)
    error_body(ro.get(f"/backstage-request/{blocking}"), 401)


# --- B5 --------------------------------------------------------------------------------------


def test_b5_hooks_are_admin_only_and_do_what_they_say(rw: Http) -> None:
    request = rw.ok("POST", "/backstage-request", as_=APPLICANT, json=become("Ari Beats"))
    request_id = request["request"]["id"]
    for action in ("approve", "deny", "revoke"):
        for caller in (APPLICANT, PRODUCER):
            error_body(rw.post(f"/backstage-request/{request_id}/{action}", as_=caller), 403)
        error_body(rw.post(f"/backstage-request/{request_id}/{action}"), 401)
        error_body(rw.post(f"/backstage-request/987654/{action}", as_=ADMIN), 404)
    body = decide(rw, request_id, "approve", markArtistAsVerified=False, notes="")
    assert body["request"]["status"] == "approved"
    artists = rw.ok("GET", "/users/me", as_=APPLICANT)["user"]["artists"]
    assert [(a["name"], a["role"]) for a in artists] == [("Ari Beats", "artist")]
    assert body["request"]["artist_id"] == artists[0]["id"]
    # Verify: sets verified.
    verify = {
        "type": "verify-artist",
        "artist_name": "Ari Beats",
        "artist_id": artists[0]["id"],
        "data": DATA,
    }
    vid = rw.ok("POST", "/backstage-request", as_=APPLICANT, json=verify)["request"]["id"]
    decide(rw, vid, "approve")
    page = rw.ok(
        "GET", f"/artists/{artists[0]['id']}", as_=APPLICANT, params={"loader": "editArtistPage"}
    )
    assert page["artist"]["verified"] is True
    # markArtistAsVerified on a claim approval verifies the claimed profile.
    velvet = rw.artist_id("Velvet Static")
    vid = rw.ok(
        "POST",
        "/backstage-request",
        as_=APPLICANT,
        json=claim(velvet, "Velvet Static", role="artist"),
    )["request"]["id"]
    decide(rw, vid, "approve", markArtistAsVerified=True)
    velvet_page = rw.ok(
        "GET", f"/artists/{velvet}", as_=APPLICANT, params={"loader": "editArtistPage"}
    )
    assert velvet_page["artist"]["verified"] is True
    # Claim with role manager links; with role producer it does not.
    midnight = rw.artist_id("Midnight Cassette")
    cid = rw.ok(
        "POST",
        "/backstage-request",
        as_=APPLICANT,
        json=claim(midnight, "Midnight Cassette", role="manager"),
    )["request"]["id"]
    decide(rw, cid, "approve")
    roles = {
        a["name"]: a["role"] for a in rw.ok("GET", "/users/me", as_=APPLICANT)["user"]["artists"]
    }
    assert roles["Midnight Cassette"] == "manager"
    own = rw.ok("GET", f"/artists/{midnight}/check-ownership", as_=APPLICANT)
    assert own["availability"] == "owned_by_you"
    # Revoke removes the link and blocks new requests.
    decide(rw, cid, "revoke")
    own = rw.ok("GET", f"/artists/{midnight}/check-ownership", as_=APPLICANT)
    assert own["availability"] == "available"
    assert status_of(rw, APPLICANT)["block_reason"] == "revoked"


# --- S1 --------------------------------------------------------------------------------------


def test_s1_search(ro: Http) -> None:
    def search(**params: Any) -> list[dict[str, Any]]:
        body = ro.ok("GET", "/search/suggestions/artist", as_=PRODUCER, params=params)
        assert body["status"] == "success"
        results: list[dict[str, Any]] = body["results"]
        return results

    found = search(query="Mid", listAll="true", excludeSelf="true")
    assert {a["name"] for a in found} == {"Midnight Cassette", "Midnight Oil Beats"}
    for item in found:
        assert set(item) >= {"id", "name", "image", "model_type", "claimed", "verified"}
        assert item["model_type"] == "artist"
        assert item["claimed"] is False and item["verified"] is False
    cold = search(query="Cold", listAll="true", excludeSelf="true")
    assert [(a["name"], a["claimed"], a["verified"]) for a in cold] == [("Cold Harbor", True, True)]
    assert search(query="arbor", listAll="true", excludeSelf="true") == []  # prefix match
    # Without listAll: only the caller's own profiles; without excludeSelf: CURRENT_USER first.
    own = search(query="Nova", excludeSelf="true")
    assert {a["name"] for a in own} == {"Nova Beats", "Nova Lo-Fi"}
    everyone = search(query="Nova", listAll="true", excludeSelf="true")
    assert "Nova Sound Lab" in {a["name"] for a in everyone}
    with_self = search(query="Nova", listAll="true")
    assert with_self[0]["id"] == "CURRENT_USER" and with_self[0]["name"]
    assert all(isinstance(a["id"], int) for a in with_self[1:])
    error_body(ro.get("/search/suggestions/artist", params={"query": "Nova"}), 401)


def test_s1_limit_default_10_and_cap_20(rw: Http) -> None:
    for n in range(1, 17):  # 16 more producer profiles named "Zed …", via become + approve
        fan = f"fan{n:02d}@listeners.beatpass.test"
        request = rw.ok("POST", "/backstage-request", as_=fan, json=become(f"Zed Producer {n}"))
        decide(rw, request["request"]["id"], "approve")

    def count(**params: Any) -> int:
        body = rw.ok(
            "GET",
            "/search/suggestions/artist",
            as_=PRODUCER,
            params={"listAll": "true", "excludeSelf": "true", **params},
        )
        return len(body["results"])

    assert count(query="") == 10
    assert count(query="", limit=50) == 20
    assert count(query="", limit=20) == 20
    assert count(query="Zed", limit=3) == 3
    assert count(query="Zed", limit=20) == 16
