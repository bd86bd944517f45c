"""A searchable country box: pick from the list or type (names, aliases, codes, accents
optional); the popup lists only the countries matching what is typed.

Items show the country's flag where the font can draw flag emoji. The stored value is the
country's canonical name (``profile.country``); text that is not a country is stored as typed
(never dropped, so it survives a restart) and the form flags it at the field.

Why a finished edit is committed one event-loop turn later: with the completer popup open,
QCompleter hands Return/Tab to the line edit *first* (which emits ``editingFinished`` with
whatever the box shows: the typed "Bra", or the highlighted "Brazil") and only then emits
``activated(index)``, which QComboBox maps through the filter model to a row. Committing
straight from ``editingFinished`` stored a transient value, and the filter reset it caused left
the completer's index pointing at another row ("— No country —": the country became empty).
Deferred, the pick lands first and the late commit sees the same value, so one pick is one
commit, and the filter is never touched while a pick is being applied.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from studio.core import countries
from studio.core.text import clip
from studio.ui.models.countries import (
    NO_COUNTRY_LABEL,
    CountryFilterModel,
    CountryListModel,
    font_has_flags,
)

NO_COUNTRY = ""
SHOWN_CHARS = 300  # a longer stored value (never a country) is shown cut, and left alone
_REGIONAL = range(0x1F1E6, 0x1F200)


class CountryCombo(QComboBox):
    """Editable, searchable country list. ``committed(value)`` carries what to store: the
    canonical name, "" for none, or the text as typed when it is not a country. It is emitted
    once per change: never for the value already shown (see :meth:`show_country`).

    ``countries``: a list model to share with other boxes (the flags are drawn once for
    all of them); without one, the box makes its own."""

    committed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, countries: CountryListModel | None = None
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.countries = countries or CountryListModel(
            flags=font_has_flags(self.fontMetrics()), parent=self
        )
        self.flags = self.countries.show_flags
        self.setModel(self.countries)
        self.matching = CountryFilterModel(self.countries, self)
        completer = QCompleter(self.matching, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._shown: str | None = None  # the value shown or last committed (None: not yet)
        self._clipped = ""  # what the box shows for a stored value too long to show whole
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type to search, e.g. Canada or USA")
        line.setAccessibleName("Country")
        line.textEdited.connect(self._type_ahead)
        line.editingFinished.connect(self._editing_finished)
        self.activated.connect(lambda _index: self.commit())  # a pick: the list or the popup

    def _type_ahead(self, text: str) -> None:
        self.matching.set_query(text)
        completer = self.completer()
        if completer is not None and text.strip() and self.matching.rowCount() > 0:
            completer.complete()

    def _editing_finished(self) -> None:
        """Return, Tab or focus out: commit after a popup pick (if any) has landed."""
        QTimer.singleShot(0, self, self.commit)

    def text_value(self) -> str:
        """What the box shows (a pasted leading flag emoji left out)."""
        text = self.currentText().strip()
        while text and ord(text[0]) in _REGIONAL:
            text = text[1:]
        return text.strip()

    def show_country(self, name: str) -> None:
        """Show ``name`` (a stored value; shown as is even when not in the list). The type-ahead
        filter is left alone: the next keystroke sets it (changing it here could move the row
        a popup pick is being mapped to)."""
        self._shown = name
        self._clipped = ""
        row = self.countries.row_of(name) if len(name) <= SHOWN_CHARS else -1
        self.blockSignals(True)
        if row >= 0:
            self.setCurrentIndex(row)
            if not name:
                self.setEditText("")
        else:
            self.setCurrentIndex(-1)
            self._clipped = clip(name, SHOWN_CHARS) if len(name) > SHOWN_CHARS else ""
            self.setEditText(self._clipped or name)
        self.blockSignals(False)

    def commit(self) -> None:
        """Turn what is shown into the value to store: a canonical name, "" for none, or
        the typed text when it is not a country (kept, and flagged by the form). Emits
        ``committed`` only when that differs from the value already shown."""
        if self._clipped and self.currentText() == self._clipped:
            return  # a long stored value, shown cut and not edited: keep it whole
        text = self.text_value()
        previous = self._shown
        if text in ("", NO_COUNTRY_LABEL):
            value = NO_COUNTRY
            self.show_country(value)
        elif (name := countries.canonical_name(text)) is not None:
            value = name
            self.show_country(value)  # "usa" reads "United States"
        else:
            value = self._shown = text  # not a country: kept as typed
        if value != previous:
            self.committed.emit(value)
