"""API.md §2.2 (Artist), §5 (R1–R5) and §8 (P1–P3)."""

from __future__ import annotations

from typing import Any

from contract_helpers import (
    ADMIN,
    APPLICANT,
    ARTIST_KEYS,
    COLDHARBOR,
    PIN_REASONS,
    PRODUCER,
    TOKEN_TIER_TRACK_KEYS,
    TRACK_KEYS,
    Http,
    check_page,
    error_body,
    field_errors,
)


def edit_page(http: Http, artist_id: int, as_: str | None = PRODUCER) -> dict[str, Any]:
    return http.ok("GET", f"/artists/{artist_id}", as_=as_, params={"loader": "editArtistPage"})


def check_track(track: dict[str, Any], *, token_tier: bool = True) -> None:
    assert set(track) >= TRACK_KEYS, sorted(TRACK_KEYS - set(track))
    if token_tier:
        assert set(track) >= TOKEN_TIER_TRACK_KEYS, sorted(TOKEN_TIER_TRACK_KEYS - set(track))
    assert track["model_type"] == "track" and "src" not in track
    assert isinstance(track["duration"], int)
    minutes, seconds = divmod(track["duration"] // 1000, 60)
    assert track["duration_text"] == f"{minutes}:{seconds:02d}"
    for artist in track["artists"]:
        assert set(artist) >= {"id", "name", "image_small"}


# --- R1 -------------------------------------------------------------------------------------


def test_r1_edit_loader(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    body = edit_page(ro, nova)
    assert set(body) == {"artist", "albums", "loader", "selectedAlbumLayout"}
    assert body["loader"] == "editArtistPage" and body["selectedAlbumLayout"] == "list"
    artist = body["artist"]
    assert set(artist) >= ARTIST_KEYS, sorted(ARTIST_KEYS - set(artist))
    assert artist["model_type"] == "artist" and artist["verified"] is True
    assert set(artist["profile"]) == {"description", "city", "country"}
    assert all(set(g) >= {"id", "name", "display_name"} for g in artist["genres"])
    assert all(set(i) >= {"id", "url"} for i in artist["profile_images"])
    assert all(set(lk) >= {"id", "url", "title"} for lk in artist["links"])
    check_track(artist["pinned_track"])
    pinned = ro.ok("GET", f"/artists/{nova}/pinned-track", as_=PRODUCER)
    assert pinned["pinned_track"]["id"] == artist["pinned_track"]["id"]
    albums = check_page(body["albums"], simple=True)
    assert body["albums"]["per_page"] == 50 and albums
    assert all(isinstance(a["tracks_count"], int) and "tracks" not in a for a in albums)


def test_r1_artist_page_loader_and_default(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    for params in ({"loader": "artistPage"}, {}, {"loader": "artistPage", "with": "albums"}):
        body = ro.ok("GET", f"/artists/{nova}", as_=APPLICANT, params=params)
        assert "status" not in body and body["loader"] == "artistPage"
        assert {"artist", "albums", "tracks", "loader"} <= set(body)
        assert isinstance(body["artist"]["similar"], list)
        assert body["artist"]["top_tracks"]
        check_page(body["albums"], simple=True)
        tracks = check_page(body["tracks"], simple=False)
        assert tracks and all(check_track(t) is None for t in tracks)


def test_r1_anonymous_minimal_views_and_404(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    body = ro.ok("GET", f"/artists/{nova}", params={"loader": "editArtistPage"})
    assert body["artist"] == {"id": nova, "name": "Nova Beats", "model_type": "artist"}
    views = edit_page(ro, nova)["artist"]["views"]
    assert edit_page(ro, nova)["artist"]["views"] == views + 1
    error_body(ro.get("/artists/987654", as_=PRODUCER), 404)
    error_body(ro.get("/artists/abc", as_=PRODUCER), 404)


# --- R2 -------------------------------------------------------------------------------------


def full_payload(artist: dict[str, Any]) -> dict[str, Any]:
    """The R2 body built from R1, as the client sends it."""
    return {
        "name": artist["name"],
        "image_small": artist["image_small"],
        "cover_image": artist["cover_image"],
        "verified": artist["verified"],
        "genres": [
            {"name": g["name"], "display_name": g["display_name"]} for g in artist["genres"]
        ],
        "profile": artist["profile"],
        "links": [{"url": lk["url"], "title": lk["title"]} for lk in artist["links"]],
        "profile_images": [{"id": i["id"], "url": i["url"]} for i in artist["profile_images"]],
    }


def comparable(artist: dict[str, Any]) -> dict[str, Any]:
    """An artist without the values a save may change (links are recreated: new ids)."""
    skip = {"views", "updated_at", "pinned_track", "links"}
    body = {k: v for k, v in artist.items() if k not in skip}
    body["links"] = [(lk["url"], lk["title"]) for lk in artist["links"]]
    return body


def test_r2_full_round_trip_changes_nothing(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    before = edit_page(rw, nova)["artist"]
    body = rw.ok("PUT", f"/artists/{nova}", as_=PRODUCER, json=full_payload(before))
    assert body["status"] == "success"
    assert comparable(body["artist"]) == comparable(before)
    assert set(body["artist"]) >= ARTIST_KEYS


def test_r2_partial_semantics(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    before = edit_page(rw, nova)["artist"]
    after = rw.ok("PUT", f"/artists/{nova}", as_=PRODUCER, json={"profile": {"city": "Montreal"}})[
        "artist"
    ]
    assert after["profile"]["city"] == "Montreal"
    assert after["profile"]["description"] == before["profile"]["description"]
    for key in ("image_small", "cover_image", "verified", "genres", "links", "profile_images"):
        assert after[key] == before[key], key
    # Gallery: an id keeps the entry, no id adds one; order is list order.
    keep = before["profile_images"][2]
    new_url = before["profile_images"][0]["url"]
    after = rw.ok(
        "PUT",
        f"/artists/{nova}",
        as_=PRODUCER,
        json={"profile_images": [{"url": new_url}, {"id": keep["id"], "url": keep["url"]}]},
    )["artist"]
    assert [i["url"] for i in after["profile_images"]] == [new_url, keep["url"]]
    assert after["profile_images"][1]["id"] == keep["id"]
    # Genres: names or objects, slugified; unknown ones created.
    after = rw.ok(
        "PUT",
        f"/artists/{nova}",
        as_=PRODUCER,
        json={"genres": ["Trap", {"name": "Deep House", "display_name": "Deep House"}]},
    )["artist"]
    assert [g["name"] for g in after["genres"]] == ["trap", "deep-house"]
    assert after["genres"][1]["display_name"] == "Deep House"
    # [] clears; null clears a nullable URL.
    after = rw.ok(
        "PUT",
        f"/artists/{nova}",
        as_=PRODUCER,
        json={"links": [], "profile_images": [], "genres": [], "cover_image": None},
    )["artist"]
    assert after["links"] == [] and after["profile_images"] == [] and after["genres"] == []
    assert after["cover_image"] is None and after["image_small"] == before["image_small"]


def test_r2_name_and_verified_rules(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    errors = field_errors(rw.put(f"/artists/{nova}", as_=PRODUCER, json={"name": "Nova Two"}))
    assert set(errors) == {"name"}
    same = rw.ok("PUT", f"/artists/{nova}", as_=PRODUCER, json={"name": "Nova Beats"})
    assert same["artist"]["name"] == "Nova Beats"
    kept = rw.ok("PUT", f"/artists/{nova}", as_=PRODUCER, json={"verified": False})["artist"]
    assert kept["verified"] is True  # ignored for non-admins
    admin = rw.ok(
        "PUT", f"/artists/{nova}", as_=ADMIN, json={"name": "Nova Two", "verified": False}
    )["artist"]
    assert admin["name"] == "Nova Two" and admin["verified"] is False
    lofi = rw.artist_id("Nova Lo-Fi")
    kept = rw.ok("PUT", f"/artists/{lofi}", as_=PRODUCER, json={"verified": True})["artist"]
    assert kept["verified"] is False


def test_r2_errors_and_validation(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    error_body(rw.put(f"/artists/{nova}", json={}), 401)
    error_body(rw.put(f"/artists/{nova}", as_=APPLICANT, json={}), 403)
    error_body(rw.put(f"/artists/{nova}", as_=COLDHARBOR, json={}), 403)
    error_body(rw.put("/artists/987654", as_=ADMIN, json={}), 404)
    link = {"url": "https://youtube.com/@x", "title": "YouTube"}
    long_url = "https://x.example/" + "a" * 250
    cases = [
        ({"name": ""}, "name"),
        ({"name": "n" * 256}, "name"),
        ({"image_small": long_url}, "image_small"),
        ({"cover_image": long_url}, "cover_image"),
        ({"verified": "yes"}, "verified"),
        ({"genres": ["g"] * 11}, "genres"),
        ({"genres": ["g" * 51]}, "genres.0"),
        ({"genres": [""]}, "genres.0"),
        ({"profile": {"description": "d" * 5001}}, "profile.description"),
        ({"profile": {"city": "c" * 256}}, "profile.city"),
        ({"profile": {"country": "c" * 256}}, "profile.country"),
        ({"links": [link] * 11}, "links"),
        ({"links": [link, {"url": "https://x.example"}]}, "links.1.title"),
        ({"links": [{"url": "notaurl", "title": "X"}]}, "links.0.url"),
        ({"links": [{"url": long_url, "title": "X"}]}, "links.0.url"),
        ({"links": None}, "links"),
        ({"profile_images": [{"url": "https://x.example/a.jpg"}] * 11}, "profile_images"),
        ({"profile_images": [{"url": long_url}]}, "profile_images.0.url"),
        ({"profile_images": [{"id": 1}]}, "profile_images.0.url"),
    ]
    for body, key in cases:
        errors = field_errors(rw.put(f"/artists/{nova}", as_=ADMIN, json=body))
        assert key in errors, (body, errors)
    ok = {
        "name": "n" * 255,
        "genres": ["g" * 50] + [f"genre {n}" for n in range(9)],
        "links": [link] * 10,
        "profile_images": [{"url": "https://x.example/a.jpg"}] * 10,
        "profile": {"description": "d" * 5000},
    }
    artist = rw.ok("PUT", f"/artists/{nova}", as_=ADMIN, json=ok)["artist"]
    assert len(artist["genres"]) == 10 and len(artist["profile_images"]) == 10


# --- R3 / R4 / R5 ----------------------------------------------------------------------------


def test_r3_tracks(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    body = ro.ok("GET", f"/artists/{nova}/tracks", as_=APPLICANT)
    items = check_page(body["pagination"], simple=False)
    assert body["pagination"]["per_page"] == 20 and len(items) == 20
    plays = [t["plays"] for t in items]
    assert plays == sorted(plays, reverse=True)
    for track in items:
        check_track(track)
        assert {"plays_count", "likes_count", "reposts_count"} <= set(track)
        assert any(a["id"] == nova for a in track["artists"])
    anon = ro.ok("GET", f"/artists/{nova}/tracks")["pagination"]["data"]
    assert anon and all(check_track(t, token_tier=False) is None for t in anon)
    error_body(ro.get("/artists/987654/tracks", as_=PRODUCER), 404)


def test_r4_albums(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    body = ro.ok("GET", f"/artists/{nova}/albums", as_=PRODUCER)
    items = check_page(body["pagination"], simple=False)
    assert body["pagination"]["per_page"] == 5
    everything = ro.ok("GET", f"/artists/{nova}/albums", as_=PRODUCER, params={"perPage": 50})[
        "pagination"
    ]["data"]
    assert [a["id"] for a in everything[:5]] == [a["id"] for a in items]
    key = [(len(a["tracks"]) >= 5, a["release_date"], a["id"]) for a in everything]
    assert key == sorted(key, reverse=True)
    assert all(len(a["tracks"]) == a["tracks_count"] for a in everything)
    simple = ro.ok(
        "GET",
        f"/artists/{nova}/albums",
        as_=PRODUCER,
        params={"paginate": "simple", "loadAlbumTracks": "false"},
    )
    assert all("tracks" not in a for a in check_page(simple["pagination"], simple=True))


def test_r5_check_ownership(ro: Http) -> None:
    expected = {
        "Nova Beats": ("owned_by_you", True, True),
        "Cold Harbor": ("already_claimed", False, True),
        "Midnight Cassette": ("available", False, False),
    }
    for name, (availability, is_owner, claimed) in expected.items():
        artist_id = ro.artist_id(name)
        body = ro.ok("GET", f"/artists/{artist_id}/check-ownership", as_=PRODUCER)
        assert body == {
            "status": "success",
            "artist_id": artist_id,
            "is_owner": is_owner,
            "claimed": claimed,
            "availability": availability,
        }
    nova = ro.artist_id("Nova Beats")
    error_body(ro.get(f"/artists/{nova}/check-ownership"), 401)
    error_body(ro.get("/artists/987654/check-ownership", as_=PRODUCER), 404)


# --- P1–P3 -----------------------------------------------------------------------------------


def nova_tracks(http: Http, nova: int) -> list[dict[str, Any]]:
    return (
        http.ok("GET", f"/artists/{nova}/tracks", as_=PRODUCER, params={"perPage": 50, "page": 1})[
            "pagination"
        ]["data"]
        + http.ok(
            "GET", f"/artists/{nova}/tracks", as_=PRODUCER, params={"perPage": 50, "page": 2}
        )["pagination"]["data"]
    )


def test_p1_every_reason_and_an_eligible_pin(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    tracks = nova_tracks(rw, nova)
    by_reason: dict[str | None, int] = {}
    for track in tracks:
        by_reason.setdefault(track["pin_eligibility"]["reason"], track["id"])
    assert set(by_reason) == {None, *PIN_REASONS}
    for reason in PIN_REASONS:
        r = rw.post(f"/artists/{nova}/tracks/{by_reason[reason]}/pin", as_=PRODUCER)
        body = error_body(r, 422, code="track_not_eligible")
        assert body["reason"] == reason and body["message"]
    current = rw.ok("GET", f"/artists/{nova}/pinned-track")["pinned_track"]["id"]
    eligible = next(
        t["id"] for t in tracks if t["pin_eligibility"]["eligible"] and t["id"] != current
    )
    body = rw.ok("POST", f"/artists/{nova}/tracks/{eligible}/pin", as_=PRODUCER)
    assert body["status"] == "success" and body["pinned_track"]["id"] == eligible
    check_track(body["pinned_track"])
    p3 = rw.ok("GET", f"/artists/{nova}/pinned-track", as_=APPLICANT)
    assert p3["pinned_track"]["id"] == eligible and p3["source"] == "manual"
    assert edit_page(rw, nova)["artist"]["pinned_track"]["id"] == eligible


def test_p2_unpin_is_idempotent_and_p3_goes_null(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    pinned = rw.ok("GET", f"/artists/{nova}/pinned-track")["pinned_track"]["id"]
    for _ in range(2):
        body = rw.ok("POST", f"/artists/{nova}/tracks/{pinned}/unpin", as_=PRODUCER)
        assert body == {"status": "success", "pinned_track": None}
    assert rw.ok("GET", f"/artists/{nova}/pinned-track") == {
        "status": "success",
        "pinned_track": None,
        "source": None,
    }
    assert edit_page(rw, nova)["artist"]["pinned_track"] is None


def test_p_errors(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    track = ro.ok("GET", f"/artists/{nova}/pinned-track")["pinned_track"]["id"]
    for action in ("pin", "unpin"):
        error_body(ro.post(f"/artists/{nova}/tracks/{track}/{action}"), 401)
        error_body(ro.post(f"/artists/{nova}/tracks/{track}/{action}", as_=APPLICANT), 403)
        error_body(ro.post(f"/artists/987654/tracks/{track}/{action}", as_=PRODUCER), 404)
        error_body(ro.post(f"/artists/{nova}/tracks/987654/{action}", as_=PRODUCER), 404)
    error_body(ro.get("/artists/987654/pinned-track"), 404)
