"""A1–A4 and §11 basics: login, tokens, the API-access gate, JSON errors."""

from __future__ import annotations

import re

import requests
from sandbox_helpers import ADMIN, BANNED, DISABLED, NOAPI, PRODUCER, Api

from studio.sandbox.server import SandboxHandle


def login(
    api: Api,
    email: str = PRODUCER,
    password: str = "demo-producer",
    name: str = "BeatPass Studio test 0000abcd",
) -> requests.Response:
    return api.post("/auth/login", json={"email": email, "password": password, "token_name": name})


def test_login_returns_user_and_token(api: Api) -> None:
    r = login(api)
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "success"
    assert {"settings", "menus", "themes", "locales"} <= body.keys()
    user = body["user"]
    assert re.fullmatch(r"\d+\|[A-Za-z0-9]{40}", user["access_token"])
    assert user["display_name"] == user["name"] == "novaproducer"
    assert user["avatar"] == user["image"]
    assert user["avatar"].startswith(api.handle.origin + "/storage/")
    assert user["email"] == PRODUCER
    assert [a["name"] for a in user["artists"]] == ["Nova Beats", "Nova Lo-Fi"]
    assert user["artists"][0]["role"] == "artist"


def test_token_works_and_same_name_login_replaces_it(api: Api) -> None:
    first = login(api).json()["user"]["access_token"]
    assert api.get("/users/me", token=first).status_code == 200
    other = login(api, name="another install 1").json()["user"]["access_token"]
    second = login(api).json()["user"]["access_token"]
    assert api.get("/users/me", token=first).status_code == 401
    assert api.get("/users/me", token=second).status_code == 200
    assert api.get("/users/me", token=other).status_code == 200


def test_bad_credentials_are_422_on_email(api: Api) -> None:
    r = login(api, password="wrong")
    assert r.status_code == 422
    assert r.json() == {
        "message": "These credentials do not match our records.",
        "errors": {"email": ["These credentials do not match our records."]},
    }


def test_login_validation(api: Api) -> None:
    r = api.post("/auth/login", json={"email": PRODUCER, "password": 5, "token_name": "ab"})
    assert r.status_code == 422
    body = r.json()
    assert set(body["errors"]) == {"password", "token_name"}
    assert body["message"].endswith("(and 1 more error)")


def test_me_has_profile_links_and_artists(api: Api) -> None:
    r = api.get("/users/me", as_=PRODUCER, params={"with": "profile,links,artists"})
    assert r.status_code == 200
    user = r.json()["user"]
    assert user["profile"]["city"] == "Toronto"
    assert user["links"][0].keys() == {"id", "url", "title"}
    assert user["followers_count"] > 0 and user["followed_users_count"] > 0
    assert user["artists"][0]["model_type"] == "artist"


def test_missing_invalid_and_expired_tokens_are_401(api: Api, sandbox: SandboxHandle) -> None:
    assert api.get("/users/me").json() == {"message": "Unauthenticated."}
    assert api.get("/users/me").status_code == 401
    assert api.get("/users/me", token="1|" + "x" * 40).status_code == 401
    assert api.get("/users/me", token="garbage").status_code == 401
    token = sandbox.token_for(PRODUCER)
    assert api.get("/users/me", token=token).status_code == 200
    sandbox.expire_token(token)
    r = api.get("/users/me", token=token)
    assert r.status_code == 401 and r.json()["message"] == "Unauthenticated."


def test_expire_hook_over_http(api: Api, sandbox: SandboxHandle) -> None:
    token = sandbox.token_for(PRODUCER)
    r = api.session.post(sandbox.origin + "/__sandbox/tokens/expire", json={"token": token})
    assert r.status_code == 200
    assert api.get("/users/me", token=token).status_code == 401
    assert r.json() == {"status": "success", "expired": 1}
    again = api.session.post(sandbox.origin + "/__sandbox/tokens/expire", json={"token": token})
    assert again.status_code == 404


def test_expire_hook_by_account_and_for_all(api: Api, sandbox: SandboxHandle) -> None:
    hook = sandbox.origin + "/__sandbox/tokens/expire"
    mine = [sandbox.token_for(PRODUCER) for _ in range(2)]
    other = sandbox.token_for(ADMIN)
    r = api.session.post(hook, json={"email": PRODUCER.upper()})
    assert r.status_code == 200 and r.json()["expired"] >= 2
    assert [api.get("/users/me", token=t).status_code for t in mine] == [401, 401]
    assert api.get("/users/me", token=other).status_code == 200
    assert api.session.post(hook, json={"email": PRODUCER}).json()["expired"] == 0
    assert api.session.post(hook, json={"email": "nobody@example.com"}).status_code == 404
    fresh = sandbox.token_for(PRODUCER)
    r = api.session.post(hook, json={"all": True})
    assert r.status_code == 200 and r.json()["expired"] >= 2
    assert api.get("/users/me", token=other).status_code == 401
    assert api.get("/users/me", token=fresh).status_code == 401
    for bad, status in (
        ({}, 422),
        ({"all": False}, 422),
        ({"all": True, "email": PRODUCER}, 422),
        ({"email": 7}, 404),
    ):
        r = api.session.post(hook, json=bad)
        assert r.status_code == status and r.json()["message"], bad


def test_revoke_token(api: Api) -> None:
    token = login(api).json()["user"]["access_token"]
    token_id = token.split("|")[0]
    r = api.delete(f"/access-tokens/{token_id}", token=token)
    assert r.status_code == 200 and r.json() == {"status": "success"}
    assert api.get("/users/me", token=token).status_code == 401
    other = api.token(PRODUCER)
    assert api.delete("/access-tokens/999999", token=other).status_code == 200


def test_noapi_can_login_but_every_gated_route_is_401(api: Api) -> None:
    r = login(api, NOAPI, "demo-noapi")
    assert r.status_code == 200
    token = r.json()["user"]["access_token"]
    for method, path in (
        ("GET", "/users/me"),
        ("GET", "/artists/1"),
        ("GET", "/credits/roles"),
        ("DELETE", "/access-tokens/1"),
        ("GET", "/backstage-request/submission-status"),
    ):
        r = api.call(method, path, token=token)
        assert r.status_code == 401, path
        assert r.json() == {
            "message": "API access is not enabled for this account.",
            "error_code": "api_access_denied",
        }


def test_unknown_route_and_wrong_method_are_json(api: Api) -> None:
    r = api.get("/no/such/route")
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json() == {"message": "Not found."}
    r = api.call("PATCH", "/auth/login")
    assert r.status_code == 405
    assert "not supported" in r.json()["message"]
    r = api.session.get(api.handle.origin + "/nothing-here")
    assert r.status_code == 404 and r.json()["message"] == "Not found."


def test_malformed_json_is_a_json_400(api: Api) -> None:
    r = api.post("/auth/login", data="{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error_code"] == "malformed_json"


def test_banned_and_deactivated_accounts_are_refused_with_403(api: Api) -> None:
    for email, password, code, words in (
        (BANNED, "demo-banned", "account_banned", "banned: Repeated copyright complaints"),
        (DISABLED, "demo-disabled", "account_disabled", "deactivated"),
    ):
        r = login(api, email, password)
        assert r.status_code == 403, r.text
        body = r.json()
        assert words in body["message"] and body["error_code"] == code
        assert "access_token" not in r.text
        # a token it got before (minted here) stops working too
        assert api.get("/users/me", token=api.handle.token_for(email)).status_code == 403
        assert login(api, email, "wrong").status_code == 422  # no hint without the password


def test_blacklisted_email_domain_is_422_on_email(api: Api) -> None:
    for email in ("someone@blocked.beatpass.test", "Other@BLOCKED.beatpass.test"):
        for password in ("anything", "demo-producer"):
            r = login(api, email, password)
            assert r.status_code == 422
            assert r.json()["errors"] == {
                "email": ['Emails from the "blocked.beatpass.test" domain are not allowed.']
            }
    assert login(api).status_code == 200
