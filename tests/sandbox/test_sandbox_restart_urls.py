"""Image URLs across restarts: a stable port, relative storage, old-origin URLs sent back."""

from __future__ import annotations

import io
import logging
import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from sandbox_helpers import APPLICANT, PRODUCER, Api, artist_id

from studio.sandbox.db import DB_NAME
from studio.sandbox.server import PORT_FILE, SandboxHandle, start_sandbox


def _images(handle: SandboxHandle) -> dict[str, Any]:
    """Every image URL the producer's page and Nova Beats' profile show."""
    api = Api(handle)
    try:
        user = api.get("/user-profile/me", as_=PRODUCER).json()["user"]
        artist = api.get("/artists/1", as_=PRODUCER).json()["artist"]
        tracks = api.get("/artists/1/tracks", as_=PRODUCER).json()["pagination"]["data"]
    finally:
        api.session.close()
    return {
        "avatar": user["avatar"],
        "managed": [a["image"] for a in user["artists"]],
        "image_small": artist["image_small"],
        "cover_image": artist["cover_image"],
        "gallery": [x["url"] for x in artist["profile_images"]],
        "tracks": [t["image"] for t in tracks],
    }


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (420, 420), (200, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _other_port(handle: SandboxHandle) -> int:
    return 8765 if handle.port != 8765 else 8766


def _stored(handle: SandboxHandle, sql: str) -> list[Any]:
    conn = sqlite3.connect(handle.data_dir / DB_NAME)
    try:
        return [row[0] for row in conn.execute(sql)]
    finally:
        conn.close()


def test_stable_port_gives_the_same_port_and_urls_after_a_restart(tmp_path: Path) -> None:
    first = start_sandbox(tmp_path / "d", stable_port=True)
    try:
        before = _images(first)
    finally:
        first.stop()
    assert (tmp_path / "d" / PORT_FILE).read_text().strip() == str(first.port)
    second = start_sandbox(tmp_path / "d", stable_port=True)
    try:
        assert second.port == first.port
        after = _images(second)
        fetched = requests.get(after["cover_image"], timeout=5)
        assert fetched.status_code == 200
    finally:
        second.stop()
    assert after == before
    assert before["cover_image"].startswith(f"{first.origin}/storage/")


def test_a_taken_port_falls_back_to_a_free_one_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = start_sandbox(tmp_path / "d", stable_port=True)
    first.stop()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", first.port))
        squatter.listen()
        with caplog.at_level(logging.WARNING, logger="studio.sandbox.server"):
            second = start_sandbox(tmp_path / "d", stable_port=True)
    try:
        assert second.port != first.port
        assert any(f"port {first.port}" in r.getMessage() for r in caplog.records)
        assert (tmp_path / "d" / PORT_FILE).read_text().strip() == str(second.port)
        images = _images(second)
        assert images["cover_image"].startswith(f"{second.origin}/storage/")
    finally:
        second.stop()


def test_without_stable_port_nothing_is_remembered(tmp_path: Path) -> None:
    handle = start_sandbox(tmp_path / "d")
    handle.stop()
    assert not (tmp_path / "d" / PORT_FILE).exists()


def test_uploaded_url_sent_back_in_r2_is_stored_relative_and_follows_the_origin(
    tmp_path: Path,
) -> None:
    content = _png()
    first = start_sandbox(tmp_path / "d")
    try:
        api = Api(first)
        entry = api.post(
            "/uploads",
            as_=PRODUCER,
            data={"uploadType": "artwork", "disk": "public", "diskPrefix": "artist_images"},
            files={"file": ("art.png", content, "image/png")},
        ).json()["fileEntry"]
        r = api.put("/artists/1", as_=PRODUCER, json={"cover_image": entry["url"]})
        assert r.json()["artist"]["cover_image"] == entry["url"]
        api.session.close()
    finally:
        first.stop()
    relative = entry["url"].removeprefix(first.origin + "/")
    assert relative.startswith("storage/artist_images/")
    assert _stored(first, "SELECT cover_image FROM artists WHERE id = 1") == [relative]
    second = start_sandbox(tmp_path / "d")
    try:
        cover = _images(second)["cover_image"]
        assert cover == f"{second.origin}/{relative}"
        assert requests.get(cover, timeout=5).content == content
    finally:
        second.stop()


def test_absolute_urls_of_an_old_port_read_back_with_the_current_origin(api: Api) -> None:
    handle = api.handle
    old = f"http://127.0.0.1:{_other_port(handle)}"
    before = _images(handle)
    avatar, cover = (before[k].removeprefix(handle.origin + "/") for k in ("avatar", "cover_image"))
    gallery = [u.removeprefix(handle.origin + "/") for u in before["gallery"]]
    artist = api.get("/artists/1", as_=PRODUCER).json()["artist"]
    r = api.put(
        "/artists/1",
        as_=PRODUCER,
        json={
            "image_small": f"http://localhost:{_other_port(handle)}/{cover}",
            "cover_image": f"{old}/{cover}",
            "profile_images": [
                {"id": x["id"], "url": f"{old}/{rel}"}
                for x, rel in zip(artist["profile_images"], gallery, strict=True)
            ],
        },
    )
    assert r.status_code == 200, r.text
    saved = r.json()["artist"]
    assert saved["image_small"] == saved["cover_image"] == f"{handle.origin}/{cover}"
    assert [x["url"] for x in saved["profile_images"]] == before["gallery"]
    r = api.put("/users/profile/update", as_=PRODUCER, json={"user": {"image": f"{old}/{avatar}"}})
    assert r.status_code == 200, r.text
    assert _images(handle)["avatar"] == before["avatar"]
    assert _stored(handle, "SELECT cover_image FROM artists WHERE id = 1") == [cover]


def test_foreign_and_unknown_urls_are_kept_as_sent(api: Api) -> None:
    old = f"http://127.0.0.1:{_other_port(api.handle)}"
    kept = [
        f"{old}/storage/artist_images/not-here.jpg",  # another local server's file
        f"{old}/storage/../sandbox.db",
        "https://cdn.example.com/storage/artist_images/x.jpg",
    ]
    for url in kept:
        r = api.put("/artists/1", as_=PRODUCER, json={"cover_image": url})
        assert r.status_code == 200, r.text
        assert r.json()["artist"]["cover_image"] == url


def test_claim_picture_url_of_an_old_port_reads_back_with_the_current_origin(api: Api) -> None:
    handle = api.handle
    picture = api.post(
        "/uploads",
        as_=APPLICANT,
        data={"uploadType": "artwork", "disk": "public", "diskPrefix": "artist_media"},
        files={"file": ("me.png", _png(), "image/png")},
    ).json()["fileEntry"]["url"]
    relative = picture.removeprefix(handle.origin + "/")
    r = api.post(
        "/backstage-request",
        as_=APPLICANT,
        json={
            "type": "claim-artist",
            "artist_name": "Midnight Cassette",
            "artist_id": artist_id(api, "Midnight Cassette"),
            "data": {
                "role": "artist",
                "image": f"http://127.0.0.1:{_other_port(handle)}/{relative}",
                "beats_url": "https://soundcloud.com/ari",
                "first_name": "Ari",
                "last_name": "Lane",
                "accepted_terms": True,
                "accepted_rights_and_commitment": True,
            },
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["request"]["data"]["image"] == picture
