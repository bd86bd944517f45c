"""The signed-in user's producer profiles when BeatPass ignores ``with=artists`` on A3
(API.md §0): U1's list, else R5 on the profile ids Studio already knows, else a clear
sentence that Studio cannot list them. Against the sandbox's ``me_without_artists`` /
``profile_without_artists`` switches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from studio.api import BeatPassClient
from studio.api.producers import CANNOT_LIST, load_signed_in_user
from studio.auth import TokenVault, sign_in_with_password

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")


@pytest.fixture
def client(sandbox: Any) -> Iterator[BeatPassClient]:
    c = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER[0]), backoff_factor=0)
    yield c
    c.close()


def ids_by_name(sandbox: Any) -> dict[str, int]:
    admin = BeatPassClient(sandbox.base_url, sandbox.token_for("admin@demo.beatpass.test"))
    try:
        names = ("Nova Beats", "Nova Lo-Fi", "Cold Harbor", "Midnight Cassette")
        return {r.name: r.id for n in names for r in admin.search_artists(n) if r.name == n}
    finally:
        admin.close()


def test_a3_with_artists_needs_no_fallback(client: BeatPassClient) -> None:
    found = load_signed_in_user(client, lambda _user: [1, 2, 3])
    assert [a.name for a in found.user.artists] == ["Nova Beats", "Nova Lo-Fi"]
    assert found.notice == ""


def test_an_empty_list_is_an_answer(sandbox: Any) -> None:
    c = BeatPassClient(sandbox.base_url, sandbox.token_for("applicant@demo.beatpass.test"))
    try:
        asked: list[int] = []
        found = load_signed_in_user(c, lambda user: asked.append(user.id) or [])
        assert found.user.artists == () and found.notice == "" and asked == []
    finally:
        c.close()


def test_without_artists_on_a3_they_come_from_u1(sandbox: Any, client: BeatPassClient) -> None:
    sandbox.set_faults(me_without_artists=True)
    assert client.me().artists == ()  # what the app showed before: no producer profile
    found = load_signed_in_user(client)
    assert [a.name for a in found.user.artists] == ["Nova Beats", "Nova Lo-Fi"]
    assert found.user.artists[0].verified is True
    assert found.notice == ""


def test_without_artists_on_a3_and_u1_the_known_ids_are_checked(
    sandbox: Any, client: BeatPassClient
) -> None:
    ids = ids_by_name(sandbox)
    sandbox.set_faults(me_without_artists=True, profile_without_artists=True)
    known = [ids["Nova Lo-Fi"], ids["Cold Harbor"], ids["Midnight Cassette"], 999_999, "x"]
    found = load_signed_in_user(client, lambda user: known)
    assert [a.name for a in found.user.artists] == ["Nova Lo-Fi"]  # only those it owns
    assert "“Nova Lo-Fi”" in found.notice and "may be missing" in found.notice


def test_when_nothing_lists_them_the_app_says_it_cannot(
    sandbox: Any, client: BeatPassClient
) -> None:
    sandbox.set_faults(me_without_artists=True, profile_without_artists=True)
    found = load_signed_in_user(client, lambda user: [])
    assert found.user.artists == ()
    assert found.notice == CANNOT_LIST and "cannot show them" in found.notice


def test_sign_in_carries_the_fallback_and_its_notice(sandbox: Any) -> None:
    ids = ids_by_name(sandbox)
    sandbox.set_faults(me_without_artists=True, profile_without_artists=True)
    client = BeatPassClient(sandbox.base_url, token_name="BeatPass Studio test 0000abcd")
    try:
        signed = sign_in_with_password(
            client, *PRODUCER, TokenVault(), lambda user: [ids["Nova Beats"]]
        )
    finally:
        client.close()
    assert [a.name for a in signed.user.artists] == ["Nova Beats"]
    assert "“Nova Beats”" in signed.message
