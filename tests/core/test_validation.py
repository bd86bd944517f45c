"""The shared field rules (studio.core.validation), used by the sandbox and the editors."""

from __future__ import annotations

import pytest

from studio.core import limits
from studio.core.validation import (
    EDIT_LIMIT_MIN,
    editing_limit,
    is_http_url,
    laravel_message,
    validate_artist_update,
    validate_backstage_request,
    validate_link,
    validate_user_update,
)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://instagram.com/x", True),
        ("http://localhost:8765/a", True),
        ("HTTPS://Example.com", True),
        ("ftp://example.com", False),
        ("instagram.com/x", False),
        ("https://", False),
        ("https://exa mple.com", False),
        ("https://nodot", False),
        ("", False),
    ],
)
def test_is_http_url(text: str, ok: bool) -> None:
    assert is_http_url(text) is ok


def test_is_http_url_sees_any_unicode_space_and_takes_no_other_type() -> None:
    assert not is_http_url("https://example.com/a\u00a0b")  # a no-break space
    assert not is_http_url("https://example.com/a\u2003b")
    assert not is_http_url(None)  # type: ignore[arg-type]
    assert not is_http_url(["https://example.com"])  # type: ignore[arg-type]


def test_editing_limit_leaves_room_over_the_limit() -> None:
    assert editing_limit(limits.DESCRIPTION.max_len) == 2 * limits.DESCRIPTION.max_len
    assert editing_limit(limits.CITY.max_len) == EDIT_LIMIT_MIN
    assert all(editing_limit(n) > n for n in (1, 31, 255, 5000))


def test_validate_link() -> None:
    assert validate_link("https://youtube.com/@x", "YouTube") == {}
    errors = validate_link("youtube", "")
    assert set(errors) == {"url", "title"}
    assert "http(s)" in errors["url"][0]
    assert validate_link("https://x.com/" + "a" * 300, "X")["url"][0].endswith("255 characters.")


def test_user_update_valid_and_partial() -> None:
    assert validate_user_update({}) == {}
    assert (
        validate_user_update(
            {
                "user": {
                    "image": None,
                    "first_name": None,
                    "last_name": "Bee",
                    "username": "ana_b",
                },
                "profile": {"city": None, "country": "Canada", "description": ""},
                "links": [],
            }
        )
        == {}
    )


def test_user_update_errors_use_dot_paths() -> None:
    errors = validate_user_update(
        {
            "user": {"username": "no spaces", "first_name": "A", "last_name": 5},
            "profile": {"description": "x" * (limits.DESCRIPTION.max_len + 1)},
            "links": [{"url": "https://ok.com", "title": "Ok"}, "bad", {"title": "t"}],
        }
    )
    assert set(errors) == {
        "user.username",
        "user.first_name",
        "user.last_name",
        "profile.description",
        "links.1",
        "links.2.url",
    }
    assert validate_user_update({"user": {"username": None}}) == {
        "user.username": ["The username field is required."]
    }
    assert "links" in validate_user_update({"links": None})
    too_many = [{"url": "https://a.com", "title": "a"}] * (limits.LINKS_MAX + 1)
    assert "links" in validate_user_update({"links": too_many})
    assert validate_user_update({"user": "x"}) == {"user": ["The user field must be an object."]}


def test_artist_update_rename_rule() -> None:
    assert validate_artist_update({"name": "Nova"}, current_name="Nova", is_admin=False) == {}
    errors = validate_artist_update({"name": "Other"}, current_name="Nova", is_admin=False)
    assert list(errors) == ["name"] and limits.SUPPORT_EMAIL in errors["name"][0]
    assert validate_artist_update({"name": "Other"}, current_name="Nova", is_admin=True) == {}
    assert validate_artist_update({"name": ""}, current_name=None, is_admin=True) == {
        "name": ["The producer name field is required."]
    }


def test_artist_update_lists() -> None:
    errors = validate_artist_update(
        {
            "genres": ["trap", {"name": "drill", "display_name": "Drill"}, {"name": ""}, 5],
            "profile_images": [{"id": 3, "url": "https://a.com/1.jpg"}, {"id": True, "url": ""}],
            "links": [{"url": "https://a.com", "title": "A"}],
            "verified": 1,
            "image_small": None,
            "cover_image": "x" * 256,
        },
        current_name="N",
        is_admin=False,
    )
    assert set(errors) == {
        "genres.2",
        "genres.3",
        "profile_images.1.id",
        "profile_images.1.url",
        "verified",
        "cover_image",
    }
    over = validate_artist_update(
        {
            "genres": ["g"] * (limits.GENRES_MAX + 1),
            "profile_images": [{"url": "https://a.com/u.jpg"}] * (limits.GALLERY_MAX + 1),
        },
        current_name=None,
        is_admin=False,
    )
    assert set(over) == {"genres", "profile_images"}


def good_request(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "type": "claim-artist",
        "artist_name": "Midnight Cassette",
        "artist_id": 3,
        "data": {
            "beats_url": "https://soundcloud.com/x",
            "first_name": "A",
            "last_name": "B",
            "role": "manager",
            "instagram": "the.handle_1",
            "attachments": [1, 2],
            "accepted_terms": True,
            "accepted_rights_and_commitment": True,
        },
    }
    body.update(overrides)
    return body


def test_backstage_request_valid() -> None:
    assert validate_backstage_request(good_request()) == {}
    become = good_request(type="become-artist", artist_id="CURRENT_USER")
    assert validate_backstage_request(become) == {}
    assert validate_backstage_request(good_request(artist_id="7")) == {}


def test_backstage_request_errors() -> None:
    data = {
        "beats_url": "https://x.com",
        "first_name": "A",
        "last_name": "B",
        "accepted_terms": True,
        "accepted_rights_and_commitment": False,
        "instagram": "@nope",
        "attachments": list(range(6)),
    }
    errors = validate_backstage_request(good_request(artist_id=None, data=data))
    assert set(errors) == {
        "artist_id",
        "data.role",
        "data.instagram",
        "data.attachments",
        "data.accepted_rights_and_commitment",
    }
    errors = validate_backstage_request({"type": "other", "artist_name": "ab"})
    assert set(errors) == {"type", "artist_name", "data"}
    assert validate_backstage_request(good_request(data="x")) == {
        "data": ["The data field must be an object."]
    }
    assert "artist_id" in validate_backstage_request(good_request(artist_id=[1]))


def test_laravel_message() -> None:
    assert laravel_message({}) == "The given data was invalid."
    assert laravel_message({"a": ["First."]}) == "First."
    assert laravel_message({"a": ["First.", "Second."]}) == "First. (and 1 more error)"
    assert laravel_message({"a": ["First."], "b": ["x", "y"]}) == "First. (and 2 more errors)"
