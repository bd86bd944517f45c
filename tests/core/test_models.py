"""Tolerant parsing of API objects: BP keys first, BM fallback, relative URLs against the
site origin, wrong types, missing keys, and the three page shapes."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core.models import (
    Artist,
    ArtistSearchResult,
    BackstageRequest,
    Credit,
    FileEntry,
    Ownership,
    Page,
    ParseError,
    Repost,
    SpotifyAlbum,
    SubmissionStatus,
    Track,
    User,
    group_credits,
)
from studio.core.urls import is_loopback_host, is_secure_url, resolve_url, site_origin

ORIGIN = "https://open.beatpass.ca"


def test_site_origin_and_relative_urls() -> None:
    assert site_origin("https://open.beatpass.ca/api/v1") == ORIGIN
    assert site_origin("http://127.0.0.1:8765/api/v1/") == "http://127.0.0.1:8765"
    assert site_origin("https://x.test/sub/api/v1") == "https://x.test/sub"
    assert resolve_url("storage/x.jpg", ORIGIN) == f"{ORIGIN}/storage/x.jpg"
    assert resolve_url("/contact", ORIGIN) == f"{ORIGIN}/contact"
    assert resolve_url("https://cdn.test/a.png", ORIGIN) == "https://cdn.test/a.png"
    assert resolve_url("storage/x.jpg", "https://x.test/sub") == "https://x.test/sub/storage/x.jpg"
    assert resolve_url("", ORIGIN) is None
    assert resolve_url(None, ORIGIN) is None
    assert resolve_url(5, ORIGIN) is None
    assert "/api/v1" not in (resolve_url("storage/x.jpg", ORIGIN) or "")
    assert resolve_url("//cdn.test/a.png", ORIGIN) == "https://cdn.test/a.png"


@pytest.mark.parametrize(
    "value", ["file:///etc/shadow", "javascript:alert(1)", "JaVaScRiPt:x", "ftp://x.test/a"]
)
def test_server_urls_with_other_schemes_are_dropped(value: str) -> None:
    assert resolve_url(value, ORIGIN) is None


@pytest.mark.parametrize(
    ("url", "secure"),
    [
        ("https://open.beatpass.ca/storage/a.png", True),
        ("HTTPS://cdn.test/a.png", True),
        ("http://127.0.0.1:8765/storage/a.png", True),
        ("http://localhost/a.png", True),
        ("http://[::1]:9/a.png", True),
        ("http://cdn.test/a.png", False),
        ("http://127.0.0.1.evil.test/a.png", False),
        ("file:///etc/shadow", False),
        ("/etc/shadow", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("http://[::1/a.png", False),
        ("", False),
    ],
)
def test_secure_url_is_https_or_loopback_http(url: str, secure: bool) -> None:
    assert is_secure_url(url) is secure


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.9.9.9", True),
        ("::1", True),
        ("[::1]", True),
        ("10.0.0.1", False),
        ("open.beatpass.ca", False),
        ("localhost.evil.test", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_user_prefers_beatpass_keys_and_falls_back_to_bemusic() -> None:
    both = User.from_api(
        {"id": 3, "display_name": "bp", "name": "bm", "avatar": "a.jpg", "image": "b.jpg"}, ORIGIN
    )
    assert both.name == "bp"
    assert both.image == f"{ORIGIN}/a.jpg"
    bm_only = User.from_api({"id": "3", "name": "bm", "image": "storage/b.jpg"}, ORIGIN)
    assert bm_only.id == 3
    assert bm_only.name == "bm"
    assert bm_only.image == f"{ORIGIN}/storage/b.jpg"
    derived = User.from_api({"id": 4, "email": "ana@b.c"}, ORIGIN)
    assert derived.name == "ana"


def test_user_tolerates_wrong_types_and_php_empty_objects() -> None:
    user = User.from_api(
        {
            "id": 3,
            "display_name": 42,
            "profile": [],
            "links": [{"url": "https://x.test", "title": "X", "id": "9"}, "junk", None],
            "artists": [{"id": 7, "name": "P", "pivot": {"role": "manager"}}, {"name": "no id"}],
            "followers_count": "12",
            "unknown_key": {"deep": True},
            "access_token": "1|secret",
            "two_factor_recovery_codes": ["a"],
        },
        ORIGIN,
    )
    assert user.name == "42"
    assert user.profile.city == ""
    assert [(link.url, link.id) for link in user.links] == [("https://x.test", 9)]
    assert [(a.id, a.role) for a in user.artists] == [(7, "manager")]
    assert user.followers_count == 12
    assert "access_token" not in user.raw
    assert "two_factor_recovery_codes" not in user.raw
    assert "1|secret" not in repr(user)


@pytest.mark.parametrize("data", [None, [], "user", {"name": "x"}, {"id": "abc"}])
def test_user_without_essential_structure_raises(data: Any) -> None:
    with pytest.raises(ParseError):
        User.from_api(data, ORIGIN)


def test_artist_edit_shape() -> None:
    artist = Artist.from_api(
        {
            "id": 7,
            "name": "Prod",
            "verified": 1,
            "image_small": "storage/artist_images/u.jpg",
            "cover_image": None,
            "genres": [{"id": 1, "name": "trap", "display_name": "Trap"}, {"name": "drill"}],
            "profile": {"description": "bio", "city": None, "country": "Canada"},
            "profile_images": [{"id": 3, "url": "/storage/g1.jpg"}],
            "links": [{"url": "https://youtube.com/@x", "title": "YouTube"}],
            "pinned_track": {"id": 5, "name": "Beat", "pin_eligibility": {"eligible": True}},
        },
        ORIGIN,
    )
    assert artist.verified is True
    assert artist.image_small == f"{ORIGIN}/storage/artist_images/u.jpg"
    assert artist.cover_image is None
    assert [g.display_name for g in artist.genres] == ["Trap", "drill"]
    assert artist.profile.city == "" and artist.profile.country == "Canada"
    assert artist.profile_images[0].url == f"{ORIGIN}/storage/g1.jpg"
    assert artist.pinned_track is not None and artist.pinned_track.id == 5
    assert artist.raw["name"] == "Prod"


def test_track_pin_eligibility_is_optional() -> None:
    plain = Track.from_api({"id": 1, "name": "A", "duration": "180000"}, ORIGIN)
    assert plain.pin_eligibility is None
    assert plain.duration_ms == 180000
    blocked = Track.from_api(
        {"id": 2, "name": "B", "pin_eligibility": {"eligible": False, "reason": "exclusive_sold"}},
        ORIGIN,
    )
    assert blocked.pin_eligibility is not None
    assert blocked.pin_eligibility.reason == "exclusive_sold"
    assert "exclusively" in blocked.pin_eligibility.explanation


def test_repost_item_type() -> None:
    repost = Repost.from_api(
        {"id": 1, "repostable_type": "App\\Models\\Album", "repostable": {"id": 9, "name": "LP"}},
        ORIGIN,
    )
    assert repost.repostable_type == "album"
    assert repost.item is not None and repost.item.id == 9


def test_file_entry_and_submission_status_resolve_urls() -> None:
    entry = FileEntry.from_api(
        {"id": 51, "url": "storage/avatars/u.jpg", "file_size": "10"}, ORIGIN
    )
    assert entry.url == f"{ORIGIN}/storage/avatars/u.jpg"
    assert entry.file_size == 10
    status = SubmissionStatus.from_api(
        {
            "can_submit": False,
            "block_reason": "revoked",
            "message": "No.",
            "contact_url": "/contact",
            "blocking_request_id": "412",
        },
        ORIGIN,
    )
    assert status.contact_url == f"{ORIGIN}/contact"
    assert status.blocking_request_id == 412
    with pytest.raises(ParseError):
        SubmissionStatus.from_api({"status": "success"}, ORIGIN)


def test_backstage_request_and_ownership_and_search() -> None:
    req = BackstageRequest.from_api(
        {"id": 9, "type": "claim-artist", "status": "Pending", "data": [], "artist": None}, ORIGIN
    )
    assert req.status == "pending" and req.data == {} and req.artist is None
    own = Ownership.from_api({"artist_id": 7, "is_owner": False, "claimed": True})
    assert own.availability == "already_claimed" and not own.available
    with pytest.raises(ParseError):
        ArtistSearchResult.from_api({"id": "CURRENT_USER", "name": "me"}, ORIGIN)


def test_credits_group_by_item_keeping_order() -> None:
    raw = [
        {"id": 1, "spotify_id": "a", "type": "track", "role": "producer"},
        {"id": 2, "spotify_id": "b", "type": "album", "role": "producer", "popularity": 75},
        {"id": 3, "spotify_id": "a", "type": "track", "role": "mixing_engineer"},
    ]
    credits = [Credit.from_api(d, ORIGIN) for d in raw]
    assert credits[2].role_name == "Mixing Engineer"  # filled from the built-in table
    assert credits[1].popularity_level == "high"
    groups = group_credits(credits)
    assert [(g.spotify_id, g.roles) for g in groups] == [
        ("a", ("producer", "mixing_engineer")),
        ("b", ("producer",)),
    ]
    assert groups[0].ids == (1, 3)


def test_spotify_album_tracks() -> None:
    album = SpotifyAlbum.from_api(
        {"spotify_id": "al", "title": "LP", "tracks": [{"spotify_id": "t1", "title": "One"}]},
        ORIGIN,
    )
    assert album.album.type == "album"
    assert [t.spotify_id for t in album.tracks] == ["t1"]


def _items(n: int) -> list[dict[str, Any]]:
    return [{"id": i + 1, "name": f"T{i}"} for i in range(n)]


def parse_page(data: Any) -> Page[Track]:
    return Page.from_api(data, lambda d: Track.from_api(d, ORIGIN), "track")


def test_length_aware_page() -> None:
    page = parse_page(
        {
            "current_page": 1,
            "data": _items(2),
            "from": 1,
            "to": 2,
            "per_page": 2,
            "last_page": 3,
            "next_page": 2,
            "prev_page": None,
            "total": 5,
        }
    )
    assert page.has_next and page.next_page == 2
    assert page.total == 5 and page.last_page == 3
    last = parse_page(
        {
            "current_page": 3,
            "data": _items(1),
            "per_page": 2,
            "last_page": 3,
            "next_page": None,
            "total": 5,
        }
    )
    assert not last.has_next and last.next_page is None


def test_simple_page_next_page_null_wins_over_a_full_page() -> None:
    page = parse_page({"current_page": 2, "data": _items(2), "per_page": 2, "next_page": None})
    assert not page.has_next
    assert page.total is None and page.last_page is None


def test_laravel_simple_page_with_urls() -> None:
    more = parse_page(
        {
            "current_page": 1,
            "data": _items(2),
            "per_page": 2,
            "path": "x",
            "first_page_url": "x?page=1",
            "next_page_url": "x?page=2",
            "prev_page_url": None,
        }
    )
    assert more.has_next
    done = parse_page({"current_page": 2, "data": _items(2), "per_page": 2, "next_page_url": None})
    assert not done.has_next


def test_page_without_hints_uses_the_length_rule() -> None:
    assert parse_page({"current_page": 1, "data": _items(3), "per_page": 3}).has_next
    assert not parse_page({"current_page": 1, "data": _items(2), "per_page": 3}).has_next
    empty = parse_page({"current_page": 1, "data": [], "from": None, "to": None, "per_page": 3})
    assert empty.items == () and not empty.has_next


def test_page_current_below_last_without_next_page_key() -> None:
    page = parse_page({"current_page": "1", "data": _items(1), "per_page": 1, "last_page": 2})
    assert page.has_next


@pytest.mark.parametrize("data", [None, {}, {"data": "x"}, []])
def test_page_without_data_array_raises(data: Any) -> None:
    with pytest.raises(ParseError):
        parse_page(data)
