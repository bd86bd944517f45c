"""``FitView``: shows a page widget laid out at its own width (960 px desktop, 390 px phone)
and scaled down to the view's width, never up, so the preview shows the whole width of the
page without sideways scrolling. The page stays a live widget (tabs, links and "Show more"
work); it is embedded in a graphics scene, which does the scaling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsView,
    QSizePolicy,
    QWidget,
)


class FitView(QGraphicsView):
    """A vertically scrolling view of ``content``, scaled to fit the width."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, like the one Qt makes: reading Qt's (``available_width``)
        # would hand Python a widget Qt made, and the first such widget makes PySide build
        # the Python types of every Qt widget class (~9 ms, before the profile is editable).
        self.setViewport(QWidget())
        self.setObjectName("previewView")
        self.setAccessibleName("Rendered page")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # always there: the page keeps one width (and stays centred) whatever the tab's height
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.TextAntialiasing
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(240)
        self.content = content
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._scene.addWidget(content)
        self._padding = 0
        self._scale = 1.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        content.installEventFilter(self)

    @property
    def proxy(self) -> QGraphicsProxyWidget:
        """The scene item that shows the page. Looked up each time: a wrapper kept from
        ``addWidget`` was seen to go stale (PySide called its object deleted while the scene
        still showed it) once the page's forms were made after the window showed."""
        proxy = self.content.graphicsProxyWidget()
        assert proxy is not None
        return proxy

    @property
    def fit_scale(self) -> float:
        """How much the page is shrunk to fit (1.0: shown at its own size)."""
        return self._scale

    def set_backdrop(self, colour: str, padding: int) -> None:
        """The colour around the page and the gap kept around it (e.g. a phone frame)."""
        self.setBackgroundBrush(QColor(colour))
        self._padding = padding
        self.fit()

    def available_width(self) -> int:
        """The width the page may take: the viewport less the gap around the page."""
        return max(1, self.viewport().width() - 2 * self._padding)

    def fit(self) -> None:
        """Size the embedded page to its content and scale it to the available width."""
        self._timer.stop()
        bar = self.verticalScrollBar()
        top = None if bar.value() == 0 else self.mapToScene(0, 0).y()  # what is at the top
        content = self.content
        width = max(1, content.width() if content.minimumWidth() == 0 else content.minimumWidth())
        height = content.heightForWidth(width)
        if height < 0:
            height = content.sizeHint().height()
        height = max(height, content.minimumSizeHint().height())
        if (content.width(), content.height()) != (width, height):
            content.resize(width, height)
        pad = self._padding
        self._scene.setSceneRect(QRectF(-pad, -pad, width + 2 * pad, height + 2 * pad))
        scale = min(1.0, self.available_width() / width)
        if abs(scale - self._scale) > 1e-4 or self.transform().m11() != scale:
            self._scale = scale
            self.setTransform(QTransform.fromScale(scale, scale))
            bar.setValue(0 if top is None else round((top + pad) * scale))  # it stays there

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.content and event.type() == QEvent.Type.LayoutRequest:
            self._timer.start()  # after the layout has taken in the change
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.fit()
