"""The overview of the Applications section: whether the account may apply now (B1), the
paths it is offered (with a draft in progress or one waiting to be sent), and the timeline
of what it sent."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core import application as app
from studio.core.limits import SUPPORT_EMAIL
from studio.ui.applications.timeline import TimelineView
from studio.ui.applications.widgets import Notice, heading, link_label, note

INTRO = (
    "The Producer Program lets you publish beats on BeatPass. Apply for a new producer "
    "profile, claim a page that is already yours, or get your profile verified. BeatPass "
    "reviews each application and e-mails the decision."
)
QUEUED_TEXT = "Not now: your other application waits to be sent; one is reviewed at a time."
BUTTON_MNEMONICS = {app.BECOME: "&Become a Producer", app.CLAIM: "&Claim Existing Artist",
                    app.VERIFY: "Get &Verified"}  # fmt: skip


@dataclass
class HomeState:
    """What the overview shows."""

    offered: tuple[str, ...] = ()
    status_text: str = ""
    status_kind: str = "info"
    blocked: bool = False
    contact_url: str | None = None
    contact: bool = False  # revoked: appeal through support
    drafts: dict[str, bool] = field(default_factory=dict)  # path → a draft in progress
    waiting: dict[str, str] = field(default_factory=dict)  # path → what its send waits for
    queued: str = ""  # the path whose application waits in the outbox (one at a time)


class HomeView(QWidget):
    """Status, the path selector and the timeline."""

    pathChosen = Signal(str)  # noqa: N815
    refreshRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationsHome")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.setSpacing(10)
        layout.addWidget(heading("Producer Program"))
        layout.addWidget(note(INTRO, "About the Producer Program"))
        self.status = Notice("Can you apply?")
        self.contact = link_label(
            f"Contact BeatPass support ({SUPPORT_EMAIL})", f"mailto:{SUPPORT_EMAIL}",
            "Contact BeatPass support",
        )  # fmt: skip
        self.contact_page = link_label("Open the contact page", "", "Open the contact page")
        self.status.extra.addWidget(self.contact)
        self.status.extra.addWidget(self.contact_page)
        layout.addWidget(self.status)
        layout.addWidget(heading("Apply", role="subtitle"))
        self.buttons: dict[str, QCommandLinkButton] = {}
        for path in app.PATHS:
            button = QCommandLinkButton(BUTTON_MNEMONICS[path], app.PATH_SUMMARIES[path])
            button.setAccessibleName(app.PATH_TITLES[path])
            button.clicked.connect(lambda _=False, p=path: self.pathChosen.emit(p))
            self.buttons[path] = button
            layout.addWidget(button)
        self.not_offered = note("", "Paths not offered")
        layout.addWidget(self.not_offered)
        row = QHBoxLayout()
        row.addWidget(heading("Your applications", role="subtitle"), 1)
        self.refresh = QPushButton("Refresh")
        self.refresh.setAccessibleName("Refresh your applications")
        self.refresh.setToolTip("Read your applications and whether you can apply again (F5).")
        self.refresh.clicked.connect(self.refreshRequested)
        row.addWidget(self.refresh)
        layout.addLayout(row)
        self.timeline = TimelineView()
        layout.addWidget(self.timeline)
        layout.addStretch(1)
        self.state = HomeState()

    def show_state(self, state: HomeState) -> None:
        self.state = state
        self.status.show_text(state.status_text, state.status_kind)
        self.contact.setVisible(state.contact)
        url = state.contact_url or ""
        self.contact_page.setVisible(bool(state.contact and url))
        if url:
            self.contact_page.setText(
                f'<a href="{html.escape(url, quote=True)}">Open the contact page</a>'
            )
            self.contact_page.setToolTip(url)
        hidden = []
        for path, button in self.buttons.items():
            offered = path in state.offered
            button.setVisible(offered)
            if not offered:
                hidden.append(app.PATH_TITLES[path])
                continue
            form = path in app.FORM_PATHS
            button.setEnabled(not (form and (state.blocked or state.queued not in ("", path))))
            description = self._description(path, state)
            if description != button.description():
                button.setDescription(description)
                button.setAccessibleDescription(description)
                button.updateGeometry()  # one more line: the layout asks its height again
        self.not_offered.setText(
            f"Not offered to this account: {', '.join(hidden)}." if hidden else ""
        )
        self.not_offered.setVisible(bool(hidden))

    @staticmethod
    def _description(path: str, state: HomeState) -> str:
        text = app.PATH_SUMMARIES[path]
        if path in state.waiting:
            return f"{text}  Sent from here: {state.waiting[path]}"
        if path in app.FORM_PATHS and state.queued not in ("", path):
            return f"{text}  {QUEUED_TEXT}"
        if path in app.FORM_PATHS and state.blocked:
            return f"{text}  Not now: see above why a new application cannot be sent."
        if state.drafts.get(path):
            return f"{text}  A draft is in progress: continue where you left off."
        return text
