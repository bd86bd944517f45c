"""Local SQLite store: server snapshots, drafts, the outbox and publish history (no Qt)."""

from studio.store.errors import StoreCorrupt, StoreError, StoreFull, StoreTooNew
from studio.store.store import DraftRecord, OutboxItem, Store, account_key

__all__ = [
    "DraftRecord",
    "OutboxItem",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreTooNew",
    "account_key",
]
