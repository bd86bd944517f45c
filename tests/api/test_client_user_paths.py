"""The user tabs (U3–U9) ask for ``/users/me/…`` for the signed-in user and for
``/users/<id>/…`` for anyone else (API.md §0: BeatPass documents the signed-in user's tabs
only under ``me``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recording_server import RecordingServer, Reply

from studio.api import BeatPassClient

TOKEN = "12|abcdefghijklmnopqrstuvwxyz0123456789ABCD"
EMPTY = {"status": "success", "pagination": {"current_page": 1, "data": [], "per_page": 20}}
TABS: dict[str, Callable[[BeatPassClient], Callable[..., Any]]] = {
    "liked-tracks": lambda c: c.liked_tracks,
    "playlists": lambda c: c.user_playlists,
    "reposts": lambda c: c.user_reposts,
    "liked-albums": lambda c: c.liked_albums,
    "liked-artists": lambda c: c.liked_artists,
    "followers": lambda c: c.user_followers,
    "followed-users": lambda c: c.followed_users,
}


def tab_paths(server: RecordingServer, client: BeatPassClient, user: int | str) -> list[str]:
    server.requests.clear()
    server.default = Reply(200, EMPTY)
    for method in TABS.values():
        method(client)(user)
    return [r.path.split("?")[0] for r in server.requests]


def expected(user: str) -> list[str]:
    return [f"/api/v1/users/{user}/{tab}" for tab in TABS]


def test_tabs_of_the_signed_in_user_use_me(server: RecordingServer) -> None:
    client = BeatPassClient(server.base_url, TOKEN, backoff_factor=0)
    server.add(Reply(200, {"status": "success", "user": {"id": 3, "display_name": "p"}}))
    assert client.me().id == 3
    assert tab_paths(server, client, 3) == expected("me")
    assert tab_paths(server, client, "3") == expected("me")
    assert tab_paths(server, client, "me") == expected("me")
    assert tab_paths(server, client, 9) == expected("9")


def test_after_a_password_sign_in_too(server: RecordingServer) -> None:
    client = BeatPassClient(server.base_url, None, backoff_factor=0)
    server.add(
        Reply(200, {"status": "success", "user": {"id": 5, "display_name": "p",
                                                  "access_token": TOKEN}})
    )  # fmt: skip
    client.login("a@b.c", "pw")
    assert tab_paths(server, client, 5) == expected("me")
    assert tab_paths(server, client, 6) == expected("6")


def test_another_token_forgets_who_was_signed_in(server: RecordingServer) -> None:
    client = BeatPassClient(server.base_url, TOKEN, backoff_factor=0)
    server.add(Reply(200, {"status": "success", "user": {"id": 3, "display_name": "p"}}))
    client.me()
    client.token = "13|another"
    assert tab_paths(server, client, 3) == expected("3")
