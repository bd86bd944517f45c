"""The page header: cover (or a colour band) with a dark gradient, the round avatar, the name
with badges, a stats line and the action buttons.

Children are placed by hand (:meth:`ProfileHeader._place`) from
:func:`~studio.ui.preview.header_layout.header_boxes` (at desktop width they overlay the
cover; on a phone they sit below it); the cover (centre-cropped to fill the band) and the
gradient are painted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

from studio.core import visibility as v
from studio.ui.preview.header_layout import HeaderBoxes, band_height, header_boxes
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.style import Colours, Metrics
from studio.ui.preview.widgets import ElidedLabel, Picture, PlainLabel, VerifiedBadge, name_colour

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
        self.name = ElidedLabel("", "onCover", parent=self)
        self.name.setAccessibleName("Name")
        self.verified = VerifiedBadge(24, parent=self)
        self.unclaimed = PlainLabel("Unclaimed", "unclaimed", parent=self)
        self.stats = ElidedLabel("", "onCoverMuted", parent=self)
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
            # a picture of BeatPass's buttons: they do nothing here, so they are no tab stop
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.show()
            self.buttons[name] = button
        self._action_names = names
        self._place()

    # --- geometry -------------------------------------------------------------------------

    def _cover_height(self) -> int:
        m = self._metrics
        return 200 if m is None else band_height(m, self._with_cover)

    def _height(self) -> int:
        boxes = self.boxes()
        return self._cover_height() if boxes is None else boxes.height

    def boxes(self) -> HeaderBoxes | None:
        """Where the parts go at the current width (see :mod:`header_layout`)."""
        m = self._metrics
        if m is None:
            return None
        badges = [b for b in (self.verified, self.unclaimed) if not b.isHidden()]
        for widget in (*badges, *self.buttons.values()):
            widget.ensurePolished()
        metrics = self.name.fontMetrics()
        text_w = metrics.horizontalAdvance(self.name.text().replace("\n", " "))
        return header_boxes(
            m,
            self.width() or m.page_width,
            with_cover=self._with_cover,
            name_size=QSize(text_w, metrics.height() + 4),
            badges=[b.sizeHint() for b in badges],
            buttons=[b.sizeHint() for b in self.buttons.values()],
        )

    def _place(self) -> None:
        """Put avatar, name, badges, stats and buttons where the width mode wants them."""
        boxes = self.boxes()
        if boxes is None:
            return
        self.avatar.move(boxes.avatar.topLeft())
        self.name.setGeometry(boxes.name)
        badges = [b for b in (self.verified, self.unclaimed) if not b.isHidden()]
        for badge, rect in zip(badges, boxes.badges, strict=True):
            badge.setGeometry(rect)
        centre = Qt.AlignmentFlag.AlignHCenter if self._phone else Qt.AlignmentFlag.AlignLeft
        self.stats.setAlignment(centre | Qt.AlignmentFlag.AlignVCenter)
        self.stats.setGeometry(boxes.stats)
        for button, rect in zip(self.buttons.values(), boxes.buttons, strict=True):
            button.setGeometry(rect)
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
        # darker where the name and buttons sit (desktop), so white text stays readable
        shade.setColorAt(0, QColor(0, 0, 0, 20))
        shade.setColorAt(0.35, QColor(0, 0, 0, 70 if not self._phone else 40))
        shade.setColorAt(1, QColor(0, 0, 0, 200 if not self._phone else 110))
        painter.fillRect(band, shade)
        painter.end()
