"""Painted icons of the preview: link platforms (also used by the profile editor's link list)
and the pin of the pinned-track card. Drawn with QPainter, so no image files are needed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from studio.core.text import PLATFORMS

# (background, foreground, glyph) per platform from studio.core.text.link_platform.
PLATFORM_STYLE: dict[str, tuple[str, str, str]] = {
    "instagram": ("#d62976", "#ffffff", "ig"),
    "youtube": ("#ff0000", "#ffffff", "play"),
    "soundcloud": ("#ff5500", "#ffffff", "cloud"),
    "spotify": ("#1db954", "#000000", "waves"),
    "twitter": ("#000000", "#ffffff", "X"),
    "tiktok": ("#111111", "#25f4ee", "note"),
    "generic": ("#7c5cff", "#ffffff", "globe"),
}
assert set(PLATFORM_STYLE) == set(PLATFORMS)


def _glyph(painter: QPainter, glyph: str, r: QRectF, fg: QColor) -> None:
    c = r.center()
    s = r.width()
    pen = QPen(fg, max(1.2, s / 14))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    if glyph == "play":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fg)
        k = s * 0.2
        painter.drawPolygon(
            QPolygonF([c + QPointF(-k * 0.7, -k), c + QPointF(-k * 0.7, k), c + QPointF(k, 0)])
        )
    elif glyph == "ig":
        box = QRectF(c.x() - s * 0.25, c.y() - s * 0.25, s * 0.5, s * 0.5)
        painter.drawRoundedRect(box, s * 0.13, s * 0.13)
        painter.drawEllipse(c, s * 0.11, s * 0.11)
    elif glyph == "cloud":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fg)
        path = QPainterPath()
        path.addRoundedRect(QRectF(c.x() - s * 0.28, c.y() - s * 0.02, s * 0.56, s * 0.18), 3, 3)
        path.addEllipse(QPointF(c.x() + s * 0.06, c.y() - s * 0.02), s * 0.16, s * 0.15)
        path.addEllipse(QPointF(c.x() - s * 0.13, c.y() + s * 0.01), s * 0.1, s * 0.1)
        painter.drawPath(path.simplified())
    elif glyph == "waves":
        for i, (w, dy) in enumerate(((0.26, -0.12), (0.21, 0.02), (0.15, 0.15))):
            pen.setWidthF(max(1.2, s / (11 + i * 2)))
            painter.setPen(pen)
            path = QPainterPath()
            path.moveTo(c.x() - s * w, c.y() + s * dy)
            path.quadTo(c.x(), c.y() + s * (dy - 0.08), c.x() + s * w, c.y() + s * (dy + 0.03))
            painter.drawPath(path)
    elif glyph == "note":
        painter.drawLine(
            QPointF(c.x() + s * 0.04, c.y() - s * 0.25), QPointF(c.x() + s * 0.04, c.y() + s * 0.12)
        )
        painter.drawArc(
            QRectF(c.x() + s * 0.04, c.y() - s * 0.3, s * 0.2, s * 0.2), 180 * 16, 90 * 16
        )
        painter.setBrush(fg)
        painter.drawEllipse(QPointF(c.x() - s * 0.06, c.y() + s * 0.14), s * 0.1, s * 0.1)
    elif glyph == "globe":
        painter.drawEllipse(c, s * 0.26, s * 0.26)
        painter.drawEllipse(c, s * 0.11, s * 0.26)
        painter.drawLine(QPointF(c.x() - s * 0.26, c.y()), QPointF(c.x() + s * 0.26, c.y()))
    else:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(s * 0.46))
        painter.setFont(font)
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, glyph)


def platform_pixmap(platform: str, size: int, dpr: float = 1.0) -> QPixmap:
    """A round icon for a link platform (a key of :data:`PLATFORM_STYLE`, else generic)."""
    bg, fg, glyph = PLATFORM_STYLE.get(platform, PLATFORM_STYLE["generic"])
    pixmap = QPixmap(int(size * dpr), int(size * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(0, 0, size, size)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(bg))
    painter.drawEllipse(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    _glyph(painter, glyph, rect, QColor(fg))
    painter.end()
    return pixmap


def platform_icon(platform: str) -> QIcon:
    """A ``QIcon`` of a link platform, for list views and buttons in the editors."""
    icon = QIcon()
    for size in (16, 20, 24, 32):
        icon.addPixmap(platform_pixmap(platform, size))
    return icon


def pin_pixmap(colour: QColor, size: int = 16, dpr: float = 1.0) -> QPixmap:
    """A push-pin, for the pinned-track card."""
    pixmap = QPixmap(int(size * dpr), int(size * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(size / 2, size / 2)
    painter.rotate(40)
    s = size
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(-s * 0.2, -s * 0.45, s * 0.4, s * 0.14), 2, 2)
    painter.drawPolygon(
        QPolygonF(
            [
                QPointF(-s * 0.13, -s * 0.33),
                QPointF(s * 0.13, -s * 0.33),
                QPointF(s * 0.22, s * 0.05),
                QPointF(-s * 0.22, s * 0.05),
            ]
        )
    )
    pen = QPen(colour, max(1.2, s / 10))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(0, s * 0.05), QPointF(0, s * 0.45))
    painter.end()
    return pixmap
