"""Keyboard focus in the preview (issue 8.6): the link chips take focus and open with Enter or
Space; every control that takes focus shows it with a change of at least 3:1 against its
unfocused look, in both looks of the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from preview_helpers import focused_widget, rect_in, viewport_point
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTabBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from studio.tasks import Tasks
from studio.ui.preview import ArtistExtras, PreviewPane
from studio.ui.preview.style import contrast
from studio.ui.preview.widgets import LinkChip

LINKS = [
    {"url": "https://www.instagram.com/nova", "title": "Instagram"},
    {"url": "javascript:alert(1)", "title": "Not a web address"},
    {"url": "https://novabeats.example/", "title": "Website"},
]


class Window(QWidget):
    """A field before the preview, as in the app: somewhere else for the focus to be."""

    def __init__(self, pane: PreviewPane) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.field.setAccessibleName("A field")
        self.pane = pane
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(pane, 1)


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication) -> Iterator[Window]:
    tasks = Tasks()
    opened: list[str] = []
    pane = PreviewPane(tasks, opener=opened.append)
    pane.opened = opened  # type: ignore[attr-defined]
    pane.images._fetch = lambda _source: b""
    w = Window(pane)
    qtbot.addWidget(w)
    w.resize(760, 900)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    draft = {"name": "Nova", "description": "Bio words. " * 60, "links": LINKS}
    pane.set_artist_data(draft, ArtistExtras())
    pane.render_now()
    yield w
    tasks.shutdown()


def tab_to(window: Window, wanted: type[QWidget], text: str = "") -> QWidget:
    """Press Tab from the field until a ``wanted`` widget (with ``text`` in its accessible
    name) has the focus."""
    window.field.setFocus()
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = focused_widget()
        if isinstance(widget, wanted) and text in widget.accessibleName():
            return widget
    raise AssertionError(f"Tab never reached a {wanted.__name__} {text!r}")


def test_enter_and_space_open_the_focused_link_chip(window: Window) -> None:
    pane = window.pane
    chip = tab_to(window, LinkChip, "Website")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert pane.opened == ["https://novabeats.example/"] * 2  # type: ignore[attr-defined]
    assert focused_widget() is chip
    bad = [c for c in pane.artist_page.findChildren(LinkChip) if not c.openable]
    assert bad and all(c.focusPolicy() == Qt.FocusPolicy.NoFocus or not c.isEnabled() for c in bad)


def ring_pixels(before: QImage, after: QImage, rect: QRect) -> int:
    """Pixels of ``rect`` (grown by 3 px for a ring drawn outside) whose colour changed by
    at least 3:1 between the two pictures."""
    area = rect.adjusted(-3, -3, 3, 3).intersected(before.rect())
    return sum(
        1
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
        if contrast(before.pixelColor(x, y), after.pixelColor(x, y)) >= 3
    )


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("control", ["switch", "tab bar", "Show more", "link chip"])
def test_focus_shows_with_at_least_3_to_1(window: Window, theme: str, control: str) -> None:
    pane = window.pane
    pane.set_mode(theme=theme)
    page = pane.artist_page
    targets: dict[str, QWidget] = {
        "switch": pane.switch_bar.tab_stops()[3],  # "Desktop"
        "tab bar": page.tabs.bar,
        "Show more": page.discography.bio.more,  # type: ignore[union-attr]
        "link chip": next(
            c for c in page.findChildren(LinkChip) if c.openable and c.isVisibleTo(page)
        ),
    }
    target = targets[control]
    assert isinstance(target.focusPolicy(), Qt.FocusPolicy)
    if pane.view.proxy.widget().isAncestorOf(target):
        viewport_point(pane, target)  # scrolled into view
    window.field.setFocus()
    settle()
    rect = rect_in(pane, target, window)
    if isinstance(target, QTabBar):  # the ring goes round the current tab
        tab = target.tabRect(target.currentIndex())
        rect = QRect(
            rect.topLeft() + tab.topLeft() * pane.view.fit_scale, tab.size() * pane.view.fit_scale
        )
    before = window.grab().toImage()
    if isinstance(target, QTabBar) or pane.view.proxy.widget().isAncestorOf(target):
        pane.view.setFocus(Qt.FocusReason.TabFocusReason)
    target.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    assert focused_widget() is target
    after = window.grab().toImage()
    changed = ring_pixels(before, after, rect)
    # a ring changed by 3:1 or more along at least half the control's outline
    assert changed >= rect.width() + rect.height(), (changed, rect)
