"""The local checks of a draft before it is published: the rules the sandbox enforces
(:mod:`studio.core.validation`, on the same payload publishing sends) plus the one rule only
the app keeps, a country from the list. The editors show these errors live; the publish flow
refuses to open its review while any remain. No Qt here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from studio.core import countries, drafts
from studio.core.localref import file_name, refs_in, replace_refs
from studio.core.validation import validate_artist_update, validate_user_update

Errors = dict[str, list[str]]
COUNTRY_KEY = "profile.country"
COUNTRY_NAME_MAX = 100  # longer than any name or alias in the list


def country_error(value: str) -> str:
    """The message for a country that is not in the list."""
    return f"“{value[:80]}” is not in the country list; pick one from the list."


def draft_errors(kind: str, base: Mapping[str, Any], draft: Mapping[str, Any]) -> Errors:
    """Field errors of ``draft`` (a ``kind`` draft whose server state is ``base``), keyed by
    the API's dot paths (``user.username``, ``links.0.url``, ``profile.country``)."""
    if kind not in drafts.KINDS:
        return {}  # other kinds (credits…) have no profile fields to check here
    # Pictures kept on this computer become upload URLs when published: check them as such.
    kept = {ref: f"https://uploads.invalid/{file_name(ref)}" for ref in refs_in(draft)}
    payload = drafts.payload(kind, replace_refs(draft, kept) if kept else draft)
    if kind == drafts.ARTIST:
        errors = validate_artist_update(
            payload, current_name=base.get("name") or None, is_admin=False
        )
    else:
        errors = validate_user_update(payload)
    country = str(draft.get("country") or "")
    # text longer than any country name is not looked up (folding it would cost per keystroke)
    too_long = len(country) > COUNTRY_NAME_MAX
    if country and (too_long or countries.canonical_name(country) is None):
        errors.setdefault(COUNTRY_KEY, []).append(country_error(country))
    return errors
