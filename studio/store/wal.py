"""Reading SQLite's write-ahead log to tell damage from an ordinary crash.

SQLite replays the WAL's frames up to the first one whose checksum fails and silently drops
the rest, so damage in the WAL loses committed work without any error. A frame written by
this generation of the log (it carries the header's salts) after a frame that fails shows
that the failing frame was once whole: it was damaged. A process killed while writing leaves
at most its last frame torn, with nothing of this generation after it, which is not damage.
Format: https://sqlite.org/fileformat2.html#walformat
"""

from __future__ import annotations

import struct
from pathlib import Path

MAGIC_LE, MAGIC_BE = 0x377F0682, 0x377F0683
VERSION = 3007000
HEADER = 32
FRAME_HEADER = 24
MIN_PAGE, MAX_PAGE = 512, 65536


def checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), continuing from ``s0, s1``."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def _page_size_ok(size: int) -> bool:
    return MIN_PAGE <= size <= MAX_PAGE and size & (size - 1) == 0


def damage(path: Path) -> str | None:
    """Why the WAL at ``path`` is damaged, or None (missing, empty, or whole)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not data:
        return None
    if len(data) < HEADER:
        return "the write-ahead log is cut short"
    magic, version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:HEADER])
    if magic not in (MAGIC_LE, MAGIC_BE) or version != VERSION or not _page_size_ok(page_size):
        return "the write-ahead log's header is damaged"
    big_endian = magic == MAGIC_BE
    sums = checksum(data[:24], big_endian)
    if sums != (c0, c1):
        return "the write-ahead log's header is damaged"
    frame_size = FRAME_HEADER + page_size
    frames = (len(data) - HEADER) // frame_size
    for index in range(frames):
        start = HEADER + index * frame_size
        head = data[start : start + FRAME_HEADER]
        _page, _commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", head)
        if (f_salt1, f_salt2) == (salt1, salt2):
            sums = checksum(head[:8], big_endian, *sums)
            sums = checksum(data[start + FRAME_HEADER : start + frame_size], big_endian, *sums)
            if sums == (f0, f1):
                continue
        # The log ends here for SQLite. A later frame of this generation means damage; so
        # does a whole frame that ends the file (a write cut short leaves the frame's page
        # unwritten, so the file ends with its header, or goes on with older frames).
        if (
            (f_salt1, f_salt2) == (salt1, salt2)
            and index == frames - 1
            and (len(data) == start + frame_size)
        ):
            return "the write-ahead log's last frame is damaged"
        for later in range(index + 1, frames):
            offset = HEADER + later * frame_size + 8
            if struct.unpack(">2I", data[offset : offset + 8]) == (salt1, salt2):
                return "the write-ahead log is damaged"
        return None
    return None


def apply(
    path: Path, database: Path, *, stop_at_damage: bool = False
) -> dict[int, bytes | None] | None:
    """Write the WAL's committed pages into ``database`` (a copy being salvaged), frame by
    frame, even past a damaged frame (where SQLite would stop).

    Each frame is checked on its own: its checksum continues from the one stored in the
    frame before it, so a damaged frame does not condemn the ones after it. A damaged frame
    of a committed transaction is still the newest content of its page, so it is written
    too (each row read from it is checked). With ``stop_at_damage``, the log ends before a
    damaged frame, as SQLite reads it: an older state, but a consistent one.

    Returns the damaged pages with their previous content (None: the one in ``database``
    before), or None when the log cannot be read.
    """
    data = path.read_bytes()
    if len(data) < HEADER:
        return None
    magic, version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:HEADER])
    if magic not in (MAGIC_LE, MAGIC_BE) or version != VERSION or not _page_size_ok(page_size):
        return None
    big_endian = magic == MAGIC_BE
    frame_size = FRAME_HEADER + page_size
    previous = (c0, c1)
    pages: dict[int, bytes] = {}  # page number → its newest committed content
    whole_before: dict[int, bytes | None] = {}  # damaged page → its content before
    pending: dict[int, tuple[bytes, bool]] = {}  # this transaction's pages (content, whole)
    size = 0
    for index in range((len(data) - HEADER) // frame_size):
        start = HEADER + index * frame_size
        head = data[start : start + FRAME_HEADER]
        page = data[start + FRAME_HEADER : start + frame_size]
        number, commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", head)
        stored, seed = (f0, f1), previous
        previous = stored
        if (f_salt1, f_salt2) != (salt1, salt2):
            continue  # an older generation's frame, or one whose header is damaged
        whole = checksum(page, big_endian, *checksum(head[:8], big_endian, *seed)) == stored
        if stop_at_damage and not whole:
            break
        if number >= 1:
            pending[number] = (page, whole)
        if whole and commit:
            for changed, (content, ok) in pending.items():
                if ok:
                    whole_before.pop(changed, None)
                elif changed not in whole_before:
                    whole_before[changed] = pages.get(changed)
                pages[changed] = content
            pending.clear()
            size = commit
    if not size:
        return None
    with database.open("r+b") as file:
        file.truncate(size * page_size)
        for number, content in sorted(pages.items()):
            if number <= size:
                file.seek((number - 1) * page_size)
                file.write(content)
    return {number: before for number, before in whole_before.items() if number <= size}
