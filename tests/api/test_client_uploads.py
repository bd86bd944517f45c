"""F1 multipart uploads against the recording server: the parts sent, progress, a rewound
body on retry, and files refused before anything is sent."""

from __future__ import annotations

import email.parser
import email.policy
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from recording_server import Recorded, RecordingServer, Reply

from studio.api import BeatPassClient, FileRejected, ValidationFailed
from studio.core.limits import MB

ENTRY = {"status": "success", "fileEntry": {"id": 51, "url": "storage/avatars/u.png"}}


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    srv = RecordingServer()
    srv.default = Reply(201, ENTRY)
    yield srv
    srv.stop()


def png_bytes(size: tuple[int, int] = (64, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 90)).save(buf, "PNG")
    return buf.getvalue()


def parts_of(rec: Recorded) -> dict[str, tuple[str | None, bytes]]:
    """name → (filename, content) of a recorded multipart body."""
    raw = f"Content-Type: {rec.header('Content-Type')}\r\n\r\n".encode() + rec.body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    result: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        result[name] = (part.get_filename(), part.get_payload(decode=True))
    return result


def test_upload_sends_both_generations_of_parts_and_reports_progress(
    server: RecordingServer, tmp_path: Path
) -> None:
    data = png_bytes()
    path = tmp_path / "avatar.PNG"
    path.write_bytes(data)
    seen: list[tuple[int, int]] = []
    client = BeatPassClient(server.base_url, "1|x", backoff_factor=0)
    entry = client.upload(
        path, "user_avatar", progress=lambda sent, total: seen.append((sent, total))
    )
    assert entry.id == 51
    assert entry.url == f"{client.origin}/storage/avatars/u.png"
    rec = server.requests[0]
    assert rec.method == "POST" and rec.path == "/api/v1/uploads"
    assert (rec.header("Content-Type") or "").startswith("multipart/form-data; boundary=")
    assert rec.header("Content-Length") == str(len(rec.body))
    assert rec.header("Transfer-Encoding") is None
    parts = parts_of(rec)
    assert parts["file"] == ("avatar.PNG", data)
    assert parts["uploadType"][1] == b"avatars"
    assert parts["disk"][1] == b"public"
    assert parts["diskPrefix"][1] == b"avatars"
    assert parts["clientMime"][1] == b"image/png"
    assert parts["clientExtension"][1] == b"png"
    assert seen, "progress was never reported"
    assert seen[-1] == (len(rec.body), len(rec.body))
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)


def test_bytes_upload_gets_a_name_and_attachment_has_no_disk_prefix(
    server: RecordingServer,
) -> None:
    pdf = b"%PDF-1.4\n" + b"0" * 100
    BeatPassClient(server.base_url, "1|x").upload(pdf, "backstage_attachment")
    parts = parts_of(server.requests[0])
    assert parts["file"][0] == "upload.pdf"
    assert parts["uploadType"][1] == b"backstageAttachments"
    assert parts["disk"][1] == b"uploads"
    assert "diskPrefix" not in parts


def test_upload_body_is_rewound_for_a_retry(server: RecordingServer) -> None:
    server.add(Reply(503, {"message": "busy"}))
    data = png_bytes()
    BeatPassClient(server.base_url, "1|x", backoff_factor=0).upload(data, "artist_image")
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body
    assert parts_of(server.requests[1])["file"][1] == data


def test_oversize_file_is_refused_before_sending(server: RecordingServer, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes()[:32] + b"\0" * (2 * MB))
    with pytest.raises(FileRejected) as info:
        BeatPassClient(server.base_url, "1|x").upload(big, "artist_image")
    assert "2.0 MB" in info.value.user_message
    assert "big.png" in info.value.user_message
    assert server.requests == []


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"hello, this is text", "artist_image"),
        (b"%PDF-1.4 fake", "artist_image"),  # a PDF is fine as an attachment, not as artwork
        (b"GIF89a" + b"\0" * 20, "claim_picture"),  # GIF is not allowed for a claim picture
        (b"", "user_avatar"),
    ],
)
def test_wrong_type_is_refused_before_sending(
    server: RecordingServer, tmp_path: Path, content: bytes, kind: str
) -> None:
    path = tmp_path / "picture.jpg"  # the name lies; the content decides
    path.write_bytes(content)
    with pytest.raises(FileRejected) as info:
        BeatPassClient(server.base_url, "1|x").upload(path, kind)
    assert "picture.jpg" in info.value.user_message
    assert server.requests == []


def test_missing_file_and_unknown_kind(server: RecordingServer, tmp_path: Path) -> None:
    client = BeatPassClient(server.base_url, "1|x")
    with pytest.raises(FileRejected):
        client.upload(tmp_path / "nope.png", "artist_image")
    with pytest.raises(ValueError, match="unknown upload kind"):
        client.upload(png_bytes(), "not-a-kind")
    assert server.requests == []


def test_server_413_and_422_are_not_retried(server: RecordingServer) -> None:
    server.add(
        Reply(413, "<html>413 Request Entity Too Large</html>", {"Retry-After": "1"}),
        Reply(422, {"message": "The file is too big.", "errors": {"file": ["Too big."]}}),
    )
    client = BeatPassClient(server.base_url, "1|x", backoff_factor=0)
    with pytest.raises(FileRejected):
        client.upload(png_bytes(), "artist_image")
    with pytest.raises(ValidationFailed) as info:
        client.upload(png_bytes(), "artist_image")
    assert info.value.field_errors == {"file": ["Too big."]}
    assert len(server.requests) == 2
