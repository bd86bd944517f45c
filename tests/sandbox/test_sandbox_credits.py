"""C1–C9: roles, fictional Spotify search, one entry per role, reorder, Spotify outage."""

from __future__ import annotations

from typing import Any

from sandbox_helpers import APPLICANT, PRODUCER, Api

from studio.core import limits

NOVA = 1


def credits(api: Api, **params: str) -> list[dict[str, Any]]:
    r = api.get(f"/artists/{NOVA}/credits", params=params)
    assert r.status_code == 200
    result: list[dict[str, Any]] = r.json()["credits"]
    return result


def search(api: Api, query: str, kind: str = "track", **params: Any) -> list[dict[str, Any]]:
    r = api.get(
        "/credits/spotify-search", as_=PRODUCER, params={"query": query, "type": kind, **params}
    )
    assert r.status_code == 200, r.text
    result: list[dict[str, Any]] = r.json()["results"]
    return result


def test_roles_match_the_contract(api: Api) -> None:
    body = api.get("/credits/roles").json()
    assert [c["key"] for c in body["categories"]] == [k for k, _ in limits.CREDIT_CATEGORIES]
    assert [(r["key"], r["name"], r["category"]) for r in body["roles"]] == list(
        limits.CREDIT_ROLES
    )


def test_seeded_credits_are_one_entry_per_role_and_grouped(api: Api) -> None:
    items = credits(api)
    assert [c["position"] for c in items] == list(range(1, len(items) + 1))
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for c in items:
        if c["spotify_id"] not in groups:
            order.append(c["spotify_id"])
        groups.setdefault(c["spotify_id"], []).append(c["role"])
    # entries of one item are adjacent
    assert [c["spotify_id"] for c in items] == [s for s in order for _ in groups[s]]
    assert any(len(roles) > 1 for roles in groups.values())
    assert all(len(set(roles)) == len(roles) for roles in groups.values())
    assert any(not c["is_available"] for c in items)
    assert {c["type"] for c in items} == {"track", "album"}
    assert any(c["album"] for c in items)
    credit = items[0]
    for key in (
        "title",
        "artist_names",
        "image",
        "release_date",
        "release_year",
        "popularity",
        "role_name",
        "role_category",
        "spotify_url",
        "total_tracks",
    ):
        assert key in credit
    public = credits(api, sort="release_date")
    dates = [c["release_date"] for c in public]
    assert dates == sorted(dates, reverse=True)


def test_search_validation_and_results(api: Api) -> None:
    results = search(api, "Golden", limit=5)
    assert 0 < len(results) <= 5
    assert all("golden" in (r["title"] + r["artist_names"]).lower() for r in results)
    pops = [r["popularity"] for r in results]
    assert pops == sorted(pops, reverse=True)
    assert results[0]["existing_roles"] == []
    for params in ({"query": "a"}, {"query": "ok", "limit": 21}, {"query": "ok", "type": "x"}):
        r = api.get("/credits/spotify-search", as_=PRODUCER, params=params)
        assert r.status_code == 422
    assert api.get("/credits/spotify-search", params={"query": "ok"}).status_code == 401


def test_existing_roles_for_an_artist(api: Api) -> None:
    first = credits(api)[0]
    r = api.get(
        "/credits/spotify-search",
        as_=PRODUCER,
        params={"query": first["title"], "artist_id": NOVA, "limit": 20},
    )
    hit = next(x for x in r.json()["results"] if x["spotify_id"] == first["spotify_id"])
    assert first["role"] in hit["existing_roles"]


def test_add_track_credit_skips_existing_roles(api: Api) -> None:
    item = search(api, "Silver", limit=1)[0]
    r = api.post(
        f"/artists/{NOVA}/credits",
        as_=PRODUCER,
        json={
            "spotify_id": item["spotify_id"],
            "type": "track",
            "roles": ["producer", "mixing_engineer"],
        },
    )
    assert r.status_code == 201
    body = r.json()
    assert [c["role"] for c in body["credits"]] == ["producer", "mixing_engineer"]
    assert body["skipped_roles"] == []
    r = api.post(
        f"/artists/{NOVA}/credits",
        as_=PRODUCER,
        json={
            "spotify_id": item["spotify_id"],
            "type": "track",
            "roles": ["producer", "songwriter"],
        },
    )
    assert r.status_code == 201
    assert r.json()["skipped_roles"] == ["producer"]
    assert [c["role"] for c in r.json()["credits"]] == ["songwriter"]
    r = api.post(
        f"/artists/{NOVA}/credits",
        as_=PRODUCER,
        json={"spotify_id": item["spotify_id"], "type": "track", "roles": ["producer"]},
    )
    assert r.status_code == 409 and r.json()["error_code"] == "credit_exists"
    ours = [c for c in credits(api) if c["spotify_id"] == item["spotify_id"]]
    positions = [c["position"] for c in ours]
    assert positions == list(range(positions[0], positions[0] + 3))  # adjacent


def test_add_credit_errors(api: Api) -> None:
    def add(body: dict[str, Any], as_: str = PRODUCER) -> int:
        return api.post(f"/artists/{NOVA}/credits", as_=as_, json=body).status_code

    item = search(api, "Blue", limit=1)[0]["spotify_id"]
    assert add({"spotify_id": item, "type": "track", "roles": ["producer"]}, APPLICANT) == 403
    assert add({"spotify_id": "nope", "type": "track", "roles": ["producer"]}) == 404
    assert add({"spotify_id": item, "type": "album", "roles": ["producer"]}) == 404
    assert add({"spotify_id": item, "type": "track", "roles": ["dj"]}) == 422
    assert add({"spotify_id": item, "type": "track", "roles": []}) == 422
    assert add({"spotify_id": item, "type": "track", "roles": ["producer", "producer"]}) == 422
    assert add({"spotify_id": item, "type": "song", "roles": ["producer"]}) == 422
    r = api.post(
        f"/artists/{NOVA}/credits",
        as_=PRODUCER,
        json={"spotify_id": item, "type": "track", "roles": ["x"]},
    )
    assert "roles.0" in r.json()["errors"]


def test_album_lookup_and_album_flow(api: Api) -> None:
    album = search(api, "en", "album", limit=20)[-1]
    r = api.get("/credits/spotify-album", as_=PRODUCER, params={"id": album["spotify_id"]})
    assert r.status_code == 200
    tracks = r.json()["album"]["tracks"]
    assert len(tracks) == album["total_tracks"] >= 6
    assert [t["track_number"] for t in tracks] == list(range(1, len(tracks) + 1))
    body = {
        "spotify_album_id": album["spotify_id"],
        "roles_for_all": ["producer"],
        "tracks": [
            {"spotify_id": tracks[0]["spotify_id"], "roles": ["mixing_engineer"]},
            {"spotify_id": tracks[1]["spotify_id"], "roles": []},
        ],
    }
    r = api.post(f"/artists/{NOVA}/credits/album", as_=PRODUCER, json=body)
    assert r.status_code == 201
    made = r.json()["credits"]
    assert [(c["spotify_id"], c["role"]) for c in made] == [
        (tracks[0]["spotify_id"], "producer"),
        (tracks[0]["spotify_id"], "mixing_engineer"),
        (tracks[1]["spotify_id"], "producer"),
    ]
    assert all(
        c["type"] == "track" and c["album"]["spotify_id"] == album["spotify_id"] for c in made
    )
    r = api.post(
        f"/artists/{NOVA}/credits/album",
        as_=PRODUCER,
        json={
            "spotify_album_id": album["spotify_id"],
            "roles_for_all": [],
            "tracks": [
                {"spotify_id": tracks[0]["spotify_id"], "roles": ["mixing_engineer"]},
                {"spotify_id": tracks[2]["spotify_id"], "roles": []},
                {"spotify_id": tracks[3]["spotify_id"], "roles": ["composer"]},
            ],
        },
    )
    assert r.status_code == 201
    assert r.json()["skipped_tracks"] == 2
    r = api.post(
        f"/artists/{NOVA}/credits/album",
        as_=PRODUCER,
        json={
            "spotify_album_id": album["spotify_id"],
            "roles_for_all": [],
            "tracks": [{"spotify_id": tracks[2]["spotify_id"], "roles": []}],
        },
    )
    assert r.status_code == 422
    r = api.post(
        f"/artists/{NOVA}/credits/album",
        as_=PRODUCER,
        json={
            "spotify_album_id": album["spotify_id"],
            "roles_for_all": ["producer"],
            "tracks": [{"spotify_id": "not-on-album", "roles": []}],
        },
    )
    assert r.status_code == 422 and "tracks.0.spotify_id" in r.json()["errors"]
    assert (
        api.get("/credits/spotify-album", as_=PRODUCER, params={"id": "missing"}).status_code == 404
    )


def test_update_delete_and_reorder(api: Api) -> None:
    items = credits(api)
    multi = next(c for c in items if sum(x["spotify_id"] == c["spotify_id"] for x in items) > 1)
    sibling = next(
        x for x in items if x["spotify_id"] == multi["spotify_id"] and x["id"] != multi["id"]
    )
    url = f"/artists/{NOVA}/credits/{multi['id']}"
    r = api.put(url, as_=PRODUCER, json={"role": sibling["role"]})
    assert r.status_code == 409 and r.json()["error_code"] == "credit_exists"
    r = api.put(url, as_=PRODUCER, json={"role": "a_and_r"})
    assert r.status_code == 200 and r.json()["credit"]["role_name"] == "A&R"
    assert api.put(url, as_=PRODUCER, json={"role": "boss"}).status_code == 422
    assert (
        api.put(
            f"/artists/{NOVA}/credits/999999", as_=PRODUCER, json={"role": "producer"}
        ).status_code
        == 404
    )
    assert api.delete(url, as_=PRODUCER).json() == {"status": "success"}
    assert api.delete(url, as_=PRODUCER).status_code == 404
    ids = [c["id"] for c in credits(api)]
    reordered = ids[::-1]
    r = api.post(f"/artists/{NOVA}/credits/reorder", as_=PRODUCER, json={"ids": reordered})
    assert r.status_code == 200
    assert [c["id"] for c in r.json()["credits"]] == reordered
    assert [c["id"] for c in credits(api)] == reordered
    for bad in (reordered[1:], [*reordered, reordered[0]], [*reordered[1:], 999999], "x"):
        r = api.post(f"/artists/{NOVA}/credits/reorder", as_=PRODUCER, json={"ids": bad})
        assert r.status_code == 422 and "ids" in r.json()["errors"]
    assert (
        api.post(f"/artists/{NOVA}/credits/reorder", as_=APPLICANT, json={"ids": ids}).status_code
        == 403
    )


def test_spotify_down_is_503_on_lookups_only(api: Api) -> None:
    item = search(api, "Neon", limit=1)[0]["spotify_id"]
    api.handle.set_faults(spotify_down=True)
    for method, path, kwargs in (
        ("GET", "/credits/spotify-search", {"params": {"query": "Neon"}}),
        ("GET", "/credits/spotify-album", {"params": {"id": "x"}}),
        (
            "POST",
            f"/artists/{NOVA}/credits",
            {"json": {"spotify_id": item, "type": "track", "roles": ["producer"]}},
        ),
        (
            "POST",
            f"/artists/{NOVA}/credits/album",
            {"json": {"spotify_album_id": "x", "roles_for_all": ["producer"]}},
        ),
    ):
        r = api.call(method, path, as_=PRODUCER, **kwargs)
        assert r.status_code == 503, path
        assert r.json()["error_code"] == "spotify_unavailable"
    assert credits(api)
    api.handle.set_faults()
    assert search(api, "Neon", limit=1)
