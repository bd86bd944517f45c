"""How a gallery tile looks: the picture (square, rounded), its place number, a chip with
its state (new, replaced, uploading with a bar, not published, importing), a "!" badge when
its checks found something, and its name and state in words below. Colours come from the
palette (light and dark) and keep text at 4.5:1."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from studio.ui.gallery.items import NEW, REPLACED
from studio.ui.gallery.model import FAILED, IMPORTING, UPLOADING, Role
from studio.ui.palette import ACCENT, is_dark
from studio.ui.theme import ERROR_DARK, ERROR_LIGHT, focus_colour

TILE = 148  # the picture's side, in logical pixels
PAD = 8
WARN = QColor("#f2b705")  # with black text: 11:1
ON_ACCENT = QColor("#ffffff")  # on ACCENT 6.1:1, on ERROR_LIGHT 6.6:1

Index = QModelIndex | QPersistentModelIndex


def tile_size(metrics: QFontMetrics) -> QSize:
    return QSize(TILE + 2 * PAD, TILE + 2 * PAD + 2 * metrics.height() + 4)


class TileDelegate(QStyledItemDelegate):
    """Paints one gallery tile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return tile_size(option.fontMetrics)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette: QPalette = option.palette
        rect: QRect = option.rect
        state = option.state
        metrics: QFontMetrics = option.fontMetrics
        dark = is_dark(palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        picture = QRectF(rect.x() + PAD, rect.y() + PAD, TILE, TILE)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            back = QColor(palette.color(QPalette.ColorRole.Highlight))
            back.setAlpha(60)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(back)
            painter.drawRoundedRect(QRectF(rect).adjusted(2, 2, -2, -2), 8, 8)
        self._picture(painter, picture, index, palette)
        tile_state = str(index.data(Role.STATE) or "")
        self._chip(painter, picture, tile_state, index, dark)
        position = int(index.data(Role.POSITION) or 0)
        if position:
            self._number(painter, picture, position)
        if index.data(Role.BADGE):
            self._badge(painter, picture)
        if selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(picture.adjusted(-1.5, -1.5, 1.5, 1.5), 8, 8)
        if state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(focus_colour(palette), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(2, 2, -2, -2), 8, 8)
        text_rect = QRect(rect.x() + PAD, int(picture.bottom()) + 4, TILE, metrics.height())
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        name = metrics.elidedText(str(index.data() or ""), Qt.TextElideMode.ElideMiddle, TILE)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, name)
        status_rect = text_rect.translated(0, metrics.height())
        status = str(index.data(Role.STATUS) or "")
        if tile_state == FAILED:
            painter.setPen(QColor(ERROR_DARK if dark else ERROR_LIGHT))
        status = metrics.elidedText(status, Qt.TextElideMode.ElideRight, TILE)
        painter.drawText(status_rect, Qt.AlignmentFlag.AlignHCenter, status)
        painter.restore()

    def _picture(self, painter: QPainter, rect: QRectF, index: Index, palette: QPalette) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        image = index.data(Qt.ItemDataRole.DecorationRole)
        painter.save()
        painter.setClipPath(path)
        if isinstance(image, QImage) and not image.isNull():
            painter.drawImage(rect, image)
        else:
            painter.fillPath(path, palette.color(QPalette.ColorRole.Mid))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "…")
        if index.data(Role.STATE) == IMPORTING:
            painter.fillPath(path, QColor(0, 0, 0, 90))  # not in the gallery yet
        painter.restore()

    def _chip(
        self, painter: QPainter, picture: QRectF, tile_state: str, index: Index, dark: bool
    ) -> None:
        """A chip over the picture's bottom edge saying what is special about it."""
        colours = {
            NEW: QColor(ACCENT),
            REPLACED: QColor(ACCENT),
            UPLOADING: QColor(ACCENT),
            FAILED: QColor(ERROR_LIGHT),
            IMPORTING: QColor("#3b3d42"),
        }
        words = {
            NEW: "New",
            REPLACED: "Replaced",
            FAILED: "Not published",
            IMPORTING: str(index.data(Role.STATUS) or ""),
        }
        if tile_state not in colours:
            return  # on BeatPass as it is: nothing to point out
        font = QFont(painter.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        band = QRectF(picture.left(), picture.bottom() - metrics.height() - 8, picture.width(), 0)
        band.setBottom(picture.bottom())
        path = QPainterPath()
        path.addRoundedRect(picture, 8, 8)
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(band, colours[tile_state])
        if tile_state == UPLOADING:
            share = float(index.data(Role.PROGRESS) or 0.0)
            done = QRectF(band.left(), band.top(), band.width() * share, band.height())
            painter.fillRect(done, QColor("#2e1a7a"))
            text = str(index.data(Role.STATUS) or "")
        else:
            text = words[tile_state]
        painter.setFont(font)
        painter.setPen(ON_ACCENT)
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _number(self, painter: QPainter, picture: QRectF, position: int) -> None:
        size = 24
        circle = QRectF(picture.left() + 6, picture.top() + 6, size, size)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawEllipse(circle)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(position))
        painter.restore()

    def _badge(self, painter: QPainter, picture: QRectF) -> None:
        size = 24
        circle = QRectF(picture.right() - size - 6, picture.top() + 6, size, size)
        painter.save()
        painter.setPen(QPen(QColor("#000000"), 1))
        painter.setBrush(WARN)
        painter.drawEllipse(circle)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, "!")
        painter.restore()
