"""Where the main window was: its size and place, its toolbars, the section list's width and
the section shown, kept in the settings and given back at the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QMainWindow, QSplitter

    from studio.ui.sections import SectionList

KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_SPLITTER = "window/splitter"
KEY_SECTION = "window/section"
DEFAULT_SIZE = QSize(1100, 720)  # when the screen is unknown
SCREEN_FRACTION = 0.86  # of the available screen, on first run …
SMALL_SCREEN = QSize(960, 600)  # … unless that is smaller than this: then all of it


def first_run_geometry(screen: QScreen | None) -> QRect:
    """Most of the available screen, centred (no saved geometry yet); all of a small one (an
    800×500 screen at a 2× scale factor), where a part would leave the window narrower than
    it can be, so that it grew past the screen's edge."""
    if screen is None:
        return QRect(QPoint(0, 0), DEFAULT_SIZE)
    area = screen.availableGeometry()
    size = QSize(round(area.width() * SCREEN_FRACTION), round(area.height() * SCREEN_FRACTION))
    if size.width() < SMALL_SCREEN.width() or size.height() < SMALL_SCREEN.height():
        return QRect(area)
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(area.center())
    return rect


def restore_geometry(window: QMainWindow, settings: QSettings) -> None:
    """The window's size and place (its frame's, before it shows)."""
    geometry = settings.value(KEY_GEOMETRY)
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        window.setGeometry(first_run_geometry(window.screen()))


def restore_panes(
    window: QMainWindow, splitter: QSplitter, sections: SectionList, settings: QSettings
) -> None:
    """Toolbars, the section list's width and the section shown (once furnished)."""
    from studio.ui.sections import SECTIONS

    state = settings.value(KEY_STATE)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    saved = settings.value(KEY_SPLITTER)
    if not (isinstance(saved, QByteArray) and splitter.restoreState(saved)):
        # the section list as wide as its longest entry (within its limits), the page the rest
        wanted = sections.full_width
        width = min(max(wanted, sections.minimumWidth()), sections.maximumWidth())
        splitter.setSizes([width, max(window.width() - width, width)])
    row = settings.value(KEY_SECTION, 0)
    try:
        sections.setCurrentRow(min(max(int(row), 0), len(SECTIONS) - 1))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        sections.setCurrentRow(0)


def save_layout(
    window: QMainWindow, settings: QSettings, panes: tuple[QSplitter, SectionList] | None
) -> None:
    """Keep where the window is and, once it is furnished (``panes``: its splitter and
    section list), its panes; written at once."""
    settings.setValue(KEY_GEOMETRY, window.saveGeometry())
    if panes is None:  # closed while still a frame: its panes keep what they had
        settings.sync()
        return
    splitter, sections = panes
    settings.setValue(KEY_STATE, window.saveState())
    settings.setValue(KEY_SPLITTER, splitter.saveState())
    settings.setValue(KEY_SECTION, sections.currentRow())
    settings.sync()
