"""The ``spotify_unknown`` fault: items found by search are no longer on Spotify when they
are added (C3, C5, C6 answer 404); search and the credits list keep working."""

from __future__ import annotations

from sandbox_helpers import PRODUCER, Api

NOVA = 1


def test_spotify_unknown_is_404_on_lookups_by_id_only(api: Api) -> None:
    found = api.get(
        "/credits/spotify-search", as_=PRODUCER, params={"query": "in", "type": "album"}
    ).json()["results"][0]
    before = api.get(f"/artists/{NOVA}/credits").json()["credits"]
    api.handle.set_faults(spotify_unknown=True)
    for method, path, kwargs in (
        ("GET", "/credits/spotify-album", {"params": {"id": found["spotify_id"]}}),
        (
            "POST",
            f"/artists/{NOVA}/credits",
            {"json": {"spotify_id": found["spotify_id"], "type": "album", "roles": ["producer"]}},
        ),
        (
            "POST",
            f"/artists/{NOVA}/credits/album",
            {"json": {"spotify_album_id": found["spotify_id"], "roles_for_all": ["producer"]}},
        ),
    ):
        r = api.call(method, path, as_=PRODUCER, **kwargs)
        assert r.status_code == 404, path
    r = api.get("/credits/spotify-search", as_=PRODUCER, params={"query": "Neon"})
    assert r.status_code == 200 and r.json()["results"]
    assert api.get(f"/artists/{NOVA}/credits").json()["credits"] == before
    api.handle.set_faults()
    r = api.get("/credits/spotify-album", as_=PRODUCER, params={"id": found["spotify_id"]})
    assert r.status_code == 200


def test_spotify_unknown_is_set_through_the_hook(api: Api) -> None:
    r = api.session.post(f"{api.handle.origin}/__sandbox/faults", json={"spotify_unknown": 1})
    assert r.status_code == 422
    r = api.session.post(f"{api.handle.origin}/__sandbox/faults", json={"spotify_unknown": True})
    assert r.status_code == 200
    r = api.get("/credits/spotify-album", as_=PRODUCER, params={"id": "anything"})
    assert r.status_code == 404
