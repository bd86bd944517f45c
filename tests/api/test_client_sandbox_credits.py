"""Client against the real sandbox: professional credits (C1–C9) grouped by item, and
the pinned track (P1–P3) with its eligibility reasons."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.api import (
    AuthExpired,
    BeatPassClient,
    Conflict,
    Forbidden,
    NotEligible,
    NotFound,
    ServerError,
    ValidationFailed,
)
from studio.core.limits import CREDIT_ROLES, PIN_INELIGIBLE_REASONS
from studio.core.models import Track, group_credits

Reader = Callable[..., BeatPassClient]


def nova(client: BeatPassClient) -> int:
    return next(a.id for a in client.me().artists if a.name == "Nova Beats")


def all_tracks(client: BeatPassClient, artist_id: int) -> list[Track]:
    return list(client.iter_pages(lambda n: client.artist_tracks(artist_id, n, 50)))


# --- C1–C9 -----------------------------------------------------------------------------------


def test_credit_roles(reader: Reader) -> None:
    categories, roles = reader().credit_roles()
    assert [c.key for c in categories] == [
        "production",
        "engineering",
        "writing",
        "performance",
        "other",
    ]
    assert {(r.key, r.name, r.category) for r in roles} == set(CREDIT_ROLES)


def test_spotify_search_and_album(reader: Reader) -> None:
    client = reader()
    tracks = client.spotify_search("lo", type="track", limit=5)
    assert 0 < len(tracks) <= 5 and all(t.type == "track" for t in tracks)
    found = client.spotify_search("th", type="album", limit=5)
    assert found and all(a.type == "album" for a in found)
    album = client.spotify_album(found[0].spotify_id)
    assert album.album.spotify_id == found[0].spotify_id
    assert album.tracks and all(t.spotify_id for t in album.tracks)
    with pytest.raises(ValidationFailed) as info:
        client.spotify_search("x")
    assert "query" in info.value.field_errors
    with pytest.raises(NotFound):
        client.spotify_album("doesnotexist000000000")


def test_spotify_down(reader: Reader, shared_sandbox: object) -> None:
    shared_sandbox.set_faults(spotify_down=True)  # type: ignore[attr-defined]
    with pytest.raises(ServerError) as info:
        reader().spotify_search("lo")
    assert info.value.error_code == "spotify_unavailable"
    assert "Spotify" in info.value.user_message


def test_credits_are_grouped_by_item(reader: Reader) -> None:
    client = reader()
    credits = client.artist_credits(nova(client))
    assert credits
    positions = [c.position for c in credits]
    assert positions == sorted(positions)
    groups = group_credits(credits)
    assert len(groups) < len(credits)  # at least one item carries several roles
    for group in groups:
        assert len({c.spotify_id for c in group.entries}) == 1
        assert len(set(group.roles)) == len(group.roles)
    by_date = client.artist_credits(nova(client), sort="release_date")
    dates = [c.release_date for c in by_date]
    assert dates == sorted(dates, reverse=True)


def test_add_update_reorder_and_delete_credits(as_user: Reader) -> None:
    client = as_user()
    artist_id = nova(client)
    existing = {c.spotify_id for c in client.artist_credits(artist_id)}
    item = next(i for i in client.spotify_search("lo", limit=20) if i.spotify_id not in existing)
    added = client.add_credit(artist_id, item.spotify_id, "track", ["producer", "mixing_engineer"])
    assert {c.role for c in added.credits} == {"producer", "mixing_engineer"}
    assert added.skipped_roles == ()
    again = client.add_credit(artist_id, item.spotify_id, "track", ["producer", "songwriter"])
    assert again.skipped_roles == ("producer",)
    assert [c.role for c in again.credits] == ["songwriter"]
    with pytest.raises(Conflict) as info:
        client.add_credit(artist_id, item.spotify_id, "track", ["producer"])
    assert info.value.error_code == "credit_exists"
    with pytest.raises(ValidationFailed):
        client.add_credit(artist_id, item.spotify_id, "track", ["not_a_role"])

    songwriter = again.credits[0]
    changed = client.update_credit(artist_id, songwriter.id, "composer")
    assert changed.role == "composer" and changed.role_name == "Composer"
    with pytest.raises(Conflict):
        client.update_credit(artist_id, songwriter.id, "producer")

    ids = [c.id for c in client.artist_credits(artist_id)]
    reordered = client.reorder_credits(artist_id, list(reversed(ids)))
    assert [c.id for c in reordered] == list(reversed(ids))
    with pytest.raises(ValidationFailed):
        client.reorder_credits(artist_id, ids[:-1])

    group = next(g for g in group_credits(reordered) if g.spotify_id == item.spotify_id)
    assert len(group.entries) == 3
    client.delete_credit_group(artist_id, group)
    left = client.artist_credits(artist_id)
    assert item.spotify_id not in {c.spotify_id for c in left}
    assert len(left) == len(ids) - 3


def test_search_marks_roles_the_profile_already_holds(as_user: Reader) -> None:
    client = as_user()
    artist_id = nova(client)
    credit = client.artist_credits(artist_id)[0]
    query = credit.title[:4]
    found = client.spotify_search(query, type=credit.type, limit=20, artist_id=artist_id)
    item = next(i for i in found if i.spotify_id == credit.spotify_id)
    assert credit.role in item.existing_roles
    anonymous = client.spotify_search(query, type=credit.type, limit=20)
    same = next(i for i in anonymous if i.spotify_id == credit.spotify_id)
    assert same.existing_roles == ()


def test_album_credits(as_user: Reader) -> None:
    client = as_user()
    artist_id = nova(client)
    album = client.spotify_album(client.spotify_search("th", type="album", limit=5)[-1].spotify_id)
    first, second = album.tracks[0], album.tracks[1]
    result = client.add_album_credits(
        artist_id,
        album.album.spotify_id,
        ["producer"],
        [
            {"spotify_id": first.spotify_id, "roles": ["mixing_engineer"]},
            {"spotify_id": second.spotify_id, "roles": []},
        ],
    )
    made = {(c.spotify_id, c.role) for c in result.credits}
    assert (first.spotify_id, "mixing_engineer") in made
    assert (second.spotify_id, "producer") in made
    assert all(c.type == "track" for c in result.credits)
    assert all(c.album and c.album.spotify_id == album.album.spotify_id for c in result.credits)
    with pytest.raises(ValidationFailed):
        client.add_album_credits(
            artist_id, album.album.spotify_id, [], [{"spotify_id": first.spotify_id, "roles": []}]
        )


def test_credit_permissions(as_user: Reader) -> None:
    producer = as_user()
    artist_id = nova(producer)
    credit = producer.artist_credits(artist_id)[0]
    other = as_user("applicant@demo.beatpass.test")
    assert other.artist_credits(artist_id)  # public read
    with pytest.raises(Forbidden):
        other.delete_credit(artist_id, credit.id)
    with pytest.raises(AuthExpired):
        BeatPassClient(producer.base_url).add_credit(
            artist_id, credit.spotify_id, "track", ["a_and_r"]
        )
    with pytest.raises(NotFound):
        producer.delete_credit(artist_id, 99999999)


# --- P1–P3 -----------------------------------------------------------------------------------


def test_pin_eligible_track_and_unpin(as_user: Reader) -> None:
    client = as_user()
    artist_id = nova(client)
    current = client.pinned_track(artist_id)
    candidates = [
        t
        for t in all_tracks(client, artist_id)
        if t.pin_eligibility
        and t.pin_eligibility.eligible
        and (current.track is None or t.id != current.track.id)
    ]
    assert candidates
    pinned = client.pin_track(artist_id, candidates[0].id)
    assert pinned.id == candidates[0].id
    now = client.pinned_track(artist_id)
    assert now.track is not None and now.track.id == pinned.id and now.source == "manual"
    client.unpin_track(artist_id, pinned.id)
    client.unpin_track(artist_id, pinned.id)  # idempotent
    after = client.pinned_track(artist_id)
    assert after.source != "manual"


def test_pin_ineligible_tracks_say_why(as_user: Reader) -> None:
    client = as_user()
    artist_id = nova(client)
    by_reason: dict[str, Track] = {}
    for track in all_tracks(client, artist_id):
        if track.pin_eligibility and track.pin_eligibility.reason:
            by_reason.setdefault(track.pin_eligibility.reason, track)
    assert set(by_reason) >= {
        "not_primary_owner",
        "no_active_offer",
        "exclusive_sold",
        "ai_rights_unconfirmed",
    }
    for reason, track in by_reason.items():
        with pytest.raises(NotEligible) as info:
            client.pin_track(artist_id, track.id)
        assert info.value.reason == reason
        assert info.value.error_code == "track_not_eligible"
        assert PIN_INELIGIBLE_REASONS[reason] in info.value.user_message


def test_pin_errors(as_user: Reader) -> None:
    producer = as_user()
    artist_id = nova(producer)
    track = all_tracks(producer, artist_id)[0]
    with pytest.raises(Forbidden):
        as_user("applicant@demo.beatpass.test").pin_track(artist_id, track.id)
    with pytest.raises(NotFound):
        producer.pin_track(artist_id, 99999999)
    with pytest.raises(NotFound):
        producer.pinned_track(99999999)
