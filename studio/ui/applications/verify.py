"""Get Verified: no form. BeatPass verifies producers through its Discord community: what to
do there, how long it takes, and what the badge unlocks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from studio.core.limits import REVIEW_WINDOW_TEXT
from studio.ui.applications.steps import COMMUNITY_URL
from studio.ui.applications.widgets import heading, link_label, note

STEPS_TEXT = (
    "1. Join the BeatPass community server on Discord.\n"
    "2. Use a Discord name that matches your producer name{name}, so staff can tell it is "
    "you.\n"
    "3. Ask for verification in the server. Staff check your profile and your beats by hand, "
    f"usually within {REVIEW_WINDOW_TEXT}."
)
UNLOCKS = (
    "Verification unlocks the verified badge next to your producer name (on your producer "
    "page, on your beats' cards and on your linked user profile) and the perks BeatPass gives "
    "verified producers. It can be removed later if the profile no longer meets the rules."
)


class VerifyView(QWidget):
    closeRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(heading("Get Verified"), 1)
        back = QPushButton("&Overview")
        back.setAccessibleName("Back to the overview")
        back.clicked.connect(self.closeRequested)
        top.addWidget(back)
        layout.addLayout(top)
        layout.addWidget(note(
            "There is no form to fill in: BeatPass verifies producers in its Discord "
            "community.", "How verification works",
        ))  # fmt: skip
        self.steps = note("", "What to do")
        layout.addWidget(self.steps)
        layout.addWidget(link_label("Open the BeatPass community page", COMMUNITY_URL))
        layout.addWidget(heading("What it unlocks", role="subtitle"))
        layout.addWidget(note(UNLOCKS, "What verification unlocks"))
        self.state = note("", "Your profile")
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.show_profile("", verified=False)

    def show_profile(self, name: str, *, verified: bool) -> None:
        self.steps.setText(STEPS_TEXT.format(name=f" (“{name}”)" if name else ""))
        if not name:
            self.state.setText("")
        elif verified:
            self.state.setText(f"“{name}” is already verified.")
        else:
            self.state.setText(f"“{name}” is not verified yet.")
