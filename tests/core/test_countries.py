"""The country list: canonical names, lookup by name/alias/code, flags."""

from __future__ import annotations

import pytest

from studio.core import countries
from studio.core.text import country_code


def test_list_is_sorted_unique_and_complete() -> None:
    names = countries.names()
    assert names == sorted(names, key=str.casefold)
    assert len(set(names)) == len(names)
    codes = [c.code for c in countries.COUNTRIES]
    assert len(set(codes)) == len(codes) >= 249
    assert all(len(code) == 2 and code.isupper() for code in codes)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Canada", "Canada"),
        ("  canada ", "Canada"),
        ("UNITED   kingdom", "United Kingdom"),
        ("usa", "United States"),
        ("UK", "United Kingdom"),
        ("Czech Republic", "Czechia"),
        ("côte d'ivoire", "Côte d'Ivoire"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("fr", "France"),
        ("DE", "Germany"),
    ],
)
def test_lookup_by_name_alias_or_code(typed: str, name: str) -> None:
    assert countries.canonical_name(typed) == name


@pytest.mark.parametrize("typed", ["", "   ", "Atlantis", "Canad", "zz", "<script>", "C4"])
def test_unknown_text_is_not_a_country(typed: str) -> None:
    assert countries.lookup(typed) is None
    assert countries.canonical_name(typed) is None
    assert countries.flag_for(typed) == ""


def test_flags_are_regional_indicator_pairs() -> None:
    assert countries.flag_for("Canada") == "\U0001f1e8\U0001f1e6"
    assert countries.flag_emoji("gb") == "\U0001f1ec\U0001f1e7"
    assert countries.by_code("jp") is not None
    assert countries.by_code("jp").flag == "\U0001f1ef\U0001f1f5"  # type: ignore[union-attr]
    assert countries.flag_emoji("123") == ""


def test_agrees_with_the_preview_flag_helper() -> None:
    """Every name the editor stores gets the same code from the preview's helper (when known)."""
    for country in countries.COUNTRIES:
        code = country_code(country.name)
        assert code in (None, country.code), country.name


@pytest.mark.parametrize(
    ("query", "expected", "not_expected"),
    [
        ("", "Canada", None),
        ("cana", "Canada", "Chile"),
        ("CÔTE", "Côte d'Ivoire", "Canada"),
        ("cote", "Côte d'Ivoire", "Canada"),
        ("usa", "United States", "Canada"),
        ("us", "United States", "Canada"),
        ("kingdom", "United Kingdom", "Canada"),
        ("holland", "Netherlands", "Germany"),
        ("zz-not-a-country", None, "Canada"),
    ],
)
def test_type_ahead_matches_names_aliases_and_codes(
    query: str, expected: str | None, not_expected: str | None
) -> None:
    found = [c.name for c in countries.COUNTRIES if countries.matches(c, query)]
    if expected is not None:
        assert expected in found
    if not_expected is not None:
        assert not_expected not in found
