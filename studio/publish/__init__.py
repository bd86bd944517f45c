"""Publishing drafts through the outbox: publish plans (:mod:`~studio.publish.plan`), what
each kind's steps do (:mod:`~studio.publish.kinds`), the runner that sends them
(:mod:`~studio.publish.runner`), the files kept for upload
(:mod:`~studio.publish.local_files`) and reachability (:mod:`~studio.publish.connectivity`).
"""

from studio.publish import application_kind  # noqa: F401 (registers the kind)
from studio.publish import pin_steps as _pin_steps  # noqa: F401 — registers the "pin" kind
from studio.publish.backoff import Backoff
from studio.publish.items import OFFLINE_TEXT, ConflictRequest, Delivery, ItemProblem
from studio.publish.kinds import build_op
from studio.publish.runner import OutboxRunner, UploadRefused

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
