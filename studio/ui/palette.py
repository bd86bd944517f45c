"""The app's light and dark palettes, and which one the system asks for.

Kept apart from :mod:`studio.ui.theme` (the style and the focus ring): the app colours its
window's frame with these before the first paint, and making the style (a ``QStyle``, with
all its enums) can wait until then. So can asking the system for its colour scheme: the
answer is a ``Qt`` enum, and the first use of ``Qt`` builds the Python types of all its ~90
enums (~12 ms). The frame takes the scheme the system had at the last start
(:func:`remembered_dark`); the style's turn asks, and the palette follows if it changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

KEY_SYSTEM_DARK = "look/system_dark"  # whether the system's scheme was dark at the last start

ACCENT = "#6a4ad8"
PLACEHOLDER_LIGHT = "#6b6b6b"  # 5.3:1 on white fields, 4.6:1 on the window
PLACEHOLDER_DARK = "#9a9ca3"

_R = QPalette.ColorRole
# Fusion's standardPalette() in light (Qt 6): every group, then what Disabled changes.
FUSION_LIGHT = {
    _R.WindowText: "#000000",
    _R.Button: "#efefef",
    _R.Light: "#ffffff",
    _R.Midlight: "#cacaca",
    _R.Dark: "#9f9f9f",
    _R.Mid: "#b8b8b8",
    _R.Text: "#000000",
    _R.BrightText: "#ffffff",
    _R.ButtonText: "#000000",
    _R.Base: "#ffffff",
    _R.Window: "#efefef",
    _R.Shadow: "#767676",
    _R.Highlight: "#308cc6",
    _R.HighlightedText: "#ffffff",
    _R.Link: "#0000ff",
    _R.LinkVisited: "#ff00ff",
    _R.AlternateBase: "#f7f7f7",
    _R.ToolTipBase: "#ffffdc",
    _R.ToolTipText: "#000000",
    _R.PlaceholderText: "#80000000",
    _R.Accent: "#308cc6",
}
FUSION_LIGHT_DISABLED = {
    _R.WindowText: "#bebebe",
    _R.Dark: "#bebebe",
    _R.Text: "#bebebe",
    _R.ButtonText: "#bebebe",
    _R.Base: "#efefef",
    _R.Shadow: "#b1b1b1",
    _R.Highlight: "#919191",
    _R.Accent: "#919191",
}


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
        QPalette.ColorRole.PlaceholderText: QColor(PLACEHOLDER_DARK),
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


def light_palette() -> QPalette:
    """Fusion's light palette (the colours of its ``standardPalette()``, written out so the
    window's frame can be coloured before any style is made) with the app's accent and a
    readable placeholder. A test holds it equal to Fusion's."""
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in FUSION_LIGHT.items():
            palette.setColor(group, role, QColor(colour))
    for role, colour in {**FUSION_LIGHT, **FUSION_LIGHT_DISABLED}.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_LIGHT))
    return palette


def wants_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    from PySide6.QtCore import Qt  # its enums are built here (see the module's docstring)

    scheme = QGuiApplication.styleHints().colorScheme()
    return scheme == Qt.ColorScheme.Dark


def apply_palette(app: QGuiApplication, theme: str = "system", *, dark: bool | None = None) -> None:
    """Set the light or dark palette ``theme`` asks for (``system``: the OS's scheme, or
    ``dark`` when given: the scheme remembered from the last start)."""
    if theme != "system" or dark is None:
        dark = wants_dark(theme)
    app.setPalette(dark_palette() if dark else light_palette())


def remembered_dark(settings: QSettings) -> bool | None:
    """Whether the system's scheme was dark at the last start (None: not known yet)."""
    value = settings.value(KEY_SYSTEM_DARK, None)
    if value in (True, "true"):
        return True
    if value in (False, "false"):
        return False
    return None


def remember_scheme(settings: QSettings, palette: QPalette) -> None:
    """Keep whether the system palette in use is dark, for the next start's frame."""
    settings.setValue(KEY_SYSTEM_DARK, is_dark(palette))
