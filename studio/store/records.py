"""What the store hands out, and how a stored row becomes one (or is found damaged).

Every row is checked as it is read: text must be UTF-8, JSON must parse to an object of the
right shape, numbers must be numbers. A row that fails is *damaged*: the decoders return
None and the caller treats the row as missing (never as raw text for the user to see).
The same decoders decide, at open, whether a file holds damaged rows and, when salvaging,
which rows of a damaged file can be kept.
"""

from __future__ import annotations

import json
import math
import sqlite3
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studio.core import drafts


@dataclass(frozen=True)
class DraftRecord:
    base: dict[str, Any]
    draft: dict[str, Any]
    updated_at: float  # epoch seconds


@dataclass(frozen=True)
class OutboxItem:
    id: int
    account: str
    kind: str
    entity_id: str
    op: dict[str, Any]
    status: str  # "pending" (never tried or due again) or "failed"
    attempts: int
    last_error: str | None
    retry_at: float | None  # epoch seconds; None on a failed item = waits for the user
    created_at: float
    updated_at: float

    @property
    def waits_for_user(self) -> bool:
        """Failed with no automatic retry (e.g. a 4xx): the user must decide."""
        return self.status == "failed" and self.retry_at is None


STATUSES = ("pending", "failed", "done")


class Undecodable(bytes):
    """A TEXT value that is not UTF-8 (what :func:`text_factory` gives instead of raising)."""


def text_factory(value: bytes) -> str | Undecodable:
    """The connections' ``text_factory``: never raises, so one bad value cannot make a whole
    query fail, and its bytes never reach an error message."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(value)


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):  # text read with text_factory=bytes (salvage)
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def json_object(value: Any) -> dict[str, Any] | None:
    """``value`` (stored JSON text) as a dict; None when it is not UTF-8 JSON of an object."""
    text = _text(value)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _scalar_ok(kind: drafts.Scalar, value: Any) -> bool:
    if value is None:
        return True  # normalize_draft gives the empty value
    if isinstance(kind.empty, bool):
        return isinstance(value, bool)
    return isinstance(value, str)  # text, and image URLs (None handled above)


def fits_schema(kind: str, data: Mapping[str, Any]) -> bool:
    """True when ``data`` can be opened as a draft of ``kind`` (any dict for other kinds).

    Scalars must have their type (text is text, the badge a bool); list fields may hold
    anything (``normalize_draft`` keeps only well-formed items). Raw server answers, which
    older stores kept as snapshots (they nest ``profile`` or ``user``), are not checked.
    """
    if kind not in drafts.KINDS or "profile" in data or "user" in data:
        return True
    for name, field in drafts.schema_for(kind).items():
        if isinstance(field.kind, drafts.Scalar) and not _scalar_ok(field.kind, data.get(name)):
            return False
    return True


def entity_object(kind: str, value: Any) -> dict[str, Any] | None:
    """A stored base/draft/snapshot of ``kind``, or None when damaged."""
    data = json_object(value)
    return data if data is not None and fits_schema(kind, data) else None


def key(row: tuple[Any, ...]) -> tuple[str, str, str] | None:
    """``(account, kind, entity_id)`` from the first three values of ``row``."""
    parts = tuple(_text(value) for value in row[:3])
    if any(part is None for part in parts):
        return None
    return parts  # type: ignore[return-value]


# --- Rows → records (each returns None for a damaged row) -------------------------------------


def draft_record(kind: str, base: Any, draft: Any, updated_at: Any) -> DraftRecord | None:
    base_data, draft_data = entity_object(kind, base), entity_object(kind, draft)
    when = _number(updated_at)
    if base_data is None or draft_data is None or when is None:
        return None
    return DraftRecord(base_data, draft_data, when)


def outbox_item(row: tuple[Any, ...]) -> OutboxItem | None:
    """An :class:`OutboxItem` from the columns of ``OUTBOX_COLUMNS``."""
    item_id, status, attempts = _integer(row[0]), _text(row[5]), _integer(row[6])
    names = key(row[1:4])
    op = json_object(row[4])
    last_error = None if row[7] is None else _text(row[7])
    retry_at = None if row[8] is None else _number(row[8])
    created_at, updated_at = _number(row[9]), _number(row[10])
    if (
        item_id is None or names is None or op is None or status not in STATUSES
        or attempts is None or (row[7] is not None and last_error is None)
        or (row[8] is not None and retry_at is None) or created_at is None or updated_at is None
    ):  # fmt: skip
        return None
    account, kind, entity_id = names
    return OutboxItem(
        id=item_id, account=account, kind=kind, entity_id=entity_id, op=op,
        status=str(status), attempts=attempts, last_error=last_error, retry_at=retry_at,
        created_at=created_at, updated_at=updated_at,
    )  # fmt: skip


def history_entry(row: tuple[Any, ...]) -> dict[str, Any] | None:
    """``{"id", "published_at", "changes", "outbox_id"}`` from ``id, published_at, changes,
    outbox_id``."""
    entry_id, published_at, changes = _integer(row[0]), _number(row[1]), json_object(row[2])
    outbox_id = row[3] if row[3] is None else _integer(row[3])
    if entry_id is None or published_at is None or changes is None:
        return None
    if row[3] is not None and outbox_id is None:
        return None
    return {"id": entry_id, "published_at": published_at, "changes": changes,
            "outbox_id": outbox_id}  # fmt: skip


# --- Whole rows, as stored (open-time check and salvage) ------------------------------------

# Each table's columns that a row's checksum (``crc``, schema version 3) covers, in order.
# history.outbox_id is left out: deleting an outbox item clears it.
COLUMNS = {
    "drafts": ("account", "kind", "entity_id", "base", "draft", "updated_at"),
    "snapshots": ("account", "kind", "entity_id", "data", "saved_at"),
    "outbox": (
        "id", "account", "kind", "entity_id", "op", "status", "attempts", "last_error",
        "retry_at", "created_at", "updated_at",
    ),
    "history": ("id", "account", "kind", "entity_id", "published_at", "changes"),
}  # fmt: skip
OUTBOX_COLUMNS = ", ".join(COLUMNS["outbox"])

OK, DAMAGED, PARTIAL, ALTERED = "ok", "damaged", "partial", "altered"


def row_crc(*values: Any) -> int:
    """The checksum of a row's values (as SQLite stores them: None, int, float, str, bytes)."""
    crc = 0
    for value in values:
        if value is None:
            part = b"n;"
        elif isinstance(value, int):
            part = f"i{value};".encode()
        elif isinstance(value, float):
            part = f"f{value.hex()};".encode()
        elif isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            part = b"s%d:%s" % (len(data), data)
        else:
            data = bytes(value)
            part = b"b%d:%s" % (len(data), data)
        crc = zlib.crc32(part, crc)
    return crc


def register(conn: sqlite3.Connection) -> None:
    """Make ``row_crc(...)`` callable from SQL on ``conn`` (migrations and writes use it)."""
    conn.create_function("row_crc", -1, row_crc, deterministic=True)


def seal_sql(table: str) -> str:
    """``SET`` clause storing a row's checksum, computed from its stored values."""
    return f"crc = row_crc({', '.join(COLUMNS[table])})"


def _decodes(table: str, row: Mapping[str, Any]) -> bool:
    names = key(tuple(row.get(c) for c in ("account", "kind", "entity_id")))
    if table == "outbox":
        return outbox_item(tuple(row.get(c) for c in COLUMNS["outbox"])) is not None
    if names is None:
        return False
    if table == "drafts":
        return (
            draft_record(names[1], row.get("base"), row.get("draft"), row.get("updated_at"))
            is not None
        )
    if table == "snapshots":
        return (
            entity_object(names[1], row.get("data")) is not None
            and _number(row.get("saved_at")) is not None
        )
    entry = history_entry(
        (row.get("id"), row.get("published_at"), row.get("changes"), row.get("outbox_id"))
    )
    return entry is not None


def users_part(table: str, row: Mapping[str, Any]) -> bool:
    """True when what the user made still decodes, though the rest of the row does not:
    a draft's ``draft`` (its base and time can be filled in), a publish's ``op``."""
    names = key(tuple(row.get(c) for c in ("account", "kind", "entity_id")))
    if names is None:
        return False
    if table == "drafts":
        return entity_object(names[1], row.get("draft")) is not None
    if table == "outbox":
        return _integer(row.get("id")) is not None and json_object(row.get("op")) is not None
    return False


def check_row(table: str, row: Mapping[str, Any]) -> str:
    """:data:`OK`; :data:`DAMAGED` (it does not decode); :data:`PARTIAL` (it does not
    decode, but the user's part does, see :func:`users_part`); :data:`ALTERED` (it
    decodes, but its checksum says some value changed since it was written). Rows without a
    checksum (written before version 3, or by another tool) are checked by decoding only."""
    if not _decodes(table, row):
        return PARTIAL if users_part(table, row) else DAMAGED
    crc = row.get("crc")
    if crc is None:
        return OK
    expected = row_crc(*(row.get(column) for column in COLUMNS[table]))
    return OK if crc == expected else ALTERED


def as_text(value: Any) -> Any:
    """A stored value with text that is not UTF-8 turned back into ``str`` (or None)."""
    return _text(value) if isinstance(value, Undecodable) else value
