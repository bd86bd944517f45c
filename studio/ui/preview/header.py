"""The page header: cover (or a colour band) with a dark gradient, the round avatar over
its bottom edge, the name with badges, a stats line and the action buttons.

Children are placed by hand (:meth:`ProfileHeader._place`) for the desktop and phone
layouts; the cover and gradient are painted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

from studio.core import visibility as v
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.style import Colours, Metrics
from studio.ui.preview.widgets import Picture, PlainLabel, VerifiedBadge, name_colour

ACTION_TEXT = {v.PLAY: "▶  Play", v.MORE: "⋯"}
PRIMARY = (v.PLAY, v.PRODUCER_PROFILE)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ProfileHeader(QWidget):
    """Header of the producer page (``with_cover``) or the user page (a colour band)."""

    def __init__(self, with_cover: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._with_cover = with_cover
        self._cover: str | None = None
        self._name = ""
        self._loader: ImageLoader | None = None
        self._metrics: Metrics | None = None
        self._colours: Colours | None = None
        self._phone = False
        self.avatar = Picture(164, "circle", parent=self)
        self.avatar.setAccessibleName("Avatar")
        self.name = PlainLabel("", "onCover", elide=True, parent=self)
        self.name.setAccessibleName("Name")
        self.verified = VerifiedBadge(24, parent=self)
        self.unclaimed = PlainLabel("Unclaimed", "unclaimed", parent=self)
        self.stats = PlainLabel("", "onCoverMuted", elide=True, parent=self)
        self._action_names: tuple[str, ...] = ()
        self.buttons: dict[str, QPushButton] = {}

    # --- data -----------------------------------------------------------------------------

    def set_loader(self, loader: ImageLoader | None) -> None:
        if self._loader is not None:
            self._loader.loaded.disconnect(self._on_loaded)
        self._loader = loader
        if loader is not None:
            loader.loaded.connect(self._on_loaded)
        self.avatar.set_loader(loader)

    def set_look(self, metrics: Metrics, colours: Colours) -> None:
        self._metrics, self._colours = metrics, colours
        self._phone = not metrics.two_columns
        self.avatar.set_size(metrics.avatar)
        self.avatar.set_ring(QColor(colours.page))
        font = QFont(self.font())
        font.setPixelSize(int(metrics.name_pt * 1.33))
        font.setWeight(QFont.Weight.Black if not self._phone else QFont.Weight.Bold)
        self.name.setFont(font)
        on_cover = not self._phone
        self.name.setProperty("role", "onCover" if on_cover else "")
        self.stats.setProperty("role", "onCoverMuted" if on_cover else "muted")
        self.unclaimed.setProperty("role", "unclaimed" if on_cover else "pill")
        for widget in (self.name, self.stats, self.unclaimed):
            _repolish(widget)
        self.setFixedHeight(self._height())
        self._place()
        self.update()

    def set_data(
        self,
        *,
        name: str,
        avatar: str | None,
        cover: str | None,
        badges: Sequence[str],
        stats: str,
        actions: Sequence[str],
    ) -> None:
        if self.name.set_text(name) or name != self._name:
            self._name = name
            self._place()
        self.avatar.set_source(avatar, name)
        if cover != self._cover:
            self._cover = cover
            self.update()
        shown = (v.VERIFIED in badges, v.UNCLAIMED in badges)
        if shown != (not self.verified.isHidden(), not self.unclaimed.isHidden()):
            self.verified.setVisible(shown[0])
            self.unclaimed.setVisible(shown[1])
            self._place()
        if self.stats.set_text(stats):
            self.stats.setVisible(bool(stats))
        if tuple(actions) != self._action_names:
            self._set_actions(tuple(actions))

    def _set_actions(self, names: tuple[str, ...]) -> None:
        for button in self.buttons.values():
            button.hide()
            button.deleteLater()
        self.buttons = {}
        for name in names:
            button = QPushButton(ACTION_TEXT.get(name, name), self)
            button.setProperty("role", "primary" if name in PRIMARY else "action")
            button.setAccessibleName(name)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.show()
            self.buttons[name] = button
        self._action_names = names
        self._place()

    # --- geometry -------------------------------------------------------------------------

    def _cover_height(self) -> int:
        m = self._metrics
        if m is None:
            return 200
        return m.cover_height if self._with_cover else int(m.cover_height * 0.62)

    def _height(self) -> int:
        ch = self._cover_height()
        m = self._metrics
        if m is None:
            return ch
        return ch + (76 if not self._phone else m.avatar // 2 + 128)

    def _place(self) -> None:
        """Put avatar, name, badges, stats and buttons where the width mode wants them."""
        m = self._metrics
        if m is None:
            return
        w, ch, size = self.width(), self._cover_height(), m.avatar
        badges = [b for b in (self.verified, self.unclaimed) if not b.isHidden()]
        for badge in badges:
            badge.ensurePolished()
        badge_w = sum(b.sizeHint().width() + 10 for b in badges)
        name_h = self.name.fontMetrics().height() + 4
        text_w = self.name.fontMetrics().horizontalAdvance(self.name.text().replace("\n", " "))
        buttons = list(self.buttons.values())
        for button in buttons:
            button.ensurePolished()
        hints = [b.sizeHint() for b in buttons]
        bar_w = sum(h.width() for h in hints) + 10 * max(0, len(hints) - 1)
        if not self._phone:
            overlap = int(size * 0.38)
            self.avatar.move(m.margin, ch - size + overlap)
            x = m.margin + size + 24
            avail = w - x - m.margin
            name_w = max(0, min(text_w + 4, avail - badge_w))
            name_y = ch - 40 - name_h
            self.stats.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.stats.setGeometry(QRect(x, ch - 34, avail, 22))
            bar_x, bar_y = x, ch + 18
        else:
            self.avatar.move((w - size) // 2, ch - size // 2)
            avail = w - 2 * m.margin
            name_w = max(0, min(text_w + 4, avail - badge_w))
            x = (w - name_w - badge_w) // 2
            name_y = ch + size // 2 + 10
            self.stats.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stats.setGeometry(QRect(m.margin, name_y + name_h + 2, avail, 20))
            bar_x, bar_y = (w - min(bar_w, avail)) // 2, name_y + name_h + 34
        self.name.setGeometry(QRect(x, name_y, name_w, name_h))
        bx = x + name_w + 10
        for badge in badges:
            hint = badge.sizeHint()
            badge.setGeometry(
                QRect(bx, name_y + (name_h - hint.height()) // 2, hint.width(), hint.height())
            )
            bx += hint.width() + 10
        for button, hint in zip(buttons, hints, strict=True):
            button.setGeometry(QRect(bar_x, bar_y, hint.width(), max(36, hint.height())))
            bar_x += hint.width() + 10
        self.avatar.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._place()

    # --- painting -------------------------------------------------------------------------

    def _on_loaded(self, source: str, w: int, h: int) -> None:
        if source == self._cover:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        c = self._colours
        if c is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor(c.page))
        band = QRectF(0, 0, self.width(), self._cover_height())
        image = None
        if self._with_cover and self._cover and self._loader is not None:
            image = self._loader.image(self._cover, QSize(int(band.width()), int(band.height())))
        if image is not None:
            painter.drawImage(band, image, QRectF(image.rect()))
        else:
            base = name_colour(self._name or "?", 150, 130)
            gradient = QLinearGradient(band.topLeft(), band.bottomRight())
            gradient.setColorAt(0, QColor(c.accent).darker(115))
            gradient.setColorAt(0.6, base.darker(120))
            gradient.setColorAt(1, QColor("#0b0b10"))
            painter.fillRect(band, gradient)
        shade = QLinearGradient(band.topLeft(), band.bottomLeft())
        shade.setColorAt(0, QColor(0, 0, 0, 20))
        shade.setColorAt(0.45, QColor(0, 0, 0, 60))
        shade.setColorAt(1, QColor(0, 0, 0, 190 if not self._phone else 110))
        painter.fillRect(band, shade)
        painter.end()
