"""Opening a profile offline: the stored snapshot stands in, in either stored shape."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studio.api import BeatPassClient, Offline
from studio.core import drafts
from studio.store import Store
from studio.ui.profile.loading import fetch_artist, fetch_user, stale_notice

ACCOUNT = "sandbox:3"
RAW_ARTIST: dict[str, Any] = {  # the raw server answer older stores kept as the snapshot
    "id": 7,
    "name": "Prod Name",
    "genres": [{"name": "trap"}],
    "profile": {"description": "Line 1\nLine 2", "city": "Toronto", "country": "Canada"},
    "links": [{"id": 9, "url": "https://youtube.com/@x", "title": "YouTube"}],
}
RAW_USER: dict[str, Any] = {
    "id": 3,
    "username": "prodname",
    "first_name": "Ana",
    "profile": {"city": "Toronto", "country": None, "description": "hi"},
}


@pytest.fixture
def offline_client() -> BeatPassClient:
    """A client of a loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return BeatPassClient(f"http://127.0.0.1:{port}/api/v1", "1|token", backoff_factor=0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "studio.db") as opened:
        yield opened


@pytest.mark.parametrize("stored_raw", [False, True], ids=["draft-shaped", "raw answer"])
def test_offline_artist_opens_from_the_stored_snapshot(
    offline_client: BeatPassClient, store: Store, stored_raw: bool
) -> None:
    draft = drafts.artist_draft_from_api(RAW_ARTIST)
    store.save_snapshot(ACCOUNT, drafts.ARTIST, "7", RAW_ARTIST if stored_raw else draft)
    fetched = fetch_artist(offline_client, store, ACCOUNT, 7)
    assert fetched.snapshot == draft
    assert fetched.snapshot["description"] == "Line 1\nLine 2"  # nested text not lost
    assert not fetched.fresh
    assert fetched.offline
    assert "You are offline" in stale_notice(fetched, "this producer profile")


def test_offline_user_reads_a_raw_snapshot(offline_client: BeatPassClient, store: Store) -> None:
    store.save_snapshot(ACCOUNT, drafts.USER, "3", RAW_USER)
    fetched = fetch_user(offline_client, store, ACCOUNT, 3)
    assert fetched.snapshot == drafts.user_draft_from_api(RAW_USER)
    assert fetched.snapshot["first_name"] == "Ana"


def test_offline_without_a_snapshot_raises(offline_client: BeatPassClient, store: Store) -> None:
    with pytest.raises(Offline):
        fetch_artist(offline_client, store, ACCOUNT, 7)
