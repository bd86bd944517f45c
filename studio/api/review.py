"""B5, the reviewer's side of Producer Program requests — sandbox only (API.md §9 B5).

Studio's own flows never call these: :class:`SandboxReviewer` exists for the app's Sandbox
menu, which plays the reviewer against the embedded sandbox with an administrator's token,
so an applicant's timeline can be watched moving. Methods are synchronous (worker thread).
"""

from __future__ import annotations

from typing import Any

from studio.api.client import BeatPassClient
from studio.api.connection import path_part
from studio.core.models import BackstageRequest, Page


class SandboxReviewer:
    """Approve, deny or revoke requests as an administrator of a sandbox."""

    def __init__(self, client: BeatPassClient) -> None:
        self.client = client

    def requests(
        self, status: str | None = None, page: int = 1, per_page: int = 50
    ) -> Page[BackstageRequest]:
        """Every account's requests, newest first (the sandbox lets an admin omit
        ``userId``); ``status`` keeps one status."""
        extra = {"status": status} if status else {}
        return self.client._list(
            "backstage-request", BackstageRequest.from_api, "request", page, per_page, **extra
        )

    def _decide(self, request_id: int, decision: str, body: dict[str, Any]) -> BackstageRequest:
        answer = self.client._call(
            "POST", f"backstage-request/{path_part(request_id)}/{decision}", json_body=body
        )
        origin = self.client.origin
        return self.client._parse(lambda: BackstageRequest.from_api(answer.get("request"), origin))

    def approve(
        self, request_id: int, *, verified: bool = False, notes: str = ""
    ) -> BackstageRequest:
        return self._decide(
            request_id, "approve", {"markArtistAsVerified": bool(verified), "notes": notes}
        )

    def deny(self, request_id: int, reason: str) -> BackstageRequest:
        return self._decide(request_id, "deny", {"notes": reason})

    def revoke(self, request_id: int, reason: str = "") -> BackstageRequest:
        return self._decide(request_id, "revoke", {"notes": reason} if reason else {})
