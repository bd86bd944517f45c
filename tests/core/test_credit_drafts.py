"""The credits draft: grouping the server's entries by item, the canonical shape, roles,
badges, popularity dots, the public order and the review's change rows."""

from __future__ import annotations

from credit_items import draft, item, keys

import studio.core.credit_kind  # noqa: F401 — registers the kind
from studio.core.credit_drafts import (
    clean_items,
    draft_from_credits,
    group_of,
    is_spotify_link,
    item_from_spotify,
    item_from_track,
    popularity_dots,
    public_groups,
    role_badges,
    sort_roles,
    with_roles,
)
from studio.core.credit_plan import change_rows, credit_changes
from studio.core.credits import Credit, SpotifyItem, SpotifyTrack
from studio.core.diff import diff_drafts
from studio.core.drafts import normalize_draft


def entry(cid: int, sid: str, role: str, position: int, **kw: object) -> Credit:
    return Credit(id=cid, spotify_id=sid, type=str(kw.pop("type", "track")), role=role,
                  position=position, title=f"T{sid}", **kw)  # type: ignore[arg-type]  # fmt: skip


def test_entries_of_one_item_become_one_item_in_editor_order() -> None:
    credits = [
        entry(3, "b", "producer", 3),
        entry(1, "a", "mixing_engineer", 1),
        entry(2, "a", "producer", 2),
        entry(4, "x", "producer", 4, type="album"),
    ]
    d = draft_from_credits(credits)
    assert keys(d) == ["track:a", "track:b", "album:x"]
    first = d["credits"][0]
    assert first["roles"] == ["producer", "mixing_engineer"]  # the role table's order
    assert first["entry_ids"] == {"producer": 2, "mixing_engineer": 1}


def test_clean_items_joins_repeats_and_drops_junk() -> None:
    cleaned = clean_items(
        [
            item("a", ["producer"], {"producer": 1}),
            "junk",
            {"type": "track"},  # no Spotify id
            item("a", ["composer", "producer"], {"composer": 5}),
            {**item("b", ["nope", "producer", "producer"]), "type": "weird"},
        ]
    )
    assert [c["spotify_id"] for c in cleaned] == ["a", "b"]
    assert cleaned[0]["roles"] == ["producer", "composer"]
    assert cleaned[0]["entry_ids"] == {"producer": 1, "composer": 5}
    assert cleaned[1]["roles"] == ["producer", "nope"]  # unknown roles kept, last
    assert cleaned[1]["type"] == "track"


def test_normalize_draft_uses_the_registered_schema() -> None:
    d = normalize_draft("credits", {"credits": [item("a", ["producer", "producer"])]})
    assert d["credits"][0]["roles"] == ["producer"]


def test_with_roles_keeps_ids_of_roles_still_held() -> None:
    it = item("a", ["producer", "composer"], {"producer": 1, "composer": 2})
    assert with_roles(it, ["composer", "arranger"])["entry_ids"] == {"composer": 2}
    assert with_roles(it, ["arranger", "composer"])["roles"] == ["composer", "arranger"]


def test_role_badges_two_then_more_and_dots() -> None:
    assert role_badges(["composer", "producer", "vocalist", "a_and_r"]) == (
        ["Producer", "Composer"],
        2,
    )
    assert role_badges(["producer"]) == (["Producer"], 0)
    assert [popularity_dots(p) for p in (None, 0, 39, 40, 69, 70, 100)] == [0, 1, 1, 2, 2, 3, 3]
    assert sort_roles(["a_and_r", "producer"]) == ["producer", "a_and_r"]


def test_only_spotify_web_links_open() -> None:
    assert is_spotify_link("https://open.spotify.com/track/abc")
    for bad in (
        "http://open.spotify.com/track/abc",
        "https://open.spotify.com.evil.test/x",
        "javascript:alert(1)",
        None,
        "https://open.spotify.com/track/a b",
    ):
        assert not is_spotify_link(bad)


def test_public_groups_newest_first_without_roleless_items() -> None:
    d = draft(
        item("old", ["producer"], date="2019-05-01"),
        item("new", ["producer", "composer"], {"producer": 9}, date="2025-02-01"),
        item("none", [], date="2026-01-01"),
    )
    groups = public_groups(d)
    assert [g.spotify_id for g in groups] == ["new", "old"]
    assert [e.role_name for e in groups[0].entries] == ["Producer", "Composer"]
    assert groups[0].entries[0].id == 9
    assert group_of(d["credits"][0]).head.release_year == 2019


def test_new_items_from_search_and_album() -> None:
    found = SpotifyItem("s1", "track", "Hit", "Aria", release_year=2023, popularity=80)
    new = item_from_spotify(found, ["producer"])
    assert new["release_date"] == "2023" and new["roles"] == ["producer"]
    album = SpotifyItem("al", "album", "LP", "Band", image="c.jpg", release_date="2022-03-04",
                        total_tracks=9)  # fmt: skip
    track = item_from_track(album, SpotifyTrack("t1", "Intro"), ["composer"])
    assert track["album"] == {"spotify_id": "al", "title": "LP", "total_tracks": 9}
    assert track["image"] == "c.jpg" and track["artist_names"] == "Band"


def test_review_rows_say_added_removed_reroled_moved() -> None:
    before = [item("a", ["producer"]), item("b", ["composer"]), item("c", ["producer"])]
    after = [item("c", ["producer"]), item("a", ["mixing_engineer"]), item("d", ["vocalist"])]
    changes = credit_changes(before, after)
    assert changes.summary() == "Credits: 1 added, 1 removed, 1 re-roled, 1 moved"
    rows = change_rows(changes)
    assert ("+", "added: Song d — Singer (Song, 2024) as Vocalist") in rows
    assert ("−", "removed: Song b — Singer (Song, 2024) (Composer)") in rows
    assert ("✎", "roles of Song a — Singer (Song, 2024): Producer → Mixing Engineer") in rows
    assert ("↕", "moved: Song a — Singer (Song, 2024)") in rows  # c stays, a moved


def test_generic_diff_of_a_credits_draft() -> None:
    before = draft(*(item(str(n), ["producer"]) for n in range(300)))
    after = draft(*reversed(before["credits"]))
    [change] = diff_drafts("credits", before, after)
    assert change.label == "Credits"
    assert len(change.moved) == 299  # one stays in place, every other moved
