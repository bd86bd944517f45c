"""Table-driven visibility rules of the public producer and user pages (no Qt)."""

from __future__ import annotations

import pytest

from studio.core import visibility as v
from studio.core.visibility import ArtistPageState, UserPageState

ALWAYS = (v.DISCOGRAPHY, v.BEATS, v.ALBUMS, v.ARTIST_FOLLOWERS)

# (state, tabs expected in order)
ARTIST_TAB_TABLE = [
    (ArtistPageState(), ALWAYS),
    (ArtistPageState(owner=True), (*ALWAYS, v.ACHIEVEMENTS)),
    (ArtistPageState(admin=True), (*ALWAYS, v.ACHIEVEMENTS)),
    (
        ArtistPageState(has_similar=True),
        (v.DISCOGRAPHY, v.SIMILAR, v.BEATS, v.ALBUMS, v.ARTIST_FOLLOWERS),
    ),
    (
        ArtistPageState(gallery_count=1),
        (v.DISCOGRAPHY, v.GALLERY, v.BEATS, v.ALBUMS, v.ARTIST_FOLLOWERS),
    ),
    (ArtistPageState(gallery_count=0, has_similar=False, owner=False), ALWAYS),
    (
        ArtistPageState(has_youtube_channel=True),
        (v.DISCOGRAPHY, v.BEATS, v.ALBUMS, v.VIDEOS, v.ARTIST_FOLLOWERS),
    ),
    (
        ArtistPageState(owner=True, has_similar=True, gallery_count=12, has_youtube_channel=True),
        v.ARTIST_TABS,
    ),
]


@pytest.mark.parametrize(("state", "expected"), ARTIST_TAB_TABLE)
def test_artist_tabs(state: ArtistPageState, expected: tuple[str, ...]) -> None:
    assert v.artist_tabs(state) == expected


@pytest.mark.parametrize(
    ("tab", "field", "on", "off"),
    [
        (v.SIMILAR, "has_similar", True, False),
        (v.GALLERY, "gallery_count", 1, 0),
        (v.VIDEOS, "has_youtube_channel", True, False),
        (v.ACHIEVEMENTS, "owner", True, False),
    ],
)
def test_each_conditional_tab_follows_its_state(
    tab: str, field: str, on: object, off: object
) -> None:
    assert tab in v.artist_tabs(ArtistPageState(**{field: on}))  # type: ignore[arg-type]
    assert tab not in v.artist_tabs(ArtistPageState(**{field: off}))  # type: ignore[arg-type]


SECTION_TABLE = [
    (ArtistPageState(), ()),
    (ArtistPageState(has_pinned_track=True), (v.PINNED,)),
    (ArtistPageState(track_count=3, album_count=1), (v.POPULAR, v.ALBUM_LIST)),
    (ArtistPageState(has_bio=True), (v.ABOUT, v.BIO)),
    (ArtistPageState(has_location=True, link_count=2), (v.ABOUT, v.LOCATION, v.CONNECT)),
    (ArtistPageState(genre_count=1), (v.ABOUT, v.GENRES)),
    (ArtistPageState(gallery_count=9), (v.ABOUT, v.GALLERY_PREVIEW)),
    (ArtistPageState(credit_count=4), (v.CREDITS,)),
    (
        ArtistPageState(
            has_pinned_track=True,
            track_count=1,
            album_count=1,
            has_bio=True,
            has_location=True,
            link_count=1,
            genre_count=1,
            gallery_count=1,
            credit_count=1,
        ),
        v.DISCOGRAPHY_SECTIONS,
    ),
]


@pytest.mark.parametrize(("state", "expected"), SECTION_TABLE)
def test_discography_sections(state: ArtistPageState, expected: tuple[str, ...]) -> None:
    assert v.discography_sections(state) == expected


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, 1), (6, 6), (7, 6), (40, 6)])
def test_gallery_preview_shows_up_to_six(count: int, shown: int) -> None:
    assert v.gallery_preview_count(count) == shown


@pytest.mark.parametrize(
    ("state", "actions", "badges"),
    [
        (ArtistPageState(), ("Play", "Follow", "Message", "More"), ()),
        (ArtistPageState(owner=True), ("Play", "Edit"), ()),
        (ArtistPageState(verified=True), ("Play", "Follow", "Message", "More"), ("Verified",)),
        (ArtistPageState(unclaimed=True), ("Play", "Follow", "Message", "More"), ("Unclaimed",)),
        (
            ArtistPageState(verified=True, unclaimed=True, owner=True),
            ("Play", "Edit"),
            ("Verified", "Unclaimed"),
        ),
    ],
)
def test_artist_header(
    state: ArtistPageState, actions: tuple[str, ...], badges: tuple[str, ...]
) -> None:
    assert v.artist_actions(state) == actions
    assert v.artist_badges(state) == badges
    assert v.PRODUCER_PROFILE not in v.artist_actions(state)  # never links back to the user


ALL_USER = v.USER_TABS
NO_REPOSTS = tuple(t for t in v.USER_TABS if t != v.REPOSTS)


@pytest.mark.parametrize(
    ("state", "tabs", "actions", "badges"),
    [
        (UserPageState(), ALL_USER, ("Follow", "Message"), ()),
        (UserPageState(reposts_enabled=False), NO_REPOSTS, ("Follow", "Message"), ()),
        (UserPageState(owner=True), ALL_USER, ("Edit",), ()),
        (
            UserPageState(linked_producer=True),
            ALL_USER,
            ("Producer Profile", "Follow", "Message"),
            (),
        ),
        (
            UserPageState(linked_producer=True, linked_producer_verified=True, owner=True),
            ALL_USER,
            ("Producer Profile", "Edit"),
            ("Verified",),
        ),
        # a verified flag without a linked profile shows no badge
        (
            UserPageState(linked_producer=False, linked_producer_verified=True),
            ALL_USER,
            ("Follow", "Message"),
            (),
        ),
    ],
)
def test_user_page(
    state: UserPageState, tabs: tuple[str, ...], actions: tuple[str, ...], badges: tuple[str, ...]
) -> None:
    assert v.user_tabs(state) == tabs
    assert v.user_actions(state) == actions
    assert v.user_badges(state) == badges


def test_user_tab_order_is_beatpass_order() -> None:
    assert v.USER_TABS == (
        "Liked Beats",
        "Public Playlists",
        "Reposts",
        "Liked Collections",
        "Liked Producers",
        "Followers",
        "Following",
    )


@pytest.mark.parametrize(
    ("draft", "hidden"),
    [
        ({"username": "ana", "first_name": "", "last_name": "", "links": []}, ()),
        ({"username": "ana", "first_name": "Ana", "last_name": "Bee"}, ("First name", "Last name")),
        (
            {
                "city": "  ",
                "country": "Canada",
                "description": "hi",
                "links": [{"url": "https://x.test", "title": "x"}],
            },
            ("Country", "Description", "Links"),
        ),
    ],
)
def test_user_hidden_fields(draft: dict[str, object], hidden: tuple[str, ...]) -> None:
    assert v.user_hidden_fields(draft) == hidden
