"""The client side of pinning and paging the catalog against the sandbox: R3 in pages of 50
with eligibility (or without, as BeatPass itself may answer), P3 as a pin draft, and the
rate-limit headers the paging paces itself by."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from studio.api import BeatPassClient, RateLimited
from studio.core.pin_catalog import CATALOG_PER_PAGE, from_track
from studio.core.pins import MANUAL, fetch_pin, pinned_id, source_of

NOVA = 1


def all_tracks(client: BeatPassClient) -> list[Any]:
    return list(client.iter_pages(lambda page: client.artist_tracks(NOVA, page, CATALOG_PER_PAGE)))


def test_the_catalog_comes_in_pages_of_50_with_eligibility(
    reader: Callable[..., BeatPassClient],
) -> None:
    client = reader()
    first = client.artist_tracks(NOVA, 1, CATALOG_PER_PAGE)
    assert len(first.items) == 50 and first.has_next and first.total == 62
    rows = [from_track(t) for t in all_tracks(client)]
    assert len({r.id for r in rows}) == 62
    assert {r.eligible for r in rows} == {True, False}
    assert {r.reason for r in rows if r.eligible is False} == {
        "not_primary_owner", "not_playable", "no_active_offer", "exclusive_sold",
        "ai_rights_unconfirmed",
    }  # fmt: skip


def test_without_eligibility_every_track_is_unknown(
    reader: Callable[..., BeatPassClient], shared_sandbox: Any
) -> None:
    shared_sandbox.set_faults(tracks_without_eligibility=True)
    try:
        client = reader()
        rows = [from_track(t) for t in all_tracks(client)]
        assert len(rows) == 62 and {r.eligible for r in rows} == {None}
        pinned = client.pinned_track(NOVA).track
        assert pinned is not None and pinned.pin_eligibility is None
    finally:
        shared_sandbox.set_faults()


def test_p3_reads_as_a_pin_draft(reader: Callable[..., BeatPassClient]) -> None:
    draft = fetch_pin(reader(), str(NOVA))
    assert pinned_id(draft) is not None and source_of(draft) == MANUAL


def test_the_client_remembers_what_the_rate_limit_leaves(
    reader: Callable[..., BeatPassClient],
) -> None:
    client = reader()
    assert client.rate_left is None
    client.artist_tracks(NOVA, 1, 5)
    first = client.rate_left
    assert first is not None and first[1] == 300
    client.artist_tracks(NOVA, 2, 5)
    second = client.rate_left
    assert second is not None and second[0] == first[0] - 1


def test_a_429_does_not_count_as_what_is_left(
    reader: Callable[..., BeatPassClient], shared_sandbox: Any
) -> None:
    """The 429's own "0 left" is over once its Retry-After has passed: paging after the wait
    must not slow down for a minute because of it."""
    client = BeatPassClient(
        shared_sandbox.base_url, shared_sandbox.token_for("producer@demo.beatpass.test"),
        retry_after_cap=0,
    )  # fmt: skip
    try:
        client.artist_tracks(NOVA, 1, 5)
        before = client.rate_left
        shared_sandbox.set_faults(rate_limit_next=1, retry_after=1)
        with pytest.raises(RateLimited):
            client.artist_tracks(NOVA, 1, 5)
        assert client.rate_left == before
    finally:
        shared_sandbox.set_faults()
        client.close()
