"""The sandbox reviewer (Sandbox → Review applications…): every account's Producer Program
requests in the embedded sandbox, and the reviewer's decisions — approve (optionally marking
the profile verified), deny with a reason, revoke — through the sandbox's admin hooks (B5),
as its demo administrator. A decision about the signed-in account refreshes it, so its
timeline moves and an approved profile appears in the switcher.
"""

from __future__ import annotations

import logging
import shlex
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.backstage import STATUS_TITLES, TYPE_TITLES, BackstageRequest, day_text
from studio.messages import user_message
from studio.ui.applications.widgets import note

if TYPE_CHECKING:
    from studio.api.review import SandboxReviewer
    from studio.context import AppContext

log = logging.getLogger(__name__)

REQUEST_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("#", "Applicant", "Type", "Profile", "Status", "Sent")
FILTERS = (("Pending", "pending"), ("All", ""), ("Approved", "approved"), ("Denied", "denied"),
           ("Revoked", "revoked"))  # fmt: skip


def admin_email() -> str:
    from studio.ui.session import demo_accounts

    return next(a.email for a in demo_accounts() if a.email.startswith("admin@"))


class ReviewerDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reviewer: SandboxReviewer | None = None
        self.busy = False
        self.setWindowTitle("Sandbox reviewer")
        self.setAccessibleName("Sandbox reviewer")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        command = ""
        if ctx.sandbox is not None:
            command = (
                "From a terminal: beatpass-sandbox review --data "
                f"{shlex.quote(str(ctx.sandbox.data_dir))} list"
            )
        layout.addWidget(note(
            "Play the BeatPass reviewer: decisions change this sandbox only, and the "
            f"applicant sees them on their next refresh. {command}", "About the reviewer",
        ))  # fmt: skip
        top = QHBoxLayout()
        show = QLabel("&Show")
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show requests")
        for title, status in FILTERS:
            self.filter.addItem(title, status)
        show.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh = QPushButton("Re&fresh")
        self.refresh.clicked.connect(self.reload)
        top.addWidget(show)
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.refresh)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Requests")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.tree, 1)
        reason_row = QHBoxLayout()
        reason_label = QLabel("&Reason or notes")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason or notes")
        self.reason.setPlaceholderText("Shown to the applicant (needed to deny)")
        self.reason.textChanged.connect(lambda _t: self._update_buttons())
        reason_label.setBuddy(self.reason)
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason, 1)
        layout.addLayout(reason_row)
        buttons = QHBoxLayout()
        self.verified = QCheckBox("Also mark the profile &verified")
        self.approve = QPushButton("&Approve")
        self.deny = QPushButton("&Deny")
        self.revoke = QPushButton("Re&voke")
        self.approve.clicked.connect(lambda: self.decide("approve"))
        self.deny.clicked.connect(lambda: self.decide("deny"))
        self.revoke.clicked.connect(lambda: self.decide("revoke"))
        close = QPushButton("&Close")
        close.clicked.connect(self.close)
        buttons.addWidget(self.verified)
        buttons.addStretch(1)
        for button in (self.approve, self.deny, self.revoke, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.status = note("", "Reviewer status")
        layout.addWidget(self.status)
        self._update_buttons()
        self.reload()

    # --- reading -------------------------------------------------------------------------

    def _connect(self) -> SandboxReviewer:
        """(worker) A client of the embedded sandbox signed in as its administrator."""
        if self.reviewer is None:
            from studio.api import BeatPassClient
            from studio.api.review import SandboxReviewer

            sandbox = self.ctx.sandbox
            if sandbox is None:
                raise RuntimeError("the embedded sandbox is not running")
            client = BeatPassClient(sandbox.base_url, sandbox.token_for(admin_email()))
            self.reviewer = SandboxReviewer(client)
        return self.reviewer

    def reload(self) -> None:
        status = str(self.filter.currentData() or "")
        self._run(lambda: self._connect().requests(status or None).items, self._listed, "list")

    def _listed(self, requests: Any) -> None:
        current = self.selected()
        self.tree.clear()
        for request in requests:
            item = QTreeWidgetItem(
                [
                    str(request.id),
                    request.user_name or f"user {request.user_id}",
                    TYPE_TITLES.get(request.type, request.type),
                    request.artist.name if request.artist is not None else request.artist_name,
                    STATUS_TITLES.get(request.status, request.status),
                    day_text(request.sent),
                ]
            )
            item.setData(0, REQUEST_ROLE, request)
            self.tree.addTopLevelItem(item)
            if current is not None and request.id == current.id:
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
        count = self.tree.topLevelItemCount()
        self.status.setText(f"{count} request{'s' if count != 1 else ''}.")

    def selected(self) -> BackstageRequest | None:
        item = self.tree.currentItem()
        request = item.data(0, REQUEST_ROLE) if item is not None else None
        return request if isinstance(request, BackstageRequest) else None

    # --- deciding ------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        request = self.selected()
        status = request.status if request is not None else ""
        idle = not self.busy
        self.approve.setEnabled(idle and status == "pending")
        self.deny.setEnabled(idle and status == "pending" and bool(self.reason.text().strip()))
        self.deny.setToolTip("Write the reason first: the applicant sees it.")
        self.revoke.setEnabled(idle and status in ("pending", "approved"))
        self.refresh.setEnabled(idle)

    def decide(self, decision: str) -> None:
        request = self.selected()
        if request is None or self.busy:
            return
        reason = self.reason.text().strip()
        verified = self.verified.isChecked()

        def work() -> BackstageRequest:
            reviewer = self._connect()
            if decision == "approve":
                return reviewer.approve(request.id, verified=verified, notes=reason)
            if decision == "deny":
                return reviewer.deny(request.id, reason)
            return reviewer.revoke(request.id, reason)

        self._run(work, self._decided, decision)

    def _decided(self, request: BackstageRequest) -> None:
        title = STATUS_TITLES.get(request.status, request.status)
        self.status.setText(f"Request #{request.id} is now {title.lower()}.")
        self.reason.clear()
        session = self.ctx.session
        if session is not None and request.user_id == session.user.id:
            from studio.ui.applications.account import refresh_account

            refresh_account(self.ctx)  # the applicant is you: your timeline and profiles move
        self.reload()

    def _run(self, work: Any, done: Any, what: str) -> None:
        self.busy = True
        self._update_buttons()

        def finished(result: Any) -> None:
            self.busy = False
            done(result)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.status.setText(f"The sandbox did not {what}: {user_message(exc)}")
            self._update_buttons()

        self.ctx.tasks.run(
            work, owner=self, on_done=finished, on_error=failed, name=f"reviewer {what}"
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        reviewer, self.reviewer = self.reviewer, None
        if reviewer is not None:
            self.ctx.tasks.run(reviewer.client.close, name="close the reviewer's client")
        super().closeEvent(event)
