"""A searchable country box: pick from the list or type (names, aliases, codes, accents
optional); the popup lists only the countries matching what is typed.

Items show the country's flag where the font can draw flag emoji. The stored value is the
country's canonical name (``profile.country``); text that is not a country is stored as typed
(never dropped, so it survives a restart) and the form flags it at the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from studio.core import countries
from studio.ui.models.countries import (
    NO_COUNTRY_LABEL,
    CountryFilterModel,
    CountryListModel,
    font_has_flags,
)

NO_COUNTRY = ""
_REGIONAL = range(0x1F1E6, 0x1F200)


class CountryCombo(QComboBox):
    """Editable, searchable country list. ``committed(value)`` carries what to store: the
    canonical name, "" for none, or the text as typed when it is not a country.

    ``rejected`` is no longer emitted (unlisted text is committed as typed); it stays until
    the profile form stops connecting to it."""

    committed = Signal(str)
    rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.countries = CountryListModel(flags=font_has_flags(self.fontMetrics()), parent=self)
        self.flags = self.countries.show_flags
        self.setModel(self.countries)
        self.matching = CountryFilterModel(self.countries, self)
        completer = QCompleter(self.matching, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type to search, e.g. Canada or USA")
        line.setAccessibleName("Country")
        line.textEdited.connect(self._type_ahead)
        line.editingFinished.connect(self.commit)
        self.activated.connect(lambda _index: self.commit())

    def _type_ahead(self, text: str) -> None:
        self.matching.set_query(text)
        completer = self.completer()
        if completer is not None and text.strip() and self.matching.rowCount() > 0:
            completer.complete()

    def text_value(self) -> str:
        """What the box shows (a pasted leading flag emoji left out)."""
        text = self.currentText().strip()
        while text and ord(text[0]) in _REGIONAL:
            text = text[1:]
        return text.strip()

    def show_country(self, name: str) -> None:
        """Show ``name`` (a stored value; shown as is even when not in the list)."""
        row = self.countries.row_of(name)
        self.blockSignals(True)
        if row >= 0:
            self.setCurrentIndex(row)
            if not name:
                self.setEditText("")
        else:
            self.setCurrentIndex(-1)
            self.setEditText(name)
        self.blockSignals(False)
        self.matching.set_query("")

    def commit(self) -> None:
        """Turn what is shown into the value to store: a canonical name, "" for none, or
        the typed text when it is not a country (kept, and flagged by the form)."""
        text = self.text_value()
        if text in ("", NO_COUNTRY_LABEL):
            self.committed.emit(NO_COUNTRY)
            return
        name = countries.canonical_name(text)
        if name is None:
            self.committed.emit(text)
            return
        self.show_country(name)
        self.committed.emit(name)
