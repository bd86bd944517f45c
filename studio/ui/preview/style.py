"""Colours, sizes and the style sheet of the rendered public pages (light and dark),
independent of the studio's own palette so both looks can be previewed anywhere.

Text meets WCAG AA (4.5:1) in both looks *as drawn*: the page is usually shown scaled down,
and small antialiased text then never reaches its nominal colour, so the muted grey is dark
(light look) or light (dark look) enough to keep 4.5:1 at the preview's usual scale. The
accent has a fill shade (white text on it: 5.3:1) and a text shade per look. Controls inside
the page show keyboard focus with a ring in the text colour (far over 3:1 against the
unfocused look)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

ACCENT = "#6b48ff"  # BeatPass violet, a shade deeper so white text on it reads (5.3:1)


@dataclass(frozen=True)
class Colours:
    page: str
    surface: str
    surface_hover: str
    text: str
    muted: str
    border: str
    accent_text: str  # accent-coloured text (links, "Show more") on this look's page
    accent: str = ACCENT  # fills: the Play button, the selected tab's underline
    on_accent: str = "#ffffff"
    note_bg: str = "#fff6d6"
    note_text: str = "#5a4300"


LIGHT = Colours(
    page="#ffffff",
    surface="#f3f3f6",
    surface_hover="#e9e9ef",
    text="#15161a",
    muted="#4b4e57",
    border="#e2e3e8",
    accent_text="#5b36f2",
)
DARK = Colours(
    page="#111215",
    surface="#1c1d22",
    surface_hover="#26272e",
    text="#f3f3f5",
    muted="#bfc2c9",
    border="#2b2d34",
    accent_text="#a48fff",
    note_bg="#3a3214",
    note_text="#f5e3a3",
)


def _channel(value: float) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str | QColor) -> float:
    """WCAG relative luminance of an opaque colour (0 black … 1 white)."""
    c = QColor(colour)
    return 0.2126 * _channel(c.red()) + 0.7152 * _channel(c.green()) + 0.0722 * _channel(c.blue())


def contrast(a: str | QColor, b: str | QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(colour: str | QColor, alpha: float, background: str | QColor) -> QColor:
    """``colour`` at ``alpha`` drawn over ``background`` (what the eye gets)."""
    fg, bg = QColor(colour), QColor(background)
    return QColor(
        round(fg.red() * alpha + bg.red() * (1 - alpha)),
        round(fg.green() * alpha + bg.green() * (1 - alpha)),
        round(fg.blue() * alpha + bg.blue() * (1 - alpha)),
    )


def colours(theme: str) -> Colours:
    return DARK if theme == "dark" else LIGHT


@dataclass(frozen=True)
class Metrics:
    """Sizes of one width mode."""

    page_width: int
    cover_height: int
    avatar: int
    name_pt: int
    margin: int
    gallery_columns: int
    album_columns: int
    two_columns: bool


DESKTOP = Metrics(960, 260, 164, 30, 32, 4, 4, True)
PHONE = Metrics(390, 150, 112, 22, 16, 3, 2, False)


def metrics(width: str) -> Metrics:
    return PHONE if width == "phone" else DESKTOP


def palette(c: Colours) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.page,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.surface,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.on_accent,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Mid: c.border,
    }
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    return p


def style_sheet(c: Colours) -> str:
    """The page's style sheet (object names and ``role`` properties, no user text)."""
    return f"""
QWidget#previewPage {{ background: {c.page}; }}
QLabel {{ color: {c.text}; background: transparent; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="h2"] {{ font-size: 15pt; font-weight: 700; }}
QLabel[role="h3"] {{ font-size: 11pt; font-weight: 700; }}
QLabel[role="onCover"] {{ color: #ffffff; }}
QLabel[role="onCoverMuted"] {{ color: rgba(255,255,255,0.78); }}
QLabel[role="pill"] {{ background: {c.surface}; border: 1px solid {c.border};
    border-radius: 10px; padding: 3px 11px; }}
QLabel[role="badge"] {{ background: {c.surface_hover}; color: {c.muted}; border-radius: 4px;
    padding: 1px 7px; font-size: 8pt; font-weight: 600; }}
QLabel[role="unclaimed"] {{ background: rgba(255,255,255,0.16); color: #ffffff;
    border: 1px solid rgba(255,255,255,0.45); border-radius: 7px; padding: 1px 9px;
    font-size: 8pt; font-weight: 700; }}
QFrame[role="card"] {{ background: {c.surface}; border-radius: 12px; }}
QFrame[role="note"] {{ background: {c.note_bg}; border-radius: 8px; }}
QLabel[role="note"] {{ color: {c.note_text}; }}
QFrame[role="chip"] {{ background: {c.surface}; border: 2px solid {c.border};
    border-radius: 16px; }}
QFrame[role="chip"]:hover {{ background: {c.surface_hover}; }}
QFrame[role="chip"]:focus {{ border: 2px solid {c.text}; }}
QPushButton[role="action"] {{ background: {c.surface}; color: {c.text};
    border: 1px solid {c.border}; border-radius: 18px; padding: 7px 18px; font-weight: 600; }}
QPushButton[role="action"]:hover {{ background: {c.surface_hover}; }}
QPushButton[role="primary"] {{ background: {c.accent}; color: {c.on_accent}; border: none;
    border-radius: 18px; padding: 8px 22px; font-weight: 700; }}
QPushButton[role="link"] {{ background: transparent; border: 2px solid transparent;
    border-radius: 4px; color: {c.accent_text}; padding: 0; font-weight: 600;
    text-align: left; }}
QPushButton[role="link"]:focus {{ border-color: {c.text}; }}
QPushButton[role="filter"] {{ background: {c.surface}; color: {c.text}; font-size: 9pt;
    border: 1px solid {c.border}; border-radius: 12px; padding: 3px 11px; }}
QPushButton[role="filter"]:checked {{ background: {c.text}; color: {c.page}; }}
QPushButton[role="filter"]:focus {{ border: 2px solid {c.accent}; }}
QTabBar {{ background: transparent; }}
QTabBar::tab {{ background: transparent; color: {c.muted}; padding: 10px 14px;
    border: none; border-bottom: 2px solid transparent; font-weight: 600; }}
QTabBar::tab:selected {{ color: {c.text}; border-bottom: 2px solid {c.accent}; }}
QTabBar::tab:selected:focus {{ border: 2px solid {c.text}; border-radius: 6px; }}
QTabBar::tab:hover {{ color: {c.text}; }}
QTabBar::scroller {{ width: 56px; }}
QTabBar QToolButton {{ background: {c.page}; border: none; color: {c.text}; }}
QTabBar QToolButton:hover {{ background: {c.surface_hover}; }}
QTabBar QToolButton:disabled {{ color: {c.border}; }}
QTabBar::tear {{ width: 0px; border: none; image: none; }}
QFrame[role="rule"] {{ background: {c.border}; max-height: 1px; min-height: 1px; border: none; }}
"""
