"""The status timeline: every application the account sent (B3), newest first, with its
type, profile, when it was sent, its status and what that means, the review window of a
pending one and the reason of a denied (or revoked) one — with "Fix and send again" on a
denied Become or Claim."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from studio.core.backstage import (
    STATUS_TITLES,
    TYPE_TITLES,
    BackstageRequest,
    day_text,
    status_meaning,
)
from studio.core.limits import REVIEW_WINDOW_TEXT
from studio.ui.applications.widgets import heading, note, status_chip

RESUBMITTABLE = ("become-artist", "claim-artist")


def request_title(request: BackstageRequest) -> str:
    name = request.artist.name if request.artist is not None else request.artist_name
    kind = TYPE_TITLES.get(request.type, request.type or "Application")
    return f"{kind} · “{name}”" if name else kind


class RequestCard(QFrame):
    """One application of the timeline."""

    def __init__(self, request: BackstageRequest, *, can_resubmit: bool, missing_profile: bool,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.request = request
        self.setObjectName("requestCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#requestCard { border: 1px solid palette(mid); }")
        status = request.status
        title = request_title(request)
        status_title = STATUS_TITLES.get(status, status.capitalize() or "Unknown")
        sent = day_text(request.sent)
        self.setAccessibleName(f"{title}: {status_title}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.title = heading(title, role="subtitle")
        self.title.setAccessibleName("Application")
        self.chip = status_chip(status, status_title)
        top.addWidget(self.title, 1)
        top.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.sent = note(f"Sent {sent}" if sent else "Sent on an unknown date", "Sent")
        layout.addWidget(self.sent)
        self.meaning = note(status_meaning(request), "What it means")
        layout.addWidget(self.meaning)
        self.window_note = None
        if status == "pending":
            self.window_note = note(
                f"Expected decision: usually within {REVIEW_WINDOW_TEXT} of sending.", "Review"
            )
            layout.addWidget(self.window_note)
        self.reason = None
        if status in ("denied", "revoked"):
            text = (
                f"Reason given: {request.notes}"
                if request.notes
                else "BeatPass gave no reason here; it is in the e-mail with the decision."
            )
            self.reason = note(text, "Reason")
            layout.addWidget(self.reason)
        self.resubmit: QPushButton | None = None
        self.refresh: QPushButton | None = None
        buttons = QHBoxLayout()
        if status == "denied" and request.type in RESUBMITTABLE:
            self.resubmit = QPushButton("Fix and send again…")
            self.resubmit.setAccessibleName(f"Fix and send again: {title}")
            self.resubmit.setToolTip(
                "Start a new application filled in from this one, with the reason beside it."
            )
            self.resubmit.setEnabled(can_resubmit)
            buttons.addWidget(self.resubmit)
        if status == "approved" and missing_profile:
            self.refresh = QPushButton("Refresh account")
            self.refresh.setAccessibleName("Refresh account to show the new producer profile")
            buttons.addWidget(self.refresh)
        if buttons.count():
            buttons.addStretch(1)
            layout.addLayout(buttons)


class TimelineView(QWidget):
    """The cards of the account's applications (or why there are none)."""

    resubmitRequested = Signal(object)  # noqa: N815 — the denied BackstageRequest
    refreshAccountRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Your applications")
        self.cards: list[RequestCard] = []
        self._shown: object = None  # what the cards show (requests, can_resubmit, …)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.empty = note("", "Your applications")
        self._layout.addWidget(self.empty)

    def show_requests(
        self,
        requests: Iterable[BackstageRequest],
        *,
        can_resubmit: bool,
        managed: Iterable[int],
        error: str = "",
    ) -> None:
        """Cards for ``requests`` (newest first). ``managed``: the profiles the account has
        (an approved profile missing from them calls for a refresh). The same answer again
        keeps the cards as they are (and the focus on their buttons)."""
        requests = tuple(requests)
        shown = (requests, can_resubmit, frozenset(managed), error)
        if shown == self._shown:
            return
        self._shown = shown
        for card in self.cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        ordered = sorted(requests, key=lambda r: (r.created_at, r.id), reverse=True)
        ids = shown[2]
        for request in ordered:
            missing = (
                request.type in RESUBMITTABLE
                and request.artist_id is not None
                and request.artist_id not in ids
                and (
                    request.type == "become-artist"
                    or request.data.get("role") in ("artist", "manager")
                )
            )
            card = RequestCard(request, can_resubmit=can_resubmit, missing_profile=missing)
            if card.resubmit is not None:
                card.resubmit.clicked.connect(
                    lambda _=False, r=request: self.resubmitRequested.emit(r)
                )
            if card.refresh is not None:
                card.refresh.clicked.connect(self.refreshAccountRequested)
            self._layout.addWidget(card)
            self.cards.append(card)
        if error:
            self.empty.setText(error)
        elif not self.cards:
            self.empty.setText("You have not sent an application yet.")
        self.empty.setVisible(bool(error) or not self.cards)

    def card_of(self, request_id: int) -> RequestCard | None:
        return next((c for c in self.cards if c.request.id == request_id), None)
