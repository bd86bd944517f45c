"""One tab of the profile page: a status message, or its form in a scroll area."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget

from studio.core import drafts
from studio.ui.profile.widgets import plain_label

if TYPE_CHECKING:
    from studio.document import DraftDocument
    from studio.ui.profile.form import ProfileForm
    from studio.workspace import OpenDocument

TAB_TITLES = {drafts.ARTIST: "&Producer profile", drafts.USER: "&User profile"}


class TabSlot(QStackedWidget):
    """One tab: a status message, or the form in a scroll area."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.status = plain_label()
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setAccessibleName("Status")
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setAccessibleName(f"{TAB_TITLES[kind].replace('&', '')} fields")
        # no Tab stop of its own: it scrolls to the field that has the focus
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.addWidget(self.status)
        self.addWidget(self.scroller)
        self.doc: DraftDocument | None = None
        self.form: ProfileForm | None = None
        self.handle: OpenDocument | None = None  # the workspace's, for this tab's target
        self.link: QObject | None = None  # the page's connections to it (gone with the link)
        self.notice = ""
        self._shown_then: Callable[[], None] | None = None  # the form is shown on a later turn

    def show_status(self, text: str) -> None:
        """The status in place of the form. A form waiting to be shown will not be: what
        waited for it goes on now."""
        then, self._shown_then = self._shown_then, None
        self.status.setText(text)
        self.setCurrentWidget(self.status)
        if then is not None:
            then()

    @property
    def form_pending(self) -> bool:
        """The form is made and waits to be shown (:meth:`show_form_soon`)."""
        return self._shown_then is not None

    def show_form(self) -> None:
        """The form in place of the status, now (if there is one)."""
        then, self._shown_then = self._shown_then, None
        if self.form is not None:
            self.setCurrentWidget(self.scroller)
            if then is not None:
                then()

    def show_form_soon(self, then: Callable[[], None]) -> None:
        """The form in place of the status on the next turn, then ``then()`` (at once if a
        status replaces the form first): a form just made is laid out and painted on a turn
        of its own, with the event loop (a key press, a timer) between the two (~15 ms each;
        in one turn, the window's longest stall)."""
        self._shown_then = then
        QTimer.singleShot(1, self, self._show_pending)

    def _show_pending(self) -> None:
        if self._shown_then is not None:
            self.show_form()
