"""Status-bar indicators: online/offline, the outbox count and the save state. They listen
to ``ctx.signals``; pages report through those signals, never to the widgets directly.
The outbox count is a flat button: once publishing is installed it opens the outbox view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from studio.ui.icons import IconSet

if TYPE_CHECKING:
    from studio.context import AppSignals

ICON_PX = 16
OUTBOX_TIP = "Show what is waiting to be published"


def _waiting(count: int) -> str:
    # imported here: studio.core.text loads the country table, not needed at start-up
    from studio.core.text import count_text, plural

    return (
        f"{count_text(count, 'item')} {plural(count, 'is', 'are')} waiting to be sent "
        "(publishes and uploads); they are delivered when the server answers."
    )


class _Indicator(QWidget):
    """An icon and a short text, with the same text as accessible name and tooltip."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(4)
        self.icon = QLabel()
        self.text = QLabel()
        layout.addWidget(self.icon)
        layout.addWidget(self.text)

    def show_state(self, icons: IconSet, icon: str, text: str, tooltip: str) -> None:
        self.icon.setPixmap(icons.icon(icon).pixmap(ICON_PX, ICON_PX) if icon else QPixmap())
        self.text.setText(text)
        self.setToolTip(tooltip)
        self.setAccessibleName(text)
        self.setAccessibleDescription(tooltip)


class StatusIndicators(QWidget):
    """Connection, outbox and save state, side by side (permanent status-bar widget)."""

    def __init__(self, signals: AppSignals, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self.setAccessibleName("Status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.save_state = _Indicator("saveState")
        self.outbox = QToolButton()
        self.outbox.setObjectName("outbox")
        self.outbox.setAutoRaise(True)  # flat until hovered
        self.outbox.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.outbox.setIconSize(QSize(ICON_PX, ICON_PX))
        self.outbox.setToolTip(OUTBOX_TIP)
        self.outbox.setEnabled(False)  # until publishing is installed (see connect_outbox)
        self.connection = _Indicator("connection")
        for widget in (self.save_state, self.outbox, self.connection):
            layout.addWidget(widget)
        self.online: bool | None = None
        self.outbox_count = 0
        self.set_online(None)
        self.set_outbox(0)
        self.set_save_state("")
        signals.online_changed.connect(self.set_online)
        signals.outbox_changed.connect(self.set_outbox)
        signals.save_state_changed.connect(self.set_save_state)

    def set_online(self, online: bool | None) -> None:
        self.online = online
        if online is None:
            self.connection.show_state(
                self._icons, "offline", "Not connected", "Not signed in to a BeatPass server."
            )
        elif online:
            self.connection.show_state(
                self._icons, "online", "Online", "The last request to the server succeeded."
            )
        else:
            self.connection.show_state(
                self._icons,
                "offline",
                "Offline",
                "The server cannot be reached. You can keep editing: drafts are saved on this "
                "computer and pending publishes wait in the outbox.",
            )

    def connect_outbox(self, show: Callable[[], object]) -> None:
        """Clicking the outbox count calls ``show`` (the publisher's outbox view)."""
        self.outbox.clicked.connect(show)
        self.outbox.setEnabled(True)

    def set_outbox(self, count: int) -> None:
        self.outbox_count = count
        text = "Outbox empty" if count == 0 else f"Outbox: {count} pending"
        waiting = "Nothing is waiting to be sent." if count == 0 else _waiting(count)
        self.outbox.setIcon(self._icons.icon("outbox"))
        self.outbox.setText(text)
        self.outbox.setAccessibleName(text)
        self.outbox.setAccessibleDescription(f"{OUTBOX_TIP}. {waiting}")

    def set_save_state(self, text: str) -> None:
        self.save_state.show_state(
            self._icons, "save" if text else "", text, text or "No draft open."
        )
        self.save_state.setVisible(bool(text))

    def retint(self) -> None:
        """Redraw the icons after a palette change."""
        self.set_online(self.online)
        self.set_outbox(self.outbox_count)
        self.set_save_state(self.save_state.text.text())
