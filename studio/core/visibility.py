"""What a public BeatPass page shows for a given state: tabs, Discography sections, header
buttons and badges, for the producer page and the user page (DOMAIN.md).

Pure rules over small frozen states, so they can be tested as tables without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Producer page ------------------------------------------------------------------------

DISCOGRAPHY = "Discography"
SIMILAR = "Similar Artists"
GALLERY = "Gallery"
BEATS = "Beats"
ALBUMS = "Albums"
VIDEOS = "Videos"
ARTIST_FOLLOWERS = "Followers"
ACHIEVEMENTS = "Achievements"
ARTIST_TABS = (DISCOGRAPHY, SIMILAR, GALLERY, BEATS, ALBUMS, VIDEOS, ARTIST_FOLLOWERS, ACHIEVEMENTS)

# Discography sections, top to bottom.
PINNED = "pinned"
POPULAR = "popular"
ALBUM_LIST = "albums"
ABOUT = "about"
BIO = "bio"
LOCATION = "location"
CONNECT = "connect"
GENRES = "genres"
GALLERY_PREVIEW = "gallery_preview"
CREDITS = "credits"
DISCOGRAPHY_SECTIONS = (
    PINNED,
    POPULAR,
    ALBUM_LIST,
    ABOUT,
    BIO,
    LOCATION,
    CONNECT,
    GENRES,
    GALLERY_PREVIEW,
    CREDITS,
)
GALLERY_PREVIEW_MAX = 6

# Header buttons.
PLAY = "Play"
FOLLOW = "Follow"
MESSAGE = "Message"
MORE = "More"
EDIT = "Edit"
PRODUCER_PROFILE = "Producer Profile"

VERIFIED = "Verified"
UNCLAIMED = "Unclaimed"


@dataclass(frozen=True)
class ArtistPageState:
    """What the producer page depends on. ``owner``: the viewer manages this profile."""

    owner: bool = False
    admin: bool = False
    verified: bool = False
    unclaimed: bool = False
    has_pinned_track: bool = False
    track_count: int = 0
    album_count: int = 0
    has_similar: bool = False
    gallery_count: int = 0
    has_youtube_channel: bool = False
    has_bio: bool = False
    has_location: bool = False
    link_count: int = 0
    genre_count: int = 0
    credit_count: int = 0


def artist_tabs(state: ArtistPageState) -> tuple[str, ...]:
    """The producer page's tabs, in order."""
    shown = {
        DISCOGRAPHY: True,
        SIMILAR: state.has_similar,
        GALLERY: state.gallery_count > 0,
        BEATS: True,
        ALBUMS: True,
        VIDEOS: state.has_youtube_channel,
        ARTIST_FOLLOWERS: True,
        ACHIEVEMENTS: state.owner or state.admin,
    }
    return tuple(tab for tab in ARTIST_TABS if shown[tab])


def discography_sections(state: ArtistPageState) -> tuple[str, ...]:
    """The Discography tab's sections that have something to show, top to bottom."""
    about_parts = state.has_bio or state.has_location or state.link_count or state.genre_count
    shown = {
        PINNED: state.has_pinned_track,
        POPULAR: state.track_count > 0,
        ALBUM_LIST: state.album_count > 0,
        ABOUT: bool(about_parts) or state.gallery_count > 0,
        BIO: state.has_bio,
        LOCATION: state.has_location,
        CONNECT: state.link_count > 0,
        GENRES: state.genre_count > 0,
        GALLERY_PREVIEW: state.gallery_count > 0,
        CREDITS: state.credit_count > 0,
    }
    return tuple(s for s in DISCOGRAPHY_SECTIONS if shown[s])


def gallery_preview_count(gallery_count: int) -> int:
    """How many photos the Discography gallery preview shows (up to 6)."""
    return max(0, min(gallery_count, GALLERY_PREVIEW_MAX))


def artist_actions(state: ArtistPageState) -> tuple[str, ...]:
    """Header buttons: visitors get Play / Follow / Message / More; the owner Play / Edit.

    The producer page never links back to the user page (no Producer/User Profile button).
    """
    if state.owner:
        return (PLAY, EDIT)
    return (PLAY, FOLLOW, MESSAGE, MORE)


def artist_badges(state: ArtistPageState) -> tuple[str, ...]:
    badges = []
    if state.verified:
        badges.append(VERIFIED)
    if state.unclaimed:
        badges.append(UNCLAIMED)
    return tuple(badges)


# --- User page ----------------------------------------------------------------------------

LIKED_BEATS = "Liked Beats"
PUBLIC_PLAYLISTS = "Public Playlists"
REPOSTS = "Reposts"
LIKED_COLLECTIONS = "Liked Collections"
LIKED_PRODUCERS = "Liked Producers"
USER_FOLLOWERS = "Followers"
FOLLOWING = "Following"
USER_TABS = (
    LIKED_BEATS,
    PUBLIC_PLAYLISTS,
    REPOSTS,
    LIKED_COLLECTIONS,
    LIKED_PRODUCERS,
    USER_FOLLOWERS,
    FOLLOWING,
)

# Saved user fields (USER draft keys) the public user page shows, and those it does not.
USER_VISIBLE_FIELDS = ("image", "username")
USER_HIDDEN_FIELDS = {
    "first_name": "First name",
    "last_name": "Last name",
    "city": "City",
    "country": "Country",
    "description": "Description",
    "links": "Links",
}


@dataclass(frozen=True)
class UserPageState:
    """What the user page depends on."""

    owner: bool = False
    linked_producer: bool = False
    linked_producer_verified: bool = False
    reposts_enabled: bool = True


def user_tabs(state: UserPageState) -> tuple[str, ...]:
    """The user page's tabs, in order (Reposts only when reposts are enabled on the site)."""
    return tuple(tab for tab in USER_TABS if tab != REPOSTS or state.reposts_enabled)


def user_actions(state: UserPageState) -> tuple[str, ...]:
    """Header buttons: Producer Profile when linked; the owner Edit, visitors Follow + Message."""
    actions: list[str] = [PRODUCER_PROFILE] if state.linked_producer else []
    actions += [EDIT] if state.owner else [FOLLOW, MESSAGE]
    return tuple(actions)


def user_badges(state: UserPageState) -> tuple[str, ...]:
    """Verified only when the linked producer profile is verified."""
    return (VERIFIED,) if state.linked_producer and state.linked_producer_verified else ()


def user_hidden_fields(draft: dict[str, object]) -> tuple[str, ...]:
    """Labels of the fields saved in ``draft`` (non-empty) that the public user page does
    not show, so the preview can say so honestly."""
    return tuple(
        label
        for key, label in USER_HIDDEN_FIELDS.items()
        if (value := draft.get(key)) and (not isinstance(value, str) or value.strip())
    )
