"""Driving the rendered preview the way a mouse and a keyboard do: a point of a page widget
mapped through the scaled graphics view onto its viewport, clicks there, and the Tab chain."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
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
