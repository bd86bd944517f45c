"""Three-way merge: every scalar case, every list kind (adds, removes, edits, reorders on
either or both sides), conflicts and their resolution."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core.drafts import ARTIST_SCHEMA, USER_SCHEMA, empty_artist_draft
from studio.core.merge import (
    MINE,
    ORDER,
    ORDER_KEY,
    REMOVED_REPLACED,
    THEIRS,
    Conflict,
    UnresolvedConflictError,
    merge,
    merge_drafts,
)


def link(url: str, title: str = "T") -> dict[str, str]:
    return {"url": url, "title": title}


def img(image_id: int | None, url: str) -> dict[str, Any]:
    return {"id": image_id, "url": url}


A, B, C, D = (link(f"https://x.test/{n}", n.upper()) for n in "abcd")

# --- Scalars ------------------------------------------------------------------------------

SCALAR_CASES = [
    # id, base, mine, theirs, merged, conflict?
    ("none changed", "Toronto", "Toronto", "Toronto", "Toronto", False),
    ("only mine", "Toronto", "Paris", "Toronto", "Paris", False),
    ("only theirs", "Toronto", "Toronto", "Berlin", "Berlin", False),
    ("both same", "Toronto", "Paris", "Paris", "Paris", False),
    ("both different", "Toronto", "Paris", "Berlin", "Paris", True),
    ("mine cleared", "Toronto", "", "Toronto", "", False),
    ("theirs cleared, mine edited", "Toronto", "Paris", "", "Paris", True),
]


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged", "conflict"),
    [case[1:] for case in SCALAR_CASES],
    ids=[case[0] for case in SCALAR_CASES],
)
def test_scalar_merge(base: str, mine: str, theirs: str, merged: str, conflict: bool) -> None:
    result = merge(ARTIST_SCHEMA, {"city": base}, {"city": mine}, {"city": theirs})
    assert result.merged["city"] == merged
    if conflict:
        assert result.conflicts == [Conflict("city", "City", base, mine, theirs, None)]
        assert not result.clean
    else:
        assert result.conflicts == []
        assert result.clean


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged"),
    [
        (None, "https://x/a.jpg", None, "https://x/a.jpg"),
        ("https://x/a.jpg", None, "https://x/a.jpg", None),
        ("https://x/a.jpg", "https://x/a.jpg", "https://x/b.jpg", "https://x/b.jpg"),
    ],
)
def test_image_scalars_merge_including_none(
    base: str | None, mine: str | None, theirs: str | None, merged: str | None
) -> None:
    result = merge(
        ARTIST_SCHEMA, {"image_small": base}, {"image_small": mine}, {"image_small": theirs}
    )
    assert result.clean
    assert result.merged["image_small"] == merged


def test_bool_field_only_theirs_changed_takes_theirs() -> None:
    base = empty_artist_draft()
    theirs = {**base, "verified": True}
    result = merge_drafts("artist", base, {**base, "city": "Oslo"}, theirs)
    assert result.result()["verified"] is True
    assert result.result()["city"] == "Oslo"


# --- Genres: an ordered set ---------------------------------------------------------------

GENRE_CASES = [
    ("none changed", ["Trap", "Drill"], ["Trap", "Drill"], ["Trap", "Drill"], ["Trap", "Drill"]),
    ("mine adds", ["Trap"], ["Trap", "Lofi"], ["Trap"], ["Trap", "Lofi"]),
    ("theirs adds", ["Trap"], ["Trap"], ["Trap", "Lofi"], ["Trap", "Lofi"]),
    ("both add different", ["Trap"], ["Trap", "Lofi"], ["Trap", "Jazz"], ["Trap", "Lofi", "Jazz"]),
    ("both add same", ["Trap"], ["Trap", "Lofi"], ["Trap", "Lofi"], ["Trap", "Lofi"]),
    ("mine removes", ["Trap", "Drill"], ["Drill"], ["Trap", "Drill"], ["Drill"]),
    ("theirs removes", ["Trap", "Drill"], ["Trap", "Drill"], ["Trap"], ["Trap"]),
    ("both remove same", ["Trap", "Drill"], ["Trap"], ["Trap"], ["Trap"]),
    ("remove different", ["Trap", "Drill", "Lofi"], ["Drill", "Lofi"], ["Trap", "Lofi"], ["Lofi"]),
    ("mine removes, theirs adds", ["Trap", "Drill"], ["Drill"], ["Trap", "Drill", "Jazz"],
     ["Drill", "Jazz"]),
    ("theirs removes, mine adds", ["Trap", "Drill"], ["Trap", "Drill", "Jazz"], ["Drill"],
     ["Drill", "Jazz"]),
    ("mine reorders, theirs adds", ["Trap", "Drill"], ["Drill", "Trap"], ["Trap", "Drill", "Jazz"],
     ["Drill", "Trap", "Jazz"]),
    ("only theirs reorders, mine adds", ["Trap", "Drill"], ["Trap", "Drill", "Lofi"],
     ["Drill", "Trap"], ["Drill", "Trap", "Lofi"]),
    ("both reorder differently", ["Trap", "Drill", "Lofi"], ["Lofi", "Trap", "Drill"],
     ["Drill", "Trap", "Lofi"], ["Lofi", "Trap", "Drill"]),
    ("mine clears, theirs adds", ["Trap"], [], ["Trap", "Jazz"], ["Jazz"]),
    # BeatPass slugifies genre names: spellings of one genre are one item
    ("both add one genre, spelt apart", ["Trap"], ["Trap", "Hip Hop"], ["Trap", "hip-hop"],
     ["Trap", "Hip Hop"]),
    ("theirs respells, mine adds", ["Lo-Fi"], ["Lo-Fi", "Jazz"], ["lo fi"], ["Lo-Fi", "Jazz"]),
    ("mine respells, theirs adds", ["Trap"], ["TRAP"], ["Trap", "Drill"], ["TRAP", "Drill"]),
    ("theirs removes, mine respelt", ["Trap", "Drill"], ["trap", "Drill"], ["Drill"], ["Drill"]),
    ("accents and case", ["Música"], ["Música", "R&B"], ["MUSICA", "r & b"], ["Música", "R&B"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged"),
    [case[1:] for case in GENRE_CASES],
    ids=[case[0] for case in GENRE_CASES],
)
def test_genres_merge_as_ordered_set(
    base: list[str], mine: list[str], theirs: list[str], merged: list[str]
) -> None:
    result = merge(ARTIST_SCHEMA, {"genres": base}, {"genres": mine}, {"genres": theirs})
    assert result.clean  # an ordered set has no conflicts: only adds and removes
    assert result.merged["genres"] == merged


# --- Links: keyed by URL ------------------------------------------------------------------

LINK_CASES = [
    # id, base, mine, theirs, merged, conflicting item keys (url)
    ("none changed", [A, B], [A, B], [A, B], [A, B], []),
    ("mine adds", [A], [A, B], [A], [A, B], []),
    ("theirs adds", [A], [A], [A, B], [A, B], []),
    ("both add different", [A], [A, B], [A, C], [A, B, C], []),
    ("both add same", [A], [A, B], [A, B], [A, B], []),
    ("both add same url, titles differ", [A], [A, B], [A, link(B["url"], "Other")],
     [A, B], [B["url"]]),
    ("mine removes", [A, B], [B], [A, B], [B], []),
    ("theirs removes", [A, B], [A, B], [A], [A], []),
    ("both remove same", [A, B], [B], [B], [B], []),
    ("mine removes, theirs adds", [A, B], [B], [A, B, C], [B, C], []),
    ("mine edits title", [A, B], [link(A["url"], "New"), B], [A, B],
     [link(A["url"], "New"), B], []),
    ("theirs edits title", [A, B], [A, B], [A, link(B["url"], "New")],
     [A, link(B["url"], "New")], []),
    ("edits of different links", [A, B], [link(A["url"], "Mine"), B],
     [A, link(B["url"], "Theirs")], [link(A["url"], "Mine"), link(B["url"], "Theirs")], []),
    ("same edit on both", [A], [link(A["url"], "Same")], [link(A["url"], "Same")],
     [link(A["url"], "Same")], []),
    ("same link edited differently", [A, B], [link(A["url"], "Mine"), B],
     [link(A["url"], "Theirs"), B], [link(A["url"], "Mine"), B], [A["url"]]),
    ("mine edits, theirs removes", [A, B], [link(A["url"], "Mine"), B], [B],
     [link(A["url"], "Mine"), B], [A["url"]]),
    ("mine removes, theirs edits", [A, B], [B], [link(A["url"], "Theirs"), B], [B], [A["url"]]),
    ("mine reorders", [A, B, C], [C, A, B], [A, B, C], [C, A, B], []),
    ("only theirs reorders, mine adds", [A, B, C], [A, B, C, D], [C, B, A], [C, B, A, D], []),
    ("mine reorders, theirs edits", [A, B], [B, A], [A, link(B["url"], "New")],
     [link(B["url"], "New"), A], []),
    ("both reorder differently", [A, B, C], [B, A, C], [A, C, B], [B, A, C], []),
    ("duplicates kept", [A], [A, A], [A], [A, A], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged", "conflict_urls"),
    [case[1:] for case in LINK_CASES],
    ids=[case[0] for case in LINK_CASES],
)
def test_links_merge_by_url(
    base: list[dict[str, str]],
    mine: list[dict[str, str]],
    theirs: list[dict[str, str]],
    merged: list[dict[str, str]],
    conflict_urls: list[str],
) -> None:
    for schema in (ARTIST_SCHEMA, USER_SCHEMA):
        result = merge(schema, {"links": base}, {"links": mine}, {"links": theirs})
        assert result.merged["links"] == merged  # unresolved conflicts hold mine
        assert [c.key[0] for c in result.conflicts] == conflict_urls  # type: ignore[index]
        assert all(c.field == "links" for c in result.conflicts)


# --- Gallery: keyed by id (existing) or url (new) -----------------------------------------

G1, G2, G3 = (
    img(1, "https://x.test/g1.jpg"),
    img(2, "https://x.test/g2.jpg"),
    img(3, "https://x.test/g3.jpg"),
)
G4 = img(4, "https://x.test/g4.jpg")
NEW_A, NEW_B = img(None, "https://x.test/newa.jpg"), img(None, "https://x.test/newb.jpg")

GALLERY_CASES = [
    ("none changed", [G1, G2], [G1, G2], [G1, G2], [G1, G2], []),
    ("mine adds new", [G1], [G1, NEW_A], [G1], [G1, NEW_A], []),
    ("theirs adds (server id)", [G1], [G1], [G1, G2], [G1, G2], []),
    ("both add", [G1], [G1, NEW_A], [G1, G3], [G1, NEW_A, G3], []),
    ("both add same new url", [G1], [G1, NEW_A], [G1, NEW_A], [G1, NEW_A], []),
    ("mine removes, theirs adds", [G1, G2], [G2], [G1, G2, G3], [G2, G3], []),
    ("both remove different", [G1, G2, G3], [G2, G3], [G1, G3], [G3], []),
    ("theirs replaces url of id 2", [G1, G2], [G1, G2], [G1, img(2, "https://x.test/r.jpg")],
     [G1, img(2, "https://x.test/r.jpg")], []),
    ("mine removes, theirs replaces", [G1, G2], [G1], [G1, img(2, "https://x.test/r.jpg")],
     [G1], [("id", 2)]),
    ("both replace differently", [G1], [img(1, "https://x.test/m.jpg")],
     [img(1, "https://x.test/t.jpg")], [img(1, "https://x.test/m.jpg")], [("id", 1)]),
    ("mine reorders, theirs adds", [G1, G2], [G2, G1], [G1, G2, G3], [G2, G1, G3], []),
    ("only theirs reorders, mine adds", [G1, G2, G3], [G1, G2, G3, NEW_A], [G3, G1, G2],
     [G3, G1, G2, NEW_A], []),
    ("only theirs reorders, mine removes", [G1, G2, G3], [G1, G3], [G3, G2, G1], [G3, G1], []),
    ("both reorder differently: a clash on the order", [G1, G2, G3], [G2, G1, G3],
     [G1, G3, G2], [G2, G1, G3], ["<order>"]),
    ("both reorder the same way", [G1, G2, G3], [G3, G1, G2], [G3, G1, G2, G4], [G3, G1, G2, G4],
     []),
    ("mine reorders, theirs removes one", [G1, G2, G3], [G3, G2, G1], [G1, G3], [G3, G1], []),
    ("mine adds two, theirs adds one", [], [NEW_A, NEW_B], [G1], [NEW_A, NEW_B, G1], []),
    # theirs replaced G2 by a new picture (G4, in its place); mine removed G2: a clash
    ("mine removes, theirs replaces by another", [G1, G2, G3], [G1, G3], [G1, G4, G3],
     [G1, G3], [("id", 4)]),
    ("only theirs replaces by another: in its place", [G1, G2, G3], [G1, G2, G3, NEW_A],
     [G1, G4, G3], [G1, G4, G3, NEW_A], []),
    ("theirs adds where mine removed, not in its place", [G1, G2, G3], [G1, G3],
     [G1, G3, G4], [G1, G3, G4], []),
    ("theirs replaces the first, mine removed it", [G1, G2, G3], [G2, G3], [G4, G2, G3],
     [G2, G3], [("id", 4)]),
    ("theirs adds at the start, mine reorders", [G1, G2], [G2, G1], [G4, G1, G2], [G2, G4, G1],
     []),
    ("mine removes two, theirs replaces the second", [G1, G2, G3, G4], [G1, G4],
     [G1, G2, img(5, "https://x.test/g5.jpg"), G4], [G1, G4], [("id", 5)]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged", "conflict_keys"),
    [case[1:] for case in GALLERY_CASES],
    ids=[case[0] for case in GALLERY_CASES],
)
def test_gallery_merge_by_id_or_url(
    base: list[dict[str, Any]],
    mine: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    merged: list[dict[str, Any]],
    conflict_keys: list[Any],
) -> None:
    result = merge(
        ARTIST_SCHEMA,
        {"profile_images": base},
        {"profile_images": mine},
        {"profile_images": theirs},
    )
    assert result.merged["profile_images"] == merged
    assert [c.key[0] for c in result.conflicts] == conflict_keys  # type: ignore[index]


# --- Conflicts and resolution -------------------------------------------------------------


def conflicting_artist() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = {**empty_artist_draft(), "name": "Prod", "city": "Toronto", "links": [A, B]}
    mine = {**base, "city": "Paris", "links": [link(A["url"], "Mine"), B], "description": "mine"}
    theirs = {**base, "city": "Berlin", "links": [B], "country": "Canada"}
    return base, mine, theirs


def test_conflicts_describe_both_sides_and_unresolved_values_are_mine() -> None:
    base, mine, theirs = conflicting_artist()
    result = merge_drafts("artist", base, mine, theirs)
    assert [(c.field, c.base, c.mine, c.theirs) for c in result.conflicts] == [
        ("city", "Toronto", "Paris", "Berlin"),
        ("links", A, link(A["url"], "Mine"), None),
    ]
    # Non-conflicting changes from both sides are already in.
    assert result.merged["description"] == "mine"
    assert result.merged["country"] == "Canada"
    assert result.merged["city"] == "Paris"
    with pytest.raises(UnresolvedConflictError, match="2 conflict"):
        result.result()


@pytest.mark.parametrize(
    ("city_side", "links_side", "city", "links"),
    [
        (MINE, MINE, "Paris", [link(A["url"], "Mine"), B]),
        (THEIRS, THEIRS, "Berlin", [B]),
        (MINE, THEIRS, "Paris", [B]),
        (THEIRS, MINE, "Berlin", [link(A["url"], "Mine"), B]),
    ],
)
def test_resolve_each_field(
    city_side: str, links_side: str, city: str, links: list[dict[str, str]]
) -> None:
    base, mine, theirs = conflicting_artist()
    result = merge_drafts("artist", base, mine, theirs)
    result.resolve("city", city_side)  # type: ignore[arg-type]
    assert [c.field for c in result.conflicts] == ["links"]
    result.resolve("links", links_side)  # type: ignore[arg-type]
    assert result.clean
    final = result.result()
    assert final["city"] == city
    assert final["links"] == links
    assert final["description"] == "mine"
    assert final["country"] == "Canada"


def test_resolve_one_list_item_by_key() -> None:
    base = {"links": [A, B]}
    mine = {"links": [link(A["url"], "MA"), link(B["url"], "MB")]}
    theirs = {"links": [link(A["url"], "TA"), link(B["url"], "TB")]}
    result = merge(USER_SCHEMA, base, mine, theirs)
    assert len(result.conflicts) == 2
    b_key = result.conflicts[1].key
    result.resolve("links", THEIRS, key=b_key)
    assert [c.key for c in result.conflicts] == [result.conflicts[0].key]
    assert result.merged["links"] == [link(A["url"], "MA"), link(B["url"], "TB")]
    result.resolve("links", MINE)
    assert result.result()["links"] == [link(A["url"], "MA"), link(B["url"], "TB")]


def test_resolve_all() -> None:
    base, mine, theirs = conflicting_artist()
    result = merge_drafts("artist", base, mine, theirs)
    result.resolve_all(THEIRS)
    assert result.result()["city"] == "Berlin"
    assert result.result()["links"] == [B]


def test_resolve_rejects_unknown_field_and_side() -> None:
    base, mine, theirs = conflicting_artist()
    result = merge_drafts("artist", base, mine, theirs)
    with pytest.raises(ValueError, match="no open conflict"):
        result.resolve("country", MINE)
    with pytest.raises(ValueError, match="side must be"):
        result.resolve("city", "both")  # type: ignore[arg-type]
    result.resolve("city", MINE)
    with pytest.raises(ValueError, match="no open conflict"):
        result.resolve("city", THEIRS)


def test_fields_outside_the_schema_merge_as_scalars_and_are_kept() -> None:
    result = merge(USER_SCHEMA, {"x": 1}, {"x": 1, "y": "mine"}, {"x": 2})
    assert result.merged["x"] == 2
    assert result.merged["y"] == "mine"


def test_missing_fields_count_as_empty() -> None:
    result = merge_drafts("user", {}, {"links": [A]}, {"city": "Oslo"})
    final = result.result()
    assert final["links"] == [A]
    assert final["city"] == "Oslo"
    assert final["image"] is None


def test_hostile_text_merges_byte_for_byte() -> None:
    script = '<script>alert("x")</script> & <b>bold</b> \u202e\x00'
    result = merge_drafts("artist", {}, {"description": script}, {"city": "<i>Oslo</i>"})
    final = result.result()
    assert final["description"] == script
    assert final["city"] == "<i>Oslo</i>"


def test_a_sandbox_picture_that_only_moved_port_is_not_a_server_change() -> None:
    old = "http://127.0.0.1:40001/storage/artist_images/avatar.jpg"
    moved = "http://127.0.0.1:40002/storage/artist_images/avatar.jpg"
    mine = "http://127.0.0.1:40001/storage/artist_images/new.jpg"
    base = {"image_small": old, "cover_image": old}
    result = merge_drafts(
        "artist", base, {**base, "image_small": mine}, {"image_small": moved, "cover_image": moved}
    )
    assert result.conflicts == []
    assert result.merged["image_small"] == mine  # my new picture, no false conflict
    # A real change on the server (another file) still conflicts with mine.
    other = "http://127.0.0.1:40002/storage/artist_images/theirs.jpg"
    clash = merge_drafts("artist", base, {**base, "image_small": mine}, {"image_small": other})
    assert [c.field for c in clash.conflicts] == ["image_small"]


def test_same_resource_only_forgives_the_port_on_this_computer() -> None:
    from studio.core.urls import same_resource

    assert same_resource("http://127.0.0.1:1/storage/a.jpg", "http://localhost:2/storage/a.jpg")
    assert not same_resource("https://cdn.example/a.jpg", "https://cdn.example:444/a.jpg")
    assert not same_resource("http://127.0.0.1:1/storage/a.jpg", "http://127.0.0.1:1/storage/b.jpg")
    assert not same_resource(None, "http://127.0.0.1:1/a.jpg")


# --- The gallery's true clashes -----------------------------------------------------------


def gallery_merge(base: list[Any], mine: list[Any], theirs: list[Any]) -> Any:
    return merge(
        ARTIST_SCHEMA,
        {"profile_images": base},
        {"profile_images": mine},
        {"profile_images": theirs},
    )


def test_removed_what_they_replaced_says_which_and_resolves_either_way() -> None:
    base, mine, theirs = [G1, G2, G3], [G1, G3, NEW_A], [G1, G4, G3]
    result = gallery_merge(base, mine, theirs)
    [clash] = result.conflicts
    assert (clash.reason, clash.base, clash.mine, clash.theirs) == (REMOVED_REPLACED, G2, None, G4)
    assert result.merged["profile_images"] == [G1, G3, NEW_A]  # mine until resolved
    result.resolve("profile_images", THEIRS, clash.key)
    assert result.result()["profile_images"] == [G1, G4, G3, NEW_A]  # in G2's place
    again = gallery_merge(base, mine, theirs)
    again.resolve("profile_images", MINE, clash.key)
    assert again.result()["profile_images"] == [G1, G3, NEW_A]


def test_removed_what_they_replaced_in_place_same_id_is_the_same_clash() -> None:
    replaced = img(2, "https://x.test/r.jpg")
    result = gallery_merge([G1, G2], [G1], [G1, replaced])
    [clash] = result.conflicts
    assert (clash.reason, clash.key) == (REMOVED_REPLACED, (("id", 2), 0))
    # they removed what I replaced is a clash too, but not this one
    mine_replaced = gallery_merge([G1, G2], [G1, replaced], [G1])
    assert [c.reason for c in mine_replaced.conflicts] == [""]


def test_both_reordered_differently_is_one_clash_on_the_order() -> None:
    base, mine, theirs = [G1, G2, G3], [G3, G1, G2, NEW_A], [G2, G1, G3, G4]
    result = gallery_merge(base, mine, theirs)
    [clash] = result.conflicts
    assert (clash.reason, clash.key, clash.label) == (ORDER, ORDER_KEY, "Gallery")
    assert clash.base == base
    # each side's order of everything the merge keeps: adds from both sides included
    assert clash.mine == [G3, G1, G2, NEW_A, G4]
    assert clash.theirs == [G2, G1, G3, G4, NEW_A]
    with pytest.raises(UnresolvedConflictError, match="Gallery"):
        result.result()
    result.resolve("profile_images", THEIRS, ORDER_KEY)
    assert result.result()["profile_images"] == [G2, G1, G3, G4, NEW_A]
    mine_wins = gallery_merge(base, mine, theirs)
    mine_wins.resolve_all(MINE)
    assert mine_wins.result()["profile_images"] == [G3, G1, G2, NEW_A, G4]


def test_an_order_clash_and_an_item_clash_resolve_apart() -> None:
    replaced = img(3, "https://x.test/r3.jpg")
    result = gallery_merge([G1, G2, G3], [G2, G1], [G1, replaced, G2])
    assert sorted(c.reason for c in result.conflicts) == [ORDER, REMOVED_REPLACED]
    result.resolve("profile_images", THEIRS, ORDER_KEY)
    assert [c.reason for c in result.conflicts] == [REMOVED_REPLACED]
    assert result.merged["profile_images"] == [G1, G2]
    result.resolve_all(THEIRS)
    assert result.result()["profile_images"] == [G1, replaced, G2]


@pytest.mark.parametrize("field", ["links", "genres"])
def test_other_lists_keep_mine_order_without_a_clash(field: str) -> None:
    items: list[Any] = [A, B, C] if field == "links" else ["Trap", "Drill", "Lofi"]
    x, y, z = items
    result = merge(ARTIST_SCHEMA, {field: [x, y, z]}, {field: [y, x, z]}, {field: [x, z, y]})
    assert result.clean
    assert result.merged[field] == [y, x, z]
