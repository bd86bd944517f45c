"""Client against the real sandbox: Producer Program requests (B1–B4) and their guard,
artist search for claims (S1), uploads (F1) and injected faults (retries)."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from PIL import Image

from studio.api import (
    AuthExpired,
    BeatPassClient,
    Conflict,
    FileRejected,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    ValidationFailed,
)
from studio.core.limits import MB

Reader = Callable[..., BeatPassClient]
APPLICANT = "applicant@demo.beatpass.test"
PENDING = "pending@demo.beatpass.test"
REVOKED = "revoked@demo.beatpass.test"


def become_data() -> dict[str, Any]:
    return {
        "beats_url": "https://soundcloud.com/new-producer",
        "first_name": "Ana",
        "last_name": "Bee",
        "name": "Ana Bee",
        "company": "",
        "instagram": "anabee",
        "attachments": [],
        "accepted_terms": True,
        "accepted_rights_and_commitment": True,
    }


def find_artist(client: BeatPassClient, name: str) -> Any:
    return next(r for r in client.search_artists(name) if r.name == name)


# --- B1–B4 -----------------------------------------------------------------------------------


def test_submission_status_for_each_state(reader: Reader) -> None:
    free = reader(APPLICANT).submission_status()
    assert free.can_submit and free.block_reason is None
    pending = reader(PENDING).submission_status()
    assert not pending.can_submit and pending.block_reason == "pending"
    assert pending.message and pending.blocking_request_id
    revoked = reader(REVOKED).submission_status()
    assert not revoked.can_submit and revoked.block_reason == "revoked"
    assert revoked.contact_url and revoked.contact_url.startswith(reader().origin + "/")


def test_become_request_then_guard_blocks_a_second(as_user: Reader) -> None:
    client = as_user(APPLICANT)
    request = client.create_backstage_request("become-artist", "Brand New Name", become_data())
    assert request.status == "pending" and request.type == "become-artist"
    assert request.data["beats_url"] == "https://soundcloud.com/new-producer"
    status = client.submission_status()
    assert status.block_reason == "pending" and status.blocking_request_id == request.id
    with pytest.raises(Conflict) as info:
        client.create_backstage_request("become-artist", "Another Name", become_data())
    assert info.value.error_code == "backstage_request_pending"
    assert "under review" in info.value.user_message
    assert client.backstage_request(request.id).id == request.id


@pytest.mark.parametrize(
    ("email", "code"),
    [(PENDING, "backstage_request_pending"), (REVOKED, "backstage_request_revoked")],
)
def test_guard_for_pending_and_revoked_accounts(reader: Reader, email: str, code: str) -> None:
    with pytest.raises(Conflict) as info:
        reader(email).create_backstage_request("become-artist", "Some Name", become_data())
    assert info.value.error_code == code
    assert info.value.user_message


def test_claim_of_an_already_claimed_profile(reader: Reader) -> None:
    client = reader(APPLICANT)
    cold = find_artist(client, "Cold Harbor")
    assert client.check_ownership(cold.id).availability == "already_claimed"
    data = {**become_data(), "role": "artist"}
    with pytest.raises(Conflict) as info:
        client.create_backstage_request("claim-artist", "Cold Harbor", data, artist_id=cold.id)
    assert info.value.error_code == "artist_already_claimed"
    assert "contact@beatpass.ca" in info.value.user_message


def test_claim_of_an_available_profile(as_user: Reader) -> None:
    client = as_user(APPLICANT)
    target = find_artist(client, "Midnight Cassette")
    assert client.check_ownership(target.id).availability == "available"
    data = {**become_data(), "role": "manager"}
    request = client.create_backstage_request(
        "claim-artist", "Midnight Cassette", data, artist_id=target.id
    )
    assert request.artist_id == target.id and request.status == "pending"


def test_backstage_validation(reader: Reader) -> None:
    client = reader(APPLICANT)
    bad = {**become_data(), "beats_url": "not a url", "accepted_terms": False}
    with pytest.raises(ValidationFailed) as info:
        client.create_backstage_request("become-artist", "ab", bad)
    fields = info.value.field_errors
    assert "data.beats_url" in fields and "artist_name" in fields
    assert client.submission_status().can_submit  # nothing was created


def test_backstage_history_and_ownership(reader: Reader) -> None:
    client = reader(APPLICANT)
    me = client.me()
    history = client.backstage_requests(me.id)
    assert history.items and {r.status for r in history.items} >= {"denied"}
    denied = next(r for r in history.items if r.status == "denied")
    assert client.backstage_request(denied.id).status == "denied"
    other = reader(PENDING)
    with pytest.raises(Forbidden):
        other.backstage_requests(me.id)
    with pytest.raises(Forbidden):
        other.backstage_request(denied.id)
    with pytest.raises(NotFound):
        client.backstage_request(99999999)


# --- S1 --------------------------------------------------------------------------------------


def test_search_artists_for_claims(reader: Reader) -> None:
    client = reader(APPLICANT)
    results = client.search_artists("Mid", limit=10)
    names = {r.name for r in results}
    assert "Midnight Cassette" in names
    assert all(isinstance(r.id, int) for r in results)  # no CURRENT_USER pseudo-entry
    assert all(r.name.lower().startswith("mid") for r in results)
    cold = find_artist(client, "Cold Harbor")
    assert cold.claimed is True
    assert find_artist(client, "Midnight Cassette").claimed is False


# --- F1 --------------------------------------------------------------------------------------


def png(size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def test_upload_real_image_and_fetch_it_back(reader: Reader) -> None:
    client = reader()
    data = png((400, 400))
    progress: list[tuple[int, int]] = []
    entry = client.upload(
        data, "artist_image", filename="avatar.png", progress=lambda s, t: progress.append((s, t))
    )
    assert entry.id and entry.mime == "image/png"
    assert entry.url.startswith(client.origin + "/")
    assert progress[-1][0] == progress[-1][1]
    served = requests.get(entry.url, timeout=5)
    assert served.status_code == 200 and served.content == data


def test_upload_rejections_send_nothing(reader: Reader, tmp_path: Any) -> None:
    client = reader()
    noise = Image.effect_noise((1500, 1500), 100).convert("RGB")
    path = tmp_path / "huge.png"
    noise.save(path, "PNG")
    assert path.stat().st_size > 2 * MB
    with pytest.raises(FileRejected):
        client.upload(path, "artist_image")
    text = tmp_path / "notes.png"
    text.write_text("this is not an image")
    with pytest.raises(FileRejected):
        client.upload(text, "user_avatar")


def test_upload_needs_a_token(reader: Reader) -> None:
    with pytest.raises(AuthExpired):
        BeatPassClient(reader().base_url).upload(png((10, 10)), "artist_image")


# --- Faults: retries -------------------------------------------------------------------------


def test_two_503_then_success(shared_sandbox: Any, reader: Reader) -> None:
    client = reader()
    shared_sandbox.set_faults(fail_next=2)
    assert client.me().email


def test_too_many_503_give_a_server_error(shared_sandbox: Any, reader: Reader) -> None:
    client = reader()
    shared_sandbox.set_faults(fail_next=5)
    with pytest.raises(ServerError):
        client.me()
    assert client.me().email  # the sixth request is answered normally


def test_429_with_retry_after_is_waited_out(shared_sandbox: Any, reader: Reader) -> None:
    client = reader()
    shared_sandbox.set_faults(rate_limit_next=1, retry_after=1)
    started = time.monotonic()
    assert client.me().email
    assert time.monotonic() - started >= 0.95  # the server asked for one second


def test_long_retry_after_is_reported(shared_sandbox: Any) -> None:
    client = BeatPassClient(
        shared_sandbox.base_url,
        shared_sandbox.token_for("producer@demo.beatpass.test"),
        backoff_factor=0,
        retry_after_cap=0.5,
    )
    shared_sandbox.set_faults(rate_limit_next=1, retry_after=5)
    with pytest.raises(RateLimited) as info:
        client.me()
    assert info.value.retry_after == 5
