"""Invisible and direction-changing characters in names, links and other text shown to people.

A right-to-left override (U+202E) makes ``"\\u202eevil.exe"`` display as "exe.live"; zero-width
and other format characters hide inside names and links. Text shown for checking (the preview,
the review) shows each such character as a visible marker (``⟨U+202E⟩``), so nothing reorders
or hides what is around it. Stored values are never changed here: these functions only decide
how text *looks*, and whether it holds such characters (for a warning in the editor).

Shown as markers: controls (C0, DEL, C1), the soft hyphen, every direction control (marks,
embeddings, overrides, isolates), zero-width space, word joiner and the invisible operators,
the byte-order mark, interlinear annotation marks, line and paragraph separators, invisible
musical format characters, blank-looking letters (Hangul fillers, the blank Braille pattern)
and tag characters. Kept as they are: spaces, line breaks and tabs where a text may have
lines, the zero-width joiner and non-joiner and variation selectors (emoji and several
scripts need them), the visible prepended marks of Arabic and Syriac, and tags inside an emoji
flag sequence (🏴 + tags).

Pure functions (stdlib only); one regular-expression pass, so a long text costs little.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_LINE_CONTROLS = "\t\n\r"
_ALWAYS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # controls other than tab and line breaks
    "\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\u2800\u3164\ufeff\ufff9-\ufffb\uffa0\U0001d173-\U0001d17a\U000e0001"
)
_TAGS = "\U000e0020-\U000e007f"
_FLAG = "\U0001f3f4[\U000e0020-\U000e007f]+"  # an emoji flag sequence: kept whole

_ONE_LINE = re.compile(f"({_FLAG})|[{_ALWAYS}{_TAGS}{_LINE_CONTROLS}]")
_MULTILINE = re.compile(f"({_FLAG})|[{_ALWAYS}{_TAGS}]")


def marker(ch: str) -> str:
    """The visible stand-in of one hidden character: ``⟨U+202E⟩``."""
    return f"⟨U+{ord(ch):04X}⟩"


def _pattern(multiline: bool) -> re.Pattern[str]:
    return _MULTILINE if multiline else _ONE_LINE


def _replace(match: re.Match[str]) -> str:
    return match.group(1) or marker(match.group(0))


def neutralise(text: str, *, multiline: bool = False) -> str:
    """``text`` with every hidden character replaced by its visible marker.

    ``multiline``: keep line breaks and tabs (a biography); otherwise they show as markers
    too (a name or a link is one line).
    """
    return _pattern(multiline).sub(_replace, text)


def hidden_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The hidden characters in ``text``, each once, in order of first appearance."""
    found: dict[str, None] = {}
    for match in _pattern(multiline).finditer(text):
        if match.group(1) is None:
            found.setdefault(match.group(0))
    return list(found)


def has_hidden_characters(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds a direction control or another invisible character."""
    return any(m.group(1) is None for m in _pattern(multiline).finditer(text))
