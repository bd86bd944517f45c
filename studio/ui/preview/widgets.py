"""Small building blocks of the rendered pages. Every string from a user or the server goes
into a :class:`PlainLabel` (``Qt.PlainText``: markup is shown, never rendered; a text cut to
what can be laid out within a frame, hidden characters shown as markers)."""

from __future__ import annotations

import zlib
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from studio.core.text import initials, is_openable_url, link_label, link_platform
from studio.ui.preview.bounds import shown_text
from studio.ui.preview.icons import platform_pixmap
from studio.ui.preview.images import ImageLoader

Opener = Callable[[str], None]
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class PlainLabel(QLabel):
    """A label that always shows its text as typed (plain text, no links, no markup), with
    hidden characters (a right-to-left override, zero-width spaces) shown as markers and at
    most what can be laid out quickly (:func:`~studio.ui.preview.bounds.shown_text`).

    ``multiline``: line breaks in the text are kept (a biography); elsewhere they show as
    markers. A single line cut with "…" when too wide: :class:`ElidedLabel`.
    """

    def __init__(
        self,
        text: str = "",
        role: str = "",
        *,
        wrap: bool = False,
        multiline: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._multiline = multiline
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setOpenExternalLinks(False)
        if role:
            self.setProperty("role", role)
        if wrap:
            self.setWordWrap(True)
            policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            policy.setHeightForWidth(True)  # the layout gives the wrapped lines their height
            self.setSizePolicy(policy)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(shown_text(text, multiline=self._multiline))

    def set_text(self, text: str) -> bool:
        """Set the text if what it shows changed; True when it did."""
        shown = shown_text(text, multiline=self._multiline)
        if shown == self.text():
            return False
        super().setText(shown)
        return True


class ElidedLabel(PlainLabel):
    """A :class:`PlainLabel` drawn on a single line, cut with "…" when too wide.

    A class of its own: a paint event written in Python makes Qt call into Python for every
    paint of every label of the class, and opening the producer profile painted ~280 plain
    labels that draw as any label does."""

    def __init__(self, text: str = "", role: str = "", *, parent: QWidget | None = None) -> None:
        super().__init__(text, role, parent=parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        rect = self.contentsRect()
        line = self.text().replace("\n", " ")
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()) | Qt.TextFlag.TextSingleLine, shown)


def rule() -> QFrame:
    line = QFrame()
    line.setProperty("role", "rule")
    return line


def name_colour(name: str, saturation: int = 120, value: int = 150) -> QColor:
    """A stable colour for placeholders, derived from a name."""
    hue = zlib.crc32(name.encode("utf-8", "replace")) % 360
    return QColor.fromHsv(hue, saturation, value)


class Picture(QWidget):
    """A picture drawn as a circle, a rounded square or a square, with a placeholder
    (initials on a colour; the colour alone under a play overlay) until the image arrives.
    Optional play overlay and ring."""

    def __init__(
        self,
        size: int,
        shape: str = "rounded",
        *,
        play_overlay: bool = False,
        ring: QColor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._shape = shape
        self._play = play_overlay
        self._ring = ring
        self._source: str | None = None
        self._name = ""
        self._loader: ImageLoader | None = None
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def set_loader(self, loader: ImageLoader | None) -> None:
        if self._loader is loader:
            return
        if self._loader is not None:
            self._loader.loaded.disconnect(self._on_loaded)
        self._loader = loader
        if loader is not None:
            loader.loaded.connect(self._on_loaded)
        self.update()

    def set_ring(self, colour: QColor | None) -> None:
        self._ring = colour
        self.update()

    def set_size(self, size: int) -> None:
        if self.width() != size:
            self.setFixedSize(size, size)

    def set_source(self, source: str | None, name: str) -> None:
        if (source, name) == (self._source, self._name):
            return
        self._source, self._name = source, name
        self.update()

    def source(self) -> str | None:
        return self._source

    def _on_loaded(self, source: str, w: int, h: int) -> None:
        if source == self._source and w == self.width():
            self.update()

    def _path(self, rect: QRectF) -> QPainterPath:
        path = QPainterPath()
        if self._shape == "circle":
            path.addEllipse(rect)
        elif self._shape == "rounded":
            radius = max(4.0, rect.width() * 0.08)
            path.addRoundedRect(rect, radius, radius)
        else:
            path.addRect(rect)
        return path

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        ring = 4 if self._ring is not None else 0
        outer = QRectF(self.rect())
        inner = outer.adjusted(ring, ring, -ring, -ring)
        if self._ring is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._ring)
            painter.drawPath(self._path(outer))
        path = self._path(inner)
        painter.setClipPath(path)
        image = None
        if self._loader is not None and self._source:
            image = self._loader.image(self._source, self.size())
        if image is not None:
            painter.drawImage(inner, image, QRectF(image.rect()))
        else:
            base = name_colour(self._name or "?")
            gradient = QLinearGradient(inner.topLeft(), inner.bottomRight())
            gradient.setColorAt(0, base.lighter(135))
            gradient.setColorAt(1, base.darker(140))
            painter.fillRect(inner, QBrush(gradient))
        # no initials under a play glyph (they would clash) nor for nameless photos ("?")
        if image is None and not self._play and self._name.strip():
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(max(9, int(inner.height() * 0.34)))
            painter.setFont(font)
            painter.setPen(QColor(255, 255, 255, 230))
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, initials(self._name))
        if self._play:
            self._paint_play(painter, inner)
        painter.end()

    @staticmethod
    def _paint_play(painter: QPainter, rect: QRectF) -> None:
        """A play button: a dark disc with a white triangle, over a slightly dimmed picture
        (the disc hides whatever text a cover has in its middle)."""
        painter.fillRect(rect, QColor(0, 0, 0, 40))
        c = rect.center()
        disc = rect.width() * 0.3
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 165))
        painter.drawEllipse(c, disc, disc)
        r = rect.width() * 0.14
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawPolygon(
            QPolygonF(
                [
                    c + QPointF(-r * 0.55, -r),
                    c + QPointF(-r * 0.55, r),
                    c + QPointF(r * 0.95, 0),
                ]
            )
        )


class VerifiedBadge(QWidget):
    """The blue-violet check mark badge."""

    def __init__(self, size: int = 22, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)
        self.setAccessibleName("Verified")
        self.setToolTip("Verified")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.minimumSize()  # the header makes room for it beside the name

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self.width()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#3b9cff"))
        painter.drawEllipse(QRectF(1, 1, s - 2, s - 2))
        pen = QPen(QColor("#ffffff"), max(2.0, s / 9))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        path = QPainterPath()
        path.moveTo(s * 0.28, s * 0.52)
        path.lineTo(s * 0.44, s * 0.67)
        path.lineTo(s * 0.73, s * 0.36)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.end()


class LinkChip(QFrame):
    """A Connect link: platform icon and title. A click, or Enter/Space when it has keyboard
    focus, opens only http(s) URLs, through ``opener`` (the system browser in the app); other
    addresses are shown, never opened (and take no focus)."""

    def __init__(self, url: str, title: str, opener: Opener, parent: QWidget | None = None):
        super().__init__(parent)
        self.url = url
        self._opener = opener
        self.openable = is_openable_url(url)
        self.platform = link_platform(url)
        self.setProperty("role", "chip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 5, 12, 5)
        layout.setSpacing(7)
        icon = QLabel()
        icon.setPixmap(platform_pixmap(self.platform, 20, self.devicePixelRatioF()))
        icon.setFixedSize(20, 20)
        label = shown_text(link_label(url, title))
        self.label = ElidedLabel(label)
        self.label.setMaximumWidth(220)
        self.label.setMinimumWidth(
            min(220, self.label.fontMetrics().horizontalAdvance(self.label.text()) + 2)
        )
        layout.addWidget(icon)
        layout.addWidget(self.label)
        self.setAccessibleName(f"Link: {label}")
        if self.openable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        else:
            self.setAccessibleDescription("Not a web address: it cannot be opened.")
            self.setEnabled(False)

    def activate(self) -> bool:
        """Open the link if it is an http(s) URL; True when it was handed to the opener."""
        if not self.openable:
            return False
        self._opener(self.url)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in OPEN_KEYS and not event.isAutoRepeat() and self.activate():
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        # Taken, so the release comes here too: inside the preview's graphics scene a press
        # nobody accepts makes the proxy drop the rest of the click.
        if event.button() == Qt.MouseButton.LeftButton and self.openable:
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activate()
        super().mouseReleaseEvent(event)
