"""R1–R5: the producer profile, its partial update, tracks, albums, ownership."""

from __future__ import annotations

from typing import Any

from sandbox_helpers import ADMIN, APPLICANT, COLDHARBOR, PRODUCER, Api, artist_id

NOVA = 1  # first seeded profile; the tests below also look names up through S1


def edit_page(api: Api, artist: int = NOVA, as_: str = PRODUCER) -> dict[str, Any]:
    r = api.get(f"/artists/{artist}", as_=as_, params={"loader": "editArtistPage"})
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def test_edit_loader_shape(api: Api) -> None:
    body = edit_page(api)
    assert "status" not in body
    assert body["loader"] == "editArtistPage" and body["selectedAlbumLayout"] == "list"
    assert "tracks" not in body
    artist = body["artist"]
    assert artist["name"] == "Nova Beats" and artist["verified"] is True
    assert artist["image_small"].startswith(api.handle.origin + "/storage/artist_images/")
    assert artist["cover_image"].startswith(api.handle.origin + "/storage/artist_images/")
    assert len(artist["profile_images"]) == 6
    assert {g["name"] for g in artist["genres"]} == {"trap", "hip-hop", "lo-fi", "r-n-b"}
    assert artist["profile"]["description"] and artist["profile"]["city"] == "Toronto"
    assert len(artist["links"]) == 4
    assert artist["pinned_track"]["id"] > 0
    albums = body["albums"]
    assert albums["per_page"] == 50 and "total" not in albums
    assert all("tracks_count" in a and "tracks" not in a for a in albums["data"])
    assert len(albums["data"]) == 5


def test_artist_page_loader_adds_similar_top_tracks_and_tracks(api: Api) -> None:
    r = api.get(f"/artists/{NOVA}", as_=PRODUCER)
    body = r.json()
    assert body["loader"] == "artistPage" and "status" not in body
    assert body["artist"]["similar"] and body["artist"]["top_tracks"]
    assert body["tracks"]["total"] >= 60
    assert "tracks" in body["albums"]["data"][0]


def test_anonymous_caller_gets_minimal_artist(api: Api) -> None:
    artist = api.get(f"/artists/{NOVA}").json()["artist"]
    assert {"id", "name", "model_type"} <= artist.keys()
    assert "verified" not in artist


def test_unknown_artist_is_404(api: Api) -> None:
    assert api.get("/artists/99999", as_=PRODUCER).status_code == 404
    assert api.put("/artists/99999", as_=PRODUCER, json={}).status_code == 404


def full_payload(artist: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": artist["name"],
        "image_small": artist["image_small"],
        "cover_image": artist["cover_image"],
        "verified": artist["verified"],
        "genres": [g["name"] for g in artist["genres"]],
        "profile": artist["profile"],
        "links": [{"url": x["url"], "title": x["title"]} for x in artist["links"]],
        "profile_images": [{"id": x["id"], "url": x["url"]} for x in artist["profile_images"]],
    }


def test_update_round_trip_keeps_everything(api: Api) -> None:
    before = edit_page(api)["artist"]
    payload = full_payload(before)
    payload["profile"] = {**before["profile"], "city": "Montreal"}
    payload["genres"] = ["trap", {"name": "Cloud Rap", "display_name": "Cloud Rap"}]
    payload["profile_images"] = [
        *payload["profile_images"][::-1][:5],
        {"url": before["image_small"]},
    ]
    r = api.put(f"/artists/{NOVA}", as_=PRODUCER, json=payload)
    assert r.status_code == 200 and r.json()["status"] == "success"
    after = r.json()["artist"]
    assert after["profile"]["city"] == "Montreal"
    assert after["image_small"] == before["image_small"]  # absolute URL stays fetchable
    assert [g["name"] for g in after["genres"]] == ["trap", "cloud-rap"]
    ids = [x["id"] for x in after["profile_images"]]
    assert ids[:5] == [x["id"] for x in before["profile_images"]][::-1][:5]
    assert ids[5] not in {x["id"] for x in before["profile_images"]}
    assert after["verified"] is True
    assert edit_page(api)["artist"]["profile"]["city"] == "Montreal"


def test_partial_update_keeps_missing_keys_and_empty_list_clears(api: Api) -> None:
    before = edit_page(api)["artist"]
    r = api.put(f"/artists/{NOVA}", as_=PRODUCER, json={"links": []})
    after = r.json()["artist"]
    assert after["links"] == []
    assert after["image_small"] == before["image_small"]
    assert after["profile_images"] == before["profile_images"]
    assert after["genres"] == before["genres"]
    assert after["verified"] is True


def test_owner_cannot_rename_but_admin_can(api: Api) -> None:
    r = api.put(f"/artists/{NOVA}", as_=PRODUCER, json={"name": "Nova Beatz"})
    assert r.status_code == 422
    assert list(r.json()["errors"]) == ["name"]
    same = api.put(f"/artists/{NOVA}", as_=PRODUCER, json={"name": "Nova Beats"})
    assert same.status_code == 200
    r = api.put(f"/artists/{NOVA}", as_=ADMIN, json={"name": "Nova Beatz"})
    assert r.status_code == 200 and r.json()["artist"]["name"] == "Nova Beatz"


def test_verified_is_ignored_for_owners_and_set_by_admins(api: Api) -> None:
    lofi = artist_id(api, "Nova Lo-Fi")
    r = api.put(f"/artists/{lofi}", as_=PRODUCER, json={"verified": True})
    assert r.status_code == 200 and r.json()["artist"]["verified"] is False
    r = api.put(f"/artists/{lofi}", as_=ADMIN, json={"verified": True})
    assert r.json()["artist"]["verified"] is True


def test_update_needs_a_manager(api: Api) -> None:
    assert api.put(f"/artists/{NOVA}", json={}).status_code == 401
    r = api.put(f"/artists/{NOVA}", as_=APPLICANT, json={})
    assert r.status_code == 403
    assert r.json()["message"] == "You don't have required permissions for this action."


def test_update_validation(api: Api) -> None:
    r = api.put(
        f"/artists/{NOVA}",
        as_=PRODUCER,
        json={
            "links": [
                {"url": "https://x.example.com", "title": "X"},
                {"url": "https://y.example.com"},
            ],
            "genres": ["x" * 51] + ["g"] * 10,
            "profile_images": [{"id": "three", "url": "https://z.example.com/a.jpg"}],
            "verified": "yes",
            "profile": {"country": 7},
        },
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {
        "links.1.title",
        "genres",
        "genres.0",
        "profile_images.0.id",
        "verified",
        "profile.country",
    }


def test_tracks_ordered_by_popularity_with_token_fields(api: Api) -> None:
    page = api.get(f"/artists/{NOVA}/tracks", as_=PRODUCER, params={"perPage": 50}).json()[
        "pagination"
    ]
    assert page["total"] >= 60 and page["last_page"] == 2
    plays = [t["plays"] for t in page["data"]]
    assert plays == sorted(plays, reverse=True)
    track = page["data"][0]
    for key in (
        "bpm",
        "key",
        "licensing_type",
        "exclusive_status",
        "price",
        "currency",
        "genres",
        "album",
        "artists",
        "plays_count",
        "likes_count",
        "reposts_count",
        "duration",
        "duration_text",
        "pin_eligibility",
    ):
        assert key in track, key
    assert page["per_page"] == 50


def test_tracks_hide_eligibility_from_non_managers(api: Api) -> None:
    page = api.get(f"/artists/{NOVA}/tracks", as_=APPLICANT).json()["pagination"]
    assert page["per_page"] == 20
    assert all("pin_eligibility" not in t for t in page["data"])
    anonymous = api.get(f"/artists/{NOVA}/tracks").json()["pagination"]["data"][0]
    assert "price" not in anonymous


def test_albums_order_and_tracks(api: Api) -> None:
    page = api.get(f"/artists/{NOVA}/albums", as_=PRODUCER).json()["pagination"]
    assert page["per_page"] == 5 and page["total"] == 5
    counts = [a["tracks_count"] for a in page["data"]]
    assert counts == [10, 8, 6, 4, 3]  # ≥5 tracks first, then newest
    big = [a for a in page["data"] if a["tracks_count"] >= 5]
    dates = [a["release_date"] for a in big]
    assert dates == sorted(dates, reverse=True)
    assert len(page["data"][0]["tracks"]) == 10
    bare = api.get(
        f"/artists/{NOVA}/albums", params={"loadAlbumTracks": "false", "paginate": "simple"}
    )
    assert "tracks" not in bare.json()["pagination"]["data"][0]
    assert "total" not in bare.json()["pagination"]


def test_check_ownership(api: Api) -> None:
    def check(artist: int, as_: str) -> dict[str, Any]:
        r = api.get(f"/artists/{artist}/check-ownership", as_=as_)
        assert r.status_code == 200
        body: dict[str, Any] = r.json()
        return body

    cold = artist_id(api, "Cold Harbor")
    midnight = artist_id(api, "Midnight Cassette")
    assert check(NOVA, PRODUCER)["availability"] == "owned_by_you"
    assert check(NOVA, PRODUCER)["is_owner"] is True
    assert check(cold, PRODUCER) == {
        "status": "success",
        "artist_id": cold,
        "is_owner": False,
        "claimed": True,
        "availability": "already_claimed",
    }
    assert check(cold, COLDHARBOR)["availability"] == "owned_by_you"
    assert check(midnight, APPLICANT)["availability"] == "available"
    assert check(midnight, APPLICANT)["claimed"] is False
    assert api.get("/artists/99999/check-ownership", as_=PRODUCER).status_code == 404
    assert api.get(f"/artists/{NOVA}/check-ownership").status_code == 401
