"""File types judged by content: the one check the client and the sandbox share."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from studio.core.filetypes import SNIFF_BYTES, sniff_mime


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_real_images_are_recognised_from_their_head(fmt: str, mime: str) -> None:
    assert sniff_mime(image_bytes(fmt)[:SNIFF_BYTES]) == mime


@pytest.mark.parametrize(
    "head",
    [b"", b"hello, this is text", b"<svg xmlns=", b"BM\x00\x00", b"RIFF\x00\x00\x00\x00WAVE"],
)
def test_anything_else_is_refused(head: bytes) -> None:
    assert sniff_mime(head) is None


def test_pdf_and_extension_do_not_matter() -> None:
    assert sniff_mime(b"%PDF-1.7\n") == "application/pdf"
    assert sniff_mime(image_bytes("PNG")) == "image/png"  # whatever the file is called
