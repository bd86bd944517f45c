"""Checking and keeping an application's attachments (worker thread; no widgets).

An attachment must be JPEG, PNG, WebP or PDF and at most 5 MB (API.md F1), judged by its
content, not its name. Pictures go through the image pipeline (the right way up, private
metadata such as the GPS position removed, fitted under the cap); a PDF is kept as it is,
after a check that it is whole. Each kept file is stored under its content hash and the
draft refers to it by its local reference; it is uploaded when the application is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.core.filetypes import SNIFF_BYTES, sniff_mime
from studio.core.limits import MB, UPLOAD_RULES
from studio.messages import user_message
from studio.publish import local_files

RULE = UPLOAD_RULES["backstage_attachment"]
IMAGE_MIMES = ("image/jpeg", "image/png", "image/webp", "image/gif")  # GIF: kept as PNG
PDF = "application/pdf"
PDF_END = b"%%EOF"
PDF_TAIL = 2048  # a whole PDF says %%EOF near its end (after any incremental update)
KINDS = "JPEG, PNG, WebP or PDF"


@dataclass(frozen=True)
class Kept:
    """One file the person chose: the attachment to add (``item``), or why it was not."""

    name: str
    item: dict[str, Any] | None = None
    problem: str = ""
    notes: list[str] = field(default_factory=list)


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{max(1, size // 1024)} KB"


def keep_attachment(path: Path, data_dir: Path) -> Kept:
    """Check one chosen file and keep it; never raises for a bad file (``problem`` says)."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        return Kept(name, problem=f"“{name}” could not be read: {user_message(exc)}")
    if size == 0:
        return Kept(name, problem=f"“{name}” is empty (0 bytes), so there is nothing to attach.")
    mime = sniff_mime(head)
    if mime == PDF:
        return _keep_pdf(path, size, data_dir)
    if mime in IMAGE_MIMES:
        return _keep_picture(path, data_dir)
    return Kept(
        name,
        problem=f"“{name}” is not a {KINDS} file (judged by its content, not its name), so it "
        "cannot be attached. Save it as a PDF or a picture first.",
    )


def _keep_pdf(path: Path, size: int, data_dir: Path) -> Kept:
    name = path.name
    if size > RULE.max_bytes:
        return Kept(
            name,
            problem=f"“{name}” is {size_text(size)}; an attachment may be at most "
            f"{RULE.max_bytes // MB} MB. Save a smaller PDF (fewer pages, or pictures in it "
            "at a lower quality).",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Kept(name, problem=f"“{name}” could not be read: {user_message(exc)}")
    if PDF_END not in data[-PDF_TAIL:]:
        return Kept(
            name,
            problem=f"“{name}” looks damaged: the PDF ends before its end marker. Export or "
            "download it again.",
        )
    ref = local_files.keep(data_dir, data, "pdf", name=name)
    return Kept(name, {"file": ref, "id": None, "name": name, "size": len(data)})


def _keep_picture(path: Path, data_dir: Path) -> Kept:
    from studio.images import ImageError, prepare

    name = path.name
    try:
        prepared = prepare(path, "attachment")
    except ImageError as exc:
        return Kept(name, problem=f"“{name}” cannot be attached: {user_message(exc)}")
    ext = prepared.extension
    stem, _, old_ext = name.rpartition(".")
    kept_name = name if old_ext.lower() in (ext, "jpeg" if ext == "jpg" else ext) else (
        f"{stem or name}.{ext}"
    )  # fmt: skip
    ref = local_files.keep(data_dir, prepared.data, ext, name=kept_name)
    item = {"file": ref, "id": None, "name": kept_name, "size": prepared.size}
    removed = [f"Removed from it: {', '.join(prepared.removed)}."] if prepared.removed else []
    return Kept(kept_name, item, notes=[*removed, *prepared.notes])


def keep_attachments(paths: list[Path], data_dir: Path) -> list[Kept]:
    """``keep_attachment`` for each path, in order."""
    return [keep_attachment(Path(p), data_dir) for p in paths]


def missing_files(data_dir: Path, refs: list[str]) -> dict[str, str]:
    """Kept files gone from this computer (disk I/O: a worker)."""
    from studio.publish.application_kind import kept_file_problems

    return kept_file_problems(data_dir, refs)
