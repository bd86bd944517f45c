"""Helpers of the contract suite: plain ``requests`` against a running sandbox, the demo
accounts of issue 2, and shape checks written straight from API.md (not from the sandbox's
own modules, so the suite judges the sandbox instead of repeating it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import requests

from studio.sandbox.server import SandboxHandle

DOMAIN = "demo.beatpass.test"
PRODUCER = f"producer@{DOMAIN}"
APPLICANT = f"applicant@{DOMAIN}"
PENDING = f"pending@{DOMAIN}"
REVOKED = f"revoked@{DOMAIN}"
NOAPI = f"noapi@{DOMAIN}"
ADMIN = f"admin@{DOMAIN}"
COLDHARBOR = f"coldharbor@{DOMAIN}"
PASSWORDS = {
    PRODUCER: "demo-producer",
    APPLICANT: "demo-applicant",
    PENDING: "demo-pending",
    REVOKED: "demo-revoked",
    NOAPI: "demo-noapi",
    ADMIN: "demo-admin",
}

# API.md §1.4
LENGTH_AWARE_KEYS = {
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
SIMPLE_KEYS = LENGTH_AWARE_KEYS - {"last_page", "total"}
# API.md §2.1 / §2.2
USER_KEYS = {"id", "display_name", "avatar", "name", "image", "username", "model_type"}
SELF_KEYS = {"email", "first_name", "last_name"}
ARTIST_KEYS = {
    "id",
    "name",
    "verified",
    "model_type",
    "image_small",
    "cover_image",
    "plays",
    "disabled",
    "genres",
    "profile",
    "profile_images",
    "links",
    "pinned_track",
    "followers_count",
    "likes_count",
}
TRACK_KEYS = {
    "id",
    "name",
    "image",
    "duration",
    "duration_text",
    "plays",
    "description",
    "created_at",
    "model_type",
    "artists",
    "genres",
    "album",
}
TOKEN_TIER_TRACK_KEYS = {
    "bpm",
    "key",
    "scale",
    "licensing_type",
    "exclusive_status",
    "price",
    "currency",
    "likes_count",
    "reposts_count",
}
ALBUM_KEYS = {"id", "name", "image", "release_date", "description", "artists"}
FILE_ENTRY_KEYS = {
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
}
REQUEST_KEYS = {
    "id",
    "type",
    "artist_name",
    "artist_id",
    "user_id",
    "status",
    "data",
    "artist",
    "created_at",
    "updated_at",
}
CREDIT_KEYS = {
    "id",
    "artist_id",
    "spotify_id",
    "type",
    "title",
    "artist_names",
    "image",
    "release_date",
    "release_year",
    "popularity",
    "total_tracks",
    "album",
    "role",
    "role_name",
    "role_category",
    "position",
    "is_available",
    "spotify_url",
    "created_at",
    "updated_at",
}
PIN_REASONS = (
    "not_primary_owner",
    "not_playable",
    "no_active_offer",
    "exclusive_sold",
    "ai_rights_unconfirmed",
)
# Keys that carry image/file URLs: absolute in the sandbox (API.md §1.1).
URL_KEYS = {"image", "image_small", "avatar", "cover_image", "url"}


class Http:
    """``requests`` against one sandbox; paths are relative to ``/api/v1``.

    Tokens are minted per instance (one instance per test), so no test shares a rate-limit
    bucket with another.
    """

    def __init__(self, handle: SandboxHandle) -> None:
        self.handle = handle
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.tokens: dict[str, str] = {}

    def token(self, email: str) -> str:
        if email not in self.tokens:
            self.tokens[email] = self.handle.token_for(email)
        return self.tokens[email]

    def call(
        self, method: str, path: str, *, as_: str | None = None, token: str | None = None, **kw: Any
    ) -> requests.Response:
        headers = dict(kw.pop("headers", None) or {})
        if as_ is not None:
            token = self.token(as_)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        url = path if path.startswith("http") else self.handle.base_url + path
        return self.session.request(method, url, headers=headers, timeout=15, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.call("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.call("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.call("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.call("DELETE", path, **kw)

    def ok(self, method: str, path: str, status: int = 200, **kw: Any) -> dict[str, Any]:
        """The JSON object of an answer that must have ``status``."""
        r = self.call(method, path, **kw)
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text[:400]}"
        body = r.json()
        assert isinstance(body, dict)
        return body

    def artist_id(self, name: str) -> int:
        """The id of a seeded producer profile, found through S1."""
        body = self.ok(
            "GET",
            "/search/suggestions/artist",
            as_=ADMIN,
            params={"query": name, "listAll": "true", "excludeSelf": "true", "limit": 20},
        )
        ids = [a["id"] for a in body["results"] if a["name"] == name]
        assert ids, f"{name!r} is not in the seed"
        return int(ids[0])

    def close(self) -> None:
        self.session.close()


def error_body(r: requests.Response, status: int, *, code: str | None = None) -> dict[str, Any]:
    """Check an error answer (API.md §11.1): JSON, ``message`` a string, optional keys typed."""
    assert r.status_code == status, f"{r.status_code} {r.text[:400]}"
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert isinstance(body, dict)
    assert isinstance(body.get("message"), str)
    assert "status" not in body or body["status"] != "success"
    if "errors" in body:
        assert isinstance(body["errors"], dict) and body["errors"]
        for key, messages in body["errors"].items():
            assert isinstance(key, str)
            assert isinstance(messages, list) and messages, key
            assert all(isinstance(m, str) and m for m in messages), key
    if code is not None:
        assert body.get("error_code") == code, body
    return body


def field_errors(r: requests.Response) -> dict[str, list[str]]:
    """The ``errors`` of a 422 (checked like ``error_body``)."""
    body = error_body(r, 422)
    assert "errors" in body, body
    errors: dict[str, list[str]] = body["errors"]
    first = next(iter(errors.values()))[0]
    assert body["message"].startswith(first), body  # Laravel's summary message
    return errors


def check_page(page: Any, *, simple: bool) -> list[Any]:
    """Check one page object of API.md §1.4; returns its items."""
    assert isinstance(page, dict)
    assert set(page) == (SIMPLE_KEYS if simple else LENGTH_AWARE_KEYS), sorted(page)
    assert "links" not in page
    items = page["data"]
    assert isinstance(items, list)
    current, per_page = page["current_page"], page["per_page"]
    assert current >= 1 and 1 <= per_page <= 50
    if items:
        assert page["from"] == (current - 1) * per_page + 1
        assert page["to"] == page["from"] + len(items) - 1
    else:
        assert page["from"] is None and page["to"] is None
    assert page["prev_page"] == (current - 1 if current > 1 else None)
    assert page["next_page"] in (None, current + 1)
    if not simple:
        assert page["last_page"] == max(1, -(-page["total"] // per_page))
        assert (page["next_page"] is not None) == (current < page["last_page"])
    return items


def walk(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """Every (path, key, value) of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}.{i}")


def assert_absolute_urls(body: Any, origin: str) -> int:
    """Every image/file URL in ``body`` is absolute; our own files live under the origin.

    Returns how many URLs were checked (so a caller can insist the body had some).
    ``links[].url`` are external links and ``contact_url`` is relative by design.
    """
    checked = 0
    for path, key, value in walk(body):
        if key not in URL_KEYS or value is None or ".links." in f"{path}.":
            continue
        assert isinstance(value, str), (path, key, value)
        parts = urlsplit(value)
        assert parts.scheme in ("http", "https") and parts.netloc, (path, key, value)
        if "/storage/" in value:
            assert value.startswith(origin + "/storage/"), (path, key, value)
        checked += 1
    return checked
