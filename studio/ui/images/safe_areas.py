"""Where the producer page puts things over the cover, as data, and the overlay that shows it.

The page shows the 16:9 cover filling a band (``object-fit: cover``: full width, centred
vertically), so on a wide desktop band only a middle strip is visible. The numbers follow the
preview's header (``studio.ui.preview``): desktop 960 px wide with a 260 px band, a 164 px
avatar at the bottom left overlapping the band's edge, the name with the verified badge and
the Play / Follow / Message / More buttons on the band; phone 390 px with a 150 px band, the
112 px avatar centred on the bottom edge and the name and buttons below the cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

DESKTOP = "desktop"
PHONE = "phone"
COVER_ASPECT = 9 / 16


@dataclass(frozen=True)
class Spot:
    """One thing drawn over the cover, in page pixels (y from the band's top)."""

    label: str
    x: float
    y: float
    w: float
    h: float
    round: bool = False


@dataclass(frozen=True)
class PageLayout:
    name: str
    page_width: int
    band_height: int
    spots: tuple[Spot, ...]
    note: str


def _buttons(right: float, y: float) -> tuple[Spot, ...]:
    widths = (("▶ Play", 96), ("Follow", 92), ("Message", 108), ("⋯", 44))
    total = sum(w for _, w in widths) + 10 * (len(widths) - 1)
    x = right - total
    spots = []
    for label, w in widths:
        spots.append(Spot(label, x, y, w, 36))
        x += w + 10
    return tuple(spots)


LAYOUTS: dict[str, PageLayout] = {
    DESKTOP: PageLayout(
        DESKTOP,
        960,
        260,
        (
            Spot("Avatar", 32, 260 - 164 + 62, 164, 164, round=True),
            Spot("Name  ✓ verified", 220, 260 - 40 - 44, 300, 44),
            *_buttons(960 - 32, 260 - 40 - 36),
        ),
        "Desktop: only the lit strip shows; keep faces and text out of the marked spots.",
    ),
    PHONE: PageLayout(
        PHONE,
        390,
        150,
        (Spot("Avatar", (390 - 112) / 2, 150 - 56, 112, 112, round=True),),
        "Phone: only the lit strip shows; the name and buttons sit below the cover.",
    ),
}


def band_fraction(layout: PageLayout) -> tuple[float, float]:
    """The visible band as (top, bottom) fractions of the 16:9 cover's height."""
    image_h = layout.page_width * COVER_ASPECT
    top = (image_h - layout.band_height) / 2 / image_h
    return top, 1 - top


def spot_rect(layout: PageLayout, spot: Spot, frame: QRectF) -> QRectF:
    """``spot`` in the coordinates of ``frame`` (the crop rectangle on screen)."""
    scale = frame.width() / layout.page_width
    top, _ = band_fraction(layout)
    y0 = frame.top() + top * frame.height()
    return QRectF(
        frame.left() + spot.x * scale, y0 + spot.y * scale, spot.w * scale, spot.h * scale
    )


def paint_safe_areas(painter: QPainter, frame: QRectF, mode: str) -> None:
    """Shade what the page hides and outline where the avatar, name and buttons sit."""
    layout = LAYOUTS[mode]
    top, bottom = band_fraction(layout)
    band = QRectF(
        frame.left(),
        frame.top() + top * frame.height(),
        frame.width(),
        (bottom - top) * frame.height(),
    )
    painter.save()
    hidden = QBrush(QColor(0, 0, 0, 140), Qt.BrushStyle.SolidPattern)
    hatch = QBrush(QColor(255, 255, 255, 40), Qt.BrushStyle.BDiagPattern)
    for part in (
        QRectF(frame.left(), frame.top(), frame.width(), band.top() - frame.top()),
        QRectF(frame.left(), band.bottom(), frame.width(), frame.bottom() - band.bottom()),
    ):
        painter.fillRect(part, hidden)
        painter.fillRect(part, hatch)
    painter.setPen(QPen(QColor(255, 255, 255, 220), 1, Qt.PenStyle.DashLine))
    painter.drawRect(band)
    font = QFont(painter.font())
    font.setPixelSize(max(9, min(14, int(frame.width() / 48))))
    painter.setFont(font)
    small = frame.width() < 220
    for spot in layout.spots:
        rect = spot_rect(layout, spot, frame)
        fill = QColor(255, 196, 0, 70) if not spot.round else QColor(80, 200, 255, 60)
        edge = QColor(255, 206, 60) if not spot.round else QColor(120, 215, 255)
        painter.setPen(QPen(edge, 1.5))
        painter.setBrush(fill)
        if spot.round:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 4, 4)
        if not small:
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, spot.label)
    if not small:
        label_pos = QPointF(frame.left() + 6, frame.top() + font.pixelSize() + 4)
        painter.setPen(QColor(255, 255, 255, 230))
        painter.drawText(label_pos, f"Hidden at {mode} width")
    painter.restore()
