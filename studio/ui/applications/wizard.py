"""``WizardView``: one path's application draft, step by step, with the readiness checklist
beside it.

Every step validates as you type with the rules the sandbox enforces; a required field left
empty is pointed at once you try to move on (Next says what is missing and goes to it,
instead of staying silently disabled). Errors the server gave (a refused send) stay at their
field until that field changes. The draft is a workspace document: autosaved, undo/redo,
one per path; the wizard connects to it only through an object that goes with the binding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from studio.core import application as app
from studio.core.application_checks import (
    Context,
    checklist,
    field_errors,
    step_of_field,
    step_problems,
)
from studio.ui.applications.checklist import ChecklistView
from studio.ui.applications.steps import Editor, StepBuilder, StepPage
from studio.ui.applications.widgets import Notice, heading
from studio.ui.profile.undo_keys import DocumentUndoKeys

if TYPE_CHECKING:
    from studio.context import AppContext
    from studio.core.backstage import ArtistSearchResult
    from studio.document import DraftDocument
    from studio.ui.applications.attachments import AttachmentList
    from studio.ui.applications.claim_search import ClaimSearch

Errors = dict[str, list[str]]


class _Link(QObject):
    """The wizard's connections to one document (they end when the binding does)."""

    def __init__(self, wizard: WizardView, doc: DraftDocument) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        doc.changed.connect(self.changed)
        doc.rebased.connect(self.rebased)

    def changed(self, field: str) -> None:
        self._wizard._changed(field)

    def rebased(self) -> None:
        self._wizard.refresh()


class WizardView(QWidget):
    """The steps of one path (``bind``), Back/Next, and the checklist."""

    closeRequested = Signal()  # noqa: N815 — back to the overview
    sendRequested = Signal()  # noqa: N815 — everything is ready: send it
    claimChosen = Signal(object)  # noqa: N815 — ArtistSearchResult the draft now claims
    contextNeeded = Signal()  # noqa: N815 — the draft changed what the checks must know

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("applicationWizard")
        self.doc: DraftDocument | None = None
        self.path = ""
        self.origin = ""
        self.context = Context()
        self.editors: dict[str, Editor] = {}
        self.pages: list[StepPage] = []
        self.claim_search: ClaimSearch | None = None
        self.attachments: AttachmentList | None = None
        self.summary_sync: Any = None
        self.summary: QLabel | None = None  # the review step's list of what is sent
        self.picture_editor: QWidget | None = None  # the image editor, once opened
        self._link: _Link | None = None
        self._server: Errors = {}
        self._tried: set[int] = set()
        self._locked = ""
        self._build()
        self._undo_keys = DocumentUndoKeys(self, ctx.undo_group)  # Ctrl+Z: the draft's undo

    def _build(self) -> None:
        self.title = heading("")
        self.overview = QPushButton("&Overview")
        self.overview.setAccessibleName("Back to the overview")
        self.overview.setToolTip("Your draft is kept; continue it any time.")
        self.overview.clicked.connect(self.closeRequested)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.overview)
        self.resubmission = Notice("Denied application")
        self.notice = Notice("Application notice")
        self.lock_notice = Notice("Sending")
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Steps")
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack = QStackedWidget()
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(self.stack)
        self.missing = Notice("What is missing")
        self.discard = QPushButton("&Discard draft…")
        self.discard.setAccessibleName("Discard this draft")
        self.discard.clicked.connect(self.ask_discard)
        self.discard_box: QMessageBox | None = None
        self.back = QPushButton("&Back")
        self.back.setAccessibleName("Previous step")
        self.back.clicked.connect(self.back_step)
        self.next = QPushButton("&Next")
        self.next.setAccessibleName("Next step")
        self.next.clicked.connect(self.next_step)
        self.send_button = QPushButton("&Send application")
        self.send_button.setAccessibleName("Send application")
        self.send_button.clicked.connect(self.send)
        nav = QHBoxLayout()
        nav.addWidget(self.discard)
        nav.addStretch(1)
        nav.addWidget(self.back)
        nav.addWidget(self.next)
        nav.addWidget(self.send_button)
        self.send_button.setVisible(False)  # on the last step, in place of Next
        column = QVBoxLayout()
        column.addWidget(self.tabs)
        column.addWidget(self.scroller, 1)
        column.addWidget(self.missing)
        column.addLayout(nav)
        self.checklist = ChecklistView()
        self.checklist.fieldRequested.connect(self.go_to_field)
        self.checklist.setMinimumWidth(200)
        self.checklist.setMaximumWidth(340)
        body = QHBoxLayout()
        body.addLayout(column, 3)
        body.addWidget(self.checklist, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.resubmission)
        layout.addWidget(self.notice)
        layout.addWidget(self.lock_notice)
        layout.addLayout(body, 1)

    # --- binding -------------------------------------------------------------------------

    def bind(self, path: str, doc: DraftDocument, origin: str) -> None:
        """Show ``doc`` (the draft of ``path``) from its first step."""
        self.unbind()
        self.path, self.doc, self.origin = path, doc, origin
        self._link = _Link(self, doc)
        self.title.setText(app.PATH_TITLES[path])
        self.editors = {}
        self.pages = StepBuilder(self).build(path)
        for page in self.pages:
            self.stack.addWidget(page)
            self.tabs.addTab(f"{self.tabs.count() + 1}  {page.tab}")
        if self.attachments is not None:
            self.attachments.bind(doc)
        if self.claim_search is not None:
            self.claim_search.set_client(
                self.ctx.session.client if self.ctx.session is not None else None
            )
        self.activate_undo()  # only while shown: Undo never acts on a draft off screen
        self.go_to_step(0)
        self.refresh()

    def unbind(self) -> None:
        if self._link is not None:
            self._link.deleteLater()
            self._link = None
        self.doc = None
        self._server, self._tried, self._locked = {}, set(), ""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        self.tabs.blockSignals(False)
        for page in self.pages:
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages, self.editors = [], {}
        self.claim_search = self.attachments = None
        self.summary_sync = self.summary = None
        self.context = Context()
        self.notice.clear()
        self.missing.clear()
        self.lock_notice.clear()

    # --- state ---------------------------------------------------------------------------

    def draft(self) -> dict[str, Any]:
        return self.doc.draft if self.doc is not None else app.empty_application()

    def value(self, field: str) -> Any:
        return self.draft().get(field)

    def errors(self) -> Errors:
        merged: Errors = {
            k: list(v) for k, v in field_errors(self.path, self.draft(), self.context).items()
        }
        for field, messages in self._server.items():
            for message in messages:
                if message not in merged.setdefault(field, []):
                    merged[field].append(message)
        return merged

    def set_context(self, context: Context) -> None:
        self.context = context
        self.refresh()

    def set_notice(self, text: str, kind: str = "info") -> None:
        self.notice.show_text(text, kind)

    def set_locked(self, text: str) -> None:
        """While the application waits to be sent it is not edited (``text`` says why);
        "" unlocks."""
        self._locked = text
        self.lock_notice.show_text(text, "info")
        self.stack.setEnabled(not text)
        self.discard.setEnabled(not text)
        self._update_nav()
        self.activate_undo()

    def activate_undo(self) -> None:
        """Undo/Redo act on this draft while it is shown and editable; not while it waits
        to be sent (it would no longer be what is sent)."""
        group, doc = self.ctx.undo_group, self.doc
        if doc is None:
            return
        if self._locked:
            if group.activeStack() is doc.stack:
                group.setActiveStack(None)  # type: ignore[arg-type]
        elif self.isVisible():
            group.setActiveStack(doc.stack)

    def show_server_errors(self, errors: Errors) -> None:
        """A refused send's errors (keyed by draft field): at their fields, the first step
        with one shown and its field focused."""
        self._server = {k: list(v) for k, v in errors.items() if v}
        for field in self._server:
            self._tried.add(step_of_field(self.path, field))
        self.refresh()
        if self._server:
            self.go_to_field(min(self._server, key=lambda f: step_of_field(self.path, f)))

    # --- navigation ----------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_to_step(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        self.stack.setCurrentIndex(index)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        self.missing.clear()
        self._update_nav()

    def _tab_changed(self, index: int) -> None:
        self.go_to_step(index)

    def go_to_field(self, field: str) -> None:
        self.go_to_step(step_of_field(self.path, field))
        editor = self.editors.get(field)
        if editor is not None and editor.widget.isEnabled():
            editor.widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroller.ensureWidgetVisible(editor.widget)

    def back_step(self) -> None:
        if self.step > 0:
            self.go_to_step(self.step - 1)
        else:
            self.closeRequested.emit()

    def next_step(self) -> None:
        """The next step, or — when this one still misses something — what, and where."""
        if self.doc is None:
            return
        if self.step == len(self.pages) - 1:
            self.send()
            return
        problems = step_problems(self.path, self.step, self.errors())
        if problems:
            self._tried.add(self.step)
            self.refresh()
            field, message = problems[0]
            more = len(problems) - 1
            self.go_to_field(field)
            self.missing.show_text(
                f"Not yet: {message}" + (f" (and {more} more on this step)" if more else ""),
                "warning",
            )
            return
        self.go_to_step(self.step + 1)

    def send(self) -> None:
        """Send, once nothing is missing (else go to the first thing that is)."""
        if self.doc is None or self._locked:
            return
        errors = self.errors()
        problems = [(f, m) for f, ms in errors.items() for m in ms]
        if problems:
            self._tried.update(range(len(self.pages)))
            self.refresh()
            first = min(errors, key=lambda f: step_of_field(self.path, f))
            message = errors[first][0]
            self.go_to_field(first)
            self.missing.show_text(
                f"Not sent yet: {message}"
                + (
                    f" (and {len(problems) - 1} more: see the checklist)"
                    if len(problems) > 1
                    else ""
                ),
                "warning",
            )
            return
        self.missing.clear()
        self.sendRequested.emit()

    def _update_nav(self) -> None:
        last = self.step == len(self.pages) - 1
        self.next.setVisible(not last)
        self.send_button.setVisible(last)
        self.send_button.setEnabled(not self._locked)
        self.back.setText("&Back" if self.step > 0 else "&Back to overview")

    # --- showing the draft ---------------------------------------------------------------

    def _changed(self, field: str) -> None:
        if field in self._server:  # the server's word on it is answered by the change
            self._server.pop(field)
        if field in ("artist_id", app.ATTACHMENTS):
            self.contextNeeded.emit()
        self.refresh()

    def refresh(self) -> None:
        if self.doc is None:
            return
        for editor in self.editors.values():
            editor.sync()
        errors = self.errors()
        for field, editor in self.editors.items():
            if editor.box is not None:
                editor.box.set_errors(self._visible(field, errors.get(field, [])))
        if self.summary_sync is not None:
            self.summary_sync()
        self.checklist.show_items(checklist(self.path, self.draft(), errors))
        draft = self.draft()
        if draft.get("resubmits") is not None:
            reason = draft.get("denial_reason") or "no reason was given here."
            self.resubmission.show_text(
                f"Fixing the application that was denied (request #{draft['resubmits']}). "
                f"Reason given: {reason}",
                "warning",
            )
        else:
            self.resubmission.clear()
        if self.missing.isVisible() and not step_problems(self.path, self.step, errors):
            self.missing.clear()

    def _visible(self, field: str, messages: list[str]) -> list[str]:
        """Errors are shown at once for what was typed (and the server's); a field still
        empty is pointed at once you tried to move past its step."""
        if not messages or field in self._server:
            return messages
        if step_of_field(self.path, field) in self._tried:
            return messages
        value = self.value(field)
        return messages if value not in ("", None, [], False) else []

    # --- actions of the steps ------------------------------------------------------------

    def claim_chosen(self, result: ArtistSearchResult, _state: str) -> None:
        doc = self.doc
        if doc is None:
            return
        doc.replace_draft(
            {**doc.draft, "artist_id": result.id, "artist_name": result.name},
            f"Choose “{result.name}” to claim",
        )
        self.claimChosen.emit(result)

    def ask_discard(self) -> None:
        """Discard draft…: after a yes, the draft is cleared in one undo step."""
        doc = self.doc
        if doc is None or not app.is_started(doc.draft):
            self.closeRequested.emit()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard draft",
            f"Clear your {app.PATH_TITLES[self.path]} draft? Undo (Ctrl+Z) brings it back.",
            parent=self,
        )
        clear = box.addButton("C&lear the draft", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("&Keep it", QMessageBox.ButtonRole.RejectRole))
        self.discard_box = box

        def done() -> None:
            if box.clickedButton() is clear and self.doc is doc:
                doc.replace_draft(app.empty_application(), "Discard draft")
                self.go_to_step(0)
                self.ctx.signals.message.emit("Draft cleared. Undo (Ctrl+Z) brings it back.")
            self.discard_box = None
            box.deleteLater()

        box.finished.connect(done)
        box.open()

    def edit_picture(self) -> None:
        if self.doc is None:
            return
        from studio.ui.images import open_image_editor

        upload = app.UPLOAD_KINDS[app.PICTURE]
        self.picture_editor = open_image_editor(
            self.ctx, self.doc, app.PICTURE, "claim_picture", upload, self
        )
