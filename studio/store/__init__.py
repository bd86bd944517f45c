"""Local SQLite store: server snapshots, drafts, the outbox and publish history (no Qt)."""

from studio.store.errors import StoreCorrupt, StoreError, StoreFull, StoreTooNew
from studio.store.records import DraftRecord, OutboxItem
from studio.store.store import DAMAGED_ROW_MESSAGE, Store, account_key

__all__ = [
    "DAMAGED_ROW_MESSAGE",
    "DraftRecord",
    "OutboxItem",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreTooNew",
    "account_key",
]
