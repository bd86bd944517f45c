"""The country list model and its type-ahead filter under ``QAbstractItemModelTester``; the
country box built on them keeps unlisted text (stored, flagged, still there after a
restart)."""

from __future__ import annotations

from typing import Any

import pytest
from profile_helpers import POPUP_WARNINGS, WAIT_MS, open_page, session_for
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.core import countries
from studio.core.drafts import ARTIST
from studio.ui.models import (
    CODE_ROLE,
    FLAG_ROLE,
    NAME_ROLE,
    CountryFilterModel,
    CountryListModel,
)
from studio.ui.profile.country import CountryCombo

pytestmark = POPUP_WARNINGS
WARN = QAbstractItemModelTester.FailureReportingMode.Warning  # a warning fails the test


@pytest.mark.parametrize("flags", [True, False])
def test_country_model_passes_the_model_tester(
    qapp: QApplication, qtmodeltester: Any, flags: bool
) -> None:
    model = CountryListModel(flags=flags)
    qtmodeltester.check(model)
    tester = QAbstractItemModelTester(model, WARN)
    assert model.rowCount() == len(countries.COUNTRIES) + 1
    none = model.index(0)
    assert none.data() == "— No country —" and none.data(CODE_ROLE) == ""
    row = model.row_of("Canada")
    canada = model.index(row)
    assert canada.data() == "Canada" and canada.data(CODE_ROLE) == "CA"
    assert canada.data(NAME_ROLE) == "Canada"
    assert canada.data(FLAG_ROLE) == ("🇨🇦" if flags else "")
    decoration = canada.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(decoration, QIcon) if flags else decoration is None
    model.set_countries([countries.lookup("ca"), countries.lookup("fr")])  # type: ignore[list-item]
    assert model.rowCount() == 3 and model.index(2).data() == "France"
    assert model.row_of("Canada") == 1 and model.row_of("Atlantis") == -1
    assert model.rowCount(model.index(1)) == 0  # a list: no children
    del tester


def test_filter_finds_names_aliases_and_codes(qapp: QApplication, qtmodeltester: Any) -> None:
    source = CountryListModel(flags=False)
    proxy = CountryFilterModel(source)
    qtmodeltester.check(proxy)
    tester = QAbstractItemModelTester(proxy, WARN)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    assert len(shown()) == source.rowCount()
    proxy.set_query("usa")
    assert shown() == ["United States"]
    proxy.set_query("cote")
    assert shown() == ["Côte d'Ivoire"]
    proxy.set_query("kingdom")
    assert shown() == ["United Kingdom"]
    proxy.set_query("atlantis")
    assert shown() == []
    proxy.set_query("")
    assert shown()[0] == "— No country —"
    source.set_countries(countries.COUNTRIES[:5])  # a reset through the proxy
    assert proxy.rowCount() == 6
    del tester


def test_combo_types_ahead_and_keeps_unlisted_text(qtbot: QtBot) -> None:
    combo = CountryCombo()
    qtbot.addWidget(combo)
    stored: list[str] = []
    combo.committed.connect(stored.append)
    line = combo.lineEdit()
    assert line is not None and line.accessibleName() == "Country"
    qtbot.keyClicks(line, "holl")
    assert [combo.matching.index(r, 0).data() for r in range(combo.matching.rowCount())] == [
        "Netherlands"
    ]
    combo.commit()
    assert stored == ["holl"]  # no country, but kept as typed (the form flags it)
    assert combo.text_value() == "holl"
    combo.setEditText("Holland")
    combo.commit()
    assert stored[-1] == "Netherlands" and combo.text_value() == "Netherlands"
    combo.setEditText("Atlantis")
    combo.commit()
    assert stored[-1] == "Atlantis" and combo.text_value() == "Atlantis"
    combo.show_country("Atlantis")
    assert combo.currentIndex() == -1 and combo.text_value() == "Atlantis"
    combo.show_country("")
    assert combo.currentIndex() == 0 and combo.text_value() == ""
    combo.setEditText("🇨🇦 Canada")  # a pasted flag
    combo.commit()
    assert stored[-1] == "Canada"


class _CountryBox:
    """A country box with the focus in a shown window, driven as a user does: keys go to
    the completer popup while it is open (it grabs the keyboard on a real display)."""

    def __init__(self, qtbot: QtBot, shown: str = "Canada") -> None:
        self.qtbot = qtbot
        self.window = QWidget()
        qtbot.addWidget(self.window)
        layout = QVBoxLayout(self.window)
        self.combo = CountryCombo()
        self.other = QLineEdit()
        layout.addWidget(self.combo)
        layout.addWidget(self.other)
        self.combo.show_country(shown)
        self.stored: list[str] = []
        self.combo.committed.connect(self.stored.append)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)
        line = self.combo.lineEdit()
        assert line is not None
        self.line = line
        line.setFocus(Qt.FocusReason.MouseFocusReason)
        line.selectAll()

    @property
    def popup(self) -> QAbstractItemView:
        completer = self.combo.completer()
        assert completer is not None
        popup = completer.popup()
        assert popup is not None
        return popup

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.line, text)

    def key(self, key: Qt.Key) -> None:
        """A key where the user's key lands: the popup while it is open, else the box."""
        self.qtbot.keyClick(self.popup if self.popup.isVisible() else self.line, key)

    def settle(self) -> None:
        """Let the deferred commit of a finished edit run."""
        for _ in range(3):
            QApplication.processEvents()


def test_picking_from_the_popup_with_the_keyboard_commits_the_pick_once(qtbot: QtBot) -> None:
    box = _CountryBox(qtbot)
    box.type("Bra")
    assert box.popup.isVisible()
    box.key(Qt.Key.Key_Down)  # highlights Brazil (and shows it in the box)
    box.key(Qt.Key.Key_Return)
    box.settle()
    # before: "Brazil" from editingFinished, then "" (a stale popup index read as "no country")
    assert box.stored == ["Brazil"]
    assert box.combo.text_value() == "Brazil"
    assert box.combo.currentIndex() == box.combo.countries.row_of("Brazil")
    box.other.setFocus()  # leaving the box later commits nothing more
    box.settle()
    assert box.stored == ["Brazil"]


def test_clicking_a_popup_row_commits_that_country_once(qtbot: QtBot) -> None:
    box = _CountryBox(qtbot)
    box.type("Bra")
    popup = box.popup
    rows = [popup.model().index(r, 0) for r in range(popup.model().rowCount())]
    gibraltar = next(i for i in rows if i.data() == "Gibraltar")
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(gibraltar).center()
    )
    box.settle()
    assert box.stored == ["Gibraltar"]
    assert box.combo.text_value() == "Gibraltar"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_typing_a_whole_name_then_enter_or_tab_commits_once(qtbot: QtBot, key: Qt.Key) -> None:
    box = _CountryBox(qtbot)
    box.type("usa")
    box.key(key)
    box.settle()
    box.other.setFocus()
    box.settle()
    assert box.stored == ["United States"]
    assert box.combo.text_value() == "United States"


def test_enter_on_the_first_match_stores_no_transient_text(qtbot: QtBot) -> None:
    """The ordering fixed: with the popup open QCompleter hands Return to the line edit
    (``editingFinished`` while the box still shows "Bra") before it emits
    ``activated(index)`` for the first match. Before, "Bra" was committed first (an undo step
    with a value that is not a country), then "Brazil"; now the commit waits for the pick."""
    box = _CountryBox(qtbot)
    box.type("Bra")
    at_finish: list[list[str]] = []
    box.line.editingFinished.connect(lambda: at_finish.append(list(box.stored)))
    box.key(Qt.Key.Key_Return)  # nothing highlighted: the completer's current row is Brazil
    box.settle()
    assert at_finish == [[]]  # nothing stored while the box showed "Bra"
    assert box.stored == ["Brazil"]


def test_unlisted_text_and_enter_is_kept_as_typed_once(qtbot: QtBot) -> None:
    box = _CountryBox(qtbot)
    box.type("Atlantis")
    assert not box.popup.isVisible()
    box.key(Qt.Key.Key_Return)
    box.settle()
    box.other.setFocus()
    box.settle()
    assert box.stored == ["Atlantis"]  # kept (the form flags it)
    assert box.combo.text_value() == "Atlantis"


def test_unlisted_country_survives_a_restart(qtbot: QtBot, make_ctx: Any, sandbox: Any) -> None:
    session = session_for(sandbox)
    page = open_page(qtbot, make_ctx(), session)
    form = page.form(ARTIST)
    assert form is not None and form.country is not None
    form.country.setEditText("Atlantis")
    form.country.commit()
    document = page.document(ARTIST)
    assert document is not None and document.value("country") == "Atlantis"
    assert any("not in the country list" in m for m in form.boxes["profile.country"].errors())
    document.flush()
    qtbot.waitUntil(lambda: document.is_saved, timeout=WAIT_MS)
    page.close()

    again = open_page(qtbot, make_ctx(), session)  # restart on the same store file
    form2 = again.form(ARTIST)
    assert form2 is not None and form2.country is not None
    doc2 = again.document(ARTIST)
    assert doc2 is not None and doc2.value("country") == "Atlantis"
    assert form2.country.text_value() == "Atlantis"
    assert any("not in the country list" in m for m in form2.boxes["profile.country"].errors())


def test_flags_are_drawn_only_for_rows_painted(qtbot: QtBot) -> None:
    """Sizing and laying out a country box asks for every row's icon; only the rows a view
    paints draw their flag (issue 12: ~250 flags were drawn per box)."""
    model = CountryListModel(flags=True)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    combos = [CountryCombo(countries=model) for _ in range(2)]  # one list for both boxes
    for combo in combos:
        layout.addWidget(combo)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    holder.grab()
    assert len(model.flags_drawn) <= 2  # at most the rows shown in the boxes
    combos[0].showPopup()
    view = combos[0].view()
    qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
    view.viewport().grab()
    drawn = len(model.flags_drawn)
    assert 0 < drawn <= combos[0].maxVisibleItems() + 2  # the rows in sight, not ~250
    assert len(set(model.flags_drawn)) == drawn  # each flag drawn once
    combos[0].hidePopup()
