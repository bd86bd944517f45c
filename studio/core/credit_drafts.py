"""The credits of a producer profile as a draft (no Qt): one item per Spotify song or album,
its roles a set inside it, items in the editor's order.

BeatPass stores one credit entry per role (API.md §2.6); the draft groups them::

    CREDITS draft = {"credits": [
        {"spotify_id": str, "type": "track" | "album", "title": str, "artist_names": str,
         "image": str | None, "release_date": "YYYY-MM-DD" | "", "popularity": int | None,
         "is_available": bool, "spotify_url": str | None,
         "album": {"spotify_id", "title", "total_tracks"} | None,   # a track credited via C6
         "roles": [role key, ...],          # a set, kept in the role table's order
         "entry_ids": {role key: credit id}},  # the server's entries (none for new roles)
        ...]}

An item is identified by ``"<type>:<spotify_id>"`` (:func:`item_key`). Its metadata comes
from Spotify through the server and is never edited here; the user adds and removes roles,
adds, deletes and moves items. How two versions merge is :mod:`studio.core.credit_merge`;
what publishing sends is :mod:`studio.core.credit_plan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from studio.core.drafts import Field, KeyedList
from studio.core.limits import (
    CREDIT_CATEGORIES,
    CREDIT_ROLE_BADGES_SHOWN,
    CREDIT_ROLES,
    POPULARITY_HIGH,
    POPULARITY_MEDIUM,
)

if TYPE_CHECKING:
    from studio.core.credits import Credit, CreditAlbum, CreditGroup, SpotifyItem, SpotifyTrack

CREDITS = "credits"  # the document kind (entity id: the producer profile's id)
FIELD = "credits"  # the draft's one field
ALBUM, TRACK = "album", "track"

ROLE_NAMES: dict[str, str] = {key: name for key, name, _category in CREDIT_ROLES}
ROLE_CATEGORIES: dict[str, str] = {key: category for key, _name, category in CREDIT_ROLES}
CATEGORY_NAMES: dict[str, str] = dict(CREDIT_CATEGORIES)
_ROLE_RANK = {key: n for n, (key, _name, _category) in enumerate(CREDIT_ROLES)}


# --- Roles --------------------------------------------------------------------------------


def sort_roles(roles: Iterable[str]) -> list[str]:
    """Distinct role keys in the role table's order (unknown keys last, alphabetically)."""
    unique = {r for r in roles if isinstance(r, str) and r}
    return sorted(unique, key=lambda r: (_ROLE_RANK.get(r, len(_ROLE_RANK)), r))


def role_name(key: str) -> str:
    return ROLE_NAMES.get(key, key.replace("_", " ").title())


def role_names(roles: Iterable[str]) -> list[str]:
    return [role_name(r) for r in sort_roles(roles)]


def role_badges(roles: Iterable[str]) -> tuple[list[str], int]:
    """The role names shown as badges (two) and how many more ("+N more")."""
    names = role_names(roles)
    shown = names[:CREDIT_ROLE_BADGES_SHOWN]
    return shown, len(names) - len(shown)


def popularity_dots(popularity: int | None) -> int:
    """Filled dots of three: 3 high (≥70), 2 medium (40–69), 1 low, 0 unknown."""
    if popularity is None:
        return 0
    if popularity >= POPULARITY_HIGH:
        return 3
    return 2 if popularity >= POPULARITY_MEDIUM else 1


# --- Items --------------------------------------------------------------------------------


def item_key(item: Mapping[str, Any]) -> str:
    """How an item is identified: ``"track:<id>"`` or ``"album:<id>"``."""
    return f"{item.get('type') or TRACK}:{item.get('spotify_id') or ''}"


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _album(value: object) -> dict[str, Any] | None:
    if not isinstance(value, Mapping) or not _text(value.get("spotify_id")):
        return None
    return {
        "spotify_id": _text(value.get("spotify_id")),
        "title": _text(value.get("title")),
        "total_tracks": _int(value.get("total_tracks")),
    }


def clean_item(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """One item in canonical shape (None when it names no Spotify item)."""
    spotify_id = _text(data.get("spotify_id")).strip()
    if not spotify_id:
        return None
    kind = data.get("type")
    raw_roles = data.get("roles")
    roles = sort_roles(raw_roles if isinstance(raw_roles, list | tuple) else ())
    raw_ids = data.get("entry_ids")
    ids: dict[str, int] = {}
    if isinstance(raw_ids, Mapping):
        for role, value in raw_ids.items():
            number = _int(value)
            if role in roles and number is not None:
                ids[str(role)] = number
    image = _text(data.get("image")) or None
    url = _text(data.get("spotify_url")) or None
    available = data.get("is_available")
    return {
        "spotify_id": spotify_id,
        "type": kind if kind in (TRACK, ALBUM) else TRACK,
        "title": _text(data.get("title")),
        "artist_names": _text(data.get("artist_names")),
        "image": image,
        "release_date": _text(data.get("release_date")),
        "popularity": _int(data.get("popularity")),
        "is_available": available is not False and available != 0,
        "spotify_url": url,
        "album": _album(data.get("album")),
        "roles": roles,
        "entry_ids": dict(sorted(ids.items(), key=lambda kv: _ROLE_RANK.get(kv[0], 99))),
    }


def clean_items(value: object) -> list[dict[str, Any]]:
    """The ``credits`` field in canonical shape: well-formed items, each Spotify item once
    (a repeated one has its roles joined into the first)."""
    result: dict[str, dict[str, Any]] = {}
    for data in value if isinstance(value, list | tuple) else ():
        if not isinstance(data, Mapping):
            continue
        item = clean_item(data)
        if item is None:
            continue
        key = item_key(item)
        known = result.get(key)
        if known is None:
            result[key] = item
        else:
            known["roles"] = sort_roles([*known["roles"], *item["roles"]])
            known["entry_ids"] = {**item["entry_ids"], **known["entry_ids"]}
    return list(result.values())


def with_roles(item: Mapping[str, Any], roles: Iterable[str]) -> dict[str, Any]:
    """``item`` holding exactly ``roles`` (entry ids kept for roles it still has)."""
    wanted = sort_roles(roles)
    ids = item.get("entry_ids") or {}
    return {**item, "roles": wanted, "entry_ids": {r: ids[r] for r in wanted if r in ids}}


def release_year(item: Mapping[str, Any]) -> str:
    date = _text(item.get("release_date"))
    return date[:4] if date[:4].isdigit() else ""


def item_text(item: Mapping[str, Any]) -> str:
    """ "Golden Rain — Aria Vale (Song, 2024)": an item in a sentence."""
    what = "Album" if item.get("type") == ALBUM else "Song"
    year = release_year(item)
    detail = f"{what}, {year}" if year else what
    artists = _text(item.get("artist_names"))
    title = _text(item.get("title")) or "Untitled"
    return f"{title} — {artists} ({detail})" if artists else f"{title} ({detail})"


def is_spotify_link(url: object) -> bool:
    """Only Spotify's own web player opens from a credit (``https://open.spotify.com/…``)."""
    return isinstance(url, str) and url.startswith("https://open.spotify.com/") and " " not in url


# --- From the server and from Spotify search ---------------------------------------------


def draft_from_credits(credits: Iterable[Credit]) -> dict[str, Any]:
    """The draft of a C4 answer: entries grouped by item, items in editor order (the
    order each item's first entry has by ``position``)."""
    ordered = sorted(enumerate(credits), key=lambda pair: (pair[1].position, pair[0]))
    items: dict[str, dict[str, Any]] = {}
    for _n, credit in ordered:
        key = f"{credit.type}:{credit.spotify_id}"
        item = items.get(key)
        if item is None:
            item = items[key] = {
                "spotify_id": credit.spotify_id,
                "type": credit.type,
                "title": credit.title,
                "artist_names": credit.artist_names,
                "image": credit.image,
                "release_date": credit.release_date
                or (str(credit.release_year) if credit.release_year else ""),
                "popularity": credit.popularity,
                "is_available": credit.is_available,
                "spotify_url": credit.spotify_url,
                "album": _album_of(credit.album),
                "roles": [],
                "entry_ids": {},
            }
        item["roles"].append(credit.role)
        item["entry_ids"][credit.role] = credit.id
    return {FIELD: clean_items(list(items.values()))}


def _album_of(album: CreditAlbum | None) -> dict[str, Any] | None:
    if album is None:
        return None
    return {
        "spotify_id": album.spotify_id,
        "title": album.title,
        "total_tracks": album.total_tracks,
    }


def item_from_spotify(result: SpotifyItem, roles: Iterable[str] = ()) -> dict[str, Any]:
    """A new item from a C2/C3 result (the server fills in the rest when it is added)."""
    item = clean_item(
        {
            "spotify_id": result.spotify_id,
            "type": result.type,
            "title": result.title,
            "artist_names": result.artist_names,
            "image": result.image,
            "release_date": result.release_date
            or (str(result.release_year) if result.release_year else ""),
            "popularity": result.popularity,
            "is_available": True,
            "spotify_url": result.spotify_url,
            "roles": list(roles),
        }
    )
    assert item is not None  # a SpotifyItem always has an id
    return item


def item_from_track(
    album: SpotifyItem, track: SpotifyTrack, roles: Iterable[str] = ()
) -> dict[str, Any]:
    """A new track item credited through its album (C6): the album's cover and date."""
    item = clean_item(
        {
            "spotify_id": track.spotify_id,
            "type": TRACK,
            "title": track.title,
            "artist_names": track.artist_names or album.artist_names,
            "image": album.image,
            "release_date": album.release_date,
            "popularity": None,
            "is_available": True,
            "spotify_url": f"https://open.spotify.com/track/{track.spotify_id}",
            "album": {
                "spotify_id": album.spotify_id,
                "title": album.title,
                "total_tracks": album.total_tracks,
            },
            "roles": list(roles),
        }
    )
    assert item is not None
    return item


# --- For display -------------------------------------------------------------------------


def items_of(draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    value = draft.get(FIELD)
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def newest_first(items: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Items by release date, newest first (the public order); undated ones last."""
    return sorted(items, key=lambda i: _text(i.get("release_date")), reverse=True)


def group_of(item: Mapping[str, Any]) -> CreditGroup:
    """An item as the grouped entries the public page shows (one per role)."""
    from studio.core.credits import Credit, CreditAlbum, CreditGroup  # loaded on first use

    album = item.get("album")
    album_obj = (
        CreditAlbum(
            spotify_id=_text(album.get("spotify_id")),
            title=_text(album.get("title")),
            total_tracks=_int(album.get("total_tracks")),
        )
        if isinstance(album, Mapping)
        else None
    )
    ids = item.get("entry_ids") or {}
    year = release_year(item)
    entries = tuple(
        Credit(
            id=int(ids.get(role, 0)),
            spotify_id=_text(item.get("spotify_id")),
            type=_text(item.get("type")) or TRACK,
            role=role,
            title=_text(item.get("title")),
            artist_names=_text(item.get("artist_names")),
            image=item.get("image"),
            release_date=_text(item.get("release_date")),
            release_year=int(year) if year else None,
            popularity=_int(item.get("popularity")),
            album=album_obj,
            role_name=role_name(role),
            role_category=ROLE_CATEGORIES.get(role, ""),
            is_available=bool(item.get("is_available", True)),
            spotify_url=item.get("spotify_url"),
        )
        for role in sort_roles(item.get("roles") or ())
    )
    return CreditGroup(
        spotify_id=_text(item.get("spotify_id")), type=_text(item.get("type")), entries=entries
    )


def public_groups(draft: Mapping[str, Any]) -> tuple[CreditGroup, ...]:
    """The credits as the public page lists them: newest first, items with a role."""
    return tuple(group_of(i) for i in newest_first(items_of(draft)) if i.get("roles"))


def normalize(draft: Mapping[str, Any]) -> dict[str, Any]:
    """A credits draft in canonical shape (other keys kept)."""
    return {**dict(draft), FIELD: clean_items(draft.get(FIELD))}


# Registered, with the merge, by :mod:`studio.core.credit_kind`.
SCHEMA = {FIELD: Field(KeyedList(item_key), "Credits", clean_items)}
