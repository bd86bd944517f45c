"""Look and feel: the Fusion style with the system's light or dark palette, followed live,
plus a few spacing rules. ``--theme light|dark`` forces one (screenshots, testing)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
ACCENT = "#6a4ad8"
ERROR_LIGHT = "#b3261e"
ERROR_DARK = "#ff8a80"

STYLESHEET = """
QLabel[role="title"] { font-size: 15pt; font-weight: 600; }
QLabel[role="subtitle"] { font-size: 11pt; }
QListWidget#sectionList { border: none; padding: 6px 4px; }
QListWidget#sectionList::item { border-radius: 5px; }
QListWidget#sectionList::item:selected {
    background: palette(highlight); color: palette(highlighted-text);
}
QToolBar { spacing: 4px; }
"""


# Fusion draws text-field frames a shade darker than the window: invisible on a dark
# window. A visible frame keeps every field findable (the editable combo's inner field
# has the combo's frame already).
DARK_FIELDS = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox {
    border: 1px solid #5d6068; border-radius: 3px; padding: 2px;
}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus {
    border-color: #a896ff;
}
QComboBox QLineEdit { border: none; padding: 0; }
"""


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette for Fusion (used when the system asks for dark or ``--theme dark``)."""
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d31"), QColor("#e8e8ea")
    disabled = QColor("#7d7f85")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#26282c"),
        QPalette.ColorRole.ToolTipBase: QColor("#3a3c42"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#9a9ca3"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#35373c"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ffffff"),
        QPalette.ColorRole.Highlight: QColor(ACCENT),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#a896ff"),
        QPalette.ColorRole.Light: QColor("#4a4c52"),
        QPalette.ColorRole.Midlight: QColor("#3e4046"),
        QPalette.ColorRole.Mid: QColor("#303236"),
        QPalette.ColorRole.Dark: QColor("#191a1c"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def light_palette(app: QApplication) -> QPalette:
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def wants_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    return scheme == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str = "system") -> None:
    """Set style, palette and stylesheet; with ``system`` the palette follows the OS."""
    if app.style().name().casefold() != "fusion":  # re-setting it re-polishes everything
        app.setStyle("Fusion")
    dark = wants_dark(theme)
    app.setPalette(dark_palette() if dark else light_palette(app))
    app.setStyleSheet(STYLESHEET + (DARK_FIELDS if dark else ""))


def error_colour(palette: QPalette) -> str:
    return ERROR_DARK if is_dark(palette) else ERROR_LIGHT
