"""F1 uploads: checking a file against ``limits.UPLOAD_RULES`` before anything is sent,
and a streaming multipart body that reports progress and can be rewound for a retry."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from studio.api.errors import FileRejected
from studio.core.filetypes import SNIFF_BYTES, sniff_mime
from studio.core.limits import MB, MIME_EXTENSIONS, UPLOAD_RULES, UploadRule

CHUNK = 64 * 1024
Progress = Callable[[int, int], None]

_FORMAT_NAMES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
}


def _describe(mimes: tuple[str, ...]) -> str:
    names = [_FORMAT_NAMES.get(m, m) for m in mimes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{max(1, size // 1024)} KB"


@dataclass(frozen=True)
class PreparedUpload:
    """A checked file: its bytes, the name, MIME type and extension to send, and the rule."""

    content: bytes
    filename: str
    mime: str
    extension: str
    rule: UploadRule

    def fields(self) -> dict[str, str]:
        """The text parts for both BeMusic generations (``uploadType`` and ``disk``…)."""
        parts = {
            "uploadType": self.rule.upload_type,
            "disk": self.rule.disk,
            "clientMime": self.mime,
            "clientExtension": self.extension,
            "clientName": self.filename,
        }
        if self.rule.disk_prefix:
            parts["diskPrefix"] = self.rule.disk_prefix
        return parts


def prepare_upload(
    file: Path | bytes, kind: str, *, filename: str | None = None, mime: str | None = None
) -> PreparedUpload:
    """Check type and size against ``UPLOAD_RULES[kind]``; ``FileRejected`` if it fails.

    The type is read from the file's content (the ``mime`` hint is only used to name the
    file), so a renamed text file is refused before anything is sent.
    """
    if kind not in UPLOAD_RULES:
        raise ValueError(f"unknown upload kind {kind!r}; expected one of {sorted(UPLOAD_RULES)}")
    rule = UPLOAD_RULES[kind]
    if isinstance(file, bytes | bytearray):
        name = filename or "upload"
        size = len(file)
    else:
        path = Path(file)
        name = filename or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise FileRejected(
                str(exc), user_message=f"Studio cannot read {path.name}: {exc.strerror or exc}."
            ) from None
    allowed = _describe(rule.mimes)
    if size == 0:
        raise FileRejected("empty file", user_message=f"{name} is empty.")
    if size > rule.max_bytes:
        raise FileRejected(
            f"{size} bytes > {rule.max_bytes}",
            user_message=f"{name} is {_size_text(size)}; BeatPass accepts at most "
            f"{_size_text(rule.max_bytes)} here. Choose a smaller file or let Studio shrink it.",
        )
    try:
        content = bytes(file) if isinstance(file, bytes | bytearray) else Path(file).read_bytes()
    except OSError as exc:
        raise FileRejected(
            str(exc), user_message=f"Studio cannot read {name}: {exc.strerror or exc}."
        ) from None
    detected = sniff_mime(content[:SNIFF_BYTES])
    if detected is None or detected not in rule.mimes:
        raise FileRejected(
            f"type {detected or mime or 'unknown'} not allowed",
            user_message=f"{name} is not a {allowed} file, so it cannot be uploaded here.",
        )
    extensions = MIME_EXTENSIONS.get(detected, ())
    stem, dot, ext = name.rpartition(".")
    if dot and ext.lower() in extensions:
        extension = ext.lower()
    else:
        extension = extensions[0] if extensions else "bin"
        name = f"{stem if dot else name}.{extension}"
    return PreparedUpload(content, name, detected, extension, rule)


class MultipartBody:
    """A ``multipart/form-data`` body read in chunks, with a known length and progress.

    File-like (``read``, ``tell``, ``seek``) so urllib3 can rewind it for a retry, and
    sized so requests sends ``Content-Length`` rather than chunked encoding.
    """

    def __init__(
        self, fields: dict[str, str], upload: PreparedUpload, progress: Progress | None = None
    ) -> None:
        self.boundary = f"----BeatPassStudio{os.urandom(16).hex()}"  # as random as uuid4
        head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
            for key, value in fields.items()
        )
        safe_name = upload.filename.replace('"', "_").replace("\r", "").replace("\n", "")
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{safe_name}"\r\nContent-Type: {upload.mime}\r\n\r\n'
        ).encode()
        self._data = memoryview(head + upload.content + f"\r\n--{self.boundary}--\r\n".encode())
        self._pos = 0
        self._progress = progress

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self._data)

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._data)}[whence]
        self._pos = max(0, min(len(self._data), base + offset))
        return self._pos

    def read(self, size: int = -1) -> bytes:
        end = (
            len(self._data) if size is None or size < 0 else min(len(self._data), self._pos + size)
        )
        chunk = bytes(self._data[self._pos : end])
        self._pos = end
        if chunk and self._progress is not None:
            self._progress(self._pos, len(self._data))
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK):
            yield chunk
