"""``ApplicationsPage``: the Applications section — the home of an account with no producer
profile, and where any account applies to the Producer Program.

The overview says whether the account may apply now (B1, checked before any form opens:
a pending request or revoked access blocks, with the server's words), offers the paths the
account may take and shows the timeline of what it sent (B3). A path's form is a workspace
draft (one per path) shown by the wizard; sending it is a publish plan (uploads, then the
request, exactly once) that the publisher runs through the outbox — so it waits offline,
survives a restart and resumes after a new sign-in. The page learns the outcome from the
document (sent: the draft is emptied and notes the request) and from refused sends'
field errors (``show_field_errors``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from studio.core import application as app
from studio.core.backstage import SubmissionStatus
from studio.messages import user_message
from studio.ui.applications.draft_checks import DraftChecks
from studio.ui.applications.home import QUEUED_TEXT, HomeState, HomeView
from studio.ui.applications.messages import MessageView
from studio.ui.applications.sending import Sending
from studio.ui.applications.state import (
    Local,
    Remote,
    home_state,
    queued_path,
    read_local,
    read_remote,
)
from studio.ui.applications.verify import VerifyView
from studio.ui.applications.wizard import WizardView
from studio.ui.section_page import NOT_SIGNED_IN, SectionPage

if TYPE_CHECKING:
    from studio.context import AppContext, Session
    from studio.core.backstage import BackstageRequest
    from studio.core.models import ArtistRef
    from studio.document import DraftDocument
    from studio.workspace import OpenDocument

log = logging.getLogger(__name__)

OUTBOX_POLL_MS = 1500  # while a send of ours waits: how often the outbox is read again


class _DocLink(QObject):
    """The page's connections to the open draft's handle and document (gone with it)."""

    def __init__(self, page: ApplicationsPage, handle: OpenDocument) -> None:
        super().__init__(page)
        self._page, self.handle = page, handle
        handle.ready.connect(self.ready)
        handle.failed.connect(self.failed)
        handle.noticeChanged.connect(self.notice)

    def ready(self, doc: DraftDocument) -> None:
        doc.rebased.connect(self.rebased)
        doc.changed.connect(self.changed)
        self._page._doc_ready(self.handle, doc)

    def failed(self, text: str) -> None:
        self._page._doc_failed(self.handle, text)

    def notice(self, _text: str) -> None:
        self._page._show_doc_notice()

    def rebased(self) -> None:
        self._page._doc_rebased(self.handle)

    def changed(self, _field: str) -> None:
        self._page._doc_changed()


class ApplicationsPage(Sending, SectionPage):
    """The Applications section (a :class:`SectionPage`)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("applicationsPage")
        self.setAccessibleName("Applications")
        self.session: Session | None = None
        self.artist: ArtistRef | None = None
        self.remote: Remote | None = None
        self.local = Local()
        self.path = ""  # the path whose draft is open
        self.handle: OpenDocument | None = None
        self._link: _DocLink | None = None
        self._then: Any = None  # run once the opening draft is ready (a resubmission's fill)
        self._reading = False
        self._again = False
        self._gen = 0
        self._sending: set[str] = set()
        self._shown_sent: set[object] = set()  # the requests whose "sent" was shown

        self.home = HomeView()
        self.home.pathChosen.connect(self.start)
        self.home.refreshRequested.connect(self.refresh)
        self.home.timeline.resubmitRequested.connect(self.resubmit)
        self.home.timeline.refreshAccountRequested.connect(self.refresh_account)
        self.home_scroll = QScrollArea()
        self.home_scroll.setWidgetResizable(True)
        self.home_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.home_scroll.setWidget(self.home)
        self.wizard = WizardView(ctx)
        self.wizard.closeRequested.connect(self.show_home)
        self.wizard.sendRequested.connect(self.send)
        self.checks = DraftChecks(ctx, self.wizard)
        self.wizard.contextNeeded.connect(self.checks.check)
        self.wizard.claimChosen.connect(self.checks.claim_chosen)
        self.verify_view = VerifyView()
        self.verify_view.closeRequested.connect(self.show_home)
        self.message = MessageView()
        self.message.closeRequested.connect(self.show_home)
        self.views = QStackedWidget()
        for view in (self.home_scroll, self.wizard, self.verify_view, self.message):
            self.views.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        self._poll = QTimer(self)
        self._poll.setInterval(OUTBOX_POLL_MS)
        self._poll.timeout.connect(self.read_local)
        ctx.signals.outbox_changed.connect(lambda _n: self.read_local())
        self._show_home_state()

    # --- SectionPage ---------------------------------------------------------------------

    def show_view(self, view: QWidget) -> None:
        """Show ``view`` (the list, the wizard, a message…). The status bar then says the save
        state of the draft on screen: none off the wizard. Told here, not on the stack's
        ``currentChanged``, which also fires while the page is being destroyed."""
        self.views.setCurrentWidget(view)
        self.ctx.signals.drafts_changed.emit()

    def shown_documents(self) -> list[DraftDocument]:
        doc = self.wizard.doc
        return [doc] if doc is not None and self.views.currentWidget() is self.wizard else []

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        same_account = (
            session is not None
            and self.session is not None
            and session.store_account == self.session.store_account
        )
        self.session, self.artist = session, artist
        if not same_account:
            self._gen += 1
            self._close_draft()
            self.remote, self.local = None, Local()
            self._sending.clear()
            self.checks.reset()
            self.show_view(self.home_scroll)
        self._show_home_state()
        if session is not None and self.isVisible():  # hidden: read when first shown
            self.refresh()  # (opening the app on another section asks BeatPass nothing here)

    def unavailable_reason(self, session: Session | None, artist: ArtistRef | None) -> str:
        return NOT_SIGNED_IN if session is None else ""

    def can_save(self) -> bool:
        return self.wizard.doc is not None

    def save_now(self) -> None:
        self.ctx.workspace.save_all()

    def show_field_errors(self, kind: str, errors: dict[str, Any]) -> bool:
        """A refused send: its errors at their fields, in the wizard of the path sent."""
        if kind != app.APPLICATION:
            return False
        by_field = app.by_field(
            {k: v if isinstance(v, list) else [str(v)] for k, v in errors.items()}
        )
        # The send refused: the one this page asked for, else the one waiting in the outbox.
        path = next(iter(self._sending), next(iter(self.local.waiting), self.path or app.BECOME))
        self._sending.discard(path)
        self.refresh()

        def show(_doc: DraftDocument | None = None) -> None:
            self.wizard.set_locked("")
            self.wizard.show_server_errors(by_field)
            if "submission" in by_field:
                self.wizard.set_notice(" ".join(by_field["submission"]), "error")

        if self.path == path and self.wizard.doc is not None:
            self.show_view(self.wizard)
            show()
        else:
            self._open_draft(path, then=show)
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.wizard.doc is not None and self.views.currentWidget() is self.wizard:
            self.wizard.activate_undo()
        if self.session is not None and not self._reading:
            self.refresh()

    # --- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read B1 and the timeline (and what this computer holds) again."""
        session = self.session
        if session is None:
            return
        self.read_local()
        if self._reading:
            self._again = True
            return
        self._reading = True
        self._again = False
        gen = self._gen
        self.home.refresh.setEnabled(False)
        self.ctx.tasks.run(
            read_remote,
            session.client,
            session.user.id,
            owner=self,
            on_done=lambda remote: self._remote_read(gen, remote),
            on_error=lambda exc: self._remote_failed(gen, exc),
            name="read the applications",
        )

    def _remote_read(self, gen: int, remote: Remote) -> None:
        self._reading = False
        self.home.refresh.setEnabled(True)
        if gen != self._gen:
            return
        self.remote = remote
        self._show_home_state()
        self.checks.set_requests(remote.requests)
        if self._again:
            self.refresh()

    def _remote_failed(self, gen: int, exc: BaseException) -> None:
        self._reading = False
        self.home.refresh.setEnabled(True)
        if gen != self._gen:
            return
        problem = user_message(exc)
        self.remote = Remote(None, problem, None, problem)
        self._show_home_state()

    def read_local(self) -> None:
        store, session = self.ctx.store, self.session
        if store is None or session is None:
            return
        gen = self._gen
        self.ctx.tasks.run(
            read_local,
            store,
            session.store_account,
            writer=True,
            owner=self,
            on_done=lambda local: self._local_read(gen, local),
            on_error=lambda exc: log.warning("application drafts not read: %s", user_message(exc)),
            name="read application drafts",
        )

    def _local_read(self, gen: int, local: Local) -> None:
        if gen != self._gen:
            return
        self.local = local
        if local.waiting or self._sending:
            self._poll.start()
        else:
            self._poll.stop()
        self._show_home_state()
        self._update_lock()

    # --- the overview --------------------------------------------------------------------

    @property
    def status(self) -> SubmissionStatus | None:
        return self.remote.status if self.remote is not None else None

    def _show_home_state(self) -> None:
        session = self.session
        if session is None:
            self.home.show_state(HomeState(status_text="Not signed in."))
            return
        drafts = dict(self.local.drafts)
        if self.wizard.doc is not None:
            drafts[self.path] = app.is_started(self.wizard.doc.draft)
        state = home_state(bool(session.artists), self.remote, self.local, drafts)
        self.home.show_state(state)
        remote, status = self.remote, self.status
        can_resubmit = status is None or status.can_submit
        requests = remote.requests if remote is not None else None
        self.home.timeline.show_requests(
            requests or (),
            can_resubmit=can_resubmit,
            managed=[a.id for a in session.artists],
            error=(
                ""
                if remote is None or requests is not None
                else f"Your applications could not be read: {remote.requests_problem}"
            ),
        )
        self.verify_view.show_profile(
            self.artist.name if self.artist is not None else "",
            verified=bool(self.artist is not None and self.artist.verified),
        )

    def show_home(self) -> None:
        self.show_view(self.home_scroll)
        self.ctx.undo_group.setActiveStack(None)  # type: ignore[arg-type]
        self._show_home_state()
        self.read_local()

    # --- opening a path ------------------------------------------------------------------

    def start(self, path: str) -> None:
        """A path of the selector: the Discord hand-off, or — once B1 allows it — the form."""
        if self.session is None:
            return
        if path == app.VERIFY:
            self.show_view(self.verify_view)
            return
        self._checked_then(path, lambda: self._open_draft(path))

    def _checked_then(self, path: str, then: Any) -> None:
        """B1 before any form opens: blocked → the overview says why; unreachable → the
        form opens (BeatPass checks again on send). Another path's application waiting in
        the outbox blocks too (one at a time)."""
        session = self.session
        if session is None:
            return
        if queued_path(self.local) not in ("", path):
            self.show_home()
            self.ctx.signals.message.emit(QUEUED_TEXT)
            return
        self.message.show_busy("Checking whether you can apply…")
        self.show_view(self.message)
        gen = self._gen

        def checked(status: SubmissionStatus) -> None:
            if gen != self._gen:
                return
            requests = self.remote.requests if self.remote is not None else None
            self.remote = Remote(
                status, "", requests, self.remote.requests_problem if self.remote else ""
            )
            if not status.can_submit:
                self.show_home()
                self.home.status.setFocus(Qt.FocusReason.OtherFocusReason)
                self.refresh()
                return
            then()

        def failed(exc: BaseException) -> None:
            if gen != self._gen:
                return
            from studio.api import Offline

            if isinstance(exc, Offline):
                then()
                self.wizard.set_notice(
                    "You are offline, so Studio could not check whether you can apply. Your "
                    "draft is kept here; BeatPass checks again when you send.",
                    "warning",
                )
                return
            self.show_home()
            self.ctx.signals.message.emit(
                f"Could not check whether you can apply: {user_message(exc)}"
            )

        self.ctx.tasks.run(
            session.client.submission_status,
            owner=self,
            on_done=checked,
            on_error=failed,
            name="check whether an application can be sent",
        )

    def _open_draft(self, path: str, then: Any = None) -> None:
        if self.session is None:
            return
        handle = self.ctx.workspace.open(app.APPLICATION, path)
        if self.handle is handle and self.wizard.doc is not None:
            self._then = then
            self.show_view(self.wizard)
            self.wizard.activate_undo()
            self.checks.check(again=True)  # the profile may have been claimed meanwhile
            self._run_then(self.wizard.doc)
            return
        self._close_draft()
        self.path, self.handle, self._then = path, handle, then
        self._link = _DocLink(self, handle)
        if handle.error:
            self._doc_failed(handle, handle.error)
        elif handle.doc is not None:
            self._doc_ready(handle, handle.doc)
        else:
            self.message.show_busy(f"Opening your {app.PATH_TITLES[path]} draft…")
            self.show_view(self.message)

    def _close_draft(self) -> None:
        if self._link is not None:
            self._link.deleteLater()
            self._link = None
        if self.wizard.doc is not None:
            self.wizard.doc.flush()
        self.wizard.unbind()
        self.handle, self.path, self._then = None, "", None

    def _doc_ready(self, handle: OpenDocument, doc: DraftDocument) -> None:
        if handle is not self.handle:
            return
        origin = self.session.client.origin if self.session is not None else ""
        self.wizard.bind(self.path, doc, origin)
        self.show_view(self.wizard)
        self._show_doc_notice()
        self.checks.check(again=True)
        self._update_lock()
        self.wizard.activate_undo()
        self._run_then(doc)

    def _run_then(self, doc: DraftDocument) -> None:
        then, self._then = self._then, None
        if then is not None:
            then(doc)

    def _doc_failed(self, handle: OpenDocument, text: str) -> None:
        if handle is not self.handle:
            return
        self.message.show_text("The draft could not be opened", text)
        self.show_view(self.message)

    def _show_doc_notice(self) -> None:
        handle, doc = self.handle, self.wizard.doc
        if handle is None or doc is None:
            return
        if handle.offline:
            self.wizard.set_notice(
                "You are offline: editing works, and the application waits to be sent until "
                "BeatPass can be reached.",
                "warning",
            )
        elif doc.restored and app.is_started(doc.draft):
            self.wizard.set_notice("Your draft was restored from this computer.", "info")

    def _doc_changed(self) -> None:
        if self.views.currentWidget() is self.home_scroll:
            self._show_home_state()

    # --- resubmission --------------------------------------------------------------------

    def resubmit(self, request: BackstageRequest) -> None:
        """A denied application as a new draft, filled in from what was sent, with the reason."""
        path = app.PATH_OF_TYPE.get(request.type)
        if path not in app.FORM_PATHS or self.session is None:
            return

        def fill(doc: DraftDocument) -> None:
            draft = app.prefill_from(
                path,
                request.data,
                artist_name=request.artist.name
                if request.artist is not None
                else request.artist_name,
                artist_id=request.artist_id,
                request_id=request.id,
                reason=request.notes,
            )
            if doc.replace_draft(draft, "Fill in from the denied application"):
                self.ctx.signals.message.emit(
                    "Filled in from your denied application: fix what the reason says, then "
                    "send it again. Undo puts back what the draft held before."
                )
            self.wizard.go_to_step(0)

        self._checked_then(path, lambda: self._open_draft(path, then=fill))

    # --- the account ---------------------------------------------------------------------

    def refresh_account(self) -> None:
        """Read the account again (an approved application added a producer profile)."""
        from studio.ui.applications.account import refresh_account

        refresh_account(self.ctx)
