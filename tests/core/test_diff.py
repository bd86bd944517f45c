"""Diff of base → draft (per-field changes for the review dialog) and the publish plan."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core.diff import FieldChange, ItemEdit, PlannedCall, diff_drafts, plan_publish
from studio.core.drafts import artist_draft_from_api, empty_artist_draft, empty_user_draft

A = {"url": "https://x.test/a", "title": "A"}
B = {"url": "https://x.test/b", "title": "B"}
C = {"url": "https://x.test/c", "title": "C"}


def artist(**changes: Any) -> dict[str, Any]:
    return {**empty_artist_draft(), "name": "Prod", "verified": True, **changes}


def test_no_change_no_diff_no_call() -> None:
    assert diff_drafts("artist", artist(), artist()) == []
    assert plan_publish("artist", artist(), artist(), entity_id=7) == []
    assert plan_publish("user", empty_user_draft(), empty_user_draft()) == []


def test_none_and_empty_text_are_the_same() -> None:
    base = {**empty_user_draft(), "city": None, "image": ""}
    assert diff_drafts("user", base, empty_user_draft()) == []


@pytest.mark.parametrize(
    ("before", "after", "summary"),
    [
        ("Toronto", "Paris", "City changed"),
        ("", "Paris", "City added"),
        ("Oslo", "", "City removed"),
    ],
)
def test_scalar_change(before: str, after: str, summary: str) -> None:
    [change] = diff_drafts("artist", artist(city=before), artist(city=after))
    assert change == FieldChange("city", "City", before, after)
    assert change.summary() == summary
    assert not change.is_list


def test_changes_come_in_schema_order() -> None:
    changes = diff_drafts("artist", artist(), artist(country="Canada", name="New", genres=["Trap"]))
    assert [c.field for c in changes] == ["name", "country", "genres"]
    assert [c.label for c in changes] == ["Producer name", "Country", "Genres"]


def test_list_added_removed_edited() -> None:
    base = artist(links=[A, B])
    draft = artist(links=[{**A, "title": "New A"}, C])
    [change] = diff_drafts("artist", base, draft)
    assert change.added == (C,)
    assert change.removed == (B,)
    assert change.edited == (ItemEdit(A, {**A, "title": "New A"}),)
    assert change.moved == ()
    assert change.before == [A, B]
    assert change.after == [{**A, "title": "New A"}, C]
    assert change.summary() == "Links: 1 added, 1 removed, 1 edited"


@pytest.mark.parametrize(
    ("before", "after", "moved"),
    [
        ([A, B, C], [C, A, B], [C]),
        ([A, B, C], [B, A, C], [A]),  # LCS keeps B, C in place: A moved
        ([A, B, C], [C, B, A], [B, A]),
        ([A, B], [B], []),  # a removal is not a move
    ],
)
def test_list_moves(before: list[Any], after: list[Any], moved: list[Any]) -> None:
    [change] = diff_drafts("user", {"links": before}, {"links": after})
    assert list(change.moved) == moved


def test_genres_diff() -> None:
    [change] = diff_drafts(
        "artist", artist(genres=["Trap", "Drill"]), artist(genres=["Drill", "Lofi"])
    )
    assert change.added == ("Lofi",)
    assert change.removed == ("Trap",)
    assert change.edited == ()


def test_gallery_diff_by_id_and_url() -> None:
    g1, g2 = {"id": 1, "url": "https://x/1.jpg"}, {"id": 2, "url": "https://x/2.jpg"}
    new = {"id": None, "url": "https://x/new.jpg"}
    replaced = {"id": 2, "url": "https://x/other.jpg"}
    [change] = diff_drafts(
        "artist", artist(profile_images=[g1, g2]), artist(profile_images=[replaced, new])
    )
    assert change.label == "Gallery"
    assert change.added == (new,)
    assert change.removed == (g1,)
    assert change.edited == (ItemEdit(g2, replaced),)


def test_artist_plan_is_one_full_r2() -> None:
    api = {
        "id": 7, "name": "Prod", "verified": True, "image_small": "https://x/a.jpg",
        "cover_image": "https://x/c.jpg",
        "genres": [{"id": 1, "name": "trap", "display_name": "Trap"}],
        "profile": {"description": "bio", "city": "Toronto", "country": "Canada"},
        "links": [{"id": 9, **A}],
        "profile_images": [{"id": 3, "url": "https://x/g1.jpg"}],
    }  # fmt: skip
    base = artist_draft_from_api(api)
    draft = {**base, "city": "Paris"}
    [call] = plan_publish("artist", base, draft, entity_id=7)
    assert (call.endpoint, call.method, call.path, call.fields) == (
        "R2", "PUT", "/artists/7", ("city",)
    )  # fmt: skip
    assert call.body == {
        "name": "Prod",
        "image_small": "https://x/a.jpg",
        "cover_image": "https://x/c.jpg",
        "verified": True,
        "genres": ["Trap"],
        "profile": {"description": "bio", "city": "Paris", "country": "Canada"},
        "links": [A],
        "profile_images": [{"id": 3, "url": "https://x/g1.jpg"}],
    }


def test_many_artist_changes_still_one_call() -> None:
    calls = plan_publish(
        "artist", artist(), artist(city="X", links=[A], genres=["Trap"]), entity_id="7"
    )
    assert len(calls) == 1
    assert calls[0].fields == ("city", "genres", "links")


def test_artist_plan_needs_an_id() -> None:
    with pytest.raises(ValueError, match="id"):
        plan_publish("artist", artist(), artist(city="X"))


def test_user_plan_is_one_u2_with_three_keys() -> None:
    base = {**empty_user_draft(), "username": "prod", "links": [A]}
    draft = {**base, "links": []}
    [call] = plan_publish("user", base, draft)
    assert (call.endpoint, call.method, call.path) == ("U2", "PUT", "/users/profile/update")
    assert set(call.body) == {"user", "profile", "links"}
    assert call.body["links"] == []
    assert call.body["user"]["username"] == "prod"


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown draft kind"):
        plan_publish("album", {}, {"x": 1})


def test_planned_call_round_trips_through_op() -> None:
    [call] = plan_publish("user", empty_user_draft(), {**empty_user_draft(), "city": "<b>x</b>"})
    op = call.to_op()
    assert PlannedCall.from_op(op) == call
    assert op["body"]["profile"]["city"] == "<b>x</b>"
