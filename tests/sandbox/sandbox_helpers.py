"""Helpers for the sandbox contract tests: a tiny HTTP client bound to a running sandbox
(real HTTP with ``requests``) and tokens for the demo accounts."""

from __future__ import annotations

from typing import Any

import requests

from studio.sandbox.server import SandboxHandle

PRODUCER = "producer@demo.beatpass.test"
APPLICANT = "applicant@demo.beatpass.test"
PENDING = "pending@demo.beatpass.test"
REVOKED = "revoked@demo.beatpass.test"
NOAPI = "noapi@demo.beatpass.test"
ADMIN = "admin@demo.beatpass.test"
BANNED = "banned@demo.beatpass.test"
DISABLED = "disabled@demo.beatpass.test"
COLDHARBOR = "coldharbor@demo.beatpass.test"


class Api:
    """``requests`` against one sandbox: paths are relative to ``/api/v1``."""

    def __init__(self, handle: SandboxHandle) -> None:
        self.handle = handle
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self._tokens: dict[str, str] = {}

    def token(self, email: str) -> str:
        if email not in self._tokens:
            self._tokens[email] = self.handle.token_for(email)
        return self._tokens[email]

    def call(
        self,
        method: str,
        path: str,
        *,
        as_: str | None = None,
        token: str | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if as_ is not None:
            token = self.token(as_)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(
            method, self.handle.base_url + path, headers=headers, timeout=10, **kwargs
        )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)


def artist_id(api: Api, name: str) -> int:
    """The id of a seeded producer profile, found through S1."""
    r = api.get(
        "/search/suggestions/artist",
        as_=ADMIN,
        params={"query": name, "listAll": "true", "excludeSelf": "true", "limit": 20},
    )
    assert r.status_code == 200, r.text
    matches = [a["id"] for a in r.json()["results"] if a["name"] == name]
    assert matches, f"{name} not seeded"
    return int(matches[0])
