"""``Publisher``: the publish flow of the app, from the review dialog to the outbox runner
and back to the user (conflicts, field errors, re-sign-in, other refusals).

Every dialog opens with ``open()`` (window-modal, never a nested event loop) and is kept on an
attribute and announced by ``dialogOpened`` so tests and the shell can drive it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from studio.api import ApiError, AuthExpired
from studio.context import AppContext, Session
from studio.core.checks import draft_errors
from studio.core.credit_drafts import CREDITS
from studio.core.diff import diff_drafts
from studio.core.text import count_text, plural
from studio.document import DraftDocument
from studio.messages import user_message
from studio.publish import (
    Backoff,
    ConflictRequest,
    Delivery,
    ItemProblem,
    OutboxRunner,
)
from studio.publish.kinds import known_kinds, publish_kind
from studio.ui.models.outbox import PUBLISH, OutboxModel
from studio.ui.preview import ImageLoader
from studio.ui.publish.conflicts import ConflictDialog
from studio.ui.publish.reauth import TOKEN, ReauthDialog
from studio.ui.publish.review import ReviewDialog, ReviewEntry

if TYPE_CHECKING:
    from studio.ui.outbox_view import OutboxView

log = logging.getLogger(__name__)


class Shell(Protocol):
    """What publishing needs of the window it lives in (the main window has all of it):
    pages ask to publish through ``publishRequested``; ``show_field_errors`` puts a refused
    publish's errors at their fields (True when a page showed them)."""

    publishRequested: SignalInstance  # noqa: N815 (Qt's naming)

    def show_field_errors(self, kind: str, errors: dict[str, Any]) -> bool: ...


class WrongAccount(ApiError):  # noqa: N818 (reads as a state, like the client's errors)
    default_user_message = (
        "That is a different BeatPass account. Sign in as the account that made these "
        "changes to publish them."
    )


class Publisher(QObject):
    """Review → outbox → runner, with the dialogs the runner's outcomes need."""

    dialogOpened = Signal(object)  # noqa: N815 — any dialog this object opened
    reviewFinished = Signal(bool)  # noqa: N815 — True: queued for publishing

    def __init__(
        self,
        ctx: AppContext,
        window: QWidget,
        shell: Shell,
        *,
        backoff: Backoff | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self._shell = shell
        shell.publishRequested.connect(self._publish_requested)
        self.review_dialog: ReviewDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.reauth_dialog: ReauthDialog | None = None
        self.problem_box: QMessageBox | None = None
        self.outbox_view: OutboxView | None = None
        self.indicator: QWidget | None = None  # set by install_publishing
        self.images: ImageLoader = ctx.images  # the review's thumbnails (the app's one cache)
        self._conflicts: list[ConflictRequest] = []
        self._attached: object | None = None
        if ctx.store is None:
            raise ValueError("publishing needs the local store")
        self.runner = OutboxRunner(
            ctx.tasks,
            ctx.store,
            client=lambda: ctx.session.client if ctx.session is not None else None,
            account=lambda: ctx.session.store_account if ctx.session is not None else None,
            documents=self.documents,
            data_dir=ctx.paths.data,
            backoff=backoff,
            connectivity=ctx.workspace.connectivity,
            parent=self,
        )
        runner = self.runner
        self.outbox_model = OutboxModel(self)  # the outbox count
        self.outbox_model.watch(PUBLISH, runner)
        self.outbox_model.countChanged.connect(ctx.signals.outbox_changed)
        runner.uploadRefused.connect(self._upload_refused)
        runner.uploadProgress.connect(ctx.workspace.note_upload_progress)
        runner.delivered.connect(self._delivered)
        runner.conflicted.connect(self._conflicted)
        runner.fieldErrors.connect(self._field_errors)
        runner.failed.connect(self._failed)
        runner.authNeeded.connect(self._auth_needed)
        ctx.signals.session_changed.connect(self._session_changed)
        ctx.signals.submit_requested.connect(self.submit)
        if ctx.session is not None:
            runner.reset()

    # --- the page ------------------------------------------------------------------------

    def _publish_requested(self) -> None:
        self.review()

    def documents(self) -> list[DraftDocument]:
        """Every open document of the signed-in account (the workspace's)."""
        return self.ctx.workspace.documents()

    # --- outbox --------------------------------------------------------------------------

    def show_outbox(self) -> OutboxView:
        """Open (or raise) the outbox view: every waiting publish and upload, with Retry
        now / Discard / Show details."""
        from studio.ui.outbox_view import OutboxView, show_outbox  # the view imports render

        def make() -> OutboxView:
            view = OutboxView(self.outbox_model, self.runner, self.window)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.destroyed.connect(lambda *_: self._outbox_closed(view))
            return view

        self.outbox_view = show_outbox(self.outbox_view, make)
        self.dialogOpened.emit(self.outbox_view)
        return self.outbox_view

    def _outbox_closed(self, view: OutboxView) -> None:
        if self.outbox_view is view:
            self.outbox_view = None

    # --- review --------------------------------------------------------------------------

    def review(self, docs: Iterable[DraftDocument] | None = None) -> ReviewDialog | None:
        """Open "What will change on your public page" for the documents with changes.

        Returns the dialog, or None (with a status message) when there is nothing to do.
        """
        if self.ctx.session is None:
            self.ctx.signals.message.emit("Sign in to publish.")
            return None
        if self.review_dialog is not None:
            self.review_dialog.raise_()
            return self.review_dialog
        docs = list(docs if docs is not None else self._reviewed())
        entries = [self._entry(doc) for doc in docs]
        entries = [e for e in entries if e.changes]
        if not entries:
            self.ctx.signals.message.emit("Nothing to publish: the page already shows your draft.")
            return None
        if self._stopped_on_field_errors(entries):
            return None
        busy = [e.title for e in entries if self.runner.is_publishing(e.kind, e.entity_id)]
        if busy:
            self.ctx.signals.message.emit(
                f"{busy[0]} is being published right now. Publish again when it is done."
            )
            return None
        origin = self.ctx.session.client.origin
        dialog = ReviewDialog(
            entries, self.window, images=self.images, origin=origin, names=self.ctx.workspace.names
        )
        dialog.finished.connect(lambda result: self._review_done(dialog, result))
        self.review_dialog = dialog
        dialog.open()
        self.dialogOpened.emit(dialog)
        return dialog

    def _reviewed(self) -> list[DraftDocument]:
        """What Publish offers: every document but those sent from their own page after
        their own review (an application is never sent by the Publish of another page)."""
        return [d for d in self.documents() if not _own_review(d.kind)]

    def submit(self, kind: str, entity_id: str) -> None:
        """Send one document its page reviewed itself (``signals.submit_requested``): its
        plan goes to the outbox as it is, replacing a waiting one of the same target."""
        doc = self.ctx.workspace.find(kind, entity_id)
        noun = publish_kind(kind).noun
        if self.ctx.session is None or doc is None:
            self.ctx.signals.message.emit(f"Sign in to send your {noun}.")
            return
        if self.runner.is_publishing(kind, entity_id):
            self.ctx.signals.message.emit(f"Your {noun} is being sent right now.")
            return
        if self.runner.enqueue(kind, entity_id, doc.base, doc.draft):
            self.ctx.signals.message.emit(f"Sending your {noun}…")

    def _stopped_on_field_errors(self, entries: list[ReviewEntry]) -> bool:
        """The local checks (the rules the server enforces, and a country from the list)
        before anything is offered for publishing: with field errors the review does not
        open; the errors show at their fields, the first one focused, and the status says why.
        """
        found = [
            (entry, errors)
            for entry in entries
            if (errors := draft_errors(entry.kind, entry.base, entry.draft))
        ]
        if not found:
            return False
        for entry, errors in reversed(found):  # the first one ends up shown and focused
            self._shell.show_field_errors(entry.kind, errors)
        count = sum(len(errors) for _entry, errors in found)
        first = next(iter(found[0][1].values()))[0]
        self.ctx.signals.message.emit(
            f"Publishing did not start: {count_text(count, 'field')} "
            f"{plural(count, 'needs', 'need')} fixing first. {first} Nothing was sent; your "
            "edits are kept."
        )
        return True

    def _entry(self, doc: DraftDocument) -> ReviewEntry:
        base, draft = doc.base, doc.draft
        if doc.kind == "artist":
            title = f"Producer page: {draft.get('name') or base.get('name') or doc.entity_id}"
        elif doc.kind == CREDITS:
            title = f"Professional credits: {self._artist_name(doc.entity_id)}"
        elif doc.kind == "user":
            title = "Your user profile"
        else:
            title = self._kind_title(doc.kind, doc.entity_id)
        return ReviewEntry(
            title, doc.kind, doc.entity_id, base, draft, diff_drafts(doc.kind, base, draft)
        )

    def _review_done(self, dialog: ReviewDialog, result: int) -> None:
        self.review_dialog = None
        dialog.deleteLater()
        accepted = result == QDialog.DialogCode.Accepted
        if accepted:
            for entry in dialog.entries:
                self.runner.enqueue(entry.kind, entry.entity_id, entry.base, entry.draft)
            self.ctx.signals.message.emit("Publishing…")
        self.reviewFinished.emit(accepted)

    # --- runner outcomes -----------------------------------------------------------------

    def _upload_refused(self, refused: Any) -> None:
        if not refused.ref:  # a step of another kind than an upload (a credit): its own words
            self.ctx.signals.message.emit(f"Not published: {refused.message}")
            return
        self.ctx.workspace.note_refused(refused.ref, refused.message)
        text = (
            "A picture was not published: {message} The rest was published; the picture "
            "stays in your draft."
        )
        if refused.kind in known_kinds():  # a kind may say it its own way (a pinned track)
            text = publish_kind(refused.kind).extra.get("refused_text", text)
        self.ctx.signals.message.emit(text.format(message=refused.message))

    def _delivered(self, delivery: Delivery) -> None:
        names = self.ctx.workspace.names
        for ref, url in delivery.uploaded.items():  # an uploaded picture keeps its name
            self.ctx.workspace.note_name(url, names.get(ref, ""))
        if _own_review(delivery.kind):
            self.ctx.signals.message.emit(f"Sent: your {publish_kind(delivery.kind).noun}.")
            return
        what = ", ".join(c.label for c in delivery.changes) or "no visible change"
        self.ctx.signals.message.emit(f"Published: {what}.")

    def _conflicted(self, request: ConflictRequest) -> None:
        self._conflicts.append(request)
        self._next_conflict()

    def _next_conflict(self) -> None:
        if self.conflict_dialog is not None or not self._conflicts:
            return
        request = self._conflicts.pop(0)
        title = self._title(request.kind, request.entity_id, request.server)
        dialog = ConflictDialog(request, title, self.window)
        dialog.finished.connect(lambda result: self._conflict_done(dialog, result))
        self.conflict_dialog = dialog
        dialog.open()
        self.dialogOpened.emit(dialog)

    def _conflict_done(self, dialog: ConflictDialog, result: int) -> None:
        self.conflict_dialog = None
        dialog.deleteLater()
        request = dialog.request
        if result == QDialog.DialogCode.Accepted:
            self.runner.resolve(request, dialog.resolved())
        else:
            self.runner.postpone(
                request.item_id, "Changed here and on BeatPass: choose which version to keep."
            )
            self.ctx.signals.message.emit(
                "The publish waits in the outbox until you choose (Outbox → Retry now)."
            )
        self._next_conflict()

    def _field_errors(self, problem: ItemProblem) -> None:
        self._shell.show_field_errors(problem.kind, problem.field_errors)
        if _own_review(problem.kind):
            noun = publish_kind(problem.kind).noun
            self._show_problem(
                problem,
                f"BeatPass did not accept your {noun}: {problem.message}\n\nWhat needs "
                "fixing is marked where you filled it in; send it again from there (the "
                "waiting one is replaced), or discard it.",
            )
            return
        self._show_problem(
            problem,
            f"BeatPass did not accept some fields: {problem.message}\n\nFix the highlighted "
            "fields and publish again (the waiting publish is replaced), or discard it.",
        )

    def _failed(self, problem: ItemProblem) -> None:
        self._show_problem(
            problem,
            f"{problem.message}\n\nThe publish waits in the outbox. Try again later, or "
            "discard it (your draft stays in the editor).",
        )

    def _show_problem(self, problem: ItemProblem, text: str) -> None:
        if self.problem_box is not None:
            self.problem_box.done(0)
        box = QMessageBox(QMessageBox.Icon.Warning, "Not published", text, parent=self.window)
        keep = box.addButton("Keep it waiting", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard this publish", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)

        def done() -> None:
            if box.clickedButton() is discard:
                self.runner.discard(problem.item_id)
            if self.problem_box is box:
                self.problem_box = None
            box.deleteLater()

        box.finished.connect(done)
        self.problem_box = box
        box.open()
        self.dialogOpened.emit(box)

    # --- 401: sign in again --------------------------------------------------------------

    def _auth_needed(self, problem: ItemProblem) -> None:
        session = self.ctx.session
        if session is None:
            return
        if self.reauth_dialog is not None:
            self.reauth_dialog.raise_()
            return
        dialog = ReauthDialog(session.user.email or "", problem.message, self.window)
        dialog.submitted.connect(self._reauth)
        dialog.finished.connect(lambda _result: self._reauth_closed(dialog))
        self.reauth_dialog = dialog
        dialog.open()
        self.dialogOpened.emit(dialog)

    def sign_in_again(self) -> None:
        """Re-open the prompt after "Later" (from the outbox indicator)."""
        if self.runner.paused:
            self._auth_needed(
                ItemProblem(0, "", "", "Your BeatPass sign-in has expired. Please sign in again.")
            )

    def _reauth(self, mode: str, email: str, secret: str) -> None:
        session, dialog = self.ctx.session, self.reauth_dialog
        if session is None or dialog is None:
            return
        ctx = self.ctx

        def work() -> str:
            client = ctx.new_client(session.base_url)
            try:
                if mode == TOKEN:
                    client.token = secret
                else:
                    client.login(email, secret)
                user = client.me()
                if user.id != session.user.id:
                    raise WrongAccount("signed in as another user")
                token = client.token
                if not token:
                    raise AuthExpired("no token after sign-in")
                if not session.sandbox:  # sandbox tokens never reach the keychain
                    ctx.vault.save(session.base_url, session.account, token)
                return token
            finally:
                client.close()

        def done(token: str) -> None:
            session.client.token = token
            dialog.accept()
            ctx.signals.message.emit("Signed in again. Publishing continues.")
            self.runner.resume()

        ctx.tasks.run(
            work,
            on_done=done,
            on_error=lambda exc: dialog.show_error(user_message(exc)),
            owner=dialog,
            name="sign in again",
        )

    def _reauth_closed(self, dialog: ReauthDialog) -> None:
        if self.reauth_dialog is dialog:
            self.reauth_dialog = None
        dialog.deleteLater()

    # --- helpers -------------------------------------------------------------------------

    def _session_changed(self, session: Session | None) -> None:
        self._conflicts.clear()
        for dialog in (self.conflict_dialog, self.reauth_dialog, self.problem_box):
            if dialog is not None:
                dialog.done(0)
        if session is None and self.outbox_view is not None:
            self.outbox_view.close()  # it lists the account's items: nobody's now
        self.runner.reset()

    def _title(self, kind: str, entity_id: str, server: dict[str, Any]) -> str:
        if kind == "artist":
            return f"Your producer page {server.get('name') or entity_id}"
        if kind == CREDITS:
            return f"The credits of {self._artist_name(entity_id)}"
        if kind == "user":
            return "Your user profile"
        return self._kind_title(kind, entity_id)

    def _kind_title(self, kind: str, entity_id: str) -> str:
        """Another kind of a producer profile: "Pinned track: Nova Beats"."""
        noun = publish_kind(kind).noun if kind in known_kinds() else kind
        return f"{noun[:1].upper()}{noun[1:]}: {self._artist_name(entity_id)}"

    def _artist_name(self, entity_id: str) -> str:
        session = self.ctx.session
        artists = session.artists if session is not None else ()
        return next((a.name for a in artists if str(a.id) == str(entity_id)), str(entity_id))


def _own_review(kind: str) -> bool:
    """A kind sent from its own page after its own review (never by the common Publish)."""
    try:
        return bool(publish_kind(kind).extra.get("own_review"))
    except ValueError:
        return False
