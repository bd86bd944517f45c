"""Publishing drafts through the outbox: publish plans (:mod:`~studio.publish.plan`), what
each kind's steps do (:mod:`~studio.publish.kinds`), the runner that sends them
(:mod:`~studio.publish.runner`), the files kept for upload
(:mod:`~studio.publish.local_files`) and reachability (:mod:`~studio.publish.connectivity`).

The names below load with the module that defines them, on first use: the workspace needs
only reachability and the kept files to open a document, and the app opens its first page
before anything is published (the rest imports on a worker once that page is settled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.publish.backoff import Backoff
    from studio.publish.items import (
        OFFLINE_TEXT,
        ConflictRequest,
        Delivery,
        ItemProblem,
        UploadRefused,
    )
    from studio.publish.kinds import build_op
    from studio.publish.runner import OutboxRunner

_HOMES = {
    "Backoff": "studio.publish.backoff",
    "OFFLINE_TEXT": "studio.publish.items",
    "ConflictRequest": "studio.publish.items",
    "Delivery": "studio.publish.items",
    "ItemProblem": "studio.publish.items",
    "build_op": "studio.publish.kinds",
    "OutboxRunner": "studio.publish.runner",
    "UploadRefused": "studio.publish.items",
}

__all__ = [
    "OFFLINE_TEXT",
    "Backoff",
    "ConflictRequest",
    "Delivery",
    "ItemProblem",
    "OutboxRunner",
    "UploadRefused",
    "build_op",
]


__getattr__ = lazy_names(__name__, globals(), _HOMES)
