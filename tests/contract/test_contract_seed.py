"""The demo seed of issue 2 item 4, seen through the API as a client sees it, and
``--seed large``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import requests
from contract_helpers import ADMIN, PASSWORDS, PRODUCER, Http, check_page
from PIL import Image

from studio.sandbox.server import start_sandbox


def fetch_image(url: str) -> Image.Image:
    r = requests.get(url, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/"), url
    assert len(r.content) < 300_000, (url, len(r.content))  # small but real
    image = Image.open(io.BytesIO(r.content))
    image.load()
    return image


def all_tracks(http: Http, artist_id: int) -> list[dict[str, Any]]:
    tracks: list[dict[str, Any]] = []
    page: int | None = 1
    while page is not None:
        body = http.ok(
            "GET",
            f"/artists/{artist_id}/tracks",
            as_=PRODUCER,
            params={"page": page, "perPage": 50},
        )
        tracks += check_page(body["pagination"], simple=False)
        page = body["pagination"]["next_page"]
    return tracks


def test_every_demo_account_signs_in(ro: Http) -> None:
    for email, password in PASSWORDS.items():
        r = ro.post(
            "/auth/login",
            json={"email": email, "password": password, "token_name": "contract seed"},
        )
        assert r.status_code == 200, (email, r.text)
        assert r.json()["user"]["email"] == email


def test_nova_beats_is_complete(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    artist = ro.ok("GET", f"/artists/{nova}", as_=PRODUCER, params={"loader": "editArtistPage"})[
        "artist"
    ]
    assert artist["verified"] is True
    avatar = fetch_image(artist["image_small"])
    assert avatar.width == avatar.height >= 400
    cover = fetch_image(artist["cover_image"])
    assert abs(cover.width / cover.height - 16 / 9) < 0.02
    description = artist["profile"]["description"]
    assert description and description.count("\n") >= 2  # a bio with several lines
    assert artist["profile"]["city"] and artist["profile"]["country"]
    assert len(artist["links"]) >= 3 and all(
        lk["url"].startswith("https://") for lk in artist["links"]
    )
    assert any("youtube.com/@" in lk["url"] for lk in artist["links"])
    assert len(artist["genres"]) >= 2
    assert len(artist["profile_images"]) == 6
    for image in artist["profile_images"]:
        photo = fetch_image(image["url"])
        assert min(photo.size) >= 800
    assert artist["pinned_track"] is not None
    credits = ro.ok("GET", f"/artists/{nova}/credits")["credits"]
    assert len({c["spotify_id"] for c in credits}) >= 8
    assert {c["type"] for c in credits} == {"track", "album"}
    tracks = all_tracks(ro, nova)
    assert len(tracks) >= 60
    own = [t for t in tracks if t["artists"][0]["id"] == nova]
    assert any(t["album"] is None for t in own) and any(t["album"] for t in own)
    reasons = {t["pin_eligibility"]["reason"] for t in tracks}
    assert reasons == {
        None,
        "exclusive_sold",
        "no_active_offer",
        "ai_rights_unconfirmed",
        "not_primary_owner",
        "not_playable",
    }
    albums = ro.ok("GET", f"/artists/{nova}/albums", as_=PRODUCER, params={"perPage": 50})
    assert len(albums["pagination"]["data"]) >= 3


def test_nova_lofi_is_sparse_and_unverified(ro: Http) -> None:
    lofi = ro.artist_id("Nova Lo-Fi")
    artist = ro.ok("GET", f"/artists/{lofi}", as_=PRODUCER, params={"loader": "editArtistPage"})[
        "artist"
    ]
    assert artist["verified"] is False
    assert artist["cover_image"] is None and artist["profile_images"] == []
    assert not artist["profile"]["description"] and artist["links"] == []
    assert ro.ok("GET", f"/artists/{lofi}/credits")["credits"] == []


def test_claim_targets(ro: Http) -> None:
    for name, availability in (
        ("Midnight Cassette", "available"),
        ("Cold Harbor", "already_claimed"),
    ):
        artist_id = ro.artist_id(name)
        body = ro.ok("GET", f"/artists/{artist_id}/check-ownership", as_=ADMIN)
        assert body["availability"] == availability, name
        assert all_tracks(ro, artist_id), name


def test_large_seed_adds_a_huge_profile_to_the_demo(tmp_path: Path) -> None:
    handle = start_sandbox(tmp_path / "large", seed="large", port=0)
    http = Http(handle)
    try:
        me = http.ok("GET", "/users/me", as_="large@demo.beatpass.test")["user"]
        artist_id = me["artists"][0]["id"]
        page = http.ok(
            "GET",
            f"/artists/{artist_id}/tracks",
            as_="large@demo.beatpass.test",
            params={"perPage": 50, "page": 200},
        )["pagination"]
        assert page["total"] == 10_000 and page["last_page"] == 200 and len(page["data"]) == 50
        credits = http.ok("GET", f"/artists/{artist_id}/credits")["credits"]
        assert len(credits) == 500
        assert http.artist_id("Nova Beats") and http.artist_id("Cold Harbor")  # demo still there
    finally:
        http.close()
        handle.stop()
