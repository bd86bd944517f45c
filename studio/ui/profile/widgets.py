"""Small building blocks of the profile editors: plain-text labels and a field box with its
message line, character count and, for text fields, what stands in for a value too long to
edit (:mod:`long_text`) and the offer to remove hidden characters.

Every label here shows text as plain text (``Qt.PlainText``): what a user or the server
typed is never rendered as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.ui.profile.long_text import TooLongNotice
from studio.ui.style import set_role
from studio.ui.theme import error_colour


def plain_label(text: str = "", *, wrap: bool = True, role: str = "") -> QLabel:
    """A label that shows ``text`` exactly as typed (never markup, never links)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        set_role(label, role)
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


def _chain_after(anchor: QWidget, widgets: list[QWidget]) -> None:
    """Put ``widgets`` (made later than ``anchor``) right after it in the Tab order."""
    for widget in widgets:
        QWidget.setTabOrder(anchor, widget)
        anchor = widget


class FieldBox(QWidget):
    """An editor with, under it, its messages: errors (red, editor gets a red border), else
    warnings (bold), else the hint; and a character count when ``max_len`` is given (red when
    over).

    With ``limit`` (the field's maximum length), a value longer than ``edit_limit`` does not
    go into the editor: :meth:`accepts` swaps the editor for a :class:`TooLongNotice`
    (``on_keep`` runs for its "Keep the first N characters"). With ``on_clean``, a warning
    comes with a "Remove hidden characters" button (``clean``).
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
        on_keep: Callable[[], None] | None = None,
        on_clean: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.hint = hint
        self.max_len = max_len
        self.limit = limit
        self.edit_limit = edit_limit
        self.noun = noun or editor.accessibleName().lower()
        self.notice: TooLongNotice | None = None  # made when first needed (opening is quicker)
        self.clean: QPushButton | None = None  # likewise
        self._on_keep = on_keep
        self._on_clean = on_clean
        self._errors: list[str] = []
        self._warnings: list[str] = []
        self._base_description = editor.accessibleDescription()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addWidget(editor)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.message = plain_label(hint)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # wrapped lines get their height: nothing overlaps
        self.message.setSizePolicy(policy)
        self.count = plain_label(wrap=False)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.message, 1)
        row.addWidget(self.count, 0)
        self._layout.addLayout(row)
        # Hidden once they are children: hiding a widget without a parent hides a window
        # (with the offscreen platform that took the active window's activation away).
        self.message.setVisible(bool(hint))
        self.count.setVisible(max_len is not None)
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
        fits = self.edit_limit is None or self.limit is None or len(value) <= self.edit_limit
        if fits and self.notice is None:
            return True
        notice = self._make_notice()
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

    def _make_notice(self) -> TooLongNotice:
        if self.notice is None:
            assert self.limit is not None
            self.notice = TooLongNotice(self.noun, self.limit)
            self.notice.hide()
            self._layout.insertWidget(1, self.notice)
            if self._on_keep is not None:
                self.notice.keep.clicked.connect(self._on_keep)
            _chain_after(self.editor, self.notice.buttons())
        return self.notice

    def _make_clean(self) -> QPushButton:
        if self.clean is None:
            self.clean = QPushButton("Remove hidden characters")
            self.clean.setAccessibleName(f"Remove hidden characters from the {self.noun}")
            self.clean.setToolTip("One undo step; Undo puts them back.")
            self.clean.hide()
            self._layout.addWidget(self.clean, 0, Qt.AlignmentFlag.AlignLeft)
            if self._on_clean is not None:
                self.clean.clicked.connect(self._on_clean)
            _chain_after(self.focus_widgets()[-2], [self.clean])
        return self.clean

    def focus_widgets(self) -> list[QWidget]:
        """The editor, then the notice's buttons and the clean button, those made so far
        (Tab skips the hidden ones)."""
        widgets = [self.editor, *(self.notice.buttons() if self.notice is not None else [])]
        return widgets + ([self.clean] if self.clean is not None else [])

    def warnings(self) -> list[str]:
        return list(self._warnings)

    def set_warnings(self, messages: list[str]) -> None:
        """Warnings that do not stop publishing (hidden characters); with ``on_clean`` they
        come with a "Remove hidden characters" button."""
        if messages != self._warnings:
            self._warnings = list(messages)
            self._show_messages()
        if self._on_clean is not None and (messages or self.clean is not None):
            self._make_clean().setVisible(bool(messages))

    def set_errors(self, messages: list[str]) -> None:
        errors = list(dict.fromkeys(messages))
        if errors == self._errors and self.message.property("message_kind") is not None:
            return
        self._errors = errors
        set_invalid(self.editor, bool(self._errors))
        self._show_messages()

    def _show_messages(self) -> None:
        if self._errors:
            text, kind, said = self._errors + self._warnings, "error", "Error: "
        elif self._warnings:
            text, kind, said = self._warnings, "warning", "Warning: "
        else:
            text, kind, said = [self.hint] if self.hint else [], "hint", ""
        self.message.setText("\n".join(text))
        style_message(self.message, kind)
        self.message.setVisible(bool(text))
        description = said + " ".join(text) if said else self._base_description
        self.editor.setAccessibleDescription(description)

    def update_count(self, length: int) -> None:
        if self.max_len is None:
            return
        self.count.setText(f"{length:,} / {self.max_len:,}")
        over = length > self.max_len
        style_message(self.count, "error" if over else "hint")
        self.count.setToolTip(
            f"{length - self.max_len:,} characters too many" if over else "Characters used"
        )
