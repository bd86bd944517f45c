"""A searchable country box: pick from the list or type (names, aliases, codes); free text
that is not a country is never stored silently, it gets a clear error at the field.

Items show the country's flag where the font can draw flag emoji; the stored value is
always the country's name (``profile.country``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from studio.core import countries

NO_COUNTRY = ""


def font_has_flags(metrics: QFontMetrics) -> bool:
    """Whether the font (with its fallbacks) draws regional-indicator letters as flags."""
    return all(metrics.inFontUcs4(0x1F1E6 + i) for i in (2, 0))  # "C", "A"


class CountryCombo(QComboBox):
    """Editable, searchable country list. ``committed(name)`` carries the canonical name ("" for
    none); ``rejected(text)`` the text that is not a country."""

    committed = Signal(str)
    rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.flags = font_has_flags(self.fontMetrics())
        self.addItem("— No country —", NO_COUNTRY)
        for country in countries.COUNTRIES:
            label = f"{country.flag}  {country.name}" if self.flags else country.name
            self.addItem(label, country.name)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type to search, e.g. Canada")
        line.setAccessibleName("Country")
        line.editingFinished.connect(self.commit)
        self.activated.connect(lambda _index: self.commit())

    def text_value(self) -> str:
        """What the box shows, without the flag."""
        text = self.currentText().strip()
        if self.flags and text[:1] and 0x1F1E6 <= ord(text[0]) <= 0x1F1FF:
            text = text[2:].strip()
        return text

    def show_country(self, name: str) -> None:
        """Show ``name`` (a stored value; shown as is even when not in the list)."""
        index = self.findData(name) if name else 0
        self.blockSignals(True)
        if index >= 0:
            self.setCurrentIndex(index)
            if not name:
                self.setEditText("")
        else:
            self.setCurrentIndex(-1)
            self.setEditText(name)
        self.blockSignals(False)

    def commit(self) -> None:
        """Turn what is shown into a stored name (or a rejection)."""
        text = self.text_value()
        if text in ("", "— No country —"):
            self.committed.emit(NO_COUNTRY)
            return
        name = countries.canonical_name(text)
        if name is None:
            self.rejected.emit(text)
            return
        self.show_country(name)
        self.committed.emit(name)
