"""Very long values in the profile editors: a plain-text editor that does not lay out a huge
paste, and the notice that stands in for an editor whose value is too long to edit keystroke
by keystroke (issue 7.4: a 255,000-character value laid out on every key froze the window)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.bidi import neutralise
from studio.core.text import clip
from studio.ui.theme import error_colour

EXCERPT_CHARS = 300  # how much of a too-long value the notice shows


def _label(text: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label


class PlainTextField(QPlainTextEdit):
    """A plain-text editor that does not lay out a paste making its text longer than
    ``limit``: the text it would have become goes to ``oversized`` instead (the form stores it
    and shows the too-long notice)."""

    oversized = Signal(str)

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt override)
        pasted = source.text() if source.hasText() else ""
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        length = self.document().characterCount() - 1  # UTF-16 units, like the positions
        if length - (end - start) + len(pasted.encode("utf-16-le")) // 2 <= self.limit:
            super().insertFromMimeData(source)
            return
        units = self.toPlainText().encode("utf-16-le")
        text = units[: 2 * start] + pasted.encode("utf-16-le") + units[2 * end :]
        self.oversized.emit(text.decode("utf-16-le"))


class TooLongNotice(QFrame):
    """Stands in for an editor whose value is longer than it can edit keystroke by keystroke:
    says how long it is, shows its start, and offers to keep the first ``max_len``
    characters (one undo step) or to copy the whole text."""

    def __init__(self, noun: str, max_len: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = noun
        self.max_len = max_len
        self.value = ""
        self.setObjectName("tooLong")
        self.setAccessibleName(f"{noun.capitalize()} too long to edit")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.text = _label()
        self.text.setAccessibleName(f"{noun.capitalize()} length")
        self.excerpt = _label()
        self.excerpt.setAccessibleName(f"Start of the {noun}")
        self.excerpt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.keep = QPushButton(f"Keep the first {max_len:,} characters")
        self.keep.setAccessibleName(f"Keep the first {max_len:,} characters of the {noun}")
        self.keep.setToolTip("Shortens the text in your draft; Undo brings the rest back.")
        self.copy = QPushButton("Copy the whole text")
        self.copy.setAccessibleName(f"Copy the whole {noun}")
        self.copy.clicked.connect(self._copy)
        buttons.addWidget(self.keep)
        buttons.addWidget(self.copy)
        buttons.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.excerpt)
        layout.addLayout(buttons)
        colour = error_colour(self.palette())
        self.setStyleSheet(f"QFrame#tooLong {{ border: 2px solid {colour}; border-radius: 3px; }}")

    def show_value(self, value: str) -> None:
        self.value = value
        self.text.setText(
            f"This {self.noun} is {len(value):,} characters long; BeatPass allows "
            f"{self.max_len:,}. Text this long can't be edited here: keep the first "
            f"{self.max_len:,} characters, or copy the whole text and shorten it elsewhere."
        )
        self.excerpt.setText(neutralise(clip(value, EXCERPT_CHARS), multiline=True))

    def _copy(self) -> None:
        clipboard = QApplication.clipboard()
        clipboard.setText(self.value)

    def buttons(self) -> list[QWidget]:
        return [self.keep, self.copy]
