"""The palettes the window's frame is coloured with before any style exists."""

from __future__ import annotations

import pytest
from fresh_python import fresh_python
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from studio.ui.palette import ACCENT, PLACEHOLDER_LIGHT, light_palette

GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)
ROLES = [role for role in QPalette.ColorRole if role != QPalette.ColorRole.NColorRoles]


def test_the_light_palette_is_fusions_with_the_apps_accent(qapp: QApplication) -> None:
    fusion = QStyleFactory.create("Fusion")
    assert fusion is not None
    expected = fusion.standardPalette()
    expected.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    expected.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    for group in GROUPS[:2]:
        expected.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_LIGHT))
    mine = light_palette()
    differing = [
        (group.name, role.name, mine.color(group, role).name(QColor.NameFormat.HexArgb))
        for group in GROUPS
        for role in ROLES
        if mine.color(group, role).rgba() != expected.color(group, role).rgba()
    ]
    assert differing == []


@pytest.mark.parametrize("theme", ["light", "dark", "system"])
def test_colouring_the_frame_makes_no_style(theme: str) -> None:
    """Making a ``QStyle`` (with all its enums) waits for the furnished window."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import PySide6.QtWidgets as widgets\n"
        "app = QApplication(['t', '-platform', 'offscreen'])\n"
        "from studio.ui.palette import apply_palette\n"
        f"apply_palette(app, {theme!r})\n"
        "print('QStyle' in vars(widgets), 'studio.ui.style' in sys.modules)\n"
        "print(app.palette().color(app.palette().ColorRole.Window).name())\n"
    )
    made_style, window = fresh_python(code).split("\n")[:2]
    assert made_style == "False False"
    assert window == ("#2b2d31" if theme == "dark" else "#efefef")
