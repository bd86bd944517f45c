"""API.md §2.1 (User), §3 (A1–A4) and §4 (U1–U9)."""

from __future__ import annotations

from contract_helpers import (
    ADMIN,
    APPLICANT,
    NOAPI,
    PASSWORDS,
    PENDING,
    PRODUCER,
    REVOKED,
    SELF_KEYS,
    TRACK_KEYS,
    USER_KEYS,
    Http,
    check_page,
    error_body,
    field_errors,
)


def login(http: Http, email: str, token_name: str = "BeatPass Studio ws-01 3f9c2a1b") -> dict:
    return http.ok(
        "POST",
        "/auth/login",
        json={"email": email, "password": PASSWORDS[email], "token_name": token_name},
    )


def check_user(user: dict, *, is_self: bool) -> None:
    """User 2.1: both key pairs with equal values, private keys only for the user themself."""
    assert set(user) >= USER_KEYS, sorted(user)
    assert user["display_name"] == user["name"] and user["avatar"] == user["image"]
    assert user["model_type"] == "user" and isinstance(user["id"], int)
    assert (set(user) >= SELF_KEYS) is is_self
    assert not (SELF_KEYS & set(user)) or is_self
    assert set(user["profile"]) >= {"city", "country", "description"}
    for link in user["links"]:
        assert set(link) >= {"id", "url", "title"}
    assert isinstance(user["followers_count"], int)
    assert isinstance(user["followed_users_count"], int)


# --- A1 -------------------------------------------------------------------------------------


def test_a1_login_answer(ro: Http) -> None:
    body = login(ro, PRODUCER)
    assert body["status"] == "success"
    assert body["settings"] == {} and body["themes"] == {}
    assert body["menus"] == [] and body["locales"] == []
    user = body["user"]
    check_user(user, is_self=True)
    assert user["email"] == PRODUCER
    token_id, sep, secret = user["access_token"].partition("|")
    assert sep and token_id.isdigit() and secret.isalnum() and len(secret) == 40
    assert ro.ok("GET", "/users/me", token=user["access_token"])["user"]["id"] == user["id"]


def test_a1_same_token_name_deletes_only_that_name(ro: Http) -> None:
    first = login(ro, APPLICANT, "Studio box-a 00000001")["user"]["access_token"]
    other = login(ro, APPLICANT, "Studio box-b 00000002")["user"]["access_token"]
    again = login(ro, APPLICANT, "Studio box-a 00000001")["user"]["access_token"]
    assert again != first
    error_body(ro.get("/users/me", token=first), 401)
    assert ro.get("/users/me", token=other).status_code == 200
    assert ro.get("/users/me", token=again).status_code == 200


def test_a1_errors(ro: Http) -> None:
    # Spread over accounts: the login limit is 5/min per e-mail (+IP).
    bad = {"email": PENDING, "password": "nope", "token_name": "contract a1"}
    body = error_body(ro.post("/auth/login", json=bad), 422)
    msg = "These credentials do not match our records."
    assert body == {"message": msg, "errors": {"email": [msg]}}
    unknown = {**bad, "email": "nobody@demo.beatpass.test"}
    assert field_errors(ro.post("/auth/login", json=unknown)) == {"email": [msg]}
    errors = field_errors(ro.post("/auth/login", json={}))
    assert set(errors) == {"email", "password", "token_name"}
    for name in ("ab", "x" * 101):
        errors = field_errors(
            ro.post("/auth/login", json={**bad, "email": REVOKED, "token_name": name})
        )
        assert set(errors) == {"token_name"}
    ok = {"email": ADMIN, "password": "demo-admin"}
    for name in ("abc", "x" * 100):
        assert ro.post("/auth/login", json={**ok, "token_name": name}).status_code == 200
    shouted = {"email": "Applicant@Demo.BeatPass.test", "password": "demo-applicant"}
    assert ro.post("/auth/login", json={**shouted, "token_name": "contract case"}).ok
    errors = field_errors(ro.post("/auth/login", json={**bad, "email": 5, "password": ["x"]}))
    assert set(errors) == {"email", "password"}


# --- A2 -------------------------------------------------------------------------------------


def test_a2_revoke(ro: Http) -> None:
    token = login(ro, ADMIN, "contract a2 one")["user"]["access_token"]
    keep = login(ro, ADMIN, "contract a2 two")["user"]["access_token"]
    token_id = token.split("|")[0]
    assert ro.ok("DELETE", f"/access-tokens/{token_id}", token=token) == {"status": "success"}
    error_body(ro.get("/users/me", token=token), 401)
    assert ro.ok("DELETE", "/access-tokens/987654", token=keep) == {"status": "success"}
    assert ro.get("/users/me", token=keep).status_code == 200
    error_body(ro.delete(f"/access-tokens/{keep.split('|')[0]}"), 401)


# --- A3 / A4 ---------------------------------------------------------------------------------


def test_a3_me(ro: Http) -> None:
    body = ro.ok("GET", "/users/me", as_=PRODUCER, params={"with": "profile,links,artists"})
    assert body["status"] == "success"
    user = body["user"]
    check_user(user, is_self=True)
    assert "access_token" not in user and "password" not in user
    assert {a["name"] for a in user["artists"]} == {"Nova Beats", "Nova Lo-Fi"}
    for artist in user["artists"]:
        assert set(artist) >= {"id", "name", "image", "model_type", "role"}
        assert artist["model_type"] == "artist" and artist["role"] == "artist"
    assert user["links"] and user["profile"]["city"] == "Toronto"


def test_a4_noapi_login_works_then_every_gated_route_is_401(ro: Http) -> None:
    token = login(ro, NOAPI)["user"]["access_token"]
    nova = ro.artist_id("Nova Beats")
    gated = [
        ("GET", "/users/me"),
        ("DELETE", f"/access-tokens/{token.split('|')[0]}"),
        ("GET", "/user-profile/me?loader=userProfilePage"),
        ("PUT", "/users/profile/update"),
        ("GET", "/users/me/liked-tracks"),
        ("GET", "/users/me/followed-users"),
        ("GET", f"/artists/{nova}"),
        ("PUT", f"/artists/{nova}"),
        ("GET", f"/artists/{nova}/tracks"),
        ("GET", f"/artists/{nova}/albums"),
        ("GET", f"/artists/{nova}/check-ownership"),
        ("POST", "/uploads"),
        ("POST", "/file-entries"),
        ("DELETE", "/file-entries/1"),
        ("GET", "/credits/roles"),
        ("GET", "/credits/spotify-search?query=love"),
        ("GET", f"/artists/{nova}/credits"),
        ("POST", f"/artists/{nova}/credits/reorder"),
        ("GET", f"/artists/{nova}/pinned-track"),
        ("POST", f"/artists/{nova}/tracks/1/pin"),
        ("GET", "/backstage-request/submission-status"),
        ("POST", "/backstage-request"),
        ("GET", "/backstage-request?userId=1"),
        ("GET", "/backstage-request/1"),
        ("GET", "/search/suggestions/artist?query=Nova"),
    ]
    for method, path in gated:
        r = ro.call(method, path, token=token, json={})
        body = error_body(r, 401, code="api_access_denied")
        assert body["message"] == "API access is not enabled for this account.", path
    # Login stays exempt, even with the dead-end token attached.
    again = ro.post(
        "/auth/login",
        token=token,
        json={"email": NOAPI, "password": "demo-noapi", "token_name": "contract a4 second"},
    )
    assert again.status_code == 200


# --- U1 -------------------------------------------------------------------------------------


def test_u1_public_profile(ro: Http) -> None:
    me = ro.ok("GET", "/users/me", as_=PRODUCER)["user"]
    for caller in (None, APPLICANT):
        body = ro.ok(
            "GET",
            f"/user-profile/{me['id']}",
            as_=caller,
            params={"loader": "userProfilePage"},
        )
        assert set(body) == {"user", "loader"} and body["loader"] == "userProfilePage"
        check_user(body["user"], is_self=False)
        assert body["user"]["followers_count"] == me["followers_count"]
    own = ro.ok("GET", "/user-profile/me", as_=PRODUCER, params={"loader": "userProfilePage"})
    check_user(own["user"], is_self=True)
    error_body(ro.get("/user-profile/987654", as_=PRODUCER), 404)
    error_body(ro.get("/user-profile/me"), 401)


def test_u1_empty_profile_is_an_object_of_nulls(ro: Http) -> None:
    admin = ro.ok("GET", "/users/me", as_=ADMIN)["user"]
    body = ro.ok("GET", f"/user-profile/{admin['id']}", as_=PRODUCER)
    assert body["user"]["profile"] == {"city": None, "country": None, "description": None}


# --- U2 -------------------------------------------------------------------------------------

GOOD = {
    "user": {"image": None, "first_name": "Ana", "last_name": "Bee", "username": "ana_bee"},
    "profile": {"city": "Toronto", "country": "Canada", "description": "Hi."},
    "links": [{"url": "https://instagram.com/x", "title": "Instagram"}],
}


def test_u2_update_replace_clear_and_null(rw: Http) -> None:
    body = rw.ok("PUT", "/users/profile/update", as_=APPLICANT, json=GOOD)
    assert body["status"] == "success"
    user = body["user"]
    check_user(user, is_self=True)
    assert user["username"] == "ana_bee" and user["name"] == "ana_bee"
    assert user["first_name"] == "Ana" and user["profile"]["description"] == "Hi."
    assert [(lk["url"], lk["title"]) for lk in user["links"]] == [
        ("https://instagram.com/x", "Instagram")
    ]
    two = [
        {"url": "https://a.example.com", "title": "A"},
        {"url": "http://b.example", "title": "B"},
    ]
    user = rw.ok("PUT", "/users/profile/update", as_=APPLICANT, json={**GOOD, "links": two})["user"]
    assert [lk["title"] for lk in user["links"]] == ["A", "B"]
    user = rw.ok("PUT", "/users/profile/update", as_=APPLICANT, json={**GOOD, "links": []})["user"]
    assert user["links"] == []
    errors = field_errors(
        rw.put("/users/profile/update", as_=APPLICANT, json={**GOOD, "links": None})
    )
    assert set(errors) == {"links"}
    fresh = rw.ok("GET", "/users/me", as_=APPLICANT)["user"]
    assert fresh["links"] == [] and fresh["username"] == "ana_bee"


def test_u2_validation_keys(rw: Http) -> None:
    cases = [
        ({"user": {**GOOD["user"], "username": "ab"}}, "user.username"),
        ({"user": {**GOOD["user"], "username": "x" * 32}}, "user.username"),
        ({"user": {**GOOD["user"], "username": "has space"}}, "user.username"),
        ({"user": {**GOOD["user"], "username": "NOVAPRODUCER"}}, "user.username"),
        ({"user": {**GOOD["user"], "first_name": "A"}}, "user.first_name"),
        ({"user": {**GOOD["user"], "last_name": "B" * 256}}, "user.last_name"),
        ({"user": {**GOOD["user"], "image": "https://x.example/" + "a" * 250}}, "user.image"),
        ({"profile": {"city": "c" * 256}}, "profile.city"),
        ({"profile": {"country": "c" * 256}}, "profile.country"),
        ({"profile": {"description": "d" * 5001}}, "profile.description"),
        ({"links": [{"url": "ftp://x.example", "title": "X"}]}, "links.0.url"),
        ({"links": [{"url": "https://x.example/" + "a" * 250, "title": "X"}]}, "links.0.url"),
        ({"links": [GOOD["links"][0], {"url": "https://x.example"}]}, "links.1.title"),
        ({"links": [{"title": "X"}]}, "links.0.url"),
        ({"links": [{"url": "https://x.example", "title": "t" * 256}]}, "links.0.title"),
        ({"links": [GOOD["links"][0]] * 11}, "links"),
    ]
    for change, key in cases:
        r = rw.put("/users/profile/update", as_=APPLICANT, json={**GOOD, **change})
        errors = field_errors(r)
        assert key in errors, (change, errors)
    # Boundaries that must pass.
    edge = {
        "user": {"image": None, "first_name": None, "last_name": "Bo", "username": "abc"},
        "profile": {"city": None, "country": None, "description": "d" * 5000},
        "links": [GOOD["links"][0]] * 10,
    }
    user = rw.ok("PUT", "/users/profile/update", as_=APPLICANT, json=edge)["user"]
    assert len(user["links"]) == 10 and user["username"] == "abc"
    assert user["first_name"] is None and user["profile"]["city"] is None
    error_body(rw.put("/users/profile/update", json=GOOD), 401)


# --- U3–U9 -----------------------------------------------------------------------------------

TABS = {
    # path: (simple by default, item keys)
    "liked-tracks": (False, TRACK_KEYS | {"added_at"}),
    "playlists": (False, {"id", "name", "image", "public", "collaborative", "description"}),
    "reposts": (
        True,
        {"id", "repostable_id", "repostable_type", "user_id", "created_at", "repostable"},
    ),
    "liked-albums": (False, {"id", "name", "image", "release_date", "artists"}),
    "liked-artists": (False, {"id", "name", "model_type"}),
    "followers": (True, USER_KEYS | {"followers_count"}),
    "followed-users": (False, USER_KEYS | {"followers_count"}),
}


def test_u3_u9_tabs(ro: Http) -> None:
    me = ro.ok("GET", "/users/me", as_=PRODUCER)["user"]
    for tab, (simple, keys) in TABS.items():
        for ref, caller in ((me["id"], None), ("me", PRODUCER), (me["id"], APPLICANT)):
            body = ro.ok("GET", f"/users/{ref}/{tab}", as_=caller, params={"perPage": 5})
            assert body["status"] == "success"
            items = check_page(body["pagination"], simple=simple)
            assert items, (tab, ref)
            for item in items:
                assert keys <= set(item), (tab, sorted(keys - set(item)))
        error_body(ro.get(f"/users/987654/{tab}", as_=PRODUCER), 404)
    counts = ro.ok("GET", "/users/me/followed-users", as_=PRODUCER)["pagination"]["total"]
    assert counts == me["followed_users_count"]


def test_u3_query_order_and_reposts(ro: Http) -> None:
    all_likes = check_page(
        ro.ok("GET", "/users/me/liked-tracks", as_=PRODUCER, params={"perPage": 50})["pagination"],
        simple=False,
    )
    word = all_likes[0]["name"].split()[0]
    found = ro.ok(
        "GET", "/users/me/liked-tracks", as_=PRODUCER, params={"query": word, "perPage": 50}
    )["pagination"]["data"]
    assert found and all(word.lower() in t["name"].lower() for t in found)
    by_name = ro.ok(
        "GET",
        "/users/me/liked-tracks",
        as_=PRODUCER,
        params={"orderBy": "name", "orderDir": "asc", "perPage": 50},
    )["pagination"]["data"]
    names = [t["name"] for t in by_name]
    assert names == sorted(names)
    reposts = ro.ok("GET", "/users/me/reposts", as_=PRODUCER, params={"perPage": 50})
    kinds = {r["repostable_type"] for r in reposts["pagination"]["data"]}
    assert kinds <= {"track", "album"}
    for item in reposts["pagination"]["data"]:
        assert item["repostable"]["id"] == item["repostable_id"]
        if item["repostable_type"] == "album":
            assert isinstance(item["repostable"]["tracks"], list)


def test_u4_private_playlists_only_for_the_owner(ro: Http) -> None:
    me = ro.ok("GET", "/users/me", as_=PRODUCER)["user"]
    own = ro.ok("GET", "/users/me/playlists", as_=PRODUCER, params={"perPage": 50})["pagination"]
    public = ro.ok("GET", f"/users/{me['id']}/playlists", params={"perPage": 50})["pagination"]
    assert all(p["public"] for p in public["data"])
    assert own["total"] > public["total"]
