"""Small building blocks of the profile editors: plain-text labels, a field box with its
message line and character count, and what stands in for an editor whose value is too long
to edit keystroke by keystroke.

Every label here shows text as plain text (``Qt.PlainText``): what a user or the server
typed is never rendered as markup.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.core.text import clip
from studio.ui.theme import error_colour

EXCERPT_CHARS = 300  # how much of a too-long value the notice shows


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
    colour = error_colour(label.palette()) if kind == "error" else ""
    if label.property("message_kind") == kind + colour:
        return  # a style sheet set again re-polishes the label: on every keystroke, it adds up
    label.setProperty("message_kind", kind + colour)
    if kind == "error":
        label.setStyleSheet(f"color: {colour};")
    elif kind == "warning":
        label.setStyleSheet("font-weight: 600;")
    else:
        label.setStyleSheet("")


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
        self.text = plain_label()
        self.text.setAccessibleName(f"{noun.capitalize()} length")
        self.excerpt = plain_label()
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
        self.excerpt.setText(clip(value, EXCERPT_CHARS))

    def _copy(self) -> None:
        clipboard = QApplication.clipboard()
        clipboard.setText(self.value)

    def buttons(self) -> list[QWidget]:
        return [self.keep, self.copy]


class FieldBox(QWidget):
    """An editor with, under it, its messages: errors (red, editor gets a red border), else the
    hint; and a character count when ``max_len`` is given (red when over).

    With ``limit`` (the field's maximum length), a value longer than ``edit_limit`` does not
    go into the editor: :meth:`accepts` swaps the editor for a :class:`TooLongNotice`.
    """

    def __init__(
        self,
        editor: QWidget,
        *,
        hint: str = "",
        max_len: int | None = None,
        limit: int | None = None,
        edit_limit: int | None = None,
        noun: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.hint = hint
        self.max_len = max_len
        self.limit = limit
        self.edit_limit = edit_limit
        self.noun = noun or editor.accessibleName().lower()
        self.notice: TooLongNotice | None = None
        self._errors: list[str] = []
        self._base_description = editor.accessibleDescription()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        if limit is not None:
            self.notice = TooLongNotice(self.noun, limit)
            self.notice.hide()
            layout.addWidget(self.notice)
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

    @property
    def too_long(self) -> bool:
        """True while the value is too long to edit (the notice stands in for the editor)."""
        return self.notice is not None and not self.notice.isHidden()

    def accepts(self, value: str) -> bool:
        """Whether ``value`` goes into the editor. When it is longer than ``edit_limit`` the
        editor is hidden and the too-long notice shows the value instead (False)."""
        notice = self.notice
        fits = self.edit_limit is None or len(value) <= self.edit_limit
        if notice is None:
            return True
        if not fits:
            notice.show_value(value)
        if fits == self.too_long:  # the editor and the notice change places
            focus = QApplication.focusWidget()
            moving = focus is not None and self.isAncestorOf(focus)
            self.editor.setVisible(fits)
            notice.setVisible(not fits)
            if moving:
                (self.editor if fits else notice.keep).setFocus(Qt.FocusReason.OtherFocusReason)
        return fits

    def focus_widgets(self) -> list[QWidget]:
        """The editor, then the notice's buttons (Tab skips whichever is hidden)."""
        return [self.editor, *(self.notice.buttons() if self.notice is not None else [])]

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
