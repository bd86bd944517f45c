"""What the publish runner reports and the texts it shows (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.core.diff import FieldChange
from studio.core.merge import MergeResult
from studio.store import OutboxItem

OFFLINE_TEXT = "Offline — will publish when the connection is back"
SLOW_TEXT = "BeatPass is not answering — will try to publish again shortly"
CHECKING_TEXT = (
    "The connection broke while publishing — Studio will check what BeatPass saved before "
    "sending anything again"
)
UNQUEUED_TEXT = (
    "Publish waiting to be saved: {reason} It will be queued and sent as soon as it can be "
    "saved; keep Studio open."
)
SERVER_TEXT = "BeatPass had a problem — will try to publish again shortly"
RATE_TEXT = "BeatPass asked Studio to slow down — will publish again shortly"
WAITING_TEXT = "Waiting to publish — will try again automatically"
AUTH_TEXT = "Sign in again to finish publishing"
CONFLICT_TEXT = "Publishing paused: choose between your version and the server's"


@dataclass(frozen=True)
class ItemProblem:
    """Why an item stopped: shown to the user, who decides what happens next."""

    item_id: int
    kind: str
    entity_id: str
    message: str
    field_errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ConflictRequest:
    """An item whose fields were changed both here and on the server."""

    item_id: int
    kind: str
    entity_id: str
    merge: MergeResult
    server: dict[str, Any]  # the server's draft the merge was made against


@dataclass(frozen=True)
class Delivery:
    item_id: int
    kind: str
    entity_id: str
    changes: list[FieldChange]
    uploaded: dict[str, str] = field(default_factory=dict)  # local ref -> its server URL


@dataclass(frozen=True)
class UploadRefused:
    """A picture of a plan the server refused for good (or that is gone from this
    computer): the plan published without it; the document still holds it."""

    item_id: int
    kind: str
    entity_id: str
    ref: str
    message: str


def is_due(item: OutboxItem, now: float) -> bool:
    """Never tried, made due by the user, or its retry time has come."""
    if item.status == "pending":
        return True
    return item.retry_at is not None and item.retry_at <= now
