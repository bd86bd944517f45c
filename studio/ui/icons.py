"""Icons: small SVG files in ``resources/icons`` drawn with ``currentColor``, tinted with the
palette's text colour so they read in light and dark themes."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_SIZES = (16, 20, 24, 32, 48)


def resources_dir() -> Path:
    """The ``resources`` folder: next to the package in a checkout, inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


class IconSet:
    """Loads and tints icons by name; one per window palette (call :meth:`retint` when the
    colour scheme changes). A missing file gives an empty icon, never a crash."""

    def __init__(self, palette: QPalette, folder: Path | None = None) -> None:
        self._folder = folder or resources_dir() / "icons"
        self._cache: dict[str, QIcon] = {}
        self.retint(palette)

    def retint(self, palette: QPalette) -> None:
        """Use ``palette``'s colours from now on (normal and selected)."""
        self._colour = palette.color(QPalette.ColorRole.WindowText).name()
        self._selected = palette.color(QPalette.ColorRole.HighlightedText).name()
        self._cache.clear()

    def icon(self, name: str) -> QIcon:
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def app_icon(self) -> QIcon:
        return self.icon("app")

    def _load(self, name: str) -> QIcon:
        path = self._folder / f"{name}.svg"
        try:
            svg = path.read_text(encoding="utf-8")
        except OSError:
            return QIcon()
        icon = QIcon()
        for colour, mode in (
            (self._colour, QIcon.Mode.Normal),
            (self._selected, QIcon.Mode.Selected),
        ):
            renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
            if not renderer.isValid():
                return QIcon()
            for size in ICON_SIZES:
                for scale in (1, 2):
                    icon.addPixmap(_render(renderer, size, scale), mode)
        return icon


def _render(renderer: QSvgRenderer, size: int, scale: int) -> QPixmap:
    image = QImage(QSize(size * scale, size * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(scale)
    return pixmap
