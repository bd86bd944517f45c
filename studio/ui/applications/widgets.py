"""Small building blocks of the Applications section: headings, notes, notices, status chips
and links. Text a person or the server wrote is shown as plain text; only links Studio
builds itself (escaped) are rich text."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from studio.ui.profile.widgets import plain_label
from studio.ui.style import set_role
from studio.ui.theme import error_colour

# Status chips: white text on these has a contrast of at least 5:1, light or dark theme.
STATUS_COLOURS = {
    "pending": "#8a5a00",
    "approved": "#1e7b34",
    "denied": "#b3261e",
    "revoked": "#5f6368",
}


def heading(text: str, role: str = "title") -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    set_role(label, role)  # the role's size (and a title's weight)
    return label


def note(text: str = "", name: str = "") -> QLabel:
    """Wrapped plain text (a person's or the server's words are never markup)."""
    label = plain_label(text)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)  # wrapped lines get their height
    label.setSizePolicy(policy)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    return label


def link_label(text: str, url: str, name: str = "") -> QLabel:
    """A link that opens in the browser (its text escaped)."""
    label = QLabel(f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>')
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setAccessibleName(name or text)
    label.setToolTip(url)
    return label


class Notice(QFrame):
    """A framed message (hidden while empty): ``info``, ``warning`` or ``error``."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = note(name=name)
        self.extra = QVBoxLayout()  # links or buttons under the text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text)
        layout.addLayout(self.extra)
        self.kind = ""
        self.setVisible(False)

    def show_text(self, text: str, kind: str = "info") -> None:
        self.text.setText(text)
        if kind != self.kind:
            self.kind = kind
            edge = error_colour(self.palette()) if kind == "error" else "palette(mid)"
            weight = "600" if kind in ("error", "warning") else "normal"
            self.setStyleSheet(
                f"QFrame#applicationNotice {{ background: palette(alternate-base); "
                f"border: 1px solid {edge}; border-left: 4px solid {edge}; }}"
                f"QFrame#applicationNotice QLabel {{ font-weight: {weight}; }}"
            )
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.show_text("")


def status_chip(status: str, title: str) -> QLabel:
    chip = QLabel(title)
    chip.setTextFormat(Qt.TextFormat.PlainText)
    chip.setAccessibleName(f"Status: {title}")
    colour = STATUS_COLOURS.get(status, "#5f6368")
    chip.setStyleSheet(
        f"QLabel {{ background: {colour}; color: white; border-radius: 8px; "
        "padding: 2px 10px; font-weight: 600; }"
    )
    chip.setSizePolicy(chip.sizePolicy().horizontalPolicy(), chip.sizePolicy().verticalPolicy())
    return chip
