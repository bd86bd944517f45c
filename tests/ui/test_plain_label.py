"""The preview's labels: ``PlainLabel`` paints as any QLabel (no paint event in Python, so
Qt does not call into Python to paint each one); ``ElidedLabel`` cuts its one line with
"…" and may be as narrow as its layout wants."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.preview.widgets import ElidedLabel, PlainLabel

LONG = "A very long track title that cannot fit in a narrow card " * 3


def test_a_plain_label_paints_and_sizes_as_qt_does() -> None:
    for name in ("paintEvent", "minimumSizeHint", "sizeHint"):
        assert name not in vars(PlainLabel), f"PlainLabel.{name} written in Python"
        assert getattr(PlainLabel, name) is getattr(QLabel, name)


def drawn(widget: QWidget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    widget.render(image, renderFlags=QWidget.RenderFlag.DrawChildren)  # no background
    return image


def test_an_elided_label_cuts_its_line_to_its_width(qtbot: QtBot) -> None:
    label = ElidedLabel(LONG, "muted")
    qtbot.addWidget(label)
    assert label.text() == LONG  # the whole text is kept (read by screen readers)
    assert label.minimumSizeHint().width() == 0
    assert label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
    label.resize(160, label.sizeHint().height())
    cut = label.fontMetrics().elidedText(LONG, Qt.TextElideMode.ElideRight, 160)
    assert cut.endswith("…") and len(cut) < len(LONG)
    looks = PlainLabel(cut, "muted")
    uncut = PlainLabel(LONG, "muted")
    for other in (looks, uncut):
        qtbot.addWidget(other)
        other.resize(label.size())
    assert drawn(label) == drawn(looks)
    assert drawn(label) != drawn(uncut)
