"""Icons: small SVG files in ``studio/resources/icons`` drawn with ``currentColor``, tinted with the
palette's text colours so they read in light and dark themes.

Each icon is drawn only when Qt asks for it, at the size and mode asked for (a custom
:class:`QIconEngine`), so building the window costs no rendering up front.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer


def resources_dir() -> Path:
    """The ``resources`` folder: inside the package (a checkout, an editable or a wheel
    install), or at ``<bundle>/studio/resources`` in a PyInstaller bundle."""
    return Path(__file__).resolve().parents[1] / "resources"


def icons_dir() -> Path:
    return resources_dir() / "icons"


class IconSet:
    """Makes tinted icons by name; one per window palette (call :meth:`retint` when the
    colour scheme changes, then set the icons again). A missing or broken file gives an
    empty icon, never a crash."""

    def __init__(self, palette: QPalette, folder: Path | None = None) -> None:
        self._folder = folder or icons_dir()
        self._svg: dict[str, str | None] = {}
        self._cache: dict[str, QIcon] = {}
        self.retint(palette)

    def retint(self, palette: QPalette) -> None:
        """Use ``palette``'s colours from now on (normal, disabled and selected)."""
        text = palette.color(QPalette.ColorRole.WindowText).name()
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
        self._colours = {
            QIcon.Mode.Normal: text,
            QIcon.Mode.Active: text,
            QIcon.Mode.Disabled: disabled,
            QIcon.Mode.Selected: palette.color(QPalette.ColorRole.HighlightedText).name(),
        }
        self._cache.clear()

    def icon(self, name: str) -> QIcon:
        if name not in self._cache:
            svg = self._source(name)
            engine = _TintedSvgEngine(svg, dict(self._colours)) if svg else None
            self._cache[name] = QIcon(engine) if engine else QIcon()
        return self._cache[name]

    def app_icon(self) -> QIcon:
        return self.icon("app")

    def _source(self, name: str) -> str | None:
        """The SVG text of ``name`` (read once; the palette does not change it). It is parsed
        when first drawn: a file that does not parse draws nothing (see ``_render``)."""
        if name not in self._svg:
            try:
                text = (self._folder / f"{name}.svg").read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            self._svg[name] = text if text and "<svg" in text else None
        return self._svg[name]


def _tint(svg: str, colour: str) -> QByteArray:
    return QByteArray(svg.replace("currentColor", colour).encode())


class _TintedSvgEngine(QIconEngine):
    """One SVG, tinted per icon mode, rendered at the size (and scale) asked for, cached.

    Only what Qt's engine does not do already is written here: Qt calls each method in
    Python, so one that only repeats Qt's (``isNull``, False) is a call for nothing (~140
    while the producer profile opens)."""

    def __init__(self, svg: str, colours: dict[QIcon.Mode, str]) -> None:
        super().__init__()
        self._svgtext = svg
        self._colours = colours
        self._pixmaps: dict[tuple[int, int, QIcon.Mode, float], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._svgtext, self._colours)

    def key(self) -> str:
        return "studio-tinted-svg"

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(  # noqa: N802 (Qt override)
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return []  # scalable: any size

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(  # noqa: N802 (Qt override)
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = min(size.width(), size.height())
        key = (side, side, mode, scale)
        if key not in self._pixmaps:
            self._pixmaps[key] = self._render(side, mode, scale)
        return self._pixmaps[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pixmap = self.scaledPixmap(rect.size(), mode, state, scale)
        side = min(rect.width(), rect.height())
        target = QRect(0, 0, side, side)
        target.moveCenter(rect.center())
        painter.drawPixmap(target, pixmap)

    def _render(self, side: int, mode: QIcon.Mode, scale: float) -> QPixmap:
        pixels = max(round(side * scale), 1)
        colour = self._colours.get(mode, self._colours[QIcon.Mode.Normal])
        renderer = QSvgRenderer(_tint(self._svgtext, colour))
        image = QImage(QSize(pixels, pixels), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        if renderer.isValid():  # a broken file: nothing drawn, no crash
            painter = QPainter(image)
            renderer.render(painter, QRectF(0, 0, pixels, pixels))
            painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(scale)
        return pixmap
