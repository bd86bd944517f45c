"""Field validation shared by the sandbox (422 answers) and the editors (live field errors).

Pure functions over plain JSON-like payloads. Each returns Laravel-style errors: a dict from a
dot-path field key (``"user.username"``, ``"links.0.url"``) to a list of messages; an empty
dict means valid. The numbers come from :mod:`studio.core.limits`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from studio.core import limits
from studio.core.limits import TextRule

Errors = dict[str, list[str]]

EDIT_LIMIT_MIN = 1_000  # every text field can hold this much while being typed into
_SPACE = re.compile(r"\s")

_LABELS: dict[str, str] = {
    "user.username": "username",
    "user.first_name": "first name",
    "user.last_name": "last name",
    "user.image": "avatar",
    "profile.city": "city",
    "profile.country": "country",
    "profile.description": "description",
    "name": "producer name",
    "image_small": "avatar",
    "cover_image": "cover image",
    "artist_name": "producer name",
    "artist_id": "artist",
    "data.beats_url": "beats link",
    "data.first_name": "first name",
    "data.last_name": "last name",
    "data.name": "full name",
    "data.role": "role",
    "data.company": "company",
    "data.instagram": "Instagram handle",
    "data.image": "profile picture",
    "data.attachments": "attachments",
    "data.accepted_terms": "terms agreement",
    "data.accepted_rights_and_commitment": "rights agreement",
}


def _label(key: str) -> str:
    """A readable name for a field key (``links.2.url`` → ``URL of link 3``)."""
    if key in _LABELS:
        return _LABELS[key]
    parts = key.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        group = {"links": "link", "profile_images": "gallery image", "genres": "genre"}.get(
            parts[0], parts[0]
        )
        field = {"url": "URL", "title": "title", "name": "name", "id": "id"}.get(parts[2], parts[2])
        return f"{field} of {group} {int(parts[1]) + 1}"
    if len(parts) == 2 and parts[1].isdigit():
        group = {"genres": "genre", "data.attachments": "attachment"}.get(parts[0], parts[0])
        return f"{group} {int(parts[1]) + 1}"
    return key.replace("_", " ")


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def editing_limit(max_len: int) -> int:
    """The longest value of a field allowing ``max_len`` characters that an editor takes
    keystroke by keystroke: twice the limit, at least :data:`EDIT_LIMIT_MIN`.

    A longer value (a server may send anything) is flagged and shown as a notice instead of
    being laid out again on every keystroke; it stays in the draft untouched until the person
    shortens it.
    """
    return max(2 * max_len, EDIT_LIMIT_MIN)


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace."""
    return isinstance(text, str) and _is_http_url(text)


@lru_cache(maxsize=512)
def _is_http_url(text: str) -> bool:
    # Cached: the editors check every link of a draft on each keystroke, and a string keeps
    # its hash, so an unchanged (even a 255,000-character) address costs a lookup, not a scan.
    if not text or _SPACE.search(text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() not in limits.URL_SCHEMES or not host:
        return False
    return "." in host or host == "localhost" or ":" in host


def _check_text(errors: Errors, key: str, value: Any, rule: TextRule, *, present: bool) -> bool:
    """Check one text field against its rule; returns True when the value is a usable string."""
    label = _label(key)
    if not present or value is None or (isinstance(value, str) and value.strip() == ""):
        if rule.required or (present and value is None and not rule.nullable):
            _add(errors, key, f"The {label} field is required.")
        return False
    if not isinstance(value, str):
        _add(errors, key, f"The {label} field must be a string.")
        return False
    length = len(value)
    if rule.min_len and length < rule.min_len:
        _add(errors, key, f"The {label} field must be at least {rule.min_len} characters.")
    elif length > rule.max_len:
        _add(errors, key, f"The {label} field must not be greater than {rule.max_len} characters.")
    return True


def _check_optional_text(
    errors: Errors, obj: dict[str, Any], prefix: str, field: str, rule: TextRule
) -> None:
    if field in obj:
        _check_text(errors, f"{prefix}{field}", obj[field], rule, present=True)


def _check_image_url(
    errors: Errors, obj: dict[str, Any], prefix: str, field: str, rule: TextRule
) -> None:
    """An optional picture address: null or empty clears it; anything else must be an
    absolute http(s) URL (never ``file:``, ``javascript:``, ``data:`` or a bare path)."""
    key = f"{prefix}{field}"
    if field in obj and _check_text(errors, key, obj[field], rule, present=True):
        _require_http(errors, key, obj[field])


def _require_http(errors: Errors, key: str, value: Any) -> None:
    if not is_http_url(value):
        _add(
            errors,
            key,
            f"The {_label(key)} must be an http(s) address, like the ones uploads return "
            "(https://…).",
        )


def _check_object(errors: Errors, key: str, value: Any) -> bool:
    if not isinstance(value, dict):
        _add(errors, key, f"The {_label(key)} field must be an object.")
        return False
    return True


def _check_list(errors: Errors, key: str, value: Any, max_items: int) -> bool:
    if not isinstance(value, list):
        _add(errors, key, f"The {_label(key)} field must be an array.")
        return False
    if len(value) > max_items:
        _add(errors, key, f"The {_label(key)} field must not have more than {max_items} items.")
    return True


def validate_link(url: str, title: str) -> Errors:
    """Errors of one link, keyed ``url`` and ``title``."""
    errors: Errors = {}
    _check_link_into(errors, "", url, title)
    return errors


def _check_link_into(errors: Errors, prefix: str, url: Any, title: Any) -> None:
    url_key = f"{prefix}url"
    if _check_text(errors, url_key, url, limits.LINK_URL, present=True) and not is_http_url(url):
        _add(
            errors,
            url_key,
            f"The {_label(url_key) if prefix else 'URL'} must be a valid "
            "http(s) URL, e.g. https://instagram.com/name.",
        )
    _check_text(errors, f"{prefix}title", title, limits.LINK_TITLE, present=True)


def _check_links(errors: Errors, links: Any) -> None:
    if not _check_list(errors, "links", links, limits.LINKS_MAX):
        return
    for i, link in enumerate(links):
        key = f"links.{i}"
        if not isinstance(link, dict):
            _add(errors, key, f"Link {i + 1} must be an object with a url and a title.")
            continue
        _check_link_into(errors, f"{key}.", link.get("url"), link.get("title"))


def _check_profile(errors: Errors, profile: Any) -> None:
    if profile is None or not _check_object(errors, "profile", profile):
        return
    _check_optional_text(errors, profile, "profile.", "city", limits.CITY)
    _check_optional_text(errors, profile, "profile.", "country", limits.COUNTRY)
    _check_optional_text(errors, profile, "profile.", "description", limits.DESCRIPTION)


def validate_user_update(payload: dict[str, Any]) -> Errors:
    """Errors of a U2 body ``{"user": …, "profile": …, "links": […]}``.

    A missing key keeps the stored value; ``links: null`` is an error, ``[]`` clears.
    """
    errors: Errors = {}
    user = payload.get("user")
    if "user" in payload and _check_object(errors, "user", user):
        assert isinstance(user, dict)
        if "username" in user:
            username = user["username"]
            ok = _check_text(errors, "user.username", username, limits.USERNAME, present=True)
            if ok and not _username_ok(username):
                _add(
                    errors,
                    "user.username",
                    "The username may only contain letters, digits and underscores.",
                )
        _check_optional_text(errors, user, "user.", "first_name", limits.USER_FIRST_NAME)
        _check_optional_text(errors, user, "user.", "last_name", limits.USER_LAST_NAME)
        _check_image_url(errors, user, "user.", "image", limits.USER_IMAGE_URL)
    if "profile" in payload:
        _check_profile(errors, payload["profile"])
    if "links" in payload:
        _check_links(errors, payload["links"])
    return errors


@lru_cache(maxsize=64)
def _username_ok(username: str) -> bool:
    return re.fullmatch(limits.USERNAME_PATTERN, username) is not None


def _genre_name(item: Any) -> Any:
    if isinstance(item, dict):
        return item.get("name", item.get("display_name"))
    return item


def validate_artist_update(
    payload: dict[str, Any], *, current_name: str | None, is_admin: bool
) -> Errors:
    """Errors of an R2 body. A missing key keeps the stored value; ``[]`` clears a list.

    Only admins may rename: a changed ``name`` from anyone else is an error on ``name``.
    """
    errors: Errors = {}
    if "name" in payload:
        name = payload["name"]
        ok = _check_text(errors, "name", name, limits.ARTIST_NAME, present=True)
        if ok and not is_admin and current_name is not None and name.strip() != current_name:
            _add(
                errors,
                "name",
                "The producer name can't be changed here. "
                f"Ask support ({limits.SUPPORT_EMAIL}) to rename the profile.",
            )
    _check_image_url(errors, payload, "", "image_small", limits.ARTIST_IMAGE_URL)
    _check_image_url(errors, payload, "", "cover_image", limits.ARTIST_IMAGE_URL)
    if "verified" in payload and not isinstance(payload["verified"], bool):
        _add(errors, "verified", "The verified field must be true or false.")
    if "genres" in payload and _check_list(errors, "genres", payload["genres"], limits.GENRES_MAX):
        for i, item in enumerate(payload["genres"]):
            _check_text(errors, f"genres.{i}", _genre_name(item), limits.GENRE_NAME, present=True)
    if "profile" in payload:
        _check_profile(errors, payload["profile"])
    if "links" in payload:
        _check_links(errors, payload["links"])
    images = payload.get("profile_images")
    if "profile_images" in payload and _check_list(
        errors, "profile_images", images, limits.GALLERY_MAX
    ):
        assert isinstance(images, list)
        for i, image in enumerate(images):
            key = f"profile_images.{i}"
            if not isinstance(image, dict):
                _add(errors, key, f"Gallery image {i + 1} must be an object with a url.")
                continue
            url = image.get("url")
            if _check_text(errors, f"{key}.url", url, limits.GALLERY_URL, present=True):
                _require_http(errors, f"{key}.url", url)
            image_id = image.get("id")
            if image_id is not None and (
                isinstance(image_id, bool) or not isinstance(image_id, int)
            ):
                _add(errors, f"{key}.id", f"The id of gallery image {i + 1} must be an integer.")
    return errors


def _is_int_like(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    )


def validate_backstage_request(payload: dict[str, Any]) -> Errors:
    """Shape errors of a B2 body (existence, ownership and the guard are the server's job)."""
    errors: Errors = {}
    kind = payload.get("type")
    if kind is None or kind == "":
        _add(errors, "type", "The type field is required.")
    elif kind not in limits.BACKSTAGE_TYPES:
        _add(errors, "type", "The selected type is invalid.")
    _check_text(
        errors,
        "artist_name",
        payload.get("artist_name"),
        limits.BACKSTAGE_ARTIST_NAME,
        present="artist_name" in payload,
    )
    artist_id = payload.get("artist_id")
    if (
        kind != "become-artist"
        and artist_id not in (None, "CURRENT_USER")
        and not _is_int_like(artist_id)
    ):
        _add(errors, "artist_id", "The artist field must be an integer.")
    if kind == "claim-artist" and (artist_id is None or artist_id == "CURRENT_USER"):
        _add(errors, "artist_id", "Choose the producer profile you want to claim.")
    data = payload.get("data")
    if data is None:
        _add(errors, "data", "The data field is required.")
        return errors
    if not _check_object(errors, "data", data):
        return errors
    beats_ok = _check_text(
        errors,
        "data.beats_url",
        data.get("beats_url"),
        limits.BACKSTAGE_BEATS_URL,
        present="beats_url" in data,
    )
    if beats_ok and not is_http_url(data["beats_url"]):
        _add(
            errors,
            "data.beats_url",
            "The beats link must be a public http(s) URL, e.g. https://soundcloud.com/name.",
        )
    for field in ("first_name", "last_name"):
        _check_text(
            errors,
            f"data.{field}",
            data.get(field),
            limits.BACKSTAGE_PERSON_NAME,
            present=field in data,
        )
    _check_optional_text(errors, data, "data.", "name", limits.TextRule(max_len=201))
    _check_optional_text(errors, data, "data.", "company", limits.BACKSTAGE_COMPANY)
    _check_optional_handle(errors, data)
    _check_image_url(errors, data, "data.", "image", limits.ARTIST_IMAGE_URL)
    if kind == "claim-artist":
        role = data.get("role")
        if role is None or role == "":
            _add(errors, "data.role", "The role field is required.")
        elif role not in limits.CLAIM_ROLES_ACCEPTED:
            _add(errors, "data.role", "The selected role is invalid.")
    attachments = data.get("attachments")
    if attachments is not None and _check_list(
        errors, "data.attachments", attachments, limits.BACKSTAGE_ATTACHMENTS_MAX
    ):
        for i, item in enumerate(attachments):
            if isinstance(item, bool) or not isinstance(item, int):
                _add(errors, f"data.attachments.{i}", f"Attachment {i + 1} must be a file id.")
    for field in ("accepted_terms", "accepted_rights_and_commitment"):
        if data.get(field) is not True:
            _add(errors, f"data.{field}", f"The {_label('data.' + field)} must be accepted.")
    return errors


def _check_optional_handle(errors: Errors, data: dict[str, Any]) -> None:
    handle = data.get("instagram")
    if handle is None or handle == "":
        return
    ok = _check_text(errors, "data.instagram", handle, limits.BACKSTAGE_INSTAGRAM, present=True)
    if ok and not re.fullmatch(limits.INSTAGRAM_PATTERN, handle):
        _add(
            errors,
            "data.instagram",
            "The Instagram handle may only contain letters, digits, dots and underscores (no @).",
        )


def laravel_message(errors: dict[str, list[str]]) -> str:
    """The Laravel summary: the first message, plus "(and N more errors)" when there are more."""
    messages = [m for values in errors.values() for m in values]
    if not messages:
        return "The given data was invalid."
    extra = len(messages) - 1
    if extra == 0:
        return messages[0]
    return f"{messages[0]} (and {extra} more error{'s' if extra > 1 else ''})"
