"""Canonical draft shapes, their field schemas, and conversions to and from the API.

A *draft* is the editable state of one entity as a plain JSON-able dict. Server snapshots,
bases and drafts all use this shape (INTERFACES §6)::

    ARTIST draft = {"name": str, "image_small": str | None, "cover_image": str | None,
                    "verified": bool, "description": str, "city": str, "country": str,
                    "genres": list[str],                          # display names, order kept
                    "links": list[{"url": str, "title": str}],
                    "profile_images": list[{"id": int | None, "url": str}]}
    USER draft   = {"image": str | None, "username": str, "first_name": str,
                    "last_name": str, "city": str, "country": str, "description": str,
                    "links": list[{"url": str, "title": str}]}

Missing text is ``""`` (never ``None``); only image URLs may be ``None``. URLs are kept
exactly as the server sent them (relative ones too): the payload sends them back unchanged,
and the UI resolves them against the site origin for display. Text is never altered, so
HTML or script typed by the user stays plain text, byte for byte.

The conversions read raw API JSON (BeatPass keys first, BeMusic keys as fallback) so they
do not depend on the models module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from studio.core.urls import same_resource

ARTIST = "artist"
USER = "user"
KINDS = (ARTIST, USER)


# --- Field schemas ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """A single value (text, URL, bool): merged and diffed as a whole. ``same`` says when
    two values count as equal (default ``==``)."""

    empty: Any = ""
    same: Callable[[Any, Any], bool] | None = None

    def equal(self, a: Any, b: Any) -> bool:
        return a == b if self.same is None else self.same(a, b)


@dataclass(frozen=True)
class SetList:
    """An ordered set of plain values (genres): adds and removes combine, no edits. ``key``
    says which values are the same item (default: equal values)."""

    key: Callable[[Any], Hashable] | None = None
    empty: tuple[()] = ()


@dataclass(frozen=True)
class KeyedList:
    """A list of objects identified by ``key(item)``: items are added, removed, edited, moved.

    Where the order is the user's own arrangement (the gallery), ``order_clash`` makes both
    sides reordering differently a conflict, and ``replace_clash`` makes an item one side
    removed, that the other replaced (removed, and put another in its place), a conflict
    (see :mod:`studio.core.merge`)."""

    key: Callable[[Mapping[str, Any]], Hashable]
    empty: tuple[()] = ()
    order_clash: bool = False
    replace_clash: bool = False


FieldKind = Scalar | SetList | KeyedList


@dataclass(frozen=True)
class Field:
    kind: FieldKind
    label: str  # what a person calls the field in the review dialog
    # A list field's canonical form (tolerant of whatever was stored or sent).
    clean: Callable[[Any], list[Any]] | None = None


Schema = Mapping[str, Field]


def genre_key(name: str) -> str:
    """A genre as BeatPass identifies it: by its slug, so case, accents, spaces and
    punctuation do not make another genre ("Hip Hop", "hip-hop" and "HIP HOP" are one)."""
    text = name if isinstance(name, str) else str(name)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or text.strip().casefold()


def link_key(item: Mapping[str, Any]) -> Hashable:
    """Links are identified by their URL (editing a URL is a remove plus an add)."""
    return item.get("url", "")


def gallery_key(item: Mapping[str, Any]) -> Hashable:
    """Existing gallery images by server ``id``; new ones (no id yet) by URL."""
    image_id = item.get("id")
    return ("id", image_id) if image_id is not None else ("url", item.get("url", ""))


# --- Tolerant readers ---------------------------------------------------------------------


def _dict(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _url(value: object) -> str | None:
    text = _text(value)
    return text or None


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true")
    return value is True or (isinstance(value, int) and value == 1)


def _first(data: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = data.get(key)
        if value is not None and value != "":
            return value
    return None


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _unwrap(data: object, key: str) -> dict[str, Any]:
    """Accept the object itself or an envelope holding it under ``key``."""
    obj = _dict(data)
    inner = obj.get(key)
    if isinstance(inner, Mapping) and "id" not in obj:
        return dict(inner)
    return obj


def _links(value: object) -> list[dict[str, str]]:
    return [
        {"url": _text(item.get("url")), "title": _text(item.get("title"))}
        for item in _list(value)
        if isinstance(item, Mapping)
    ]


def _genres(value: object) -> list[str]:
    """Genre names, each genre once (the first spelling of it is kept)."""
    names: dict[str, str] = {}
    for item in _list(value):
        if isinstance(item, Mapping):
            name = _text(_first(item, "display_name", "name"))
        else:
            name = _text(item)
        if name:
            names.setdefault(genre_key(name), name)
    return list(names.values())


def _gallery(value: object) -> list[dict[str, Any]]:
    return [
        {"id": _int_or_none(item.get("id")), "url": _text(_first(item, "url", "image"))}
        for item in _list(value)
        if isinstance(item, Mapping)
    ]


def _profile_text(obj: Mapping[str, Any]) -> dict[str, str]:
    profile = _dict(obj.get("profile"))
    return {
        key: _text(_first(profile, key) or _first(obj, key))
        for key in ("description", "city", "country")
    }


def _or_none(text: str) -> str | None:
    """Optional text goes to the server as null when empty."""
    return text or None


# --- Artist -------------------------------------------------------------------------------


def empty_artist_draft() -> dict[str, Any]:
    return {
        "name": "",
        "image_small": None,
        "cover_image": None,
        "verified": False,
        "description": "",
        "city": "",
        "country": "",
        "genres": [],
        "links": [],
        "profile_images": [],
    }


def artist_draft_from_api(artist_json: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical draft of an artist from R1/R2 JSON (the artist, or ``{"artist": …}``)."""
    artist = _unwrap(artist_json, "artist")
    return {
        "name": _text(artist.get("name")),
        "image_small": _url(_first(artist, "image_small", "image")),
        "cover_image": _url(artist.get("cover_image")),
        "verified": _bool(artist.get("verified")),
        **_profile_text(artist),
        "genres": _genres(artist.get("genres")),
        "links": _links(artist.get("links")),
        "profile_images": _gallery(artist.get("profile_images")),
    }


def artist_payload(draft: Mapping[str, Any], verified: bool | None = None) -> dict[str, Any]:
    """The full R2 body (API.md R2, pitfall 3): every editable key, every time.

    ``verified`` overrides the draft's value when given (echo what R1 said).
    """
    d = normalize_draft(ARTIST, draft)
    images: list[dict[str, Any]] = []
    for item in d["profile_images"]:
        entry: dict[str, Any] = {"url": item["url"]}
        if item.get("id") is not None:
            entry = {"id": item["id"], "url": item["url"]}
        images.append(entry)
    return {
        "name": d["name"],
        "image_small": d["image_small"],
        "cover_image": d["cover_image"],
        "verified": bool(d["verified"] if verified is None else verified),
        "genres": list(d["genres"]),
        "profile": {
            "description": _or_none(d["description"]),
            "city": _or_none(d["city"]),
            "country": _or_none(d["country"]),
        },
        "links": [{"url": link["url"], "title": link["title"]} for link in d["links"]],
        "profile_images": images,
    }


# --- User ---------------------------------------------------------------------------------


def empty_user_draft() -> dict[str, Any]:
    return {
        "image": None,
        "username": "",
        "first_name": "",
        "last_name": "",
        "city": "",
        "country": "",
        "description": "",
        "links": [],
    }


def user_draft_from_api(user_json: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical draft of a user from U1/U2/A3 JSON (the user, or ``{"user": …}``)."""
    user = _unwrap(user_json, "user")
    return {
        "image": _url(_first(user, "avatar", "image")),
        "username": _text(user.get("username")),
        "first_name": _text(user.get("first_name")),
        "last_name": _text(user.get("last_name")),
        **_profile_text(user),
        "links": _links(user.get("links")),
    }


def user_payload(draft: Mapping[str, Any]) -> dict[str, Any]:
    """The U2 body: ``user``, ``profile`` and ``links``, all three every time."""
    d = normalize_draft(USER, draft)
    return {
        "user": {
            "image": d["image"],
            "first_name": _or_none(d["first_name"]),
            "last_name": _or_none(d["last_name"]),
            "username": d["username"],
        },
        "profile": {
            "city": _or_none(d["city"]),
            "country": _or_none(d["country"]),
            "description": _or_none(d["description"]),
        },
        "links": [{"url": link["url"], "title": link["title"]} for link in d["links"]],
    }


# --- Schemas ---------------------------------------------------------------------------


TEXT = Scalar("")
IMAGE = Scalar(None, same_resource)  # the sandbox may move port: same path, same picture

ARTIST_SCHEMA: Schema = {
    "name": Field(TEXT, "Producer name"),
    "image_small": Field(IMAGE, "Avatar"),
    "cover_image": Field(IMAGE, "Cover image"),
    "verified": Field(Scalar(False), "Verified badge"),
    "description": Field(TEXT, "Biography"),
    "city": Field(TEXT, "City"),
    "country": Field(TEXT, "Country"),
    "genres": Field(SetList(genre_key), "Genres", _genres),
    "links": Field(KeyedList(link_key), "Links", _links),
    "profile_images": Field(
        KeyedList(gallery_key, order_clash=True, replace_clash=True), "Gallery", _gallery
    ),
}

USER_SCHEMA: Schema = {
    "image": Field(IMAGE, "Avatar"),
    "username": Field(TEXT, "Username"),
    "first_name": Field(TEXT, "First name"),
    "last_name": Field(TEXT, "Last name"),
    "city": Field(TEXT, "City"),
    "country": Field(TEXT, "Country"),
    "description": Field(TEXT, "Description"),
    "links": Field(KeyedList(link_key), "Links", _links),
}

_SCHEMAS: dict[str, Schema] = {ARTIST: ARTIST_SCHEMA, USER: USER_SCHEMA}


def register_schema(kind: str, schema: Schema) -> None:
    """Make another kind of draft known (credits, pinned track, application): its module
    registers it when imported. Registering the same schema again is harmless."""
    known = _SCHEMAS.get(kind)
    if known is not None and known is not schema:
        raise ValueError(f"draft kind {kind!r} is already registered")
    _SCHEMAS[kind] = schema


def schema_for(kind: str) -> Schema:
    """The schema of ``kind`` (``"artist"``, ``"user"`` or a registered kind)."""
    schema = _SCHEMAS.get(kind)
    if schema is None:
        raise ValueError(f"unknown draft kind: {kind!r}")
    return schema


# --- By kind ------------------------------------------------------------------------------


def normalize_draft(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` in canonical shape: missing keys get their empty value, ``None`` text → "".

    Keys outside the schema are kept, so nothing stored is lost.
    """
    schema = schema_for(kind)
    result = dict(data)
    for name, field in schema.items():
        value = result.get(name)
        kind_ = field.kind
        if isinstance(kind_, Scalar):
            if value is None:
                result[name] = kind_.empty
            elif kind_.empty is None and value == "":
                result[name] = None
        elif field.clean is not None:
            result[name] = field.clean(value)
        else:
            result[name] = _list(value)
    return result


def draft_from_api(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """``artist_draft_from_api`` or ``user_draft_from_api`` by ``kind``."""
    schema_for(kind)
    return artist_draft_from_api(data) if kind == ARTIST else user_draft_from_api(data)


def draft_from_snapshot(kind: str, snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """A stored server snapshot as a canonical draft.

    Snapshots are stored draft-shaped; older stores also hold the raw server JSON a publish
    answered with (it nests ``profile`` or ``user``), which is converted here.
    """
    if "profile" in snapshot or "user" in snapshot:
        return normalize_draft(kind, draft_from_api(kind, snapshot))
    return normalize_draft(kind, snapshot)


def payload(kind: str, draft: Mapping[str, Any]) -> dict[str, Any]:
    """``artist_payload`` or ``user_payload`` by ``kind``."""
    schema_for(kind)
    return artist_payload(draft) if kind == ARTIST else user_payload(draft)


# --- List items by key --------------------------------------------------------------------


def _hashable(value: Any) -> Hashable:
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    return value


def item_key_fn(kind: SetList | KeyedList) -> Callable[[Any], Hashable]:
    """How the items of a list field are identified."""
    if isinstance(kind, KeyedList):
        key = kind.key
        return lambda item: _hashable(key(item) if isinstance(item, Mapping) else item)
    if kind.key is not None:
        same = kind.key
        return lambda item: _hashable(same(item))
    return _hashable


def index_items(kind: SetList | KeyedList, items: Any) -> dict[Hashable, Any]:
    """Items of a list field by key, in list order. Keys are ``(key, n)`` where ``n``
    counts earlier items with the same key, so duplicates are kept, never merged away."""
    key_of = item_key_fn(kind)
    seen: dict[Hashable, int] = {}
    result: dict[Hashable, Any] = {}
    for item in _list(items):
        key = key_of(item)
        n = seen.get(key, 0)
        seen[key] = n + 1
        result[(key, n)] = item
    return result
