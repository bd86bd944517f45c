"""The preview's switches (page, draft/live, visitor/owner, desktop/phone, light/dark): each a
segmented control that is one tab stop, like a group of radio buttons.

Tab reaches a group's chosen button; the arrow keys (and Home/End) choose another value and
move the focus with it; a click chooses too. The focused button shows a ring in the window
text colour or the base colour, whichever stands out more from the highlight the chosen
button is filled with (so focus is never shown by a change of less than 3:1).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QToolButton, QWidget

from studio.ui.flow_layout import FlowLayout
from studio.ui.preview.model import SOURCES, THEMES, VIEWERS, WIDTHS, Mode
from studio.ui.preview.style import contrast

ARTIST, USER = "artist", "user"
SWITCH_LABELS = {
    "draft": "Draft",
    "live": "Live",
    "visitor": "Visitor",
    "owner": "Owner",
    "desktop": "Desktop",
    "phone": "Phone",
    "light": "Light",
    "dark": "Dark",
    ARTIST: "Producer page",
    USER: "User page",
}
SWITCH_NAMES = {
    "page": "Page",
    "source": "Version",
    "viewer": "Seen by",
    "width": "Screen width",
    "theme": "Colour scheme",
}
REMEMBERED = {"theme": "preview/theme", "width": "preview/width"}  # settings keys
PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_Up)
NEXT = (Qt.Key.Key_Right, Qt.Key.Key_Down)


def remembered_mode(settings: QSettings | None) -> Mode:
    """The switches as the user left them: light/dark and phone/desktop come back from
    ``settings`` (values that are not known switch values are ignored)."""
    mode = Mode()
    if settings is None:
        return mode
    theme = str(settings.value(REMEMBERED["theme"], mode.theme))
    width = str(settings.value(REMEMBERED["width"], mode.width))
    return Mode(
        source=mode.source,
        viewer=mode.viewer,
        width=width if width in WIDTHS else mode.width,
        theme=theme if theme in THEMES else mode.theme,
    )


def remember_mode(settings: QSettings | None, mode: Mode) -> None:
    """Keep light/dark and phone/desktop for the next start."""
    if settings is not None:
        settings.setValue(REMEMBERED["theme"], mode.theme)
        settings.setValue(REMEMBERED["width"], mode.width)


def focus_colour(palette: QPalette) -> str:
    """The ring colour of a focused switch: the one of window text and base that contrasts
    most with the highlight (the chosen switch's fill and border)."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    candidates = (
        palette.color(QPalette.ColorRole.WindowText),
        palette.color(QPalette.ColorRole.Base),
    )
    return max(candidates, key=lambda c: contrast(c, highlight)).name()


def switch_style(palette: QPalette) -> str:
    """The switches' style sheet: the chosen value in the highlight colour; keyboard focus as
    a 2 px ring (the padding gives back the pixel so nothing moves)."""
    ring = focus_colour(palette)
    return f"""
QToolButton[switch="true"] {{ padding: 3px 8px; border: 1px solid palette(mid);
    background: palette(button); }}
QToolButton[switch="true"]:hover {{ background: palette(midlight); }}
QToolButton[switch="true"]:checked {{ background: palette(highlight);
    color: palette(highlighted-text); border-color: palette(highlight); }}
QToolButton[switch="true"]:focus {{ border: 2px solid {ring}; padding: 2px 7px; }}
"""


class SwitchBar(QWidget):
    """Rows of segmented switches. ``add(name, values, labels, current)`` adds one;
    ``changed(name, value)`` is emitted when the user picks a value."""

    changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewSwitches")
        self.groups: dict[str, QButtonGroup] = {}
        self._layout = FlowLayout(self, 8)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._sheet = ""
        self._restyle()

    def add(
        self,
        name: str,
        accessible_name: str,
        values: Sequence[tuple[str, str]],
        current: str,
    ) -> QWidget:
        """A switch ``name`` with (value, label) pairs; ``current`` is chosen."""
        box = QWidget()
        box.setAccessibleName(accessible_name)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for value, label in values:
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(value == current)
            button.setAccessibleName(f"Preview {label}")
            button.setProperty("value", value)
            button.setProperty("switch", True)
            button.setToolTip(f"{accessible_name}: {label}")
            button.installEventFilter(self)
            group.addButton(button)
            row.addWidget(button)
        group.buttonToggled.connect(lambda button, checked: self._toggled(name, button, checked))
        self.groups[name] = group
        self._layout.add(box)
        self._update_focus(group)
        return box

    def value(self, name: str) -> str:
        button = self.groups[name].checkedButton()
        return str(button.property("value")) if button is not None else ""

    def set_value(self, name: str, value: str) -> None:
        """Choose ``value`` without emitting ``changed``."""
        group = self.groups[name]
        for button in group.buttons():
            if button.property("value") == value and not button.isChecked():
                group.blockSignals(True)
                button.setChecked(True)
                group.blockSignals(False)
        self._update_focus(group)

    def tab_stops(self) -> list[QAbstractButton]:
        """The one button of each switch that Tab reaches (the chosen one), in order."""
        return [b for g in self.groups.values() for b in g.buttons() if b.isChecked()]

    # --- internals ------------------------------------------------------------------------

    def _toggled(self, name: str, button: QAbstractButton, checked: bool) -> None:
        group = self.groups[name]
        self._update_focus(group)
        if checked:
            self.changed.emit(name, str(button.property("value")))

    @staticmethod
    def _update_focus(group: QButtonGroup) -> None:
        for button in group.buttons():
            policy = Qt.FocusPolicy.StrongFocus if button.isChecked() else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QToolButton):
            assert isinstance(event, QKeyEvent)
            group = watched.group()
            if group is not None and self._move(group, watched, event.key()):
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _move(group: QButtonGroup, button: QAbstractButton, key: int) -> bool:
        buttons = group.buttons()
        index = buttons.index(button)
        if key in PREVIOUS:
            target = max(0, index - 1)
        elif key in NEXT:
            target = min(len(buttons) - 1, index + 1)
        elif key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End:
            target = len(buttons) - 1
        else:
            return False
        chosen = buttons[target]
        chosen.setChecked(True)
        chosen.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()

    def _restyle(self) -> None:
        sheet = switch_style(self.palette())
        if sheet != self._sheet:
            self._sheet = sheet
            self.setStyleSheet(sheet)


def preview_switches(page: str, mode: Mode) -> SwitchBar:
    """The preview's switch bar: the page shown, then each part of ``mode``."""
    bar = SwitchBar()
    for name, values in (
        ("page", (ARTIST, USER)),
        ("source", SOURCES),
        ("viewer", VIEWERS),
        ("width", WIDTHS),
        ("theme", THEMES),
    ):
        current = page if name == "page" else getattr(mode, name)
        pairs = [(value, SWITCH_LABELS[value]) for value in values]
        bar.add(name, SWITCH_NAMES[name], pairs, current)
    return bar
