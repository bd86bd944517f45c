"""``core.text.plural`` / ``count_text``: counts read as English ("1 change", "2 changes")."""

from __future__ import annotations

import pytest

from studio.core.text import count_text, plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 changes"), (1, "1 change"), (2, "2 changes"), (-1, "-1 changes")],
)
def test_count_text_regular_plural(count: int, expected: str) -> None:
    assert count_text(count, "change") == expected


def test_irregular_plural_and_verbs() -> None:
    assert count_text(1, "publish", "publishes") == "1 publish"
    assert count_text(3, "publish", "publishes") == "3 publishes"
    assert plural(1, "needs", "need") == "needs"
    assert plural(2, "needs", "need") == "need"
    assert f"{count_text(1, 'change')} {plural(1, 'clashes', 'clash')}" == "1 change clashes"
