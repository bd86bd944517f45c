"""The outbox panel: every publish and upload waiting to be sent, why it waits, and what the
user can do about each — Retry now, Discard (after a confirmation), Show details (the error
and what the item would change). Non-modal; opened from the status bar's outbox indicator."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studio.core.credit_plan import ADD, ADD_ALBUM, CHECK, DELETE, ORDER, REROLE, step_label
from studio.core.diff import diff_drafts
from studio.publish.plan import CLEANUP, DONE, FAILED, SENDING, UPLOAD, WRITE, steps_of
from studio.store import OutboxItem
from studio.ui.models.outbox import ATTEMPTS, CREATED, STATUS, WHAT, OutboxModel, field_noun
from studio.ui.publish.render import change_html

EMPTY_TEXT = "Nothing is waiting: everything has been sent to BeatPass."


STATE_TEXT = {DONE: "done", FAILED: "refused", SENDING: "sent, checking", "todo": "waiting"}


CREDIT_STEPS = frozenset({CHECK, ADD, ADD_ALBUM, REROLE, DELETE, ORDER})


def step_text(step: dict[str, Any]) -> str:
    """One step of a plan in words: "Upload studio.png (gallery picture)", "Publish"."""
    kind = step.get("type")
    if kind == UPLOAD:
        noun = field_noun(str(step.get("field", "")))
        noun = "gallery picture" if step.get("field") == "profile_images" else noun
        name = step.get("name") or f"the new {noun}"
        return f"Upload {name} ({noun})"
    if kind == WRITE:
        return "Publish the changes"
    if kind == CLEANUP:
        return f"Delete unused uploads ({len(step.get('ids', []))})"
    if kind in CREDIT_STEPS:
        return step_label(step)
    return str(kind or "step").replace("_", " ").capitalize()


def details_html(item: OutboxItem, status: str, what: str) -> str:
    """The details of an item as escaped HTML: status, each step of its plan (done,
    waiting, refused with the reason), the full error, what it changes."""
    parts = [f"<h3>{html.escape(what)}</h3>", f"<p><b>Status:</b> {html.escape(status)}</p>"]
    if item.last_error:
        parts.append(f"<p><b>Last error:</b> {html.escape(item.last_error)}</p>")
    op = item.op
    steps = steps_of(op)
    if steps:
        rows = []
        for step in steps:
            state = STATE_TEXT.get(str(step.get("state", "todo")), "waiting")
            reason = f" — {step['error']}" if step.get("error") else ""
            rows.append(
                f"<li>{html.escape(step_text(step))}: <b>{html.escape(state)}</b>"
                f"{html.escape(reason)}</li>"
            )
        parts.append(f"<p><b>Steps:</b></p><ol>{''.join(rows)}</ol>")
    if item.kind == CLEANUP:
        parts.append(
            "<p>Pictures uploaded for a publish that no longer uses them are deleted on "
            "BeatPass, so nothing you did not publish stays there.</p>"
        )
        return "".join(parts)
    try:
        changes = diff_drafts(item.kind, op["base"], op["draft"])
    except (KeyError, TypeError, ValueError):
        changes = []
    if changes:
        names = {str(s["ref"]): str(s["name"]) for s in steps if s.get("ref") and s.get("name")}
        parts.append("<p><b>What this publish changes on your public page:</b></p>")
        parts.extend(change_html(change, names) for change in changes)
    return "".join(parts)


class OutboxView(QDialog):
    """Lists ``model``; acts through ``runner`` (the publish runner)."""

    def __init__(self, model: OutboxModel, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.runner = runner
        self.confirm_box: QMessageBox | None = None
        self.setObjectName("outboxView")
        self.setWindowTitle("Outbox")
        self.setAccessibleName("Outbox: publishes waiting to be sent")
        self.setModal(False)
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        self.intro = intro = QLabel(
            "Publishes wait here until BeatPass has them, step by step (pictures first, then "
            "the changes). They are kept on this computer, also when Studio is closed."
        )
        intro.setWordWrap(True)
        intro.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        intro.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(intro)

        self.table = QTableView()
        self.table.setObjectName("outboxTable")
        self.table.setAccessibleName("Outbox items")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        for column in (ATTEMPTS, CREATED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 2)
        self.empty_panel = QFrame()  # in the table's place while nothing is waiting
        self.empty_panel.setObjectName("outboxEmpty")
        self.empty_panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty_panel.setBackgroundRole(QPalette.ColorRole.Base)
        self.empty_panel.setAutoFillBackground(True)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAccessibleName("Outbox is empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        QVBoxLayout(self.empty_panel).addWidget(self.empty)
        layout.addWidget(self.empty_panel, 2)

        self.details = QTextBrowser()
        self.details.setObjectName("outboxDetails")
        self.details.setAccessibleName("Details of the selected item")
        self.details.setOpenLinks(False)
        self.details.setVisible(False)
        layout.addWidget(self.details, 1)

        row = QHBoxLayout()
        self.retry_button = QPushButton("&Retry now")
        self.retry_button.setAccessibleName("Retry the selected item now")
        self.discard_button = QPushButton("&Discard…")
        self.discard_button.setAccessibleName("Discard the selected item")
        self.details_button = QPushButton("Show &details")
        self.details_button.setAccessibleName("Show details of the selected item")
        self.details_button.setCheckable(True)
        for button in (self.retry_button, self.discard_button, self.details_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row.addWidget(buttons)
        layout.addLayout(row)

        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.details_button.toggled.connect(self._toggle_details)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.discard_selected)
        self.table.activated.connect(lambda _index: self.details_button.setChecked(True))
        # Bound methods of this view, never lambdas: Qt then ties each connection to the
        # view's lifetime and drops it when the view is deleted (closed), so a later outbox
        # change cannot reach a deleted widget. The model outlives the view.
        self.table.selectionModel().currentRowChanged.connect(self._model_changed)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._model_changed)
        self._refresh()

    # --- selection ---------------------------------------------------------------------------

    def selected(self) -> OutboxItem | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def select_item(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    # --- actions -----------------------------------------------------------------------------

    def retry_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        self.runner.retry_item(item.id)

    def discard_selected(self) -> None:
        """Ask first: discarding loses that publish (or upload) for good."""
        item = self.selected()
        if item is None or self.confirm_box is not None:
            return
        title, text = (
            "Discard this publish?",
            "This publish is lost: it is taken out of the outbox and not sent (pictures it "
            "already uploaded are deleted on BeatPass). Your draft stays in the editor, so "
            "you can review and publish it again later.",
        )
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setObjectName("outboxDiscardConfirm")
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)

        def done() -> None:
            if box.clickedButton() is discard:
                self.runner.discard(item.id)
            self.confirm_box = None
            box.deleteLater()

        box.finished.connect(done)
        self.confirm_box = box
        box.open()

    # --- view --------------------------------------------------------------------------------

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide &details" if shown else "Show &details")
        self._refresh()

    def _model_changed(self, *_args: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_panel.setVisible(empty)
        self.table.setVisible(not empty)
        if not empty and not self.table.currentIndex().isValid():
            self.select_item(self.model.item(0).id)  # type: ignore[union-attr]
        item = self.selected()
        for button in (self.retry_button, self.discard_button, self.details_button):
            button.setEnabled(item is not None)
        sending = item is not None and self.model.status_text(item).startswith("Sending")
        self.retry_button.setEnabled(item is not None and not sending)
        self.discard_button.setEnabled(item is not None and not sending)
        if item is None:
            self.details.clear()
        elif self.details.isVisible():
            row = self.model.row_of(item.id)
            status = self.model.index(row, STATUS).data()
            what = self.model.index(row, WHAT).data()
            self.details.setHtml(details_html(item, status, what))


def show_outbox(view: OutboxView | None, make: Any) -> OutboxView:
    """Show the outbox view (made by ``make()`` the first time), raised and focused."""
    if view is None:
        view = make()
    view.show()
    view.raise_()
    view.activateWindow()
    view.table.setFocus(Qt.FocusReason.OtherFocusReason)
    return view
