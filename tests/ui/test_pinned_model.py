"""The picker's table model, under ``QAbstractItemModelTester``: filtering as you type (every
word, narrowing and widening), "eligible only", sorting, refusals and the pinned row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from studio.core.pin_catalog import CatalogTrack, make_track
from studio.ui.pinned.model import (
    ARTISTS,
    DATE,
    ELIGIBILITY,
    PLAYS,
    TITLE,
    TRACK_ID_ROLE,
    CatalogModel,
)

ROWS = (
    make_track(id=1, name="Night Drive", artists=[(7, "Nova Beats")], genres=["Trap"],
               plays=500, created_at="2025-01-02", eligible=True),
    make_track(id=2, name="Morning Rain", artists=[(7, "Nova Beats"), (8, "Kairo")],
               genres=["Lo-Fi"], plays=900, created_at="2025-03-01", eligible=False,
               reason="exclusive_sold"),
    make_track(id=3, name="Drive Home", artists=[(9, "Cold Harbor")], genres=["R&B"],
               plays=100, created_at="2024-12-31"),
    make_track(id=4, name="Ünder Night", artists=[(7, "Nova Beats")], genres=["Trap"],
               plays=700, created_at="2025-06-30", eligible=True),
)  # fmt: skip


@pytest.fixture
def model(qapp: object) -> Iterator[CatalogModel]:
    made = CatalogModel()
    QAbstractItemModelTester(made, QAbstractItemModelTester.FailureReportingMode.Fatal, made)
    made.set_rows(ROWS)
    yield made


def shown_ids(model: CatalogModel) -> list[int]:
    return [model.index(r, TITLE).data(TRACK_ID_ROLE) for r in range(model.rowCount())]


def test_most_played_first_by_default(model: CatalogModel) -> None:
    assert shown_ids(model) == [2, 4, 1, 3]
    assert model.index(0, TITLE).data() == "Morning Rain"
    assert model.index(0, ARTISTS).data() == "Nova Beats, Kairo"
    assert model.index(0, PLAYS).data() == "900"
    assert model.index(0, DATE).data() == "2025-03-01"


def test_filter_matches_title_artists_and_genres_in_any_case(model: CatalogModel) -> None:
    model.set_filter("DRIVE")
    assert shown_ids(model) == [1, 3]
    model.set_filter("kairo")
    assert shown_ids(model) == [2]
    model.set_filter("lo-fi")
    assert shown_ids(model) == [2]
    model.set_filter("nova trap")  # every word, anywhere
    assert shown_ids(model) == [4, 1]
    model.set_filter("ünder")
    assert shown_ids(model) == [4]


def test_typing_narrows_then_deleting_widens_again(model: CatalogModel) -> None:
    shown: list[list[int]] = []
    for text in ("n", "ni", "nig", "night", "night dr", "night", "ni", ""):
        model.set_filter(text)
        shown.append(shown_ids(model))
    assert shown == [
        [2, 4, 1], [2, 4, 1], [4, 1], [4, 1], [1], [4, 1], [2, 4, 1], [2, 4, 1, 3],
    ]  # fmt: skip


def test_eligible_only_keeps_unknown_and_hides_refused(model: CatalogModel) -> None:
    model.set_eligible_only(True)
    assert shown_ids(model) == [4, 1, 3]  # 3 is unknown: BeatPass decides
    model.set_refusals({3: "The track's audio is not playable."})
    assert shown_ids(model) == [4, 1]
    model.set_eligible_only(False)
    assert shown_ids(model) == [2, 4, 1, 3]
    row = shown_ids(model).index(3)
    assert model.index(row, ELIGIBILITY).data() == "The track's audio is not playable."
    assert "refused" in model.index(row, ELIGIBILITY).data(Qt.ItemDataRole.ToolTipRole)


def test_eligibility_in_words(model: CatalogModel) -> None:
    cells = {i: model.index(r, ELIGIBILITY).data() for r, i in enumerate(shown_ids(model))}
    assert cells == {1: "✓", 2: "Sold exclusively", 3: "Unknown", 4: "✓"}
    row = shown_ids(model).index(2)
    tip = model.index(row, ELIGIBILITY).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "The track was sold exclusively and cannot be pinned."
    assert model.index(row, TITLE).data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed


def test_sort_by_date_and_title_keeps_the_filter(model: CatalogModel) -> None:
    model.set_filter("nova")
    model.sort(DATE, Qt.SortOrder.DescendingOrder)
    assert shown_ids(model) == [4, 2, 1]
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(model) == [2, 1, 4]
    model.set_filter("")
    assert shown_ids(model) == [3, 2, 1, 4]


def test_the_pinned_row_is_marked(model: CatalogModel) -> None:
    model.set_pinned(4)
    row = shown_ids(model).index(4)
    title = model.index(row, TITLE)
    assert title.data() == "Ünder Night"  # the whole title keeps its room
    assert not title.data(Qt.ItemDataRole.DecorationRole).isNull()  # a pin before it
    assert title.data(Qt.ItemDataRole.AccessibleTextRole).endswith("pinned in your draft")
    assert title.data(Qt.ItemDataRole.FontRole).bold()
    model.set_pinned(None)
    assert model.index(row, TITLE).data() == "Ünder Night"
    assert model.index(row, TITLE).data(Qt.ItemDataRole.DecorationRole) is None


def test_new_rows_arrive_while_filtered(model: CatalogModel) -> None:
    model.set_filter("night")
    more: tuple[CatalogTrack, ...] = (
        *ROWS,
        make_track(id=5, name="Night Shift", plays=10_000),
        make_track(id=6, name="Daylight", plays=20_000),
    )
    model.set_rows(more)
    assert shown_ids(model) == [5, 4, 1]
    assert model.total == 6 and model.row_of(6) is None and model.row_of(5) == 0
