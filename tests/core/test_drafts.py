"""Canonical drafts: API JSON → draft → payload round trips, tolerant reading, plain text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from studio.core.drafts import (
    ARTIST_SCHEMA,
    USER_SCHEMA,
    artist_draft_from_api,
    artist_payload,
    draft_from_api,
    draft_from_snapshot,
    empty_artist_draft,
    empty_user_draft,
    index_items,
    normalize_draft,
    payload,
    schema_for,
    user_draft_from_api,
    user_payload,
)

ARTIST_JSON: dict[str, Any] = {
    "id": 7,
    "name": "Prod Name",
    "verified": True,
    "model_type": "artist",
    "image_small": "https://site.test/storage/artist_images/u.jpg",
    "cover_image": "storage/artist_images/c.jpg",  # relative: kept as sent
    "plays": 1234,
    "genres": [{"id": 1, "name": "trap", "display_name": "Trap"}, "drill", {"name": "lofi"}],
    "profile": {"description": "Line 1\nLine 2", "city": "Toronto", "country": "Canada"},
    "profile_images": [
        {"id": 3, "url": "https://site.test/g1.jpg"},
        {"id": "4", "url": "storage/g2.jpg"},
    ],
    "links": [{"id": 9, "url": "https://youtube.com/@x", "title": "YouTube"}],
    "pinned_track": None,
}

USER_JSON: dict[str, Any] = {
    "id": 3,
    "display_name": "prodname",
    "avatar": "https://site.test/avatars/bp.jpg",
    "name": "prodname",
    "image": "https://site.test/avatars/bm.jpg",
    "username": "prodname",
    "email": "a@b.c",
    "first_name": "Ana",
    "last_name": None,
    "profile": {"city": "Toronto", "country": None, "description": "hi"},
    "links": [{"id": 5, "url": "https://instagram.com/x", "title": "Instagram"}],
}


def test_artist_draft_from_api() -> None:
    assert artist_draft_from_api(ARTIST_JSON) == {
        "name": "Prod Name",
        "image_small": "https://site.test/storage/artist_images/u.jpg",
        "cover_image": "storage/artist_images/c.jpg",
        "verified": True,
        "description": "Line 1\nLine 2",
        "city": "Toronto",
        "country": "Canada",
        "genres": ["Trap", "drill", "lofi"],
        "links": [{"url": "https://youtube.com/@x", "title": "YouTube"}],
        "profile_images": [
            {"id": 3, "url": "https://site.test/g1.jpg"},
            {"id": 4, "url": "storage/g2.jpg"},
        ],
    }


def test_artist_envelope_is_unwrapped() -> None:
    assert artist_draft_from_api({"artist": ARTIST_JSON, "loader": "editArtistPage"}) == (
        artist_draft_from_api(ARTIST_JSON)
    )


def test_artist_round_trip_keeps_verified_avatar_and_gallery_ids() -> None:
    body = artist_payload(artist_draft_from_api(ARTIST_JSON))
    assert set(body) == {
        "name", "image_small", "cover_image", "verified", "genres", "profile", "links",
        "profile_images",
    }  # fmt: skip
    assert body["verified"] is True
    assert body["image_small"] == ARTIST_JSON["image_small"]
    assert body["cover_image"] == "storage/artist_images/c.jpg"
    assert body["profile_images"] == [
        {"id": 3, "url": "https://site.test/g1.jpg"},
        {"id": 4, "url": "storage/g2.jpg"},
    ]
    assert body["profile"] == {
        "description": "Line 1\nLine 2", "city": "Toronto", "country": "Canada"
    }  # fmt: skip
    assert body["links"] == [{"url": "https://youtube.com/@x", "title": "YouTube"}]
    assert body["genres"] == ["Trap", "drill", "lofi"]
    # Feeding the body back (as the server would echo it) gives the same draft.
    echoed = {**body, "profile_images": body["profile_images"]}
    assert artist_draft_from_api(echoed) == artist_draft_from_api(ARTIST_JSON)


def test_new_gallery_images_have_no_id_in_the_payload() -> None:
    draft = {**empty_artist_draft(), "profile_images": [{"id": None, "url": "https://x/n.jpg"}]}
    assert artist_payload(draft)["profile_images"] == [{"url": "https://x/n.jpg"}]


@pytest.mark.parametrize(("override", "sent"), [(None, True), (False, False), (True, True)])
def test_verified_override(override: bool | None, sent: bool) -> None:
    draft = {**empty_artist_draft(), "verified": True}
    assert artist_payload(draft, override)["verified"] is sent


def test_minimal_artist_json_gives_empty_text_not_none() -> None:
    draft = artist_draft_from_api({"id": 7, "name": "P", "profile": None, "genres": None})
    assert draft == {**empty_artist_draft(), "name": "P"}
    body = artist_payload(draft)
    assert body["image_small"] is None
    assert body["verified"] is False
    assert body["profile"] == {"description": None, "city": None, "country": None}
    assert body["links"] == [] and body["profile_images"] == [] and body["genres"] == []


@pytest.mark.parametrize(
    ("raw", "verified"), [(1, True), ("1", True), ("true", True), (0, False), ("0", False)]
)
def test_verified_tolerant(raw: object, verified: bool) -> None:
    assert artist_draft_from_api({"name": "P", "verified": raw})["verified"] is verified


def test_artist_falls_back_to_bm_image_and_top_level_description() -> None:
    draft = artist_draft_from_api(
        {"name": "P", "image": "storage/a.jpg", "description": "top", "profile": []}
    )
    assert draft["image_small"] == "storage/a.jpg"
    assert draft["description"] == "top"


def test_user_draft_prefers_bp_keys() -> None:
    assert user_draft_from_api(USER_JSON) == {
        "image": "https://site.test/avatars/bp.jpg",
        "username": "prodname",
        "first_name": "Ana",
        "last_name": "",
        "city": "Toronto",
        "country": "",
        "description": "hi",
        "links": [{"url": "https://instagram.com/x", "title": "Instagram"}],
    }


def test_user_falls_back_to_bm_image() -> None:
    user = {k: v for k, v in USER_JSON.items() if k != "avatar"}
    assert user_draft_from_api({"user": user})["image"] == "https://site.test/avatars/bm.jpg"


def test_user_payload_has_three_keys_and_nulls_for_empty_text() -> None:
    body = user_payload(user_draft_from_api(USER_JSON))
    assert body == {
        "user": {
            "image": "https://site.test/avatars/bp.jpg",
            "first_name": "Ana",
            "last_name": None,
            "username": "prodname",
        },
        "profile": {"city": "Toronto", "country": None, "description": "hi"},
        "links": [{"url": "https://instagram.com/x", "title": "Instagram"}],
    }
    assert user_payload(empty_user_draft())["links"] == []


HOSTILE = [
    '<script>alert("pwned")</script>',
    "<img src=x onerror=alert(1)>",
    "&lt;b&gt; &amp; &#x27;",
    "Ünïcödé \u202e RTL \u200b zero-width 🎵",
    "  leading and trailing spaces  ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_kept_byte_for_byte(text: str) -> None:
    artist_draft = artist_draft_from_api(
        {"name": text, "profile": {"description": text, "city": text},
         "links": [{"url": text, "title": text}], "genres": [text]}
    )  # fmt: skip
    body = artist_payload(artist_draft)
    assert body["name"] == text
    assert body["profile"]["description"] == text
    assert body["profile"]["city"] == text
    assert body["links"] == [{"url": text, "title": text}]
    assert body["genres"] == [text]
    user_body = user_payload(
        user_draft_from_api({"username": text, "profile": {"description": text}})
    )
    assert user_body["user"]["username"] == text
    assert user_body["profile"]["description"] == text
    # JSON round trip (the store) keeps it too.
    assert json.loads(json.dumps(body, ensure_ascii=False)) == body


def test_normalize_fills_missing_keys_and_keeps_extras() -> None:
    draft = normalize_draft("artist", {"name": "P", "city": None, "image_small": "", "x": 1})
    assert draft == {**empty_artist_draft(), "name": "P", "x": 1}
    assert normalize_draft("user", {}) == empty_user_draft()


def test_by_kind_helpers() -> None:
    assert schema_for("artist") is ARTIST_SCHEMA
    assert schema_for("user") is USER_SCHEMA
    assert draft_from_api("artist", ARTIST_JSON) == artist_draft_from_api(ARTIST_JSON)
    assert draft_from_api("user", USER_JSON) == user_draft_from_api(USER_JSON)
    assert payload("user", empty_user_draft()) == user_payload(empty_user_draft())
    assert payload("artist", empty_artist_draft()) == artist_payload(empty_artist_draft())
    with pytest.raises(ValueError, match="unknown draft kind"):
        draft_from_api("track", {})


@pytest.mark.parametrize(("kind", "raw"), [("artist", ARTIST_JSON), ("user", USER_JSON)])
def test_snapshots_read_back_as_drafts_in_either_stored_shape(
    kind: str, raw: dict[str, Any]
) -> None:
    draft = draft_from_api(kind, raw)
    assert draft_from_snapshot(kind, draft) == draft  # stored draft-shaped
    assert draft_from_snapshot(kind, raw) == draft  # older stores: the raw server answer
    assert draft["description"]  # the nested profile text is not lost either way


def test_schemas_cover_the_canonical_shapes() -> None:
    assert list(ARTIST_SCHEMA) == list(empty_artist_draft())
    assert list(USER_SCHEMA) == list(empty_user_draft())


def test_index_items_keeps_duplicates_and_keys_gallery_by_id_then_url() -> None:
    kind = ARTIST_SCHEMA["profile_images"].kind
    items = [{"id": 1, "url": "u"}, {"id": None, "url": "u"}, {"id": None, "url": "u"}]
    assert list(index_items(kind, items)) == [(("id", 1), 0), (("url", "u"), 0), (("url", "u"), 1)]


def test_genre_spellings_are_one_genre() -> None:
    from studio.core.drafts import genre_key, normalize_draft

    assert genre_key("Hip Hop") == genre_key("hip-hop") == genre_key(" HIP  HOP ") == "hip-hop"
    assert genre_key("Música") == genre_key("musica")
    assert genre_key("Lo-Fi") != genre_key("LoFi")  # as BeatPass's slugs differ
    assert genre_key("Кей-поп") == "кей-поп"  # no ASCII slug: the name itself, case-folded
    draft = normalize_draft("artist", {"genres": ["Hip Hop", "Trap", "hip-hop", "TRAP"]})
    assert draft["genres"] == ["Hip Hop", "Trap"]  # the first spelling of each is kept
