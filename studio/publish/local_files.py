"""The app's own copies of pictures and attachments the user added: files named by their
content hash under ``<data>/pending-uploads``, referred to from drafts as
``local:<sha256>.<ext>`` (:mod:`studio.core.localref`). Disk I/O only: call off the GUI
thread. No Qt.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from studio.core.localref import file_name, is_local, make_ref, valid_name

log = logging.getLogger(__name__)

PENDING_DIR = "pending-uploads"
NAME_SUFFIX = ".name"  # beside each kept file: the name of the file the user picked
GC_GRACE_S = 24 * 3600  # an unreferenced file younger than this is kept (a draft may be
# between an import and its autosave, or another Studio window may be using it)


def pending_dir(data_dir: Path) -> Path:
    return Path(data_dir) / PENDING_DIR


def keep(data_dir: Path, data: bytes, extension: str, name: str = "") -> str:
    """Store ``data`` as ``<sha256>.<ext>`` (atomically, fsynced) and return its local
    reference. The same bytes always give the same reference (added twice: one file).
    ``name`` (the file the user picked, e.g. "photo.jpg") is kept beside it for the review,
    the outbox and the upload."""
    import hashlib  # here: it loads OpenSSL (~3 ms), and opening a document never keeps a file

    ref = make_ref(hashlib.sha256(data).hexdigest(), extension)
    folder = pending_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / file_name(ref)
    if not (final.is_file() and final.stat().st_size == len(data)):
        _write_atomic(final, data)
    if name:
        _write_atomic(_name_file(final), Path(name).name[:255].encode("utf-8"))
    return ref


def name_of(data_dir: Path, ref: str) -> str:
    """The file name the user picked for a local reference ("" when unknown)."""
    path = path_of(data_dir, ref)
    if path is None:
        return ""
    try:
        return _name_file(path).read_bytes().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _name_file(path: Path) -> Path:
    return path.with_name(path.name + NAME_SUFFIX)


def _write_atomic(final: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-", suffix=final.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def path_of(data_dir: Path, ref: str) -> Path | None:
    """The file of a local reference (None when ``ref`` is not one). It may be missing."""
    if not is_local(ref):
        return None
    return pending_dir(data_dir) / file_name(ref)


def read(data_dir: Path, ref: str) -> bytes:
    """The bytes of a local reference; ``FileNotFoundError`` when the file is gone."""
    path = path_of(data_dir, ref)
    if path is None:
        raise FileNotFoundError(ref)
    return path.read_bytes()


def collect_garbage(
    data_dir: Path, referenced: Iterable[str], *, grace_s: float = GC_GRACE_S
) -> int:
    """Delete kept files no draft or outbox item refers to any more (and older than
    ``grace_s``), and stale temporary files; returns how many were deleted."""
    folder = pending_dir(data_dir)
    if not folder.is_dir():
        return 0
    wanted = {file_name(r) for r in referenced if is_local(r)}
    wanted |= {n + NAME_SUFFIX for n in wanted}
    now, removed = time.time(), 0
    for entry in folder.iterdir():
        name = entry.name
        if name in wanted or not entry.is_file():
            continue
        ours = valid_name(name.removesuffix(NAME_SUFFIX)) or name.startswith(".tmp-")
        if not ours:
            continue  # not ours: leave it
        try:
            if now - entry.stat().st_mtime < grace_s:
                continue
            entry.unlink()
            removed += 1
        except OSError as exc:
            log.warning("could not remove the unused file %s: %s", entry, exc)
    return removed
