"""The profile page's "go to field" box: type part of a field's name, pick it, and the page
focuses that field (Ctrl+F puts the cursor here)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

WIDEST = 320


class FieldFinder(QLineEdit):
    """A line edit completing the page's field names; ``fieldChosen(name)`` when one is
    picked from the list or Enter is pressed on what was typed."""

    fieldChosen = Signal(str)  # noqa: N815 (Qt signal naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Go to field")
        self.setPlaceholderText("Go to field… (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(WIDEST)
        hint = self.fontMetrics().horizontalAdvance(self.placeholderText())
        self.setMinimumWidth(min(WIDEST, hint + 48))  # the whole hint, with the clear button
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.returnPressed.connect(lambda: self._chosen(self.text()))

    def set_names(self, names: list[str]) -> None:
        """The field names it completes ("City (Producer profile)", …)."""
        self._names.setStringList(names)

    def start(self) -> None:
        """Ctrl+F: the cursor here, what was typed selected."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def _chosen(self, name: str) -> None:
        self.fieldChosen.emit(name)
