"""Publishing drafts through the outbox (Qt-side objects, no widgets)."""

from studio.publish.attempt import Conflicted, Delivered, ServerState, attempt, make_op
from studio.publish.backoff import Backoff
from studio.publish.runner import (
    OFFLINE_TEXT,
    ConflictRequest,
    Delivery,
    ItemProblem,
    OutboxRunner,
)

__all__ = [
    "OFFLINE_TEXT",
    "Backoff",
    "ConflictRequest",
    "Conflicted",
    "Delivered",
    "Delivery",
    "ItemProblem",
    "OutboxRunner",
    "ServerState",
    "attempt",
    "make_op",
]
