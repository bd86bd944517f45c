"""Safe-link rules, platform detection, bio preview, flags and number formats."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studio.core import text as t


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://instagram.com/ana", True),
        ("http://example.test/a?b=1#c", True),
        ("HTTPS://EXAMPLE.TEST", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("ftp://example.test/x", False),
        ("//example.test/x", False),
        ("example.test", False),
        ("https://", False),
        ("https://exa mple.test", False),
        ("https://example.test/\x00", False),
        ("", False),
        ("http://[::1", False),
    ],
)
def test_is_openable_url(url: str, openable: bool) -> None:
    assert t.is_openable_url(url) is openable


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.instagram.com/ana/", "instagram"),
        ("https://instagr.am/p/x", "instagram"),
        ("https://youtube.com/@ana", "youtube"),
        ("https://m.youtube.com/watch?v=1", "youtube"),
        ("https://youtu.be/abc", "youtube"),
        ("https://soundcloud.com/ana", "soundcloud"),
        ("https://open.spotify.com/artist/1", "spotify"),
        ("https://x.com/ana", "twitter"),
        ("https://twitter.com/ana", "twitter"),
        ("https://www.tiktok.com/@ana", "tiktok"),
        ("https://beatstars.com/ana", "generic"),
        ("https://notinstagram.com/ana", "generic"),
        ("https://instagram.com.evil.test/ana", "generic"),
        ("javascript:alert('instagram.com')", "generic"),
        ("instagram.com/ana", "generic"),
    ],
)
def test_link_platform(url: str, platform: str) -> None:
    assert t.link_platform(url) == platform
    assert platform in t.PLATFORMS


@pytest.mark.parametrize(
    ("url", "channel"),
    [
        ("https://www.youtube.com/@beatsbyana", True),
        ("https://youtube.com/@beatsbyana/videos", True),
        ("https://youtube.com/channel/UCabc-123_x", True),
        ("https://youtube.com/c/AnaBeats", True),
        ("https://youtube.com/user/anabeats", True),
        ("https://youtube.com/watch?v=abc", False),
        ("https://youtu.be/abc", False),
        ("https://youtube.com/", False),
        ("https://instagram.com/@ana", False),
    ],
)
def test_is_youtube_channel(url: str, channel: bool) -> None:
    assert t.is_youtube_channel(url) is channel


def test_link_label() -> None:
    assert t.link_label("https://instagram.com/x", "My IG") == "My IG"
    assert t.link_label("https://instagram.com/x", " ") == "Instagram"
    assert t.link_label("https://example.test/x", "") == "https://example.test/x"


def test_bio_preview_lines_and_more() -> None:
    assert t.bio_preview("") == ("", False)
    assert t.bio_preview("one\ntwo", max_lines=3) == ("one\ntwo", False)
    assert t.bio_preview("one\n\ntwo\nthree\nfour", max_lines=3) == ("one\ntwo\nthree", True)
    long = "word " * 200
    text, more = t.bio_preview(long, max_chars=50)
    assert more and text.endswith("…") and len(text) <= 51
    # text is never altered beyond the cut: markup stays as typed
    assert t.bio_preview("<b>hi</b> & <script>x</script>") == (
        "<b>hi</b> & <script>x</script>",
        False,
    )


@pytest.mark.parametrize(
    ("country", "code", "flag"),
    [
        ("Canada", "CA", "\U0001f1e8\U0001f1e6"),
        ("  united   kingdom ", "GB", "\U0001f1ec\U0001f1e7"),
        ("Côte d'Ivoire", "CI", "\U0001f1e8\U0001f1ee"),
        ("de", "DE", "\U0001f1e9\U0001f1ea"),
        ("Atlantis", None, ""),
        ("", None, ""),
        ("<script>", None, ""),
    ],
)
def test_country_flag(country: str, code: str | None, flag: str) -> None:
    assert t.country_code(country) == code
    assert t.country_flag(country) == flag


def test_location_text() -> None:
    assert t.location_text("Toronto", "Canada") == "Toronto, Canada"
    assert t.location_text(" ", "Canada") == "Canada"
    assert t.location_text("", "") == ""


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1K"),
        (1234, "1.2K"),
        (2_500_000, "2.5M"),
        (3_000_000_000, "3B"),
    ],
)
def test_compact_count(n: int, text: str) -> None:
    assert t.compact_count(n) == text


@pytest.mark.parametrize(
    ("ms", "text"), [(None, ""), (-1, ""), (0, "0:00"), (65_000, "1:05"), (3_725_000, "1:02:05")]
)
def test_duration_text(ms: int | None, text: str) -> None:
    assert t.duration_text(ms) == text


@pytest.mark.parametrize(
    ("name", "letters"),
    [("Ana Bee", "AB"), ("prod_name", "PN"), ("", "?"), ("<>", "?"), ("dj", "D")],
)
def test_initials(name: str, letters: str) -> None:
    assert t.initials(name) == letters


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("a long line of text", 8, "a long…"),
    ],
)
def test_clip(text: str, limit: int, shown: str) -> None:
    assert t.clip(text, limit) == shown
    assert len(t.clip("x" * 255_000, 300)) == 300


def test_link_rules_take_only_text() -> None:
    assert t.link_platform(None) == "generic"  # type: ignore[arg-type]
    assert not t.is_openable_url(["https://x.com"])  # type: ignore[arg-type]
    assert t.link_platform("https://www.youtube.com/@nova") == "youtube"


def test_hidden_note_names_the_characters_and_shows_the_text_as_it_is() -> None:
    note = t.hidden_note("evil\u202eexe.live")
    assert "⟨U+202E⟩ right-to-left override" in note and "“evil⟨U+202E⟩exe.live”" in note
    assert t.hidden_note("Plain name, émigré, 🇨🇦") == ""
    assert t.hidden_note("two\nlines", multiline=True) == ""  # a line break is no secret
    assert "⟨U+000A⟩" in t.hidden_note("two\nlines")  # but it is in a one-line name
    many = t.hidden_note("a\u200bb\u200ec\u202ad\u2066e")
    assert "and 1 more" in many


def test_without_hidden_removes_only_the_hidden() -> None:
    assert t.without_hidden("evil\u202eexe.live") == "evilexe.live"
    assert t.without_hidden("Tr\u200bap 👩\u200d💻") == "Trap 👩\u200d💻"  # a joiner stays
    assert t.without_hidden("a\nb", multiline=True) == "a\nb"
    text = "no change"
    assert t.without_hidden(text) is text


def test_rules_import_no_qt() -> None:
    code = (
        "import sys, studio.core.text, studio.core.visibility; "
        "assert 'PySide6' not in sys.modules, 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
