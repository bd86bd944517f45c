"""What kind of file a byte string is, judged by its first bytes (the formats uploads accept).

The client checks a file before sending it and the sandbox checks it on arrival; both use this
one function so they always agree.
"""

from __future__ import annotations

# (MIME type, test on the first bytes)
_SIGNATURES = (
    ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("image/webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("application/pdf", lambda head: head.startswith(b"%PDF-")),
)
SNIFF_BYTES = 16  # enough of the head for every signature above


def sniff_mime(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes, or None for anything uploads refuse."""
    return next((mime for mime, matches in _SIGNATURES if matches(head)), None)
