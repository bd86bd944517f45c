"""Client against the real sandbox: auth (A1–A4), user profile and tabs (U1–U9),
producer profile (R1–R5) and pagination over several pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from studio.api import (
    ApiAccessDenied,
    AuthExpired,
    BeatPassClient,
    Forbidden,
    InvalidCredentials,
    NotFound,
    RateLimited,
    ValidationFailed,
)
from studio.core.models import Page, Track

Reader = Callable[..., BeatPassClient]
PRODUCER = ("producer@demo.beatpass.test", "demo-producer")


def nova(client: BeatPassClient) -> int:
    return next(a.id for a in client.me().artists if a.name == "Nova Beats")


# --- A1–A4 -----------------------------------------------------------------------------------


def test_login_me_and_revoke(sandbox: Any) -> None:
    client = BeatPassClient(sandbox.base_url, token_name="BeatPass Studio test 1234abcd")
    result = client.login(*PRODUCER)
    assert client.token == result.token and "|" in result.token
    assert result.token not in repr(result)
    me = client.me()
    assert me.email == PRODUCER[0]
    assert {a.name for a in me.artists} == {"Nova Beats", "Nova Lo-Fi"}
    assert me.image is None or me.image.startswith(client.origin)
    client.revoke_token()
    with pytest.raises(AuthExpired) as info:
        client.me()
    assert "sign in again" in info.value.user_message


def test_revoking_an_unknown_token_id_is_a_no_op(reader: Reader) -> None:
    client = reader()
    client.revoke_token(987654)
    assert client.me().email == PRODUCER[0]


def test_wrong_password_and_login_rate_limit(sandbox: Any) -> None:
    client = BeatPassClient(sandbox.base_url, backoff_factor=0, retry_after_cap=0.5)
    with pytest.raises(InvalidCredentials):
        client.login(PRODUCER[0], "wrong")
    with pytest.raises(RateLimited) as info:  # login allows 5 tries a minute
        for _ in range(10):
            with pytest.raises(InvalidCredentials):
                client.login(PRODUCER[0], "wrong")
    assert info.value.retry_after is not None and info.value.retry_after > 0
    assert client.token is None


def test_no_api_access_right_after_login(sandbox: Any) -> None:
    client = BeatPassClient(sandbox.base_url)
    client.login("noapi@demo.beatpass.test", "demo-noapi")
    with pytest.raises(ApiAccessDenied) as info:
        client.me()
    assert "contact@beatpass.ca" in info.value.user_message


def test_no_api_access_with_a_stored_token(reader: Reader) -> None:
    with pytest.raises(ApiAccessDenied):
        reader("noapi@demo.beatpass.test").me()


def test_expired_and_bogus_tokens(shared_sandbox: Any, reader: Reader) -> None:
    client = reader()
    assert client.token
    shared_sandbox.expire_token(client.token)
    with pytest.raises(AuthExpired):
        client.me()
    client.token = "1|thisisnotarealtokenatall"
    with pytest.raises(AuthExpired):
        client.user_profile("me")


# --- U1–U9 -----------------------------------------------------------------------------------


def test_user_profile_public_and_unknown(reader: Reader) -> None:
    client = reader()
    me = client.me()
    profile = client.user_profile(me.id)
    assert profile.id == me.id
    assert profile.followers_count is not None
    assert client.user_profile("me").id == me.id
    with pytest.raises(NotFound):
        client.user_profile(999999)


def test_update_user_profile_and_validation(as_user: Reader) -> None:
    client = as_user()
    me = client.me()
    user = {
        "image": me.image,
        "first_name": me.first_name or "Ana",
        "last_name": "Bee",
        "username": me.username,
    }
    links = [{"url": "https://instagram.com/nova", "title": "Instagram"}]
    updated = client.update_user_profile(
        user, {"city": "Montréal", "country": "Canada", "description": "New bio"}, links
    )
    assert updated.profile.city == "Montréal"
    assert [(link.url, link.title) for link in updated.links] == [
        ("https://instagram.com/nova", "Instagram")
    ]
    assert client.me().profile.description == "New bio"
    with pytest.raises(ValidationFailed) as info:
        client.update_user_profile(
            {**user, "username": "no spaces!"},
            {},
            [{"url": "notaurl", "title": "X"}],
        )
    assert "user.username" in info.value.field_errors
    assert "links.0.url" in info.value.field_errors
    assert client.me().username == me.username  # nothing was saved


@pytest.mark.parametrize(
    "method",
    [
        "liked_tracks",
        "user_playlists",
        "user_reposts",
        "liked_albums",
        "liked_artists",
        "user_followers",
        "followed_users",
    ],
)
def test_user_tabs(reader: Reader, method: str) -> None:
    client = reader()
    page = getattr(client, method)("me", 1, 2)
    assert isinstance(page, Page)
    assert page.current_page == 1
    assert len(page.items) <= 2
    everything = list(client.iter_pages(lambda n: getattr(client, method)("me", n, 2)))
    ids = [item.id for item in everything]
    assert len(ids) == len(set(ids))
    assert ids[: len(page.items)] == [item.id for item in page.items]
    if page.total is not None:
        assert len(ids) == page.total


def test_user_tab_of_unknown_user(reader: Reader) -> None:
    with pytest.raises(NotFound):
        reader().liked_tracks(999999)


# --- R1–R5 -----------------------------------------------------------------------------------


def test_artist_edit_page(reader: Reader) -> None:
    client = reader()
    page = client.artist(nova(client))
    artist = page.artist
    assert artist.name == "Nova Beats" and artist.verified
    assert len(artist.profile_images) == 6
    assert all(img.url.startswith(client.origin + "/") for img in artist.profile_images)
    assert artist.links and artist.genres
    assert artist.raw["name"] == "Nova Beats"
    assert page.albums.items
    with pytest.raises(NotFound):
        client.artist(999999)


def test_artist_public_page_has_tracks(reader: Reader) -> None:
    client = reader()
    page = client.artist(nova(client), loader="artistPage")
    assert page.tracks is not None and page.tracks.items


def test_update_artist_full_payload(as_user: Reader) -> None:
    client = as_user()
    artist_id = nova(client)
    before = client.artist(artist_id).artist
    payload = {
        "name": before.name,
        "image_small": before.image_small,
        "cover_image": before.cover_image,
        "verified": before.verified,
        "genres": [g.name for g in before.genres],
        "profile": {
            "description": "Rewritten bio",
            "city": before.profile.city,
            "country": before.profile.country,
        },
        "links": [{"url": link.url, "title": link.title} for link in before.links],
        "profile_images": [{"id": img.id, "url": img.url} for img in before.profile_images],
    }
    after = client.update_artist(artist_id, payload)
    assert after.profile.description == "Rewritten bio"
    assert after.verified == before.verified
    assert after.image_small == before.image_small
    assert len(after.profile_images) == len(before.profile_images)
    assert client.artist(artist_id).artist.profile.description == "Rewritten bio"
    with pytest.raises(ValidationFailed) as info:
        client.update_artist(artist_id, {**payload, "name": "Renamed By Owner"})
    assert "name" in info.value.field_errors


def test_update_someone_elses_artist_is_forbidden(as_user: Reader) -> None:
    producer = as_user()
    artist_id = nova(producer)
    with pytest.raises(Forbidden):
        as_user("applicant@demo.beatpass.test").update_artist(artist_id, {"name": "Nova Beats"})
    with pytest.raises(NotFound):
        producer.update_artist(999999, {"name": "x"})


def test_artist_tracks_over_several_pages(reader: Reader) -> None:
    client = reader()
    artist_id = nova(client)
    first = client.artist_tracks(artist_id, page=1, per_page=7)
    assert first.per_page == 7 and len(first.items) == 7 and first.has_next
    assert first.total is not None and first.total >= 60
    tracks: list[Track] = list(
        client.iter_pages(lambda n: client.artist_tracks(artist_id, page=n, per_page=7))
    )
    assert len(tracks) == first.total
    assert len({t.id for t in tracks}) == len(tracks)
    reasons = {t.pin_eligibility.reason for t in tracks if t.pin_eligibility}
    assert {
        None,
        "not_primary_owner",
        "no_active_offer",
        "exclusive_sold",
        "ai_rights_unconfirmed",
    } <= reasons
    with pytest.raises(NotFound):
        client.artist_tracks(999999)


def test_artist_albums_with_and_without_tracks(reader: Reader) -> None:
    client = reader()
    artist_id = nova(client)
    with_tracks = client.artist_albums(artist_id, per_page=2)
    assert len(with_tracks.items) <= 2 and any(a.tracks for a in with_tracks.items)
    bare = client.artist_albums(artist_id, per_page=2, load_tracks=False)
    assert all(not a.tracks for a in bare.items)
    assert [a.id for a in bare.items] == [a.id for a in with_tracks.items]


def test_check_ownership(reader: Reader) -> None:
    client = reader()
    assert client.check_ownership(nova(client)).availability == "owned_by_you"
    with pytest.raises(NotFound):
        client.check_ownership(999999)
    with pytest.raises(AuthExpired):
        BeatPassClient(client.base_url).check_ownership(nova(client))
