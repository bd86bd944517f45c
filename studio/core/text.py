"""Text rules for showing user and server text safely: which links may be opened, which
platform a link belongs to, bio preview lines, country flags and short number formats.

Pure functions (stdlib only). Text is never altered for display: callers show it as plain
text. These helpers only decide *what* to show and whether a link may be opened. Hidden
characters (direction overrides and the like) are shown as markers by
:func:`studio.core.bidi.neutralise`; :func:`hidden_note` words the editor's warning.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from studio.core import bidi, countries
from studio.core.limits import BIO_PREVIEW_LINES, URL_SCHEMES

# --- Links --------------------------------------------------------------------------------

PLATFORMS = ("instagram", "youtube", "soundcloud", "spotify", "twitter", "tiktok", "generic")
PLATFORM_LABELS = {
    "instagram": "Instagram",
    "youtube": "YouTube",
    "soundcloud": "SoundCloud",
    "spotify": "Spotify",
    "twitter": "X (Twitter)",
    "tiktok": "TikTok",
    "generic": "Website",
}
# Registrable domains per platform; a host matches the domain itself or any sub-domain.
_PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    "instagram": ("instagram.com", "instagr.am"),
    "youtube": ("youtube.com", "youtu.be", "youtube-nocookie.com"),
    "soundcloud": ("soundcloud.com", "snd.sc", "on.soundcloud.com"),
    "spotify": ("spotify.com", "spotify.link"),
    "twitter": ("twitter.com", "x.com", "t.co"),
    "tiktok": ("tiktok.com",),
}
_CHANNEL_PATH = re.compile(r"^/(@[^/]+|channel/UC[\w-]+|c/[^/]+|user/[^/]+)/?(?:[^/]*)?$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _split(url: str) -> tuple[str, str, str] | None:
    """(scheme, host, path) of an absolute URL, lower-cased scheme and host; None if invalid."""
    if not isinstance(url, str) or _CONTROL.search(url.strip()) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    return parts.scheme.lower(), host, parts.path


def is_openable_url(url: str) -> bool:
    """True only for absolute http(s) URLs with a host and no spaces or control characters.

    ``javascript:``, ``data:``, ``file:``, relative and scheme-less text are never openable.
    """
    return isinstance(url, str) and _is_openable(url)


@lru_cache(maxsize=512)  # asked for every link on each change; a string keeps its hash
def _is_openable(url: str) -> bool:
    split = _split(url)
    return split is not None and split[0] in URL_SCHEMES and bool(split[1])


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def link_platform(url: str) -> str:
    """The platform of a link, from its domain: one of :data:`PLATFORMS`.

    Only openable (http/https) URLs are recognised; anything else is ``"generic"``.
    """
    return _platform(url) if isinstance(url, str) else "generic"


@lru_cache(maxsize=512)
def _platform(url: str) -> str:
    if not is_openable_url(url):
        return "generic"
    split = _split(url)
    assert split is not None
    host = split[1]
    for platform, domains in _PLATFORM_DOMAINS.items():
        if any(_host_matches(host, d) for d in domains):
            return platform
    return "generic"


def is_youtube_channel(url: str) -> bool:
    """True for a YouTube *channel* link (``/@handle``, ``/channel/UC…``, ``/c/…``, ``/user/…``),
    which adds a Videos tab to the producer page. Video links are not channels."""
    if link_platform(url) != "youtube":
        return False
    split = _split(url)
    assert split is not None
    if split[1].endswith("youtu.be"):
        return False
    return bool(_CHANNEL_PATH.match(split[2] or "/"))


def link_label(url: str, title: str) -> str:
    """What a link shows: its title, else its platform name, else the URL as typed."""
    if title.strip():
        return title
    platform = link_platform(url)
    return PLATFORM_LABELS[platform] if platform != "generic" else url


# --- Bio ----------------------------------------------------------------------------------


def bio_preview(
    text: str, max_lines: int = BIO_PREVIEW_LINES, max_chars: int = 300
) -> tuple[str, bool]:
    """The first lines of a biography shown before "Show more", and whether more exists.

    Keeps at most ``max_lines`` non-empty lines and ``max_chars`` characters (cut at a word
    boundary when one is near, with an ellipsis). Text is otherwise unchanged.
    """
    lines = [line.rstrip() for line in text.strip().splitlines()]
    lines = [line for line in lines if line.strip()]
    kept = "\n".join(lines[:max_lines])
    truncated = len(lines) > max_lines
    if len(kept) > max_chars:
        cut = kept[:max_chars]
        space = cut.rfind(" ")
        if space > max_chars * 0.7:
            cut = cut[:space]
        kept = cut.rstrip() + "…"
        truncated = True
    return kept, truncated


# --- Hidden characters ----------------------------------------------------------------------


@lru_cache(maxsize=256)  # asked again for unchanged values (every link on each link change)
def hidden_note(text: str, *, multiline: bool = False) -> str:
    """A warning for text holding direction overrides or other invisible characters (``""``
    when it holds none): which ones, and how the text really reads (see :mod:`bidi`)."""
    found = bidi.hidden_characters(text, multiline=multiline)
    if not found:
        return ""
    names = ", ".join(
        f"{bidi.marker(ch)} {unicodedata.name(ch, 'control character').lower()}" for ch in found[:3]
    )
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    shown = clip(bidi.neutralise(text, multiline=multiline), 80)
    return f"⚠ Hidden characters ({names}{more}) change how this reads; it really is “{shown}”."


def without_hidden(text: str, *, multiline: bool = False) -> str:
    """``text`` without the characters :func:`hidden_note` warns about."""
    hidden = set(bidi.hidden_characters(text, multiline=multiline))
    return "".join(ch for ch in text if ch not in hidden) if hidden else text


# --- Long text ----------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text`` for display, ending in "…" when cut (a label
    given a 255,000-character value would lay all of it out)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


# --- Location -----------------------------------------------------------------------------


def country_code(country: str) -> str | None:
    """The ISO alpha-2 code of a country name, alias or two-letter code, None when unknown."""
    found = countries.lookup(country)
    return found.code if found is not None else None


def country_flag(country: str) -> str:
    """The flag emoji of a country name ("" when unknown): two regional-indicator symbols."""
    return countries.flag_for(country)


def location_text(city: str, country: str) -> str:
    """ "City, Country" with empty parts left out (text as typed, trimmed)."""
    return ", ".join(part.strip() for part in (city, country) if part.strip())


# --- Numbers ------------------------------------------------------------------------------


def compact_count(n: int) -> str:
    """1234 → "1.2K", 2_500_000 → "2.5M" (how music platforms show plays and followers)."""
    for limit, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if abs(n) >= limit:
            value = f"{n / limit:.1f}".removesuffix(".0")
            return f"{value}{suffix}"
    return str(n)


def duration_text(ms: int | None) -> str:
    """Milliseconds as "m:ss" (or "h:mm:ss"); "" when unknown."""
    if ms is None or ms < 0:
        return ""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def initials(name: str) -> str:
    """Up to two initials of a name, for avatar placeholders ("" → "?")."""
    words = [w for w in re.split(r"[\s_.\-]+", name.strip()) if w]
    letters = "".join(w[0] for w in words[:2] if w[0].isalnum())
    return letters.upper() or "?"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word that goes with ``count``: ``singular`` for exactly one, else ``plural_form``
    (``singular + "s"`` by default). Also for verbs: ``plural(n, "needs", "need")``."""
    if count == 1:
        return singular
    return plural_form if plural_form is not None else singular + "s"


def count_text(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 change", "2 changes", "3 publishes" (with ``plural_form="publishes"``)."""
    return f"{count} {plural(count, singular, plural_form)}"
