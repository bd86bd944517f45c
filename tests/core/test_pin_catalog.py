"""The picker's catalog (no Qt): rows from R3 tracks, the stored form, refreshing, the
eligibility in words, and the pacing that keeps paging under the rate limit."""

from __future__ import annotations

import json

import pytest

from studio.core.catalog import ArtistRef, Genre, PinEligibility, Track
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.pin_catalog import (
    ELIGIBLE_LABEL,
    REASON_LABELS,
    STORE_VERSION,
    UNKNOWN_LABEL,
    can_pin,
    catalog_data,
    eligibility_label,
    eligibility_tip,
    from_track,
    keep_only,
    make_track,
    merge_rows,
    page_delay,
    read_catalog,
)


def api_track(ident: int, eligibility: PinEligibility | None = None) -> Track:
    return Track(
        id=ident,
        name=f"Midnight Drive {ident}",
        image="https://cdn.example/c.jpg",
        duration_ms=125_400,
        plays=ident * 10,
        created_at="2025-11-08T10:00:00.000000Z",
        artists=(ArtistRef(7, "Nova Beats"), ArtistRef(9, "Ÿves Ünder")),
        genres=(Genre("lo-fi", "Lo-Fi"),),
        pin_eligibility=eligibility,
    )


def test_a_row_from_an_r3_track() -> None:
    row = from_track(api_track(3, PinEligibility(False, "not_playable")))
    assert (row.id, row.name, row.plays, row.date) == (3, "Midnight Drive 3", 30, "2025-11-08")
    assert row.artists_text == "Nova Beats, Ÿves Ünder"
    assert row.duration_text == "2:05"
    assert (row.eligible, row.reason) == (False, "not_playable")
    # The search key holds title, artists and genres, folded for typing in any case.
    assert row.search == "midnight drive 3 nova beats ÿves ünder lo-fi"
    assert from_track(api_track(4)).eligible is None  # the server said nothing


def test_the_summary_pins_what_the_row_shows() -> None:
    row = from_track(api_track(3))
    summary = row.summary()
    assert summary["id"] == 3 and summary["artists"][1] == {"id": 9, "name": "Ÿves Ünder"}
    assert summary["model_type"] == "track"


def test_stored_and_read_back_unchanged() -> None:
    rows = (
        from_track(api_track(1, PinEligibility(True))),
        from_track(api_track(2, PinEligibility(False, "exclusive_sold"))),
        from_track(api_track(3)),
    )
    data = json.loads(json.dumps(catalog_data(rows, complete=True, total=3, fetched_at=5.0)))
    stored = read_catalog(data)
    assert stored is not None
    assert stored.tracks == rows and stored.complete and stored.total == 3
    assert stored.fetched_at == 5.0


def test_a_damaged_or_newer_store_is_not_trusted() -> None:
    assert read_catalog(None) is None
    good = catalog_data([make_track(id=4, name="x")], complete=True, total=1, fetched_at=1.0)
    assert read_catalog({**good, "version": STORE_VERSION + 1}) is None
    assert read_catalog({**good, "columns": "junk"}) is None
    short = {**good, "columns": {**good["columns"], "name": []}}
    assert read_catalog(short) is None  # columns that do not line up
    odd = {
        **good["columns"],
        "id": ["x", 5],
        "name": ["a", 7],
        "artists": [[1, "A"], [2, "B", "dangling"]],
        "genres": [[], "junk"],
        "image": ["", None],
        "duration": [1, "?"],
        "duration_text": ["", ""],
        "plays": [1, "?"],
        "created_at": ["", ""],
        "eligible": [True, "yes"],
        "reason": [None, None],
    }
    stored = read_catalog({**good, "columns": odd})
    assert stored is not None
    [row] = stored.tracks  # the row without a usable id is left out
    assert (row.id, row.name, row.artists, row.genres, row.plays, row.eligible) == (
        5, "", ((2, "B"),), (), 0, None,
    )  # fmt: skip


def test_a_refresh_updates_in_place_adds_at_the_end_and_drops_the_deleted() -> None:
    old = tuple(make_track(id=i, name=f"T{i}", plays=i) for i in (1, 2, 3))
    page = (make_track(id=2, name="T2 (new mix)", plays=200), make_track(id=9, name="T9"))
    merged = merge_rows(old, page)
    assert [(t.id, t.name) for t in merged] == [
        (1, "T1"), (2, "T2 (new mix)"), (3, "T3"), (9, "T9"),
    ]  # fmt: skip
    assert [t.id for t in keep_only(merged, [9, 2, 1])] == [1, 2, 9]


@pytest.mark.parametrize("reason", sorted(PIN_INELIGIBLE_REASONS))
def test_each_failing_rule_in_words(reason: str) -> None:
    row = make_track(id=1, name="x", eligible=False, reason=reason)
    assert eligibility_label(row) == REASON_LABELS[reason]
    assert eligibility_tip(row) == PIN_INELIGIBLE_REASONS[reason]
    assert not can_pin(row)


def test_eligible_unknown_and_refused() -> None:
    eligible = make_track(id=1, name="x", eligible=True)
    unknown = make_track(id=2, name="y")
    assert eligibility_label(eligible) == ELIGIBLE_LABEL and can_pin(eligible)
    assert eligibility_label(unknown) == UNKNOWN_LABEL and can_pin(unknown)
    assert "did not say" in eligibility_tip(unknown)
    refused = "The track's audio is not playable."
    assert eligibility_label(unknown, refused) == refused
    assert eligibility_tip(unknown, refused).endswith(refused)
    assert not can_pin(unknown, refused)
    assert eligibility_label(make_track(id=3, name="z", eligible=False, reason="new_rule"))


def test_paging_slows_down_only_when_the_limit_runs_low() -> None:
    assert page_delay(None, None) == 0.0
    assert page_delay(299, 300) == 0.0
    assert page_delay(60, 300) == 0.0  # the reserve is a fifth of the limit
    assert page_delay(59, 300) == pytest.approx(60 / 59)
    assert page_delay(10, 300) == pytest.approx(6.0)
    assert page_delay(0, 300) == 60.0  # never more than a window
    assert page_delay(9, None) == pytest.approx(60 / 9)  # unknown limit: a reserve of 10
    # Waiting that way, paging alone could not use up a window before it resets.
    assert sum(page_delay(r, 300) for r in range(59, 0, -1)) > 60
