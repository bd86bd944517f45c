"""F1: multipart uploads, content checks, served URLs, deletion."""

from __future__ import annotations

import io

import requests
from PIL import Image
from sandbox_helpers import APPLICANT, PRODUCER, Api


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (420, 420)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(buffer, fmt)
    return buffer.getvalue()


def upload(
    api: Api, name: str, content: bytes, mime: str, as_: str = PRODUCER, **form: str
) -> requests.Response:
    data = {"uploadType": "artwork", "disk": "public", "diskPrefix": "artist_images", **form}
    return api.post("/uploads", as_=as_, files={"file": (name, content, mime)}, data=data)


def test_upload_image_and_fetch_it_back(api: Api) -> None:
    content = image_bytes()
    r = upload(
        api, "avatar.png", content, "image/png", clientMime="image/png", clientExtension="png"
    )
    assert r.status_code == 201
    entry = r.json()["fileEntry"]
    assert r.json()["status"] == "success"
    for key in (
        "id",
        "name",
        "file_name",
        "mime",
        "extension",
        "file_size",
        "type",
        "public",
        "disk_prefix",
        "url",
        "hash",
        "owner_id",
        "created_at",
        "updated_at",
    ):
        assert key in entry
    assert entry["name"] == "avatar.png" and entry["mime"] == "image/png"
    assert entry["type"] == "image" and entry["file_size"] == len(content)
    assert entry["url"].startswith(api.handle.origin + "/storage/artist_images/")
    served = api.session.get(entry["url"], timeout=5)
    assert served.status_code == 200 and served.content == content
    # the URL saved into a profile stays valid
    r = api.put("/artists/1", as_=PRODUCER, json={"image_small": entry["url"]})
    assert r.json()["artist"]["image_small"] == entry["url"]


def test_alias_route_and_upload_kinds(api: Api) -> None:
    r = api.post(
        "/file-entries",
        as_=APPLICANT,
        files={"file": ("me.jpg", image_bytes("JPEG"), "image/jpeg")},
        data={"uploadType": "avatars", "disk": "public", "diskPrefix": "avatars"},
    )
    assert r.status_code == 201 and r.json()["fileEntry"]["disk_prefix"] == "avatars"
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    r = api.post(
        "/uploads",
        as_=APPLICANT,
        files={"file": ("proof.pdf", pdf, "application/pdf")},
        data={"uploadType": "backstageAttachments", "disk": "uploads"},
    )
    assert r.status_code == 201
    assert r.json()["fileEntry"]["type"] == "pdf" and r.json()["fileEntry"]["public"] is False
    gif = image_bytes("GIF")
    r = upload(api, "p.gif", gif, "image/gif", diskPrefix="artist_media")
    assert r.status_code == 422  # claim pictures take JPEG, PNG, WebP only


def test_oversize_is_422_on_file(api: Api) -> None:
    big = image_bytes() + b"\0" * (2 * 1024 * 1024)
    r = upload(api, "big.png", big, "image/png")
    assert r.status_code == 422
    assert "kilobytes" in r.json()["errors"]["file"][0]


def test_non_image_and_lying_extension_are_rejected(api: Api) -> None:
    r = upload(api, "notes.png", b"just some text, not an image", "image/png")
    assert r.status_code == 422 and "not allowed" in r.json()["errors"]["file"][0]
    r = upload(api, "photo.jpg", image_bytes("PNG"), "image/jpeg")
    assert r.status_code == 422 and "extension" in r.json()["errors"]["file"][0]
    r = upload(api, "photo.png", image_bytes("PNG"), "image/png", clientMime="image/webp")
    assert r.status_code == 422
    r = api.post("/uploads", as_=PRODUCER, data={"uploadType": "artwork"})
    assert r.status_code == 422 and "file" in r.json()["errors"]
    assert upload(api, "a.png", image_bytes(), "image/png", uploadType="music").status_code == 422


def test_upload_needs_a_token(api: Api) -> None:
    r = api.post("/uploads", files={"file": ("a.png", image_bytes(), "image/png")})
    assert r.status_code == 401


def test_delete_entries(api: Api) -> None:
    first = upload(api, "a.png", image_bytes(), "image/png").json()["fileEntry"]
    second = upload(api, "b.webp", image_bytes("WEBP"), "image/webp").json()["fileEntry"]
    assert api.delete(f"/file-entries/{first['id']}", as_=APPLICANT).status_code == 403
    r = api.delete(f"/file-entries/{first['id']},{second['id']}", as_=PRODUCER)
    assert r.status_code == 200 and r.json() == {"status": "success"}
    assert api.session.get(first["url"], timeout=5).status_code == 404


def test_server_max_file_size(api: Api) -> None:
    r = api.get("/uploads/server-max-file-size", as_=PRODUCER)
    assert r.status_code == 200 and r.json()["maxFileSize"] >= 5 * 1024 * 1024


def test_body_over_server_limit_is_json_413(api: Api) -> None:
    r = upload(api, "huge.png", b"\0" * (11 * 1024 * 1024), "image/png")
    assert r.status_code == 413
    assert r.json()["message"]


def test_seed_images_are_real(api: Api) -> None:
    artist = api.get("/artists/1", as_=PRODUCER, params={"loader": "editArtistPage"}).json()
    for url in [
        artist["artist"]["image_small"],
        artist["artist"]["cover_image"],
        *(x["url"] for x in artist["artist"]["profile_images"]),
    ]:
        served = api.session.get(url, timeout=5)
        assert served.status_code == 200
        with Image.open(io.BytesIO(served.content)) as image:
            assert (image.width >= 400 and image.height >= 400) or image.width > image.height
