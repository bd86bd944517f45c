"""Status-bar indicators: online/offline, the outbox count and the save state. They listen
to ``ctx.signals``; pages report through those signals, never to the widgets directly.
The outbox count is a flat button: once publishing is installed it opens the outbox view.

:class:`MessageLine` shows the latest short message (``ctx.signals.message``) on the left,
shortened with "…" where it does not fit; the whole text is in its tooltip, and a click (or
Help → Recent messages) lists the recent messages in full."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from studio.ui.icons import IconSet

if TYPE_CHECKING:
    from studio.context import AppSignals

ICON_PX = 16
OUTBOX_TIP = "Show what is waiting to be published"


def _waiting(count: int, signed_in: bool = True) -> str:
    # imported here: studio.core.text loads the country table, not needed at start-up
    from studio.core.text import count_text, plural

    when = (
        "they are delivered when the server answers"
        if signed_in
        else "they are sent once you sign in to the account that made them"
    )
    return (
        f"{count_text(count, 'item')} {plural(count, 'is', 'are')} waiting to be sent "
        f"(publishes and uploads); {when}."
    )


MESSAGE_MS = 8000  # a message stays on the line at least this long …
MESSAGE_MS_PER_CHAR = 70  # … and long enough to be read
MESSAGE_MAX_MS = 30_000
HISTORY_SIZE = 50
MESSAGE_MARGIN = 6


@dataclass(frozen=True)
class Message:
    text: str
    at: float  # epoch seconds


class MessageLine(QAbstractButton):
    """The latest message, elided to fit; ``history`` keeps the recent ones in full (newest
    last) and ``historyRequested`` asks for them to be shown (a click on the line)."""

    historyRequested = Signal()  # noqa: N815 (Qt style, like the other signals)
    messageAdded = Signal(object)  # noqa: N815 — a Message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusMessage")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard: Help → Recent messages
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.history: list[Message] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.clicked.connect(self.historyRequested)
        self.clear()

    def show_message(self, text: str) -> None:
        """Show ``text`` until it has had time to be read (it stays in the history)."""
        text = " ".join(text.split())
        if not text:
            return
        message = Message(text, time.time())
        self.history.append(message)
        del self.history[:-HISTORY_SIZE]
        self.messageAdded.emit(message)
        self.setText(text)
        self.setToolTip(f"{text}\n\nClick to see the recent messages.")
        self.setAccessibleName(f"Message: {text}")
        self._timer.start(min(max(MESSAGE_MS, MESSAGE_MS_PER_CHAR * len(text)), MESSAGE_MAX_MS))
        self.update()

    def clear(self) -> None:
        """Take the message off the line (it outlived its moment); the history keeps it."""
        self._timer.stop()
        self.setText("")
        self.setToolTip("Click to see the recent messages." if self.history else "")
        self.setAccessibleName("No message")
        self.update()

    def shown_text(self) -> str:
        """What fits of the message: the whole text, or its start and "…"."""
        width = max(self.width() - 2 * MESSAGE_MARGIN, 0)
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        metrics = self.fontMetrics()
        return QSize(
            metrics.horizontalAdvance(self.text()) + 2 * MESSAGE_MARGIN, metrics.height() + 4
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(0, self.fontMetrics().height() + 4)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        rect = self.rect().adjusted(MESSAGE_MARGIN, 0, -MESSAGE_MARGIN, 0)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, align, self.shown_text())


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
    """Connection, outbox and save state, side by side (permanent status-bar widget).

    While signed in the outbox count is the account's (``outbox_changed``); while signed out
    it is what waits for any account (:meth:`set_waiting_signed_out`, read from the store), and
    a click asks to sign in (``signInRequested``) instead of opening an outbox of nobody."""

    signInRequested = Signal()  # noqa: N815

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
        self.outbox.clicked.connect(self._outbox_clicked)
        self._show_outbox: Callable[[], object] | None = None
        self.connection = _Indicator("connection")
        for widget in (self.save_state, self.outbox, self.connection):
            layout.addWidget(widget)
        self.online: bool | None = None
        self.signed_in = False
        self.outbox_count = 0  # the signed-in account's
        self.waiting_signed_out = 0  # every account's, while signed out
        self.set_online(None)
        self.set_outbox(0)
        self.set_save_state("")
        signals.online_changed.connect(self.set_online)
        signals.outbox_changed.connect(self.set_outbox)
        signals.save_state_changed.connect(self.set_save_state)
        signals.session_changed.connect(self._session_changed)

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
        self._show_outbox = show
        self._show_count()

    def set_outbox(self, count: int) -> None:
        """The signed-in account's count (ignored while signed out: nobody's outbox)."""
        self.outbox_count = count
        self._show_count()

    def set_waiting_signed_out(self, count: int) -> None:
        """What waits in the outbox of any account (shown while signed out)."""
        self.waiting_signed_out = count
        self._show_count()

    def _session_changed(self, session: object) -> None:
        self.set_signed_in(session is not None)

    def set_signed_in(self, signed_in: bool) -> None:
        self.signed_in = signed_in
        self.outbox_count = 0  # another account's, or nobody's: read again
        self._show_count()

    def _outbox_clicked(self) -> None:
        if not self.signed_in:
            self.signInRequested.emit()
        elif self._show_outbox is not None:
            self._show_outbox()

    def _show_count(self) -> None:
        count = self.outbox_count if self.signed_in else self.waiting_signed_out
        if count == 0:
            text, waiting = "Outbox empty", "Nothing is waiting to be sent."
        elif self.signed_in:
            text, waiting = f"Outbox: {count} pending", _waiting(count)
        else:
            text, waiting = f"Outbox: {count} waiting", _waiting(count, signed_in=False)
        tip = OUTBOX_TIP if self.signed_in or count == 0 else "Sign in to send what is waiting"
        self.outbox.setIcon(self._icons.icon("outbox"))
        self.outbox.setText(text)
        self.outbox.setToolTip(tip if count == 0 or self.signed_in else f"{tip}. {waiting}")
        self.outbox.setAccessibleName(text)
        self.outbox.setAccessibleDescription(f"{tip}. {waiting}")
        usable = self._show_outbox is not None if self.signed_in else count > 0
        self.outbox.setEnabled(usable)

    def set_save_state(self, text: str) -> None:
        self.save_state.show_state(
            self._icons, "save" if text else "", text, text or "No draft open."
        )
        self.save_state.setVisible(bool(text))

    def retint(self) -> None:
        """Redraw the icons after a palette change."""
        self.set_online(self.online)
        self._show_count()
        self.set_save_state(self.save_state.text.text())
