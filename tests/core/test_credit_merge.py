"""Three-way merge of credits drafts: theirs kept, mine applied; a true clash only when the
same item's roles changed differently on both sides (or were changed on one side and the
item deleted on the other), or both sides reordered differently."""

from __future__ import annotations

import pytest
from credit_items import draft, item, keys

import studio.core.credit_kind  # noqa: F401 — registers the merge for the kind
from studio.core.credit_merge import ORDER, merge_credits, place
from studio.core.merge import MINE, THEIRS, UnresolvedConflictError, merge_drafts

A = item("a", ["producer"], {"producer": 1})
B = item("b", ["composer"], {"composer": 2})
C = item("c", ["producer", "mixing_engineer"], {"producer": 3, "mixing_engineer": 4})
BASE = draft(A, B, C)


def roles_of(d: dict, sid: str) -> list[str]:
    return next(i["roles"] for i in d["credits"] if i["spotify_id"] == sid)


def test_merge_drafts_uses_the_credits_merge() -> None:
    mine = draft(A, item("b", ["composer", "arranger"], {"composer": 2}), C)
    theirs = draft(A, item("b", ["composer", "vocalist"], {"composer": 2, "vocalist": 9}), C)
    result = merge_drafts("credits", BASE, mine, theirs)
    assert result.clean  # both only added roles: they join
    merged = result.result()
    assert roles_of(merged, "b") == ["composer", "arranger", "vocalist"]
    b = merged["credits"][1]
    assert b["entry_ids"] == {"composer": 2, "vocalist": 9}  # the server's ids


def test_adds_and_deletes_on_both_sides_combine_in_place() -> None:
    new_d, new_e = item("d", ["producer"]), item("e", ["vocalist"], {"vocalist": 7})
    mine = draft(new_d, A, C)  # added d at the top, deleted b
    theirs = draft(A, new_e, B, C)  # added e after a
    merged = merge_credits(BASE, mine, theirs).result()
    assert keys(merged) == ["track:d", "track:a", "track:e", "track:c"]


def test_server_facts_win_and_mine_roles_apply() -> None:
    mine = draft(A, B, item("c", ["producer"], {"producer": 3}))  # took mixing away
    theirs = draft(A, B, {**C, "popularity": 91, "is_available": False, "title": "Renamed"})
    merged = merge_credits(BASE, mine, theirs).result()
    c = merged["credits"][2]
    assert c["roles"] == ["producer"] and c["entry_ids"] == {"producer": 3}
    assert (c["popularity"], c["is_available"], c["title"]) == (91, False, "Renamed")


def test_same_item_changed_differently_is_a_clash_resolved_either_way() -> None:
    mine = draft(A, item("b", ["arranger"]), C)  # composer → arranger
    theirs = draft(A, item("b", ["vocalist"], {"vocalist": 8}), C)  # composer → vocalist
    result = merge_credits(BASE, mine, theirs)
    [clash] = result.conflicts
    assert (clash.field, clash.key, clash.label) == ("credits", "track:b", "Credits")
    assert clash.mine["roles"] == ["arranger"] and clash.theirs["roles"] == ["vocalist"]
    with pytest.raises(UnresolvedConflictError):
        result.result()
    result.resolve("credits", MINE, "track:b")
    assert roles_of(result.result(), "b") == ["arranger"]
    again = merge_credits(BASE, mine, theirs)
    again.resolve_all(THEIRS)
    assert roles_of(again.result(), "b") == ["vocalist"]


@pytest.mark.parametrize(
    ("mine", "theirs", "clash", "kept"),
    [
        # I deleted b, BeatPass gave it another role: a clash (mine: deleted)
        (draft(A, C), draft(A, item("b", ["composer", "vocalist"]), C), True, False),
        # I deleted b, BeatPass only refreshed its facts: deleted
        (draft(A, C), draft(A, {**B, "popularity": 3}, C), False, False),
        # BeatPass deleted b, I changed its roles: a clash (mine: kept, to add again)
        (
            draft(A, item("b", ["composer", "arranger"], {"composer": 2}), C),
            draft(A, C),
            True,
            True,
        ),
        # BeatPass deleted b, I did not touch it: deleted
        (BASE, draft(A, C), False, False),
    ],
)
def test_delete_against_change(mine: dict, theirs: dict, clash: bool, kept: bool) -> None:
    result = merge_credits(BASE, mine, theirs)
    assert bool(result.conflicts) is clash
    merged = result.merged
    assert ("track:b" in keys(merged)) is kept
    if kept:
        assert merged["credits"][1]["entry_ids"] == {}  # nothing of it left on BeatPass


def test_only_theirs_reordered_takes_their_order_with_my_additions() -> None:
    mine = draft(A, B, C, item("d", ["producer"]))
    theirs = draft(C, A, B)
    merged = merge_credits(BASE, mine, theirs).result()
    assert keys(merged) == ["track:c", "track:a", "track:b", "track:d"]


def test_both_reordered_differently_is_an_order_clash() -> None:
    mine, theirs = draft(C, B, A), draft(B, A, C)
    result = merge_credits(BASE, mine, theirs)
    [clash] = result.conflicts
    assert clash.field == ORDER and clash.key is None
    assert clash.mine.startswith("1. Song c")
    result.resolve(ORDER, THEIRS)
    assert keys(result.result()) == ["track:b", "track:a", "track:c"]
    same = merge_credits(BASE, draft(C, B, A), draft(C, B, A))
    assert same.clean


def test_place_puts_unknown_keys_before_what_follows_them() -> None:
    assert place(["a", "b", "c"], ["x", "a", "y", "c", "z"]) == ["x", "a", "b", "y", "c", "z"]
    assert place(["c", "a"], ["a", "q", "r", "c"]) == ["q", "r", "c", "a"]
    # Only what both started from (and what is placed here) anchors: z, added on the
    # server before my own addition n reached it, goes to the end, not before n.
    assert place(["n", "b", "a"], ["a", "b", "z", "n"], {"a", "b"}) == ["n", "b", "a", "z"]
    assert place(["a"], ["z1", "z2", "a"], {"a"}) == ["z1", "z2", "a"]
    assert place([], ["x", "y"]) == ["x", "y"]
