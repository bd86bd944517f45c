"""How a credit row is painted: a drag grip, the cover, title, artists and year, the
Song/Album badge, two role badges then "+N more", popularity as three dots; an item no
longer on Spotify is dimmed and says so. Painting reads only the row's item and the
picture cache (a picture not loaded yet is drawn as a placeholder; the cache loads it in
the background and the view repaints)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from studio.core.credit_drafts import popularity_dots, release_year, role_badges
from studio.pictures import ImageLoader
from studio.ui.credits.model import ITEM_ROLE, UNAVAILABLE

ROW_HEIGHT = 72
PIXMAP_CACHE = 400  # covers kept as pixmaps (the sandbox's large profile has 16)
MIN_WIDTH = 320
COVER = 52
GRIP = 18
MARGIN = 10
DOT = 8
DOT_GAP = 4
DIMMED = 0.45
POPULARITY_NAMES = {0: "", 1: "Low popularity", 2: "Medium popularity", 3: "High popularity"}


LEFT = Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True)
class _Look:
    pal: QPalette
    text: QColor
    muted: QColor
    selected: bool
    font: QFont


def badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    return small


class CreditDelegate(QStyledItemDelegate):
    """Paints one credit row (see the module docstring)."""

    def __init__(self, images: ImageLoader | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images = images
        self._pixmaps: dict[tuple[str, int], QPixmap] = {}

    def _pixmap(self, source: object, size: QSize) -> QPixmap | None:
        """The cover as a pixmap, made once per picture (drawing a QImage converts it on
        every paint)."""
        if not isinstance(source, str) or not source or self._images is None:
            return None
        key = (source, size.width())
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            image = self._images.image(source, size)
            if image is None or image.isNull():
                return None
            if len(self._pixmaps) >= PIXMAP_CACHE:
                self._pixmaps.pop(next(iter(self._pixmaps)))
            pixmap = self._pixmaps[key] = QPixmap.fromImage(image)
        return pixmap

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(MIN_WIDTH, ROW_HEIGHT)  # as wide as the view (it has no side scrolling)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = index.data(ITEM_ROLE)
        if not isinstance(item, dict):
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:  # the selection and hover background, the focus frame
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        look = _Look(
            pal=pal,
            text=pal.color(role),
            muted=pal.color(role if selected else QPalette.ColorRole.PlaceholderText),
            selected=selected,
            font=QFont(opt.font),
        )
        rect = opt.rect
        self._grip(painter, rect, look.muted)
        if not item.get("is_available", True):
            painter.setOpacity(DIMMED)
        top = rect.top() + (rect.height() - COVER) // 2
        cover = QRect(rect.left() + GRIP + 4, top, COVER, COVER)
        self._cover(painter, cover, item, pal, widget)
        left = cover.right() + 12
        right = rect.right() - MARGIN - (3 * DOT + 2 * DOT_GAP) - 12
        area = QRect(left, rect.top() + 8, max(40, right - left), rect.height() - 8)
        self._texts(painter, area, item, look)
        self._dots(painter, rect, item, look.text, look.muted)
        painter.restore()

    @staticmethod
    def _texts(painter: QPainter, area: QRect, item: dict, look: _Look) -> None:
        """Title, "artists · year", the badges."""
        width, y = area.width(), area.top()
        bold = QFont(look.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        elide = Qt.TextElideMode.ElideRight
        painter.setFont(bold)
        painter.setPen(look.text)
        title = metrics.elidedText(str(item.get("title") or "Untitled"), elide, width)
        painter.drawText(QRect(area.left(), y, width, metrics.height()), LEFT, title)
        y += metrics.height() + 1
        plain = QFontMetrics(look.font)
        painter.setFont(look.font)
        painter.setPen(look.muted)
        parts = [str(item.get("artist_names") or ""), release_year(item)]
        if not item.get("is_available", True):
            parts.append(UNAVAILABLE)
        caption = plain.elidedText(" · ".join(p for p in parts if p), elide, width)
        painter.drawText(QRect(area.left(), y, width, plain.height()), LEFT, caption)
        y += plain.height() + 4
        _badges(painter, QRect(area.left(), y, width, 20), item, look)

    @staticmethod
    def _grip(painter: QPainter, rect: QRect, colour: QColor) -> None:
        """Six dots: the row can be dragged."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        cx, cy = rect.left() + 6, rect.center().y()
        for dx in (0, 5):
            for dy in (-5, 0, 5):
                painter.drawEllipse(QRectF(cx + dx, cy + dy - 1, 2.4, 2.4))

    def _cover(
        self,
        painter: QPainter,
        rect: QRect,
        item: dict,
        pal: QPalette,
        widget: QWidget | None,
    ) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), 6, 6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipPath(path)
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        size = QSize(round(COVER * ratio), round(COVER * ratio))
        pixmap = self._pixmap(item.get("image"), size)
        if pixmap is not None:
            painter.drawPixmap(rect, pixmap)
        else:
            painter.fillPath(path, pal.color(QPalette.ColorRole.AlternateBase))
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "♪")
        painter.restore()

    @staticmethod
    def _dots(painter: QPainter, rect: QRect, item: dict, text: QColor, muted: QColor) -> None:
        filled = popularity_dots(item.get("popularity"))
        if filled == 0:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = rect.right() - MARGIN - (3 * DOT + 2 * DOT_GAP)
        y = rect.center().y() - DOT // 2
        for n in range(3):
            box = QRectF(x + n * (DOT + DOT_GAP), y, DOT, DOT)
            if n < filled:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(text)
            else:
                painter.setPen(muted)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(box.adjusted(0.5, 0.5, -0.5, -0.5))


def _badges(painter: QPainter, rect: QRect, item: dict, look: _Look) -> None:
    """The Song/Album badge (outlined), two role badges, "+N more" ("No role" when none)."""
    small = badge_font(look.font)
    metrics = QFontMetrics(small)
    painter.setFont(small)
    names, more = role_badges(item.get("roles") or ())
    kind = "Album" if item.get("type") == "album" else "Song"
    labels = [(kind, True), *((n, False) for n in names)]
    if more:
        labels.append((f"+{more} more", False))
    if not item.get("roles"):
        labels.append(("No role", False))
    x = rect.left()
    height = metrics.height() + 4
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pal = look.pal
    fill = pal.color(QPalette.ColorRole.Button)
    if look.selected:
        fill = pal.color(QPalette.ColorRole.Highlight).lighter(125)
    label_colour = look.text if look.selected else pal.color(QPalette.ColorRole.ButtonText)
    for label, outlined in labels:
        width = metrics.horizontalAdvance(label) + 12
        if x + width > rect.right():
            break
        box = QRectF(x, rect.top(), width, height)
        painter.setPen(look.text if outlined else Qt.PenStyle.NoPen)
        painter.setBrush(Qt.BrushStyle.NoBrush if outlined else fill)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setPen(label_colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        x += width + 6


def popularity_text(item: dict) -> str:
    """The tooltip of the dots ("Medium popularity (63)")."""
    dots = popularity_dots(item.get("popularity"))
    if not dots:
        return "Popularity unknown"
    return f"{POPULARITY_NAMES[dots]} ({item.get('popularity')})"
