"""The Applications page's sending (a mixin of :class:`ApplicationsPage`): the last
submission check, handing the draft to the publisher (``signals.submit_requested``), the form
kept as it is while its send waits in the outbox, and "Application sent" once the draft
notes the request it made."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from studio.core import application as app
from studio.core.backstage import SubmissionStatus
from studio.messages import user_message
from studio.ui.applications.state import Local, Remote, blocked_text, queued_path, waiting_text

if TYPE_CHECKING:
    from studio.context import AppContext, Session
    from studio.ui.applications.messages import MessageView
    from studio.ui.applications.wizard import WizardView
    from studio.workspace import OpenDocument

SENT_TEXT = (
    "BeatPass reviews it and e-mails the decision, usually within 1–3 business days. You "
    "can follow it under “Your applications”; no other application can be sent meanwhile."
)


class Sending:
    """Needs the page's parts (declared here, made by the page)."""

    ctx: AppContext
    session: Session | None
    wizard: WizardView
    message: MessageView
    views: QStackedWidget
    handle: OpenDocument | None
    path: str
    local: Local
    remote: Remote | None
    _gen: int
    _sending: set[str]
    _shown_sent: set[object]
    _poll: QTimer

    if TYPE_CHECKING:

        def refresh(self) -> None: ...

        def show_view(self, view: QWidget) -> None: ...

    def send(self) -> None:
        """The wizard is complete: B1 once more (when BeatPass can be reached), then the
        publisher queues the plan."""
        path = self.path
        if self.wizard.doc is None or path not in app.FORM_PATHS:
            return
        if queued_path(self.local) not in ("", path):
            from studio.ui.applications.home import QUEUED_TEXT

            self.wizard.set_notice(QUEUED_TEXT, "error")
            return
        self.wizard.set_locked("Checking whether you can send…")
        session = self.session
        assert session is not None
        gen = self._gen

        def go() -> None:
            if gen != self._gen or self.path != path:
                return
            self._sending.add(path)
            self.wizard.set_locked("Sending your application…")
            self.ctx.signals.submit_requested.emit(app.APPLICATION, path)
            self._poll.start()

        def checked(status: SubmissionStatus) -> None:
            if gen != self._gen:
                return
            if status.can_submit:
                go()
                return
            self.wizard.set_locked("")
            requests = self.remote.requests if self.remote is not None else None
            self.wizard.set_notice(blocked_text(status, requests), "error")
            self.refresh()

        def failed(exc: BaseException) -> None:
            from studio.api import AuthExpired, Offline, RateLimited, ServerError

            if isinstance(exc, Offline | ServerError | RateLimited | AuthExpired):
                go()  # queued: the outbox sends it once BeatPass answers (B2 checks again)
                return
            self.wizard.set_locked("")
            self.wizard.set_notice(f"Not sent: {user_message(exc)}", "error")

        self.ctx.tasks.run(
            session.client.submission_status,
            owner=cast(QObject, self),
            on_done=checked,
            on_error=failed,
            name="check before sending the application",
        )

    def _update_lock(self) -> None:
        """While our send waits in the outbox the form is not edited (it would not be what
        is sent); a send refused for good opens it again."""
        if self.wizard.doc is None:
            return
        item = self.local.waiting.get(self.path)
        if item is not None and not item.waits_for_user:
            self.wizard.set_locked(f"Your application is {waiting_text(item)} Editing is "
                                   "paused until it is sent (the outbox shows it).")  # fmt: skip
        elif item is not None:
            self.wizard.set_locked("")
            self.wizard.set_notice(
                f"Your application was not sent: {item.last_error or 'BeatPass refused it.'} "
                "Fix what is marked and send again.",
                "error",
            )
        elif self.path not in self._sending:
            self.wizard.set_locked("")

    def _doc_rebased(self, handle: OpenDocument) -> None:
        doc = handle.doc
        if handle is not self.handle or doc is None:
            return
        sent = doc.base.get("sent")
        if not isinstance(sent, dict) or app.is_started(doc.draft):
            return
        request_id = sent.get("request_id")
        self._sending.discard(self.path)
        self.wizard.set_locked("")
        if request_id in self._shown_sent:
            return
        self._shown_sent.add(request_id)
        self.message.show_text("Application sent", SENT_TEXT, button="Back to your applications")
        self.show_view(self.message)
        self.ctx.undo_group.setActiveStack(None)  # type: ignore[arg-type]
        self.refresh()
