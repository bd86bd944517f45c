"""Small building blocks of the profile editors: plain-text labels, a field box with its
message line and character count.

Every label here shows text as plain text (``Qt.PlainText``): what a user or the server
typed is never rendered as markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.ui.theme import error_colour


def plain_label(text: str = "", *, wrap: bool = True, role: str = "") -> QLabel:
    """A label that shows ``text`` exactly as typed (never markup, never links)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)
    return label


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Red border on an editor that holds an error (and nothing extra when it does not)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    if invalid:
        colour = error_colour(widget.palette())
        name = type(widget).__name__
        widget.setStyleSheet(
            f"{name} {{ border: 2px solid {colour}; border-radius: 3px; padding: 1px; }}"
        )
    else:
        widget.setStyleSheet("")


def style_message(label: QLabel, kind: str) -> None:
    """Colour a message label: ``error`` (red), ``warning`` (bold) or ``hint`` (plain)."""
    if kind == "error":
        label.setStyleSheet(f"color: {error_colour(label.palette())};")
    elif kind == "warning":
        label.setStyleSheet("font-weight: 600;")
    else:
        label.setStyleSheet("")


class FieldBox(QWidget):
    """An editor with, under it, its messages: errors (red, editor gets a red border), else the
    hint; and a character count when ``max_len`` is given (red when over)."""

    def __init__(
        self,
        editor: QWidget,
        *,
        hint: str = "",
        max_len: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.hint = hint
        self.max_len = max_len
        self._errors: list[str] = []
        self._base_description = editor.accessibleDescription()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.message = plain_label(hint)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # wrapped lines get their height: nothing overlaps
        self.message.setSizePolicy(policy)
        self.message.setVisible(bool(hint))
        self.count = plain_label(wrap=False)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.count.setVisible(max_len is not None)
        row.addWidget(self.message, 1)
        row.addWidget(self.count, 0)
        layout.addLayout(row)
        self.message.setAccessibleName(f"{editor.accessibleName()} message")
        self.count.setAccessibleName(f"{editor.accessibleName()} character count")

    def errors(self) -> list[str]:
        return list(self._errors)

    def set_errors(self, messages: list[str]) -> None:
        self._errors = list(dict.fromkeys(messages))
        set_invalid(self.editor, bool(self._errors))
        if self._errors:
            self.message.setText("\n".join(self._errors))
            style_message(self.message, "error")
            self.message.setVisible(True)
            self.editor.setAccessibleDescription("Error: " + " ".join(self._errors))
        else:
            self.message.setText(self.hint)
            style_message(self.message, "hint")
            self.message.setVisible(bool(self.hint))
            self.editor.setAccessibleDescription(self._base_description)

    def update_count(self, length: int) -> None:
        if self.max_len is None:
            return
        self.count.setText(f"{length:,} / {self.max_len:,}")
        over = length > self.max_len
        style_message(self.count, "error" if over else "hint")
        self.count.setToolTip(
            f"{length - self.max_len:,} characters too many" if over else "Characters used"
        )
