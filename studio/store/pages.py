"""Reading rows straight from a database file's pages, without SQLite's b-trees.

When an interior page of a table is damaged, SQLite cannot reach the leaves below it,
although they are whole. :func:`leaf_rows` reads every table leaf page on its own (pages on
the freelist are skipped: they hold deleted rows) and decodes its cells into records.
Salvage uses the rows SQLite could not give; each is still checked (and its checksum
verified) before it is kept. Format: https://sqlite.org/fileformat2.html
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

LEAF_TABLE = 0x0D
MAX_OVERFLOW_PAGES = 100_000

Record = tuple[int, tuple[Any, ...]]  # (rowid, values)


class BadPage(Exception):  # noqa: N818 - internal, never leaves this module
    """A page or cell that does not parse."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint at ``pos``: ``(value, next position)``."""
    value = 0
    for i in range(9):
        if pos + i >= len(data):
            raise BadPage("varint past the end")
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise BadPage("varint too long")  # pragma: no cover - the loop always returns


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _decode_record(payload: bytes) -> tuple[Any, ...]:
    header_size, pos = _varint(payload, 0)
    if not 0 < header_size <= len(payload):
        raise BadPage("record header size")
    types = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    values: list[Any] = []
    body = header_size
    for serial in types:
        size = _serial_size(serial)
        raw = payload[body : body + size]
        if len(raw) != size:
            raise BadPage("record body cut short")
        body += size
        values.append(_serial_value(serial, raw))
    return tuple(values)


INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _serial_size(serial: int) -> int:
    if serial in INT_SIZES:
        return INT_SIZES[serial]
    if serial == 7:
        return 8
    if serial in (0, 8, 9):
        return 0
    if serial >= 12:
        return (serial - 12) // 2 if serial % 2 == 0 else (serial - 13) // 2
    raise BadPage("reserved serial type")


def _serial_value(serial: int, raw: bytes) -> Any:
    if serial == 0:
        return None
    if serial in INT_SIZES:
        return int.from_bytes(raw, "big", signed=True)
    if serial == 7:
        return struct.unpack(">d", raw)[0]
    if serial in (8, 9):
        return serial - 8
    if serial % 2 == 0:
        return bytes(raw)  # a blob
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadPage("text is not UTF-8") from None


class Image:
    """A database file's bytes, read page by page."""

    def __init__(self, data: bytes, page_size: int) -> None:
        self.page_size = page_size
        reserved = data[20] if len(data) > 20 else 0
        self.usable = page_size - (reserved if reserved < 64 else 0)
        self.data = data
        self.pages = len(data) // page_size

    def page(self, number: int) -> bytes:
        if not 1 <= number <= self.pages:
            raise BadPage("page number out of range")
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    def freelist(self) -> tuple[set[int], bool]:
        """Pages on the freelist, as far as it can be followed, and whether it was whole
        (it ended where it should, with as many pages as the header says)."""
        free: set[int] = set()
        trunk = int.from_bytes(self.data[32:36], "big")
        expected = int.from_bytes(self.data[36:40], "big")
        while trunk:
            if trunk in free or not 1 <= trunk <= self.pages:
                return free, False
            free.add(trunk)
            page = self.page(trunk)
            count = int.from_bytes(page[4:8], "big")
            if count > (self.usable - 8) // 4:
                return free, False
            for i in range(count):
                leaf = int.from_bytes(page[8 + 4 * i : 12 + 4 * i], "big")
                if not 1 <= leaf <= self.pages:
                    return free, False
                free.add(leaf)
            trunk = int.from_bytes(page[0:4], "big")
        return free, len(free) == expected

    def leaf_cells(self, number: int) -> Iterator[Record]:
        page = self.page(number)
        offset = 100 if number == 1 else 0
        if page[offset] != LEAF_TABLE:
            return
        count = int.from_bytes(page[offset + 3 : offset + 5], "big")
        for i in range(count):
            pointer_at = offset + 8 + 2 * i
            cell = int.from_bytes(page[pointer_at : pointer_at + 2], "big")
            try:
                record = self._cell(page, cell)
            except (BadPage, struct.error, IndexError, ValueError):
                continue  # this cell is damaged; the page's other cells may not be
            yield record

    def _cell(self, page: bytes, cell: int) -> Record:
        if not 0 < cell < self.usable:
            raise BadPage("cell pointer")
        length, pos = _varint(page, cell)
        rowid, pos = _varint(page, pos)
        local = self._local_size(length)
        if pos + local > self.usable:
            raise BadPage("cell past the page")
        payload = page[pos : pos + local]
        if local < length:
            first = int.from_bytes(page[pos + local : pos + local + 4], "big")
            payload += self._overflow(first, length - local)
        return _signed(rowid), _decode_record(payload)

    def _local_size(self, length: int) -> int:
        usable = self.usable
        most = usable - 35
        if length <= most:
            return length
        least = ((usable - 12) * 32 // 255) - 23
        k = least + (length - least) % (usable - 4)
        return k if k <= most else least

    def _overflow(self, number: int, remaining: int) -> bytes:
        parts = []
        seen: set[int] = set()
        while remaining > 0:
            if number in seen or len(seen) > MAX_OVERFLOW_PAGES:
                raise BadPage("overflow chain loops")
            seen.add(number)
            page = self.page(number)
            chunk = page[4 : min(self.usable, 4 + remaining)]
            parts.append(chunk)
            remaining -= len(chunk)
            number = int.from_bytes(page[0:4], "big")
        return b"".join(parts)


def leaf_rows(data: bytes, page_size: int) -> tuple[list[Record], bool]:
    """``(rowid, values)`` of every cell on every table leaf page not on the freelist, and
    whether the freelist was whole (if not, some rows may be old ones, since deleted)."""
    image = Image(data, page_size)
    free, whole = image.freelist()
    found: list[Record] = []
    for number in range(1, image.pages + 1):
        if number not in free:
            found.extend(image.leaf_cells(number))
    return found, whole
