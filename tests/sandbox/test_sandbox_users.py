"""U1–U9: public profile, profile update, tabs and their pagination shapes."""

from __future__ import annotations

import pytest
from sandbox_helpers import APPLICANT, PRODUCER, Api

LENGTH_AWARE = {
    "current_page",
    "data",
    "from",
    "to",
    "per_page",
    "last_page",
    "next_page",
    "prev_page",
    "total",
}
SIMPLE = LENGTH_AWARE - {"last_page", "total"}


def test_public_profile_has_no_status(api: Api) -> None:
    r = api.get("/user-profile/1", params={"loader": "userProfilePage"})
    assert r.status_code == 200
    body = r.json()
    assert "status" not in body
    assert body["loader"] == "userProfilePage"
    user = body["user"]
    assert user["display_name"] == "novaproducer"
    assert "email" not in user  # only for the user themself
    assert user["followers_count"] == 45
    assert api.get("/user-profile/999999").status_code == 404


def test_public_profile_of_me_includes_private_fields(api: Api) -> None:
    user = api.get("/user-profile/me", as_=PRODUCER).json()["user"]
    assert user["email"] == PRODUCER and user["first_name"] == "Nadia"


def test_empty_profile_is_an_object_of_nulls(api: Api) -> None:
    user = api.get("/users/me", as_="admin@demo.beatpass.test").json()["user"]
    assert user["profile"] == {"city": None, "country": None, "description": None}
    assert user["links"] == [] and user["artists"] == []


def profile_body(**user: object) -> dict[str, object]:
    return {
        "user": {
            "image": None,
            "first_name": "Ari",
            "last_name": "Lane",
            "username": "ari_lane",
            **user,
        },
        "profile": {"city": "Leeds", "country": "United Kingdom", "description": "Hi."},
        "links": [{"url": "https://instagram.com/ari", "title": "Instagram"}],
    }


def test_update_profile_saves_everything(api: Api) -> None:
    r = api.put("/users/profile/update", as_=APPLICANT, json=profile_body(username="ari_new"))
    assert r.status_code == 200
    user = r.json()["user"]
    assert r.json()["status"] == "success"
    assert user["username"] == "ari_new" and user["display_name"] == "ari_new"
    assert user["profile"] == {"city": "Leeds", "country": "United Kingdom", "description": "Hi."}
    assert [(link["url"], link["title"]) for link in user["links"]] == [
        ("https://instagram.com/ari", "Instagram")
    ]
    again = api.get("/users/me", as_=APPLICANT).json()["user"]
    assert again["username"] == "ari_new" and again["profile"]["city"] == "Leeds"


def test_update_profile_links_empty_clears_and_null_is_an_error(api: Api) -> None:
    body = profile_body()
    body["links"] = []
    assert api.put("/users/profile/update", as_=APPLICANT, json=body).json()["user"]["links"] == []
    body["links"] = None
    r = api.put("/users/profile/update", as_=APPLICANT, json=body)
    assert r.status_code == 422 and "links" in r.json()["errors"]


def test_update_profile_validation_uses_dot_paths(api: Api) -> None:
    body = profile_body(username="a b", first_name="A")
    body["links"] = [
        {"url": "https://ok.example.com", "title": "Ok"},
        {"url": "not a url", "title": ""},
    ]
    body["profile"] = {"description": "x" * 5001}
    r = api.put("/users/profile/update", as_=APPLICANT, json=body)
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) == {
        "user.username",
        "user.first_name",
        "links.1.url",
        "links.1.title",
        "profile.description",
    }
    assert r.json()["message"] == f"{errors['user.username'][0]} (and 4 more errors)"


def test_update_profile_username_taken_case_insensitive(api: Api) -> None:
    r = api.put("/users/profile/update", as_=APPLICANT, json=profile_body(username="NovaProducer"))
    assert r.status_code == 422
    assert r.json()["errors"]["user.username"] == ["The username has already been taken."]


def test_update_profile_needs_a_token(api: Api) -> None:
    assert api.put("/users/profile/update", json=profile_body()).status_code == 401


@pytest.mark.parametrize(
    ("tab", "shape", "total"),
    [
        ("liked-tracks", LENGTH_AWARE, 35),
        ("playlists", LENGTH_AWARE, 2),  # anonymous: public playlists only
        ("reposts", SIMPLE, None),
        ("liked-albums", LENGTH_AWARE, 6),
        ("liked-artists", LENGTH_AWARE, 6),
        ("followers", SIMPLE, None),
        ("followed-users", LENGTH_AWARE, 25),
    ],
)
def test_tabs_pagination_shapes(api: Api, tab: str, shape: set[str], total: int | None) -> None:
    r = api.get(f"/users/1/{tab}", params={"perPage": 1})
    assert r.status_code == 200
    page = r.json()["pagination"]
    assert r.json()["status"] == "success"
    assert set(page) == shape
    assert page["per_page"] == 1 and page["current_page"] == 1 and page["from"] == 1
    assert page["to"] == len(page["data"]) == 1
    assert page["next_page"] == 2 and page["prev_page"] is None
    if total is not None:
        assert page["total"] == total
        assert page["last_page"] == total


def test_paginate_switch_and_last_page(api: Api) -> None:
    page = api.get(
        "/users/1/liked-tracks", params={"paginate": "simple", "per_page": 20, "page": 2}
    ).json()["pagination"]
    assert set(page) == SIMPLE
    assert page["current_page"] == 2 and len(page["data"]) == 15 and page["from"] == 21
    assert page["next_page"] is None and page["prev_page"] == 1
    page = api.get("/users/1/followers", params={"paginate": "lengthAware"}).json()["pagination"]
    assert page["total"] == 45
    empty = api.get("/users/1/liked-tracks", params={"page": 9}).json()["pagination"]
    assert empty["data"] == [] and empty["from"] is None and empty["to"] is None


def test_per_page_is_clamped_and_checked(api: Api) -> None:
    assert (
        api.get("/users/1/followers", params={"perPage": 500}).json()["pagination"]["per_page"]
        == 50
    )
    assert (
        api.get("/users/1/followers", params={"perPage": 0}).json()["pagination"]["per_page"] == 1
    )
    r = api.get("/users/1/followers", params={"perPage": "many"})
    assert r.status_code == 422 and "perPage" in r.json()["errors"]


def test_liked_tracks_items_and_query(api: Api) -> None:
    page = api.get("/users/me/liked-tracks", as_=PRODUCER, params={"perPage": 50}).json()[
        "pagination"
    ]
    track = page["data"][0]
    assert track["model_type"] == "track" and "added_at" in track
    assert {"bpm", "key", "licensing_type", "price", "currency"} <= track.keys()
    word = track["name"].split()[0]
    filtered = api.get(
        "/users/me/liked-tracks", as_=PRODUCER, params={"query": word, "perPage": 50}
    ).json()["pagination"]
    assert filtered["data"] and all(word.lower() in t["name"].lower() for t in filtered["data"])


def test_owner_sees_private_playlists(api: Api) -> None:
    mine = api.get("/users/me/playlists", as_=PRODUCER).json()["pagination"]
    assert mine["total"] == 3
    assert any(not p["public"] for p in mine["data"])


def test_reposts_carry_their_item(api: Api) -> None:
    data = api.get("/users/1/reposts", params={"perPage": 12}).json()["pagination"]["data"]
    kinds = {item["repostable_type"] for item in data}
    assert kinds == {"track", "album"}
    album = next(i for i in data if i["repostable_type"] == "album")
    assert isinstance(album["repostable"]["tracks"], list)


def test_unknown_user_tab_is_404(api: Api) -> None:
    assert api.get("/users/424242/followers").status_code == 404
    assert api.get("/users/me/followers").status_code == 401
