"""The crop view: the picture with a crop frame of the target's aspect that can be moved
(drag, arrow keys) and zoomed (wheel, +/−, the dialog's slider). Avatars show the circle
mask; covers show the safe areas of the page (desktop or phone).

Coordinates: the crop is kept in pixels of the full picture *as shown* (after the EXIF
orientation), which is what ``studio.images.prepare`` expects. The widget only holds a
preview image (a thumbnail) and scales it; painting follows the device pixel ratio.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.images import aspect_size, suggest_crop
from studio.ui.images.plan import Crop
from studio.ui.images.safe_areas import paint_safe_areas

MARGIN = 14
MAX_ZOOM = 8.0
MIN_CROP_PX = 16
WHEEL_STEP = 1.1
KEY_ZOOM = 1.1
KEY_MOVE = 0.01  # of the picture's size; Shift moves ten times as far


class CropView(QWidget):
    """Shows a picture and a movable, zoomable crop frame."""

    cropEdited = Signal(object)  # noqa: N815 — Crop, after the user moved or zoomed it
    zoomChanged = Signal(float)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Crop area")
        self.setAccessibleDescription(
            "Drag or use the arrow keys to move the frame; mouse wheel, plus and minus zoom."
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._image: QImage | None = None
        self._full = (0, 0)
        self._aspect: tuple[int, int] | None = (1, 1)
        self._circle = False
        self._safe: str | None = None
        self._crop = QRectF()
        self._zoom = 1.0
        self._drag: QPointF | None = None
        self._cache: tuple[tuple[int, int, float], QPixmap] | None = None
        self._placeholder = "Choose a picture or drop one here."

    # --- set up -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(560, 360)

    def set_target(self, aspect: tuple[int, int] | None, circle: bool) -> None:
        self._aspect, self._circle = aspect, circle
        self.reset()

    def set_safe_area(self, mode: str | None) -> None:
        """``"desktop"``, ``"phone"`` or None (no overlay)."""
        self._safe = mode
        self.update()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def set_image(self, image: QImage | None, full_size: tuple[int, int] = (0, 0)) -> None:
        """``image`` is a preview of a picture ``full_size`` pixels large (as shown)."""
        self._image = image if image is not None and not image.isNull() else None
        self._full = full_size if self._image is not None else (0, 0)
        self._cache = None
        self.reset()

    @property
    def has_image(self) -> bool:
        return self._image is not None

    # --- crop ---------------------------------------------------------------------------

    def _max_size(self) -> tuple[float, float]:
        w, h = self._full
        if self._aspect is None:
            return float(w), float(h)
        left, top, right, bottom = suggest_crop(w, h, self._aspect)
        return float(right - left), float(bottom - top)

    def max_zoom(self) -> float:
        mw, mh = self._max_size()
        return max(1.0, min(MAX_ZOOM, min(mw, mh) / MIN_CROP_PX)) if mw and mh else 1.0

    def reset(self) -> None:
        """The largest centred frame (zoom 1)."""
        self._zoom = 1.0
        mw, mh = self._max_size()
        w, h = self._full
        self._crop = QRectF((w - mw) / 2, (h - mh) / 2, mw, mh)
        self.zoomChanged.emit(self._zoom)
        self._changed(edited=False)

    def crop(self) -> Crop | None:
        """The frame in full-picture pixels (left, top, right, bottom); None without picture.

        With a target aspect the frame is that aspect exactly, in whole steps of it
        (:func:`studio.images.aspect_size`, as the size notes count)."""
        if self._image is None:
            return None
        c = self._crop
        full_w, full_h = self._full
        width, height = max(1, round(c.width())), max(1, round(c.height()))
        if self._aspect is not None:
            width, height = aspect_size(width, height, self._aspect)
        width, height = min(width, full_w), min(height, full_h)
        centre = c.center()
        left = max(0, min(full_w - width, round(centre.x() - width / 2)))
        top = max(0, min(full_h - height, round(centre.y() - height / 2)))
        return left, top, left + width, top + height

    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float, *, edited: bool = True) -> None:
        zoom = max(1.0, min(self.max_zoom(), zoom))
        if self._image is None or abs(zoom - self._zoom) < 1e-6:
            return
        centre = self._crop.center()
        mw, mh = self._max_size()
        self._zoom = zoom
        self._crop = QRectF(0, 0, mw / zoom, mh / zoom)
        self._crop.moveCenter(centre)
        self._clamp()
        self.zoomChanged.emit(zoom)
        self._changed(edited=edited)

    def move_by(self, dx: float, dy: float) -> None:
        """Move the frame by (dx, dy) full-picture pixels."""
        if self._image is None:
            return
        self._crop.translate(dx, dy)
        self._clamp()
        self._changed(edited=True)

    def _clamp(self) -> None:
        w, h = self._full
        c = self._crop
        c.moveLeft(max(0.0, min(w - c.width(), c.left())))
        c.moveTop(max(0.0, min(h - c.height(), c.top())))

    def _changed(self, *, edited: bool) -> None:
        crop = self.crop()
        if crop is not None:
            self.setAccessibleDescription(
                f"Crop {crop[2] - crop[0]}×{crop[3] - crop[1]} pixels at {crop[0]}, {crop[1]}. "
                "Arrow keys move it, plus and minus zoom."
            )
            if edited:
                self.cropEdited.emit(crop)
        self.update()

    # --- geometry -----------------------------------------------------------------------

    def _image_rect(self) -> QRectF:
        w, h = self._full
        if not w or not h:
            return QRectF()
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        scale = min(area.width() / w, area.height() / h)
        rect = QRectF(0, 0, w * scale, h * scale)
        rect.moveCenter(area.center())
        return rect

    def _scale(self) -> float:
        rect = self._image_rect()
        return rect.width() / self._full[0] if self._full[0] else 1.0

    def frame_rect(self) -> QRectF:
        """The crop frame in widget coordinates."""
        rect, s = self._image_rect(), self._scale()
        c = self._crop
        return QRectF(
            rect.left() + c.left() * s, rect.top() + c.top() * s, c.width() * s, c.height() * s
        )

    # --- painting -----------------------------------------------------------------------

    def _pixmap(self, rect: QRectF) -> QPixmap:
        """The preview scaled to ``rect`` at the screen's pixel density (cached)."""
        assert self._image is not None
        dpr = self.devicePixelRatioF()
        key = (round(rect.width()), round(rect.height()), dpr)
        if self._cache is None or self._cache[0] != key:
            size = QSize(max(1, round(key[0] * dpr)), max(1, round(key[1] * dpr)))
            scaled = self._image.scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap = QPixmap.fromImage(scaled)
            pixmap.setDevicePixelRatio(dpr)
            self._cache = (key, pixmap)
        return self._cache[1]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(32, 33, 38))
        if self._image is None:
            painter.setPen(QColor(200, 202, 210))
            painter.drawText(
                QRectF(self.rect()).adjusted(20, 20, -20, -20),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._placeholder,
            )
            painter.end()
            return
        rect = self._image_rect()
        painter.drawPixmap(rect.topLeft(), self._pixmap(rect))
        frame = self.frame_rect()
        outside = QPainterPath()
        outside.addRect(rect)
        hole = QPainterPath()
        if self._circle:
            hole.addEllipse(frame)
        else:
            hole.addRect(frame)
        painter.fillPath(outside.subtracted(hole), QColor(0, 0, 0, 165))
        if self._safe is not None and not self._circle:
            paint_safe_areas(painter, frame, self._safe)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._circle:
            painter.setPen(QPen(QColor(255, 255, 255, 110), 1, Qt.PenStyle.DashLine))
            painter.drawRect(frame)
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.drawEllipse(frame)
        else:
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.drawRect(frame)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    # --- input --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self._image is not None:
            self._drag = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is not None:
            delta = event.position() - self._drag
            self._drag = event.position()
            scale = self._scale()
            self.move_by(delta.x() / scale, delta.y() / scale)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._drag = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        steps = event.angleDelta().y() / 120
        if steps and self._image is not None:
            self.set_zoom(self._zoom * WHEEL_STEP**steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        far = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        step_x, step_y = self._full[0] * KEY_MOVE * far, self._full[1] * KEY_MOVE * far
        moves = {
            Qt.Key.Key_Left: (-step_x, 0.0),
            Qt.Key.Key_Right: (step_x, 0.0),
            Qt.Key.Key_Up: (0.0, -step_y),
            Qt.Key.Key_Down: (0.0, step_y),
        }
        if self._image is None:
            super().keyPressEvent(event)
        elif key in moves:
            self.move_by(*moves[Qt.Key(key)])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self._zoom * KEY_ZOOM)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.set_zoom(self._zoom / KEY_ZOOM)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.set_zoom(1.0)
        else:
            super().keyPressEvent(event)
