"""Page pieces that rebuild themselves only when their own data changed: a titled
:class:`Section`, the biography with "Show more", and a tab strip with lazily built pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabBar, QVBoxLayout, QWidget

from studio.core.text import bio_preview
from studio.ui.preview.bounds import bio_note
from studio.ui.preview.cards import note
from studio.ui.preview.widgets import PlainLabel

Builder = Callable[[Any], QWidget | None]


def clear_layout(layout: QVBoxLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


class Section(QWidget):
    """A titled block whose body is rebuilt by ``build(data)`` when ``data`` changes."""

    def __init__(self, title: str, build: Builder, title_role: str = "h2") -> None:
        super().__init__()
        self._build = build
        self._data: Any = object()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.title = PlainLabel(title, title_role)
        if not title:
            self.title.hide()
        layout.addWidget(self.title)
        self._body = QVBoxLayout()
        self._body.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._body)

    def set_data(self, data: Any) -> bool:
        """Rebuild the body if ``data`` differs from last time; True when rebuilt."""
        if data == self._data:
            return False
        self._data = data
        clear_layout(self._body)
        body = self._build(data)
        if body is not None:
            self._body.addWidget(body)
        return True

    def invalidate(self) -> None:
        self._data = object()


class Bio(QWidget):
    """The biography: first lines, then "Show more" / "Show less". Plain text only.

    It is given a biography already cut to what BeatPass keeps (see
    :func:`~studio.ui.preview.bounds.bounded_artist`); a note says when the whole was longer.
    """

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = PlainLabel("", wrap=True, multiline=True)
        self.label.setAccessibleName("Biography")
        self.more = QPushButton("Show more")
        self.more.setProperty("role", "link")
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more.clicked.connect(self.toggle)
        self.note = note("")
        self.note.hide()
        layout.addWidget(self.label)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note)
        self._text = ""
        self._length = 0
        self.expanded = False

    def set_text(self, text: str, whole_length: int = 0) -> None:
        """Show ``text``; ``whole_length``: the length of the biography it was cut from."""
        if (text, whole_length) == (self._text, self._length):
            return
        self._text, self._length = text, whole_length
        message = bio_note(whole_length)
        label = self.note.findChild(PlainLabel)
        if label is not None:
            label.set_text(message)
        self.note.setAccessibleName(message)
        self.note.setVisible(bool(message))
        self._show()

    def toggle(self) -> None:
        self.expanded = not self.expanded
        self._show()

    def _show(self) -> None:
        preview, truncated = bio_preview(self._text)
        self.label.set_text(self._text.strip() if self.expanded else preview)
        self.more.setVisible(truncated or self.expanded)
        self.more.setText("Show less" if self.expanded else "Show more")


class Tabs(QWidget):
    """A tab bar over pages built on first show and rebuilt when their data key changes.

    ``set_tabs(names)`` keeps the current tab when it stays visible. Only the current page is
    shown, so a tall hidden page never stretches the visible one.
    """

    current_changed = Signal(str)

    def __init__(self, build: Callable[[str], QWidget], key: Callable[[str], Any]) -> None:
        super().__init__()
        self._build = build
        self._key = key
        self._names: tuple[str, ...] = ()
        self._pages: dict[str, tuple[Any, QWidget]] = {}
        self._ready: dict[str, tuple[Any, QWidget]] = {}  # made ahead (prepare), not shown yet
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bar = QTabBar()
        self.bar.setDrawBase(False)
        self.bar.setExpanding(False)
        self.bar.setUsesScrollButtons(True)
        self.bar.setElideMode(Qt.TextElideMode.ElideNone)
        self.bar.currentChanged.connect(self._on_current)
        self._bar_row = QHBoxLayout()
        self._bar_row.addWidget(self.bar)
        self._bar_row.addStretch(1)
        layout.addLayout(self._bar_row)
        self._holder = QVBoxLayout()
        self._holder.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._holder)
        self._current = ""

    def set_margins(self, margin: int) -> None:
        self._bar_row.setContentsMargins(margin - 14, 6, margin, 0)
        self._holder.setContentsMargins(margin, 20, margin, 32)

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    @property
    def current(self) -> str:
        return self._current

    def page(self, name: str) -> QWidget | None:
        entry = self._pages.get(name)
        return entry[1] if entry else None

    def set_tabs(self, names: tuple[str, ...]) -> None:
        if names == self._names:
            self.refresh()
            return
        keep = self._current if self._current in names else names[0]
        self.bar.blockSignals(True)
        while self.bar.count():
            self.bar.removeTab(0)
        for name in names:
            self.bar.addTab(name)
        self._names = names
        self.bar.setCurrentIndex(names.index(keep))
        self.bar.blockSignals(False)
        for stale in set(self._pages) - set(names):
            self._pages.pop(stale)[1].deleteLater()
        for stale in set(self._ready) - set(names):
            self._drop_ready(stale)
        self._current = ""
        self.select(keep)

    def prepare(self, names: tuple[str, ...]) -> bool:
        """Make the page :meth:`set_tabs` would show for ``names`` now, hidden and polished,
        so that showing it is a turn of its own; True when one was made. The page on screen
        stays until then."""
        if not names:
            return False
        name = self._current if self._current in names else names[0]
        key = self._key(name)
        made = (self._pages.get(name), self._ready.get(name))
        if any(entry is not None and entry[0] == key for entry in made):
            return False
        self._drop_ready(name)
        page = self._add(name)
        page.ensurePolished()
        self._ready[name] = (key, page)
        return True

    def _add(self, name: str) -> QWidget:
        """``name``'s page, built and put in its place, hidden."""
        page = self._build(name)
        page.hide()
        self._holder.addWidget(page)
        return page

    def _drop_ready(self, name: str) -> None:
        ready = self._ready.pop(name, None)
        if ready is not None:
            ready[1].deleteLater()

    def select(self, name: str) -> None:
        if name not in self._names:
            return
        if self.bar.currentIndex() != self._names.index(name):
            self.bar.setCurrentIndex(self._names.index(name))  # calls back into select
            return
        old = self._pages.get(self._current)
        if old is not None and self._current != name:
            old[1].hide()
        self._current = name
        self.refresh()
        self.current_changed.emit(name)

    def refresh(self) -> None:
        """Rebuild the current page if its key changed; pages not shown wait until shown."""
        name = self._current
        if not name:
            return
        key = self._key(name)
        entry = self._pages.get(name)
        if entry is None or entry[0] != key:
            if entry is not None:
                entry[1].hide()
                entry[1].deleteLater()
            ready = self._ready.get(name)
            if ready is not None and ready[0] == key:
                del self._ready[name]  # made ahead by prepare
            else:
                self._drop_ready(name)
                ready = (key, self._add(name))
            self._pages[name] = entry = ready
        entry[1].show()

    def invalidate(self) -> None:
        for _key, page in (*self._pages.values(), *self._ready.values()):
            page.hide()
            page.deleteLater()
        self._pages.clear()
        self._ready.clear()

    def _on_current(self, index: int) -> None:
        if 0 <= index < len(self._names):
            self.select(self._names[index])
