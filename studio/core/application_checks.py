"""What an application draft still needs before it can be sent (no Qt): the wizard's steps,
the live field errors (the rules the sandbox enforces on B2, run on the body the draft is
sent as, plus what only the app knows: the claim target's availability, the attachments'
own checks, a producer name already used) and the readiness checklist built from them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from studio.core import application as app
from studio.core.limits import BACKSTAGE_ATTACHMENTS_MAX, SUPPORT_EMAIL
from studio.core.localref import file_name, is_local
from studio.core.validation import validate_backstage_request

Errors = dict[str, list[str]]

# Claim target states (R5 after the search, and again when a claim draft is reopened).
AVAILABLE, CLAIMED, OWNED, UNKNOWN, CHECKING = (
    "available",
    "already_claimed",
    "owned_by_you",
    "unknown",
    "checking",
)
MUSIC_SITES = {
    "soundcloud.com": "SoundCloud",
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "spotify.com": "Spotify",
    "beatstars.com": "BeatStars",
    "airbit.com": "Airbit",
    "bandcamp.com": "Bandcamp",
    "audiomack.com": "Audiomack",
}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[str, ...]  # the draft fields (and check keys) this step edits
    short: str = ""  # its tab's title

    @property
    def tab(self) -> str:
        return self.short or self.title


AGREEMENTS = Step("agreements", "Agreements", ("accepted_terms", "accepted_rights"))
REVIEW = Step("review", "Review and send", (), "Review")
STEPS: dict[str, tuple[Step, ...]] = {
    app.BECOME: (
        Step("name", "Producer name", ("artist_name", "type", "submission"), "Name"),
        Step("about", "About you", ("first_name", "last_name", "company")),
        Step("music", "Your music", ("beats_url", "instagram", app.ATTACHMENTS), "Music"),
        Step("community", "Join the community", (), "Community"),
        AGREEMENTS,
        REVIEW,
    ),
    app.CLAIM: (
        Step(
            "profile",
            "Find the profile",
            ("artist_id", "artist_name", "type", "submission"),
            "Profile",
        ),
        Step("picture", "Profile picture", (app.PICTURE,), "Picture"),
        Step("about", "About you", ("first_name", "last_name", "role", "company")),
        Step("proof", "Your music and proof", ("beats_url", "instagram", app.ATTACHMENTS), "Proof"),
        AGREEMENTS,
        REVIEW,
    ),
}


def steps_of(path: str) -> tuple[Step, ...]:
    return STEPS[path]


def step_of_field(path: str, field: str) -> int:
    """The step that edits ``field`` (the first step for anything no step edits)."""
    for index, step in enumerate(STEPS[path]):
        if field in step.fields:
            return index
    return 0


@dataclass(frozen=True)
class Context:
    """What the checks know besides the draft.

    ``claim``: the claim target's state (``AVAILABLE`` …); ``attachments``: local reference
    → why that kept file cannot be sent (gone, damaged), from a check off the GUI thread;
    ``used_names``: producer names of the account's earlier Become requests (BeatPass takes
    each once per account)."""

    claim: str = UNKNOWN
    attachments: Mapping[str, str] | None = None
    used_names: tuple[str, ...] = ()


def is_public_host(host: str) -> bool:
    """A host anyone on the internet can reach: a dotted name, not this computer or a
    private network."""
    name = host.strip("[]").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return "." in name and not name.endswith((".local", ".localhost", ".internal"))
    return address.is_global


def music_site(url: str) -> str:
    """The music platform a beats link points to ("" when it is none of the known ones)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    for domain, name in MUSIC_SITES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return ""


def beats_hint(url: str) -> str:
    """A note under the beats link (never an error): which platform it points to."""
    if not url.strip():
        return "A public link to your beats: SoundCloud, YouTube, Spotify, BeatStars, Airbit…"
    site = music_site(url)
    if site:
        return f"A {site} link. Make sure it is public: reviewers open it without signing in."
    return (
        "Not a music platform Studio knows (SoundCloud, YouTube, Spotify, BeatStars, Airbit); "
        "any public page with your beats works."
    )


def _placeholders(draft: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Stand-ins for the files not uploaded yet, so the body is checked as it will be sent."""
    made: dict[str, dict[str, Any]] = {}
    picture = draft.get(app.PICTURE)
    if isinstance(picture, str) and is_local(picture):
        made[picture] = {"url": f"https://uploads.invalid/{file_name(picture)}", "id": 1}
    for n, item in enumerate(draft.get(app.ATTACHMENTS) or []):
        ref = item.get("file", "")
        if is_local(ref):
            made[ref] = {"url": f"https://uploads.invalid/{file_name(ref)}", "id": n + 1}
    return made


def _add(errors: Errors, field: str, message: str) -> None:
    target = errors.setdefault(field, [])
    if message not in target:
        target.append(message)


def field_errors(path: str, draft: Mapping[str, Any], context: Context | None = None) -> Errors:
    """Every error of the draft, keyed by draft field (``first_name``, ``attachments``…)."""
    ctx = context or Context()
    d = app.normalize(draft)
    body = app.request_body(path, d, _placeholders(d))
    errors: Errors = {}
    for key, messages in validate_backstage_request(body).items():
        field = app.field_of_key(key)
        for message in messages:
            _add(errors, field, _friendlier(field, message))
    url = body["data"]["beats_url"]
    if url and "beats_url" not in errors:
        host = urlsplit(url).hostname or ""
        if not is_public_host(host):
            _add(
                errors,
                "beats_url",
                "The beats link must be a public address on the internet (not this computer "
                "or a local network): reviewers open it from elsewhere.",
            )
    items = d[app.ATTACHMENTS]
    if len(items) > BACKSTAGE_ATTACHMENTS_MAX:
        errors[app.ATTACHMENTS] = [
            f"At most {BACKSTAGE_ATTACHMENTS_MAX} attachments: remove "
            f"{len(items) - BACKSTAGE_ATTACHMENTS_MAX}."
        ]
    for item in items:
        problem = (ctx.attachments or {}).get(item.get("file", ""))
        if problem:
            _add(errors, app.ATTACHMENTS, problem)
    if path == app.BECOME:
        name = d["artist_name"].strip().casefold()
        if name and name in {n.strip().casefold() for n in ctx.used_names}:
            _add(
                errors,
                "artist_name",
                f"You already applied as “{d['artist_name'].strip()}”. BeatPass takes each "
                "producer name once per account: choose another (for example with a word "
                "added).",
            )
    if path == app.CLAIM and d["artist_id"] is not None and "artist_id" not in errors:
        message = claim_problem(ctx.claim, d["artist_name"])
        if message:
            _add(errors, "artist_id", message)
    return errors


def claim_problem(state: str, name: str) -> str:
    """Why the chosen profile cannot be claimed ("" when it can)."""
    shown = f"“{name}”" if name else "This profile"
    if state == CLAIMED:
        return (
            f"{shown} is already claimed by someone else. If it is yours, write to {SUPPORT_EMAIL}."
        )
    if state == OWNED:
        return f"You already manage {shown}; there is nothing to claim."
    if state == CHECKING:
        return f"Checking whether {shown} can be claimed…"
    if state == UNKNOWN:
        return f"Studio could not check whether {shown} can be claimed yet (offline?)."
    return ""


def _friendlier(field: str, message: str) -> str:
    """A few of the server's sentences, said the way the wizard asks for them."""
    if field == "artist_id" and message.startswith("Choose the producer profile"):
        return "Search for the producer profile you want to claim and choose it."
    if field == "role" and message.endswith("field is required."):
        return "Choose your role for this profile."
    if field in ("accepted_terms", "accepted_rights"):
        return "Tick this box to agree; the application cannot be sent without it."
    return message


# --- Readiness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    """One line of the readiness checklist."""

    label: str
    ok: bool
    field: str  # where to go to fix it
    detail: str = ""  # what is wrong (the first error), or a note
    optional: bool = False


def _item(
    label: str, fields: Iterable[str], errors: Errors, *, optional: bool = False, note: str = ""
) -> CheckItem:
    fields = tuple(fields)
    problems = [m for f in fields for m in errors.get(f, [])]
    return CheckItem(label, not problems, fields[0], problems[0] if problems else note, optional)


def checklist(path: str, draft: Mapping[str, Any], errors: Errors) -> list[CheckItem]:
    """What is done and what is missing before the application can be sent."""
    d = app.normalize(draft)
    items: list[CheckItem] = []
    if path == app.BECOME:
        items.append(_item("Producer name", ("artist_name", "type", "submission"), errors))
    else:
        items.append(
            _item("Profile to claim, available", ("artist_id", "type", "submission"), errors)
        )
        has_picture = bool(d[app.PICTURE])
        items.append(
            CheckItem(
                "Profile picture (recommended)",
                has_picture and not errors.get(app.PICTURE),
                app.PICTURE,
                (errors.get(app.PICTURE) or [""])[0]
                or ("" if has_picture else "Not added: the profile keeps its current picture."),
                optional=True,
            )
        )
    items.append(_item("First and last name", ("first_name", "last_name"), errors))
    if path == app.CLAIM:
        items.append(_item("Your role", ("role",), errors))
    if errors.get("company"):
        items.append(_item("Record label or company", ("company",), errors))
    items.append(_item("Public link to your beats", ("beats_url",), errors))
    if errors.get("instagram"):
        items.append(_item("Instagram handle", ("instagram",), errors))
    count = len(d[app.ATTACHMENTS])
    note = f"{count} attached, all checked." if count else "None (optional)."
    items.append(
        _item(
            "Attachments pass their checks" if count else "Attachments",
            (app.ATTACHMENTS,),
            errors,
            optional=not count,
            note=note,
        )
    )
    items.append(_item("Terms of Service and Privacy Policy", ("accepted_terms",), errors))
    items.append(
        _item("Rights, licence, 2 beats a month, human-made", ("accepted_rights",), errors)
    )
    return items


def ready(errors: Errors) -> bool:
    return not any(errors.values())


def step_problems(path: str, index: int, errors: Errors) -> list[tuple[str, str]]:
    """(field, message) of every error of step ``index``, in the step's field order."""
    step = STEPS[path][index]
    return [(f, m) for f in step.fields for m in errors.get(f, [])]
