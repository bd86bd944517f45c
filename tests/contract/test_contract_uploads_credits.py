"""API.md §6 (F1 uploads, file entries) and §7 (C1–C9 credits)."""

from __future__ import annotations

import io
from typing import Any

import requests
from contract_helpers import (
    ADMIN,
    APPLICANT,
    CREDIT_KEYS,
    FILE_ENTRY_KEYS,
    PRODUCER,
    Http,
    error_body,
    field_errors,
)
from PIL import Image

MB = 1024 * 1024


def image_bytes(fmt: str, size: tuple[int, int] = (64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(buffer, fmt)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILES = {
    "jpg": (image_bytes("JPEG"), "image/jpeg"),
    "png": (image_bytes("PNG"), "image/png"),
    "gif": (image_bytes("GIF"), "image/gif"),
    "webp": (image_bytes("WEBP"), "image/webp"),
    "pdf": (PDF, "application/pdf"),
}
# API.md §6: (uploadType, disk, diskPrefix) → allowed extensions, max bytes.
KINDS: dict[str, tuple[dict[str, str], set[str], int]] = {
    "user avatar": (
        {"uploadType": "avatars", "disk": "public", "diskPrefix": "avatars"},
        {"jpg", "png", "gif", "webp"},
        2 * MB,
    ),
    "artist image": (
        {"uploadType": "artwork", "disk": "public", "diskPrefix": "artist_images"},
        {"jpg", "png", "gif", "webp"},
        2 * MB,
    ),
    "claim picture": (
        {"uploadType": "artwork", "disk": "public", "diskPrefix": "artist_media"},
        {"jpg", "png", "webp"},
        2 * MB,
    ),
    "attachment": (
        {"uploadType": "backstageAttachments", "disk": "uploads"},
        {"jpg", "png", "webp", "pdf"},
        5 * MB,
    ),
}


def upload(
    http: Http, name: str, content: bytes, mime: str, form: dict[str, str], **kw: Any
) -> requests.Response:
    ext = name.rsplit(".", 1)[-1]
    data = {**form, "clientMime": mime, "clientExtension": ext}
    return http.post("/uploads", files={"file": (name, content, mime)}, data=data, **kw)


def test_f1_every_kind_and_type(rw: Http) -> None:
    for kind, (form, allowed, _) in KINDS.items():
        for ext, (content, mime) in FILES.items():
            r = upload(rw, f"photo.{ext}", content, mime, form, as_=PRODUCER)
            if ext not in allowed:
                assert "file" in field_errors(r), (kind, ext)
                continue
            assert r.status_code == 201, (kind, ext, r.text)
            body = r.json()
            assert body["status"] == "success"
            entry = body["fileEntry"]
            assert set(entry) >= FILE_ENTRY_KEYS
            assert entry["name"] == f"photo.{ext}" and entry["mime"] == mime
            assert entry["extension"] == ext and entry["file_size"] == len(content)
            assert entry["type"] == ("pdf" if ext == "pdf" else "image")
            assert entry["url"].startswith(rw.handle.origin + "/storage/")
            served = requests.get(entry["url"], timeout=10)
            assert served.status_code == 200 and served.content == content


def test_f1_older_generation_parts_and_alias(rw: Http) -> None:
    jpg, mime = FILES["jpg"]
    r = rw.post(
        "/file-entries",
        as_=PRODUCER,
        files={"file": ("a.jpg", jpg, mime)},
        data={"disk": "public", "diskPrefix": "artist_images"},
    )
    assert r.status_code == 201 and r.json()["fileEntry"]["disk_prefix"] == "artist_images"
    r = rw.post(
        "/uploads",
        as_=PRODUCER,
        files={"file": ("a.pdf", PDF, "application/pdf")},
        data={"disk": "uploads"},
    )
    assert r.status_code == 201 and r.json()["fileEntry"]["type"] == "pdf"


def test_f1_size_caps(rw: Http) -> None:
    jpg = FILES["jpg"][0]
    for kind, (form, _, cap) in KINDS.items():
        fits = jpg + b"\0" * (cap - len(jpg))
        assert upload(rw, "big.jpg", fits, "image/jpeg", form, as_=PRODUCER).status_code == 201
        r = upload(rw, "big.jpg", fits + b"\0", "image/jpeg", form, as_=PRODUCER)
        assert "file" in field_errors(r), kind
    # Over the web server's limit: 413, JSON, never a 500.
    huge = jpg + b"\0" * (11 * MB)
    r = upload(rw, "huge.jpg", huge, "image/jpeg", KINDS["attachment"][0], as_=PRODUCER)
    error_body(r, 413)
    limit = rw.ok("GET", "/uploads/server-max-file-size", as_=PRODUCER)
    assert limit["maxFileSize"] >= 5 * MB


def test_f1_type_is_sniffed_not_trusted(rw: Http) -> None:
    form = KINDS["artist image"][0]
    png = FILES["png"][0]
    lies = [
        ("x.jpg", png, "image/jpeg"),  # PNG bytes called JPEG
        ("x.png", b"hello, I am text", "image/png"),
        ("x.png", PDF, "image/png"),
        ("x.exe", png, "image/png"),
    ]
    for name, content, mime in lies:
        assert "file" in field_errors(upload(rw, name, content, mime, form, as_=PRODUCER)), name
    assert "file" in field_errors(upload(rw, "x.png", b"", "image/png", form, as_=PRODUCER))
    r = rw.post("/uploads", as_=PRODUCER, data={"uploadType": "artwork"})
    assert "file" in field_errors(r)
    error_body(upload(rw, "x.png", png, "image/png", form), 401)


def test_file_entries_delete(rw: Http) -> None:
    form = KINDS["user avatar"][0]
    ids, urls = [], []
    for _ in range(3):
        entry = upload(rw, "a.png", FILES["png"][0], "image/png", form, as_=APPLICANT).json()
        ids.append(entry["fileEntry"]["id"])
        urls.append(entry["fileEntry"]["url"])
    error_body(rw.delete(f"/file-entries/{ids[0]}", as_=PRODUCER), 403)
    error_body(rw.delete(f"/file-entries/{ids[0]}"), 401)
    joined = ",".join(str(i) for i in ids[:2])
    assert rw.ok("DELETE", f"/file-entries/{joined}", as_=APPLICANT) == {"status": "success"}
    assert [requests.get(u, timeout=10).status_code for u in urls] == [404, 404, 200]


# --- C1–C4 -----------------------------------------------------------------------------------

ROLES = {
    "production": {
        "producer": "Producer",
        "co_producer": "Co-Producer",
        "beat_maker": "Beat Maker",
    },
    "engineering": {
        "mixing_engineer": "Mixing Engineer",
        "mastering_engineer": "Mastering Engineer",
        "recording_engineer": "Recording Engineer",
    },
    "writing": {"songwriter": "Songwriter", "composer": "Composer", "arranger": "Arranger"},
    "performance": {
        "featured_artist": "Featured Artist",
        "vocalist": "Vocalist",
        "musician": "Musician",
    },
    "other": {
        "executive_producer": "Executive Producer",
        "a_and_r": "A&R",
        "creative_director": "Creative Director",
    },
}


def test_c1_roles_table(ro: Http) -> None:
    body = ro.ok("GET", "/credits/roles")  # public: no token
    assert [c["key"] for c in body["categories"]] == list(ROLES)
    assert {c["name"] for c in body["categories"]} == {
        "Production",
        "Engineering",
        "Writing",
        "Performance",
        "Other",
    }
    got = {r["key"]: (r["name"], r["category"]) for r in body["roles"]}
    want = {k: (n, cat) for cat, roles in ROLES.items() for k, n in roles.items()}
    assert got == want


SEARCH_KEYS = {
    "spotify_id",
    "type",
    "title",
    "artist_names",
    "image",
    "release_date",
    "release_year",
    "popularity",
    "total_tracks",
    "spotify_url",
    "existing_roles",
}


def test_c2_search(ro: Http) -> None:
    def search(**params: Any) -> requests.Response:
        return ro.get("/credits/spotify-search", as_=PRODUCER, params=params)

    for kind in ("track", "album"):
        results = search(query="th", type=kind, limit=20).json()["results"]
        assert 0 < len(results) <= 20
        for item in results:
            assert set(item) >= SEARCH_KEYS and item["type"] == kind
            assert 0 <= item["popularity"] <= 100
            assert item["release_year"] == int(item["release_date"][:4])
            assert item["spotify_url"].startswith(f"https://open.spotify.com/{kind}/")
            assert (item["total_tracks"] is None) is (kind == "track")
    assert len(search(query="th", type="track").json()["results"]) <= 10  # default limit
    for params, key in (
        ({"query": "a"}, "query"),
        ({"query": "x" * 101}, "query"),
        ({"query": "ab", "type": "song"}, "type"),
        ({"query": "ab", "limit": 0}, "limit"),
        ({"query": "ab", "limit": 21}, "limit"),
    ):
        assert key in field_errors(search(**params)), params
    assert search(query="x" * 100).status_code == 200
    error_body(ro.get("/credits/spotify-search", params={"query": "love"}), 401)


def test_c2_c3_catalog_size_spread_and_albums(ro: Http) -> None:
    """The fictional catalog (issue 2): ≥300 songs, ≥30 albums with tracks, popularity spread,
    some unavailable — seen only through C2/C3, as a client sees it."""
    songs: dict[str, dict[str, Any]] = {}
    albums: dict[str, dict[str, Any]] = {}
    for a in "aeiouy":
        for b in "nrlstmdhe":
            for kind, into in (("track", songs), ("album", albums)):
                found = ro.get(
                    "/credits/spotify-search",
                    as_=PRODUCER,
                    params={"query": a + b, "type": kind, "limit": 20},
                ).json()["results"]
                into.update({item["spotify_id"]: item for item in found})
    assert len(albums) >= 30
    pops = [s["popularity"] for s in songs.values()]
    assert min(pops) < 40 and max(pops) >= 70 and any(40 <= p < 70 for p in pops)
    album_songs: set[str] = set()
    for album_id in albums:
        body = ro.ok("GET", "/credits/spotify-album", as_=PRODUCER, params={"id": album_id})
        album = body["album"]
        assert set(album) >= SEARCH_KEYS and album["spotify_id"] == album_id
        assert album["tracks"] and len(album["tracks"]) == album["total_tracks"]
        for track in album["tracks"]:
            assert set(track) >= {
                "spotify_id",
                "title",
                "track_number",
                "disc_number",
                "duration_ms",
                "artist_names",
                "existing_roles",
            }
            album_songs.add(track["spotify_id"])
    assert len(album_songs | set(songs)) >= 300
    assert any(not item.get("is_available", True) for item in [*songs.values(), *albums.values()])
    nova = ro.artist_id("Nova Beats")
    credits = ro.ok("GET", f"/artists/{nova}/credits")["credits"]
    assert any(not c["is_available"] for c in credits)
    error_body(ro.get("/credits/spotify-album", as_=PRODUCER, params={"id": "nope"}), 404)


def test_c4_list_orders(ro: Http) -> None:
    nova = ro.artist_id("Nova Beats")
    credits = ro.ok("GET", f"/artists/{nova}/credits")["credits"]  # optional auth
    assert len(credits) >= 8
    for c in credits:
        assert set(c) >= CREDIT_KEYS
        assert ROLES[c["role_category"]][c["role"]] == c["role_name"]
        assert c["spotify_url"] == f"https://open.spotify.com/{c['type']}/{c['spotify_id']}"
        assert (c["total_tracks"] is None) is (c["type"] == "track")
    assert [c["position"] for c in credits] == sorted(c["position"] for c in credits)
    public = ro.ok("GET", f"/artists/{nova}/credits", params={"sort": "release_date"})["credits"]
    dates = [c["release_date"] for c in public]
    assert dates == sorted(dates, reverse=True) and len(public) == len(credits)
    # One entry per role: an item with several roles has several entries.
    per_item: dict[str, list[str]] = {}
    for c in credits:
        per_item.setdefault(c["spotify_id"], []).append(c["role"])
    assert any(len(roles) > 1 for roles in per_item.values())
    assert all(len(roles) == len(set(roles)) for roles in per_item.values())
    error_body(ro.get("/artists/987654/credits"), 404)


# --- C5–C9 -----------------------------------------------------------------------------------


def a_song(http: Http, query: str = "th", n: int = 0) -> dict[str, Any]:
    return http.get(
        "/credits/spotify-search",
        as_=PRODUCER,
        params={"query": query, "type": "track", "limit": 20},
    ).json()["results"][n]


def test_c5_add_song_and_album_credits(rw: Http) -> None:
    lofi = rw.artist_id("Nova Lo-Fi")
    song = a_song(rw)
    path = f"/artists/{lofi}/credits"
    body = rw.ok(
        "POST",
        path,
        201,
        as_=PRODUCER,
        json={
            "spotify_id": song["spotify_id"],
            "type": "track",
            "roles": ["producer", "mixing_engineer"],
        },
    )
    assert body["status"] == "success" and body["skipped_roles"] == []
    assert [c["role"] for c in body["credits"]] == ["producer", "mixing_engineer"]
    assert all(c["title"] == song["title"] and c["album"] is None for c in body["credits"])
    body = rw.ok(
        "POST",
        path,
        201,
        as_=PRODUCER,
        json={"spotify_id": song["spotify_id"], "type": "track", "roles": ["producer", "composer"]},
    )
    assert [c["role"] for c in body["credits"]] == ["composer"]
    assert body["skipped_roles"] == ["producer"]
    r = rw.post(
        path,
        as_=PRODUCER,
        json={"spotify_id": song["spotify_id"], "type": "track", "roles": ["producer"]},
    )
    error_body(r, 409, code="credit_exists")
    album = rw.get(
        "/credits/spotify-search", as_=PRODUCER, params={"query": "th", "type": "album"}
    ).json()["results"][0]
    body = rw.ok(
        "POST",
        path,
        201,
        as_=PRODUCER,
        json={"spotify_id": album["spotify_id"], "type": "album", "roles": ["a_and_r"]},
    )
    assert body["credits"][0]["total_tracks"] == album["total_tracks"]
    search = rw.get(
        "/credits/spotify-search",
        as_=PRODUCER,
        params={"query": song["title"][:20], "artist_id": lofi},
    ).json()["results"]
    mine = next(s for s in search if s["spotify_id"] == song["spotify_id"])
    assert sorted(mine["existing_roles"]) == ["composer", "mixing_engineer", "producer"]


def test_c5_errors(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    song = a_song(rw)["spotify_id"]
    path = f"/artists/{nova}/credits"
    good = {"spotify_id": song, "type": "track", "roles": ["beat_maker"]}
    error_body(rw.post(path, json=good), 401)
    error_body(rw.post(path, as_=APPLICANT, json=good), 403)
    error_body(rw.post("/artists/987654/credits", as_=ADMIN, json=good), 404)
    error_body(rw.post(path, as_=PRODUCER, json={**good, "spotify_id": "0000nope"}), 404)
    all_roles = [k for roles in ROLES.values() for k in roles]
    for change, key in (
        ({"roles": ["dj"]}, "roles.0"),
        ({"roles": []}, "roles"),
        ({"roles": ["producer", "producer"]}, "roles"),
        ({"roles": [*all_roles, "producer"]}, "roles"),
        ({"type": "song"}, "type"),
    ):
        assert key in field_errors(rw.post(path, as_=PRODUCER, json={**good, **change})), change
    assert rw.post(path, as_=PRODUCER, json={**good, "roles": all_roles}).status_code == 201
    rw.handle.set_faults(spotify_down=True)
    error_body(rw.post(path, as_=PRODUCER, json=good), 503, code="spotify_unavailable")
    rw.handle.set_faults()


def test_c6_album_flow(rw: Http) -> None:
    lofi = rw.artist_id("Nova Lo-Fi")
    album = rw.get(
        "/credits/spotify-search", as_=PRODUCER, params={"query": "th", "type": "album"}
    ).json()["results"][0]
    tracks = rw.ok(
        "GET", "/credits/spotify-album", as_=PRODUCER, params={"id": album["spotify_id"]}
    )["album"]["tracks"]
    assert len(tracks) >= 3
    path = f"/artists/{lofi}/credits/album"
    body = rw.ok(
        "POST",
        path,
        201,
        as_=PRODUCER,
        json={
            "spotify_album_id": album["spotify_id"],
            "roles_for_all": ["producer"],
            "tracks": [
                {"spotify_id": tracks[0]["spotify_id"], "roles": ["mixing_engineer"]},
                {"spotify_id": tracks[1]["spotify_id"], "roles": []},
            ],
        },
    )
    got = {(c["spotify_id"], c["role"]) for c in body["credits"]}
    assert got == {
        (tracks[0]["spotify_id"], "producer"),
        (tracks[0]["spotify_id"], "mixing_engineer"),
        (tracks[1]["spotify_id"], "producer"),
    }
    assert all(
        c["type"] == "track" and c["album"]["spotify_id"] == album["spotify_id"]
        for c in body["credits"]
    )
    body = rw.ok(
        "POST",
        path,
        201,
        as_=PRODUCER,
        json={
            "spotify_album_id": album["spotify_id"],
            "roles_for_all": [],
            "tracks": [
                {"spotify_id": tracks[2]["spotify_id"], "roles": ["vocalist"]},
                {"spotify_id": tracks[1]["spotify_id"], "roles": []},
            ],
        },
    )
    assert body["skipped_tracks"] == 1 and len(body["credits"]) == 1
    r = rw.post(
        path,
        as_=PRODUCER,
        json={
            "spotify_album_id": album["spotify_id"],
            "roles_for_all": [],
            "tracks": [{"spotify_id": tracks[1]["spotify_id"], "roles": []}],
        },
    )
    field_errors(r)
    error_body(rw.post(path, as_=APPLICANT, json={"spotify_album_id": album["spotify_id"]}), 403)
    r = rw.post(
        path, as_=PRODUCER, json={"spotify_album_id": "nope", "roles_for_all": ["producer"]}
    )
    error_body(r, 404)


def test_c7_c8_c9(rw: Http) -> None:
    nova = rw.artist_id("Nova Beats")
    credits = rw.ok("GET", f"/artists/{nova}/credits")["credits"]
    spotify_ids = [c["spotify_id"] for c in credits]
    first = next(c for c in credits if spotify_ids.count(c["spotify_id"]) > 1)
    taken = {c["role"] for c in credits if c["spotify_id"] == first["spotify_id"]}
    free = next(k for roles in ROLES.values() for k in roles if k not in taken)
    path = f"/artists/{nova}/credits/{first['id']}"
    body = rw.ok("PUT", path, as_=PRODUCER, json={"role": free})
    assert body["status"] == "success" and body["credit"]["role"] == free
    assert body["credit"]["id"] == first["id"]
    sibling = next(
        c for c in credits if c["spotify_id"] == first["spotify_id"] and c["id"] != first["id"]
    )
    r = rw.put(path, as_=PRODUCER, json={"role": sibling["role"]})
    error_body(r, 409, code="credit_exists")
    assert "role" in field_errors(rw.put(path, as_=PRODUCER, json={"role": "boss"}))
    error_body(rw.put(path, as_=APPLICANT, json={"role": free}), 403)
    lofi = rw.artist_id("Nova Lo-Fi")
    error_body(
        rw.put(f"/artists/{lofi}/credits/{first['id']}", as_=PRODUCER, json={"role": free}), 404
    )
    # C9: exactly every id once; the answer is the new editor order.
    ids = [c["id"] for c in credits]
    new_order = ids[::-1]
    body = rw.ok("POST", f"/artists/{nova}/credits/reorder", as_=PRODUCER, json={"ids": new_order})
    assert [c["id"] for c in body["credits"]] == new_order
    assert [c["id"] for c in rw.ok("GET", f"/artists/{nova}/credits")["credits"]] == new_order
    for bad in (ids[1:], [*ids, ids[0]], [*ids[1:], 987654], None, "1,2"):
        r = rw.post(f"/artists/{nova}/credits/reorder", as_=PRODUCER, json={"ids": bad})
        assert "ids" in field_errors(r), bad
    # C8: one entry at a time.
    assert rw.ok("DELETE", path, as_=PRODUCER) == {"status": "success"}
    error_body(rw.delete(path, as_=PRODUCER), 404)
    left = [c["id"] for c in rw.ok("GET", f"/artists/{nova}/credits")["credits"]]
    assert left == [i for i in new_order if i != first["id"]]
    error_body(rw.delete(f"/artists/{nova}/credits/{left[0]}", as_=APPLICANT), 403)
    error_body(rw.delete(f"/artists/{nova}/credits/{left[0]}"), 401)
