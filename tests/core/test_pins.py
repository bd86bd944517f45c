"""The pin document (no Qt): its draft from P3, the plan it publishes, and how it merges —
the pin is one value, compared by track id, so plays that changed on the server never
clash with a pin, and a pin changed on both sides to different tracks does."""

from __future__ import annotations

from typing import Any

from studio.core.catalog import ArtistRef, Track
from studio.core.diff import diff_drafts
from studio.core.drafts import schema_for
from studio.core.merge import merge_drafts
from studio.core.pins import (
    AUTO_PICK,
    AUTOMATIC,
    MANUAL,
    PIN,
    PIN_TRACK,
    PINNED,
    UNPIN_TRACK,
    empty_pin_draft,
    pin_draft,
    pin_steps,
    pinned_id,
    shown,
    source_of,
    summary_meta,
    summary_text,
    summary_track,
    track_summary,
    with_pin,
)


def track(ident: int, name: str = "", plays: int = 10) -> Track:
    return Track(
        id=ident,
        name=name or f"Beat {ident}",
        image=f"https://cdn.example/{ident}.jpg",
        duration_ms=184_000,
        plays=plays,
        artists=(ArtistRef(7, "Nova Beats"), ArtistRef(8, "Nova Lo-Fi")),
    )


def summary(ident: int, plays: int = 10) -> dict[str, Any]:
    return track_summary(track(ident, plays=plays))


def test_the_kind_is_registered_with_one_scalar_pin() -> None:
    schema = schema_for(PIN)
    assert list(schema) == [PINNED, AUTO_PICK]
    assert schema[PINNED].label == "Pinned"


def test_p3_answers_become_drafts() -> None:
    assert pin_draft(None, None) == empty_pin_draft() == {PINNED: None, AUTO_PICK: None}
    manual = pin_draft(track(5), MANUAL)
    assert pinned_id(manual) == 5 and manual[AUTO_PICK] is None
    assert source_of(manual) == MANUAL
    auto = pin_draft(track(6), AUTOMATIC)
    assert pinned_id(auto) is None and shown(auto) == summary(6)
    assert source_of(auto) == AUTOMATIC
    assert source_of(empty_pin_draft()) is None and shown(empty_pin_draft()) is None
    # A track without a source (an older server) is a pin.
    assert pinned_id(pin_draft(track(7), None)) == 7


def test_a_summary_reads_back_as_the_card_shows_it() -> None:
    value = summary(5, plays=1234)
    assert value["duration_text"] == "3:04"
    back = summary_track(value)
    assert back is not None and (back.id, back.name, back.plays) == (5, "Beat 5", 1234)
    assert back.image == "https://cdn.example/5.jpg"
    assert summary_text(value) == "Beat 5 — Nova Beats, Nova Lo-Fi"
    assert summary_meta(value) == "3:04 · 1.2K plays"
    for junk in (None, "x", {"name": "no id"}, {"id": True}):
        assert summary_track(junk) is None and summary_text(junk) == ""


def test_pinning_what_the_server_has_gives_the_base_back() -> None:
    base = pin_draft(track(5, plays=10), MANUAL)
    again = with_pin(base, summary(5, plays=99))  # the picker's copy, other plays
    assert again == base  # nothing to publish
    other = with_pin(base, summary(6))
    assert pinned_id(other) == 6 and diff_drafts(PIN, base, other)[0].field == PINNED
    assert pinned_id(with_pin(base, None)) is None
    auto = pin_draft(track(9), AUTOMATIC)
    assert with_pin(auto, None) == auto  # unpinning where nothing is pinned: unchanged
    assert with_pin(auto, summary(3))[AUTO_PICK] == auto[AUTO_PICK]  # never edited


def test_the_plan_is_one_pin_or_one_unpin_step() -> None:
    a, b, none = pin_draft(track(1), MANUAL), pin_draft(track(2), MANUAL), empty_pin_draft()
    assert pin_steps("7", a, a) == []
    assert pin_steps("7", a, with_pin(a, summary(1, plays=5))) == []
    assert pin_steps("7", a, b) == [{"type": PIN_TRACK, "track_id": 2, "ref": "track:2"}]
    assert pin_steps("7", a, none) == [{"type": UNPIN_TRACK, "track_id": 1}]
    assert pin_steps("7", none, none) == []


def test_plays_changed_on_the_server_do_not_clash_with_a_new_pin() -> None:
    base = pin_draft(track(1, plays=10), MANUAL)
    mine = with_pin(base, summary(2))
    theirs = pin_draft(track(1, plays=500), MANUAL)
    merge = merge_drafts(PIN, base, mine, theirs)
    assert merge.clean and pinned_id(merge.result()) == 2


def test_a_pin_changed_on_both_sides_clashes() -> None:
    base = pin_draft(track(1), MANUAL)
    merge = merge_drafts(PIN, base, with_pin(base, summary(2)), pin_draft(track(3), MANUAL))
    assert not merge.clean
    [conflict] = merge.conflicts
    assert conflict.field == PINNED
    assert (pinned_id({PINNED: conflict.mine}), pinned_id({PINNED: conflict.theirs})) == (2, 3)
    merge.resolve(PINNED, "theirs")
    assert merge.result()[PINNED] == summary(3)  # the whole card follows the choice
    unpin = merge_drafts(PIN, base, with_pin(base, None), pin_draft(track(3), MANUAL))
    assert not unpin.clean  # unpinned here, pinned to another there


def test_the_same_pin_on_both_sides_is_no_clash() -> None:
    base = pin_draft(track(1), MANUAL)
    merge = merge_drafts(PIN, base, with_pin(base, summary(2)), pin_draft(track(2), MANUAL))
    assert merge.clean and pinned_id(merge.result()) == 2


def test_beatpass_own_pick_follows_the_server() -> None:
    base = pin_draft(track(1), AUTOMATIC)
    mine = with_pin(base, summary(2))
    merge = merge_drafts(PIN, base, mine, pin_draft(track(4), AUTOMATIC))
    assert merge.clean
    result = merge.result()
    assert pinned_id(result) == 2 and shown({PINNED: None, **{AUTO_PICK: result[AUTO_PICK]}})
    assert result[AUTO_PICK]["id"] == 4
