"""Driving the rendered preview the way a mouse and a keyboard do: a point of a page widget
mapped through the scaled graphics view onto its viewport, clicks there, and the Tab chain."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from studio.ui.preview import PreviewPane


def viewport_point(pane: PreviewPane, widget: QWidget) -> QPoint:
    """Where the centre of ``widget`` (inside the rendered page) shows in the view's viewport,
    after scrolling it into view as a user would."""
    view = pane.view
    for _ in range(3):  # let pending layout and fitting land first
        QApplication.processEvents()
    holder = view.proxy.widget()
    centre = widget.mapTo(holder, widget.rect().center())
    scene = view.proxy.mapToScene(QPointF(centre))
    view.ensureVisible(QRectF(scene.x() - 4, scene.y() - 4, 8, 8), 20, 20)
    QApplication.processEvents()
    point = view.mapFromScene(scene)
    assert view.viewport().rect().contains(point), (point, view.viewport().rect())
    return point


def click_in_view(pane: PreviewPane, widget: QWidget) -> None:
    """A left click on the view's viewport where ``widget`` is drawn (the path a mouse takes)."""
    point = viewport_point(pane, widget)
    viewport = pane.view.viewport()
    QTest.mouseMove(viewport, point)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QApplication.processEvents()


def focused_widget() -> QWidget:
    """The widget with keyboard focus, looking into the preview's graphics view (a control
    of the rendered page has the focus inside the view's scene)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    view = widget if hasattr(widget, "proxy") else widget.parentWidget()
    if view is not None and hasattr(view, "proxy"):
        inner = view.proxy.widget().focusWidget()
        if inner is not None:
            return inner
    return widget


def rect_in(pane: PreviewPane, widget: QWidget, root: QWidget) -> QRect:
    """Where ``widget`` is drawn, in ``root``'s coordinates (through the view when the widget
    is inside the rendered page)."""
    view = pane.view
    holder = view.proxy.widget()
    if holder.isAncestorOf(widget):
        top_left = widget.mapTo(holder, widget.rect().topLeft())
        bottom_right = widget.mapTo(holder, widget.rect().bottomRight())
        a = view.mapFromScene(view.proxy.mapToScene(QPointF(top_left)))
        b = view.mapFromScene(view.proxy.mapToScene(QPointF(bottom_right)))
        return QRect(view.viewport().mapTo(root, a), view.viewport().mapTo(root, b))
    return QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
