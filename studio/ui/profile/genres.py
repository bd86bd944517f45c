"""Genre chips with type-ahead: common genres plus the draft's own, custom values allowed.

Enter (or a comma) adds what is typed; each chip has a remove button (Space/Enter/Delete on
it); Backspace in the empty input removes the last chip. Changes go through the document
(``add_genre`` / ``remove_genre``), one undo step each.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.bidi import neutralise
from studio.core.drafts import genre_key
from studio.core.limits import GENRE_NAME, GENRES_MAX
from studio.core.text import clip, hidden_note
from studio.document import DraftDocument
from studio.ui.flow_layout import FlowLayout
from studio.ui.profile.widgets import plain_label, set_invalid, style_message

Errors = dict[str, list[str]]
CHIP_CHARS = GENRE_NAME.max_len + 10  # longer names are shown cut (and flagged as too long)

COMMON_GENRES = (
    "Afrobeats",
    "Amapiano",
    "Ambient",
    "Boom Bap",
    "Dancehall",
    "Drill",
    "Drum & Bass",
    "EDM",
    "Electronic",
    "Funk",
    "Gospel",
    "Hip-Hop",
    "House",
    "Jazz",
    "Jersey Club",
    "Latin",
    "Lo-Fi",
    "Phonk",
    "Pop",
    "R&B",
    "Rage",
    "Reggaeton",
    "Rock",
    "Soul",
    "Synthwave",
    "Techno",
    "Trap",
    "UK Garage",
)


class GenreChip(QFrame):
    """One genre: its name as plain text and a remove button."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("genreChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#genreChip { border: 1px solid palette(mid); border-radius: 11px; "
            "background: palette(button); }"  # the fill keeps chips visible on a dark window
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        shown = neutralise(clip(name, CHIP_CHARS))  # any length, hidden characters as marks
        self.label = plain_label(shown, wrap=False)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove.setAccessibleName(f"Remove genre {shown}")
        self.remove.setToolTip(f"Remove “{shown}” (Delete)")
        layout.addWidget(self.label)
        layout.addWidget(self.remove)


class GenreEditor(QWidget):
    """Edits the ``genres`` field of a producer-profile document."""

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setAccessibleName("Genres")
        self.chips: list[GenreChip] = []
        self.on_chips_rebuilt: Callable[[], None] = lambda: None  # the form fixes Tab order
        self._errors: Errors = {}
        self._input_error = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.chip_area = QWidget()
        self.flow = FlowLayout(self.chip_area, 6)
        layout.addWidget(self.chip_area)
        self.input = QLineEdit()
        self.input.setAccessibleName("Add a genre")
        self.input.setPlaceholderText("Type a genre and press Enter, e.g. Trap")
        self.input.setToolTip(
            "Pick a suggestion or type your own genre; Enter or a comma adds it. "
            "Backspace in the empty box removes the last genre."
        )
        self.model = QStringListModel(self)
        completer = QCompleter(self.model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._completed)
        self.input.setCompleter(completer)
        self.input.returnPressed.connect(self.add_typed)
        self.input.textEdited.connect(self._typing)
        self.input.installEventFilter(self)
        layout.addWidget(self.input)
        self.message = plain_label()
        self.message.setAccessibleName("Genres message")
        layout.addWidget(self.message)
        doc.changed.connect(self._changed)
        self.refresh()

    def _changed(self, field: str) -> None:
        if field == "genres":
            self.refresh()

    def refresh(self) -> None:
        genres: list[str] = self.doc.value("genres")
        if [chip.name for chip in self.chips] != genres:
            had_focus = self.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
            for chip in self.chips:
                self.flow.removeWidget(chip)
                chip.hide()
                chip.deleteLater()
            self.chips = []
            for name in genres:
                chip = GenreChip(name, self.chip_area)
                chip.remove.clicked.connect(lambda _=False, n=name: self.remove(n))
                chip.remove.installEventFilter(self)
                self.flow.addWidget(chip)
                self.chips.append(chip)
            self.chip_area.setVisible(bool(genres))
            self.chip_area.updateGeometry()
            self.on_chips_rebuilt()  # new chips: back in their place in the Tab order
            if had_focus and not self.input.hasFocus():
                self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        known = {genre_key(g) for g in genres}
        self.model.setStringList(
            [g for g in dict.fromkeys([*COMMON_GENRES, *genres]) if genre_key(g) not in known]
        )
        full = len(genres) >= GENRES_MAX
        self.input.setEnabled(not full or bool(self.input.text()))
        self.input.setPlaceholderText(
            f"{GENRES_MAX} of {GENRES_MAX} genres — remove one to add another"
            if full
            else "Type a genre and press Enter, e.g. Trap"
        )
        self._show_messages()

    # --- commands ------------------------------------------------------------------------

    def add_typed(self) -> None:
        for part in self.input.text().split(","):
            if part.strip() and not self._add(part.strip()):
                self.input.setText(part.strip())  # keep what could not be added
                return
        self.input.clear()
        self._input_error = ""
        self._show_messages()

    def _completed(self, text: str) -> None:
        if self._add(text):
            self.input.clear()

    def _typing(self, text: str) -> None:
        if "," in text:
            self.add_typed()
            return
        self._input_error = ""
        if len(text.strip()) > GENRE_NAME.max_len:
            self._input_error = (
                f"A genre can have at most {GENRE_NAME.max_len} characters "
                f"(this one has {len(text.strip())})."
            )
        self._show_messages()

    def _add(self, name: str) -> bool:
        genres: list[str] = self.doc.value("genres")
        same = next((g for g in genres if genre_key(g) == genre_key(name)), None)
        if same is not None:
            also = (
                ""
                if same == name
                else f" (as “{clip(same, CHIP_CHARS)}”: BeatPass counts them as one)"
            )
            self._input_error = f"“{clip(name, CHIP_CHARS)}” is already in your genres{also}."
        elif len(genres) >= GENRES_MAX:
            self._input_error = f"You can list at most {GENRES_MAX} genres. Remove one first."
        elif len(name) > GENRE_NAME.max_len:
            self._input_error = f"A genre can have at most {GENRE_NAME.max_len} characters."
        else:
            self._input_error = ""
            self.doc.add_genre(name)
            return True
        self._show_messages()
        return False

    def remove(self, name: str) -> None:
        self.doc.remove_genre(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.input and key == Qt.Key.Key_Backspace and not self.input.text():
                if self.chips:
                    self.remove(self.chips[-1].name)
                return True
            for chip in self.chips:
                if watched is chip.remove and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    self.remove(chip.name)
                    return True
        return super().eventFilter(watched, event)

    # --- errors ---------------------------------------------------------------------------

    def set_errors(self, errors: Errors) -> None:
        """Errors whose keys start with ``genres`` (``genres``, ``genres.N``)."""
        self._errors = {k: list(v) for k, v in errors.items()}
        self._show_messages()

    def _show_messages(self) -> None:
        messages: list[str] = []
        bad = set()
        for key, values in self._errors.items():
            parts = key.split(".")
            if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(self.chips):
                bad.add(int(parts[1]))
                name = self.chips[int(parts[1])].name
                messages += [f"“{name[:60]}”: {m}" for m in values]
            else:
                messages += values
        for i, chip in enumerate(self.chips):
            set_invalid(chip.label, i in bad)
        for chip in self.chips:
            note = hidden_note(chip.name)
            if note:
                messages.append(f"Genre “{chip.label.text()}”: {note}")
        if self._input_error:
            messages.append(self._input_error)
        set_invalid(self.input, bool(self._input_error))
        messages = list(dict.fromkeys(messages))
        count = len(self.chips)
        hint = f"{count} of {GENRES_MAX} genres."
        self.message.setText("\n".join(messages) if messages else hint)
        style_message(self.message, "error" if messages else "hint")
        self.input.setAccessibleDescription(" ".join(messages))

    def focus_key(self, key: str) -> bool:
        parts = key.split(".")
        if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(self.chips):
            self.chips[int(parts[1])].remove.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_chain(self) -> list[QWidget]:
        return [*(chip.remove for chip in self.chips), self.input]
