"""Producer Program applications as drafts (no Qt): the draft shape, its schema, the paths
an account is offered, and the B2 body a draft is sent as.

One draft per path (the workspace entity id): ``become`` (Become a Producer) and ``claim``
(Claim Existing Artist); ``verify`` (Get Verified) has no form, only the Discord hand-off.
The server holds nothing for a draft, so its "server state" is the empty application::

    APPLICATION draft = {"artist_name": str,        # become: the new producer name;
                                                    # claim: the profile's current name
                         "artist_id": int | None,   # claim: the profile to claim
                         "first_name": str, "last_name": str, "company": str,
                         "role": str,               # claim only (artist, manager, …)
                         "beats_url": str, "instagram": str,
                         "picture": str | None,     # claim: the profile picture
                         "attachments": list[{"file": str, "id": int | None,
                                              "name": str, "size": int}],
                         "accepted_terms": bool, "accepted_rights": bool,
                         "resubmits": int | None,   # the denied request this one fixes
                         "denial_reason": str}      # … and why it was denied

An attachment is a file kept on this computer (``file`` = ``local:<sha>.<ext>``, uploaded
when the application is sent) or one uploaded with an earlier application (``id``, reused
as it is). Pictures and attachments are referred to by local reference until then.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from studio.core import drafts
from studio.core.drafts import Field, KeyedList, Scalar
from studio.core.limits import CLAIM_ROLES_THAT_LINK
from studio.core.localref import is_local
from studio.core.urls import same_resource

APPLICATION = "application"
BECOME, CLAIM, VERIFY = "become", "claim", "verify"
PATHS = (BECOME, CLAIM, VERIFY)
FORM_PATHS = (BECOME, CLAIM)  # the paths with a form (and so a draft)
REQUEST_TYPES = {BECOME: "become-artist", CLAIM: "claim-artist", VERIFY: "verify-artist"}
PATH_OF_TYPE = {kind: path for path, kind in REQUEST_TYPES.items()}
PATH_TITLES = {
    BECOME: "Become a Producer",
    CLAIM: "Claim Existing Artist",
    VERIFY: "Get Verified",
}
PATH_SUMMARIES = {
    BECOME: "Create your producer profile on BeatPass: upload beats, sell licences, be found.",
    CLAIM: "An existing producer page is yours: claim it to manage it.",
    VERIFY: "Get the verified badge on the producer profile you manage.",
}
ROLE_NAMES = {"artist": "Artist", "manager": "Manager", "producer": "Producer", "label": "Label"}
ROLE_NOTE = (
    "Only Artist and Manager create an approved link to the profile; Producer and Label "
    "claims are reviewed but do not give you access to manage it."
)
ATTACHMENTS = "attachments"
PICTURE = "picture"
UPLOAD_KINDS = {PICTURE: "claim_picture", ATTACHMENTS: "backstage_attachment"}


def offered_paths(has_producer_profile: bool) -> tuple[str, ...]:
    """DOMAIN.md: Become only without a producer profile, Claim to everyone, Get Verified
    only with one."""
    return (CLAIM, VERIFY) if has_producer_profile else (BECOME, CLAIM)


def not_offered_reason(path: str, has_producer_profile: bool) -> str:
    """Why ``path`` is not offered to this account ("" when it is)."""
    if path in offered_paths(has_producer_profile):
        return ""
    if path == BECOME:
        return (
            "You already have a producer profile. Claim another profile or ask for "
            "verification instead."
        )
    return "Verification is for a producer profile you manage; you have none yet."


def role_links(role: str) -> bool:
    return role in CLAIM_ROLES_THAT_LINK


# --- Draft ---------------------------------------------------------------------------------


def empty_application() -> dict[str, Any]:
    return {
        "artist_name": "",
        "artist_id": None,
        "first_name": "",
        "last_name": "",
        "company": "",
        "role": "",
        "beats_url": "",
        "instagram": "",
        PICTURE: None,
        ATTACHMENTS: [],
        "accepted_terms": False,
        "accepted_rights": False,
        "resubmits": None,
        "denial_reason": "",
    }


def attachment_key(item: Mapping[str, Any]) -> Hashable:
    """An attachment is the file kept here, or the upload of an earlier application."""
    ident = item.get("id")
    return ("id", ident) if ident is not None else ("file", item.get("file", ""))


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def clean_attachments(value: object) -> list[dict[str, Any]]:
    """Attachments as stored or sent (tolerant: bare file ids of an earlier request too)."""
    items: list[dict[str, Any]] = []
    for raw in value if isinstance(value, list | tuple) else []:
        if isinstance(raw, Mapping):
            file = raw.get("file")
            size = raw.get("size")
            items.append(
                {
                    "file": file if isinstance(file, str) else "",
                    "id": _int_or_none(raw.get("id")),
                    "name": raw.get("name") if isinstance(raw.get("name"), str) else "",
                    "size": size if isinstance(size, int) and not isinstance(size, bool) else 0,
                }
            )
        elif (ident := _int_or_none(raw)) is not None:
            items.append({"file": "", "id": ident, "name": "", "size": 0})
    return items


TEXT = Scalar("")
APPLICATION_SCHEMA: drafts.Schema = {
    "artist_name": Field(TEXT, "Producer name"),
    "artist_id": Field(Scalar(None), "Profile to claim"),
    "first_name": Field(TEXT, "First name"),
    "last_name": Field(TEXT, "Last name"),
    "company": Field(TEXT, "Record label or company"),
    "role": Field(TEXT, "Role"),
    "beats_url": Field(TEXT, "Link to your beats"),
    "instagram": Field(TEXT, "Instagram handle"),
    PICTURE: Field(Scalar(None, same_resource), "Profile picture"),
    ATTACHMENTS: Field(KeyedList(attachment_key), "Attachments", clean_attachments),
    "accepted_terms": Field(Scalar(False), "Terms of Service and Privacy Policy"),
    "accepted_rights": Field(Scalar(False), "Rights, licence and upload commitment"),
    "resubmits": Field(Scalar(None), "Resubmission of"),
    "denial_reason": Field(TEXT, "Reason of the denial"),
}
drafts.register_schema(APPLICATION, APPLICATION_SCHEMA)


def normalize(draft: Mapping[str, Any]) -> dict[str, Any]:
    return drafts.normalize_draft(APPLICATION, draft)


def is_started(draft: Mapping[str, Any]) -> bool:
    """Anything typed or chosen (the empty application is no draft; what a sent one keeps
    besides, its ``sent`` note, does not count)."""
    d, empty = normalize(draft), empty_application()
    return any(d[name] != empty[name] for name in APPLICATION_SCHEMA)


def prefill_from(
    path: str,
    request_data: Mapping[str, Any],
    *,
    artist_name: str,
    artist_id: int | None,
    request_id: int,
    reason: str,
) -> dict[str, Any]:
    """A new draft filled in from what an earlier (denied) request sent, to fix and send
    again. The agreements are not carried over: they are agreed to again."""
    data = request_data
    role = data.get("role")
    picture = data.get("image")
    draft = {
        **empty_application(),
        "artist_name": artist_name,
        "artist_id": artist_id if path == CLAIM else None,
        "first_name": _text(data.get("first_name")),
        "last_name": _text(data.get("last_name")),
        "company": _text(data.get("company")),
        "role": role if path == CLAIM and isinstance(role, str) else "",
        "beats_url": _text(data.get("beats_url")),
        "instagram": _text(data.get("instagram")),
        PICTURE: picture if path == CLAIM and isinstance(picture, str) and picture else None,
        ATTACHMENTS: clean_attachments(data.get("attachments")),
        "resubmits": request_id,
        "denial_reason": reason,
    }
    if not draft["first_name"] and isinstance(data.get("name"), str):  # a 3.1.5 server
        first, _, last = data["name"].strip().partition(" ")
        draft["first_name"], draft["last_name"] = first, last
    return normalize(draft)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


# --- The B2 body -----------------------------------------------------------------------------


def request_body(
    path: str, draft: Mapping[str, Any], uploaded: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """The B2 body of an application draft. ``uploaded``: local reference → ``{"url", "id"}``
    of the files already uploaded (a file not uploaded yet is left out). Text is sent
    trimmed; optional fields only when filled in."""
    d = normalize(draft)
    first, last = d["first_name"].strip(), d["last_name"].strip()
    data: dict[str, Any] = {
        "beats_url": d["beats_url"].strip(),
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}".strip(),
    }
    for key in ("company", "instagram"):
        if d[key].strip():
            data[key] = d[key].strip()
    if path == CLAIM:
        data["role"] = d["role"]
        picture = d[PICTURE]
        if picture and is_local(picture):
            url = uploaded.get(picture, {}).get("url")
            if url:
                data["image"] = url
        elif picture:
            data["image"] = picture
    ids: list[int] = []
    for item in d[ATTACHMENTS]:
        if item.get("id") is not None:
            ids.append(int(item["id"]))
        elif (made := uploaded.get(item.get("file", ""), {})).get("id") is not None:
            ids.append(int(made["id"]))
    if ids:
        data["attachments"] = ids
    data["accepted_terms"] = bool(d["accepted_terms"])
    data["accepted_rights_and_commitment"] = bool(d["accepted_rights"])
    body: dict[str, Any] = {
        "type": REQUEST_TYPES[path],
        "artist_name": d["artist_name"].strip(),
        "data": data,
    }
    if path == CLAIM:
        body["artist_id"] = d["artist_id"]
    return body


# Where each key of a B2 error (or a check) belongs in the draft.
FIELD_OF_KEY = {
    "artist_name": "artist_name",
    "artist_id": "artist_id",
    "type": "type",
    "submission": "submission",
    "data.first_name": "first_name",
    "data.last_name": "last_name",
    "data.name": "first_name",
    "data.company": "company",
    "data.role": "role",
    "data.beats_url": "beats_url",
    "data.instagram": "instagram",
    "data.image": PICTURE,
    "data.attachments": ATTACHMENTS,
    "data.accepted_terms": "accepted_terms",
    "data.accepted_rights_and_commitment": "accepted_rights",
}


def field_of_key(key: str) -> str:
    """The draft field of an error key (``data.attachments.2`` → ``attachments``); unknown
    keys stay as they are."""
    if key in FIELD_OF_KEY:
        return FIELD_OF_KEY[key]
    if key.startswith("data.attachments."):
        return ATTACHMENTS
    if key.startswith("data."):
        return FIELD_OF_KEY.get(key, key[len("data.") :])
    return key


def by_field(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Error messages keyed by draft field (the keys of B2 errors mapped)."""
    result: dict[str, list[str]] = {}
    for key, messages in errors.items():
        target = result.setdefault(field_of_key(key), [])
        for message in messages if isinstance(messages, list) else [str(messages)]:
            if message not in target:
                target.append(message)
    return result
