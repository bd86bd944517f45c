"""Where the producer page puts things over the cover, and the overlay that shows it.

The page shows the 16:9 cover filling a band (``object-fit: cover``: full width, centred
vertically), so on a wide desktop band only a middle strip is visible. The spots come from
the preview's own header geometry (:func:`studio.ui.preview.header_layout.nominal_boxes`),
so the overlay and the preview agree: at desktop width the avatar, the name with the
verified badge and the Play / Follow / Message / More buttons all sit on the band; on a
phone only the avatar overlaps the band's bottom edge and the name and buttons sit below.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

from studio.ui.preview.header_layout import NOMINAL_BUTTONS, HeaderBoxes, nominal_boxes
from studio.ui.preview.style import DESKTOP as DESKTOP_METRICS
from studio.ui.preview.style import PHONE as PHONE_METRICS
from studio.ui.preview.style import Metrics

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


def _spot(label: str, rect: QRect, round_: bool = False) -> Spot:
    return Spot(label, rect.x(), rect.y(), rect.width(), rect.height(), round_)


def _on_band(boxes: HeaderBoxes) -> tuple[Spot, ...]:
    """The header's parts that overlap the band, as spots (the avatar may stick out)."""
    name = boxes.name
    for badge in boxes.badges:
        name = name.united(badge)
    if boxes.stats.top() < boxes.band_height:
        name = name.united(QRect(name.left(), boxes.stats.top(), name.width(), 20))
    buttons = zip(NOMINAL_BUTTONS, boxes.buttons, strict=True)
    parts = [
        _spot("Avatar", boxes.avatar, True),
        _spot("Name  ✓  ·  stats", name),
        *(_spot(label, rect) for (label, _w), rect in buttons),
    ]
    return tuple(s for s in parts if s.y < boxes.band_height)


def _layout(name: str, m: Metrics, note: str) -> PageLayout:
    boxes = nominal_boxes(m)
    return PageLayout(name, m.page_width, boxes.band_height, _on_band(boxes), note)


LAYOUTS: dict[str, PageLayout] = {
    DESKTOP: _layout(
        DESKTOP,
        DESKTOP_METRICS,
        "Desktop: only the lit strip shows; the avatar, name and buttons cover the marked "
        "spots, so keep faces and text out of them.",
    ),
    PHONE: _layout(
        PHONE,
        PHONE_METRICS,
        "Phone: only the lit strip shows; the avatar overlaps the bottom edge and the name "
        "and buttons sit below the cover.",
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
