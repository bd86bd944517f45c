"""Hidden characters (direction overrides, zero-width and other format characters) are shown
as visible markers; ordinary text, emoji sequences and line breaks in multi-line text stay."""

from __future__ import annotations

import pytest

from studio.core.bidi import has_hidden_characters, hidden_characters, marker, neutralise

RLO = "\u202e"


def test_a_right_to_left_override_no_longer_reverses_the_name() -> None:
    shown = neutralise(f"{RLO}evil.exe")
    assert shown == f"{marker(RLO)}evil.exe" == "⟨U+202E⟩evil.exe"
    assert RLO not in shown


@pytest.mark.parametrize(
    "ch",
    [
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings, overrides
        "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
        "\u200e", "\u200f", "\u061c",  # marks
        "\u200b", "\u2060", "\ufeff", "\u00ad",  # zero-width space, word joiner, BOM, soft hyphen
        "\u3164", "\u115f", "\u2800",  # blank-looking letters
        "\x00", "\x1b", "\x7f", "\x85",  # controls
        "\u2028", "\u2029",  # line and paragraph separators
        "\U000e0041",  # a tag character outside a flag
    ],
)  # fmt: skip
def test_each_hidden_character_gets_a_marker(ch: str) -> None:
    text = f"Nova{ch}Beats"
    assert neutralise(text) == f"Nova{marker(ch)}Beats"
    assert has_hidden_characters(text)
    assert hidden_characters(text) == [ch]


@pytest.mark.parametrize(
    "text",
    [
        "Nova Beats",
        "Ünïcödé, Québec — “quotes” ✓",
        "東京 · Москва · القاهرة · עברית",  # right-to-left scripts alone are fine
        "👨\u200d👩\u200d👧 family",  # joiners in an emoji sequence
        "❤\ufe0f love",  # variation selector
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",  # flag tags
        "می\u200cخواهم",  # the zero-width non-joiner Persian needs
        "",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text
    assert not has_hidden_characters(text)


def test_line_breaks_are_ordinary_only_in_multiline_text() -> None:
    bio = "Line one\nLine two\tand a tab\r\n"
    assert neutralise(bio, multiline=True) == bio
    assert neutralise("a\nb") == "a⟨U+000A⟩b"  # a name is one line
    assert neutralise(f"a\n{RLO}b", multiline=True) == "a\n⟨U+202E⟩b"


def test_each_character_is_listed_once_in_order() -> None:
    assert hidden_characters(f"\u200b{RLO}x\u200b{RLO}") == ["\u200b", RLO]


# Format characters (Unicode category Cf) that are visible marks, or that scripts need.
VISIBLE_OR_NEEDED = {
    *range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2,  # prepended marks
    0x110BD, 0x110CD, *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4),  # and format signs
    0x200C, 0x200D,  # joiners
}  # fmt: skip


def test_every_invisible_format_character_of_this_unicode_gets_a_marker() -> None:
    import unicodedata

    missed = [
        f"U+{c:04X}"
        for c in range(0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")
        and c not in VISIBLE_OR_NEEDED
        and chr(c) not in "\t\n\r"
        and not has_hidden_characters(f"a{chr(c)}b")
    ]
    assert missed == []
