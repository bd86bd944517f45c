"""``Workspace``: the one owner of every open draft (lives on the context).

``workspace.open(kind, entity_id)`` returns the one :class:`OpenDocument` of that target for
the signed-in account — the profile page and the gallery page get the same producer-profile
document, so there is one autosave per store row. Opening reads the stored copy (draft, or
the last snapshot) and fetches the server state at the same time: the document is editable
as soon as the stored copy is read, and the fetch then refreshes it (three-way merge,
:mod:`studio.workspace.reconcile`). Pages never fetch, snapshot or reconcile by themselves.

Reachability: every fetch tells :class:`~studio.publish.connectivity.Connectivity` whether
the server answered; when it comes back, stale documents are fetched again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from studio.api import ApiError, Forbidden, NotFound, Offline
from studio.core import drafts
from studio.core.localref import refs_in
from studio.document import DraftDocument, SaveState
from studio.messages import user_message
from studio.publish.connectivity import Connectivity
from studio.workspace.kinds import document_kind
from studio.workspace.loading import Stored, fetch, read_names, read_stored
from studio.workspace.reconcile import RESTORED, reconcile

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoGroup

    from studio.api import BeatPassClient
    from studio.store import Store
    from studio.tasks import Tasks


class SessionLike(Protocol):
    """The signed-in session as the workspace sees it (``verified``: the server confirmed
    it; until then documents open from what is stored and are fetched once it has)."""

    client: BeatPassClient
    verified: bool
    user: Any

    @property
    def store_account(self) -> str: ...


class Host(Protocol):
    """What the workspace needs of the app (the context has it all; the workspace does not
    import it — the context sits above, building the workspace)."""

    tasks: Tasks
    store: Store | None
    store_error: BaseException | None
    undo_group: QUndoGroup

    @property
    def session(self) -> Any: ...

    @property
    def signals(self) -> Any: ...

    @property
    def paths(self) -> Any: ...


log = logging.getLogger(__name__)

Key = tuple[str, str, str]  # (account, kind, entity id)

SIGN_IN_FRESH_S = 30.0  # a sign-in's answer stands in for a fetch this long after it
OFFLINE_NOTE = (
    "You are offline. Showing the last known state of {what}, saved on this computer. Your "
    "edits are kept here and can be published when you are back online."
)
STALE_NOTE = (
    "{problem} Showing the last known state of {what}, saved on this computer; your edits are kept."
)
NO_STORE = "Drafts can't be kept on this computer, so editing is off."


class OpenDocument(QObject):
    """One target of the workspace: its document once there is something to show, what
    the user should know about it (``notice``), and whether the server state is known."""

    ready = Signal(object)  # DraftDocument: editable now
    noticeChanged = Signal(str)  # noqa: N815
    failed = Signal(str)  # nothing can be shown: why
    refreshed = Signal()  # the server state arrived and was merged in
    waiting = Signal()  # nothing is stored here: the document waits for the server state

    def __init__(self, workspace: Workspace, key: Key) -> None:
        super().__init__(workspace)
        self._workspace = workspace
        self.key = key
        self.account, self.kind, self.entity_id = key
        self.what = document_kind(self.kind).what
        self.doc: DraftDocument | None = None
        self.error = ""  # set when nothing can be shown
        self.fresh: bool = False  # the server state was fetched and merged in, this session
        self.offline: bool = False  # the last fetch found the server unreachable
        self._stored: Stored | None = None
        self._server: dict[str, Any] | None = None  # fetched before the stored copy was read
        self._restored = ""
        self._stale = ""
        self._merge_note = ""
        self._fetching = False
        self._deferred = False  # waiting for the server to confirm the session
        self._seeded_by: object = None  # the session whose sign-in answer stood in for a fetch
        self._fetch_error: BaseException | None = None

    @property
    def notice(self) -> str:
        return " ".join(n for n in (self._stale, self._restored, self._merge_note) if n)

    @property
    def is_ready(self) -> bool:
        return self.doc is not None

    @property
    def waits_for_server(self) -> bool:
        """Nothing is stored on this computer: the document comes with the server state."""
        return self.doc is None and self._stored is not None and self._stored.empty

    def when_ready(self, callback: Callable[[DraftDocument], None]) -> None:
        """``callback(doc)`` now if the document is ready, else once it is."""
        if self.doc is not None:
            callback(self.doc)
        else:
            self.ready.connect(callback)

    def refresh(self) -> None:
        """Fetch the server state again (e.g. the connection came back)."""
        self._workspace._fetch(self)

    # --- called by the workspace ---------------------------------------------------------

    def _stored_read(self, stored: Stored) -> None:
        self._stored = stored
        if self.doc is not None:
            return
        if self._server is not None:
            self._create(stored, self._server)
        elif not stored.empty:
            self._create(stored, None)
        elif not self._fetching and not self._deferred:  # nothing here, no server state
            self._fail_nothing(self._fetch_error)
        else:
            self.waiting.emit()

    def _fetched(self, server: dict[str, Any]) -> None:
        self._fetching = False
        self.fresh, self.offline = True, False
        self._stale = ""
        if self.doc is None:
            if self._stored is None:
                self._server = server  # wait for the stored copy (it may hold edits)
                return
            self._create(self._stored, server)
            return
        self._reconcile(server)

    def _fetch_failed(self, exc: BaseException) -> None:
        self._fetching = False
        self._fetch_error = exc
        self.offline = isinstance(exc, Offline)
        if isinstance(exc, NotFound | Forbidden):
            self._fail(f"Could not open {self.what}. {user_message(exc)}")
            return
        if self.offline:
            self._stale = OFFLINE_NOTE.format(what=self.what)
        else:
            self._stale = STALE_NOTE.format(problem=user_message(exc), what=self.what)
        if self.doc is not None:
            self.noticeChanged.emit(self.notice)
        elif self._stored is not None:
            if self._stored.empty:
                self._fail_nothing(exc)
            else:
                self._create(self._stored, None)

    def _mark_offline(self) -> None:
        """The server cannot be reached and this document was not fetched: say it shows
        the stored copy."""
        if self.offline:
            return
        self.offline = True
        self._stale = OFFLINE_NOTE.format(what=self.what)
        if self.doc is not None:
            self.noticeChanged.emit(self.notice)
        elif self._stored is not None and self._stored.empty:
            self._fail_nothing(Offline(unreachable=True))

    def _fail_nothing(self, exc: BaseException | None = None) -> None:
        reason = f"{user_message(exc)} " if exc is not None else ""
        self._fail(
            f"Could not open {self.what}. {reason}There is no copy of it on this computer yet."
        )

    def _fail(self, text: str) -> None:
        self.error = text
        self.failed.emit(text)

    def _create(self, stored: Stored, server: dict[str, Any] | None) -> None:
        """Make the document from the stored copy (and the server state, if known)."""
        if stored.has_edits:
            assert stored.base is not None and stored.draft is not None
            base, draft = stored.base, stored.draft
            self._restored = RESTORED
        else:
            base = server if server is not None else stored.snapshot or stored.base or {}
            draft = base
        self.doc = self._workspace._make_document(self, base, draft, restored=stored.has_edits)
        if server is not None and stored.has_edits:
            self._reconcile(server, emit=False)
        self.ready.emit(self.doc)
        self.noticeChanged.emit(self.notice)
        if server is not None:
            self.refreshed.emit()

    def _reconcile(self, server: dict[str, Any], *, emit: bool = True) -> None:
        doc = self.doc
        assert doc is not None
        outcome = reconcile(self.kind, doc.base, doc.draft, server)
        if outcome.rebase is not None:
            base, draft = outcome.rebase
            if outcome.quiet:
                doc.rebase(base, draft, clear_history=doc.stack.count() == 0)
            else:
                doc.rebase(base, draft)
        if not outcome.quiet or outcome.notice:
            self._merge_note = outcome.notice
        if emit:
            self.noticeChanged.emit(self.notice)
            self.refreshed.emit()


class Workspace(QObject):
    """Every open document of the signed-in account, one per target."""

    documentReady = Signal(object)  # noqa: N815 — OpenDocument whose document became ready
    refusalsChanged = Signal()  # noqa: N815 — a picture the server refused (see refusals)
    uploadProgress = Signal(str, int, int)  # noqa: N815 — publishing: local ref, sent, in all
    namesChanged = Signal()  # noqa: N815 — a picture's file name became known (see names)

    def __init__(
        self,
        ctx: Host,
        *,
        connectivity: Connectivity | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._open: dict[Key, OpenDocument] = {}
        self._retired: list[DraftDocument] = []
        self._account: str | None = None
        self._session_since = time.monotonic()
        self.refusals: dict[str, str] = {}  # local picture reference → why it was refused
        self.names: dict[str, str] = {}  # local picture reference → the file the user picked
        self.connectivity = connectivity or Connectivity(ctx.tasks, self._base_url, parent=self)
        self.connectivity.changed.connect(ctx.signals.online_changed)
        self.connectivity.changed.connect(self._connectivity_changed)
        ctx.signals.session_changed.connect(self._session_changed)
        self._session_changed(ctx.session)

    # --- what pages use ------------------------------------------------------------------

    def open(self, kind: str, entity_id: int | str) -> OpenDocument:
        """The one open document of ``kind``/``entity_id`` for the signed-in account.

        Raises ``RuntimeError`` when nobody is signed in."""
        session = self.ctx.session
        if session is None:
            raise RuntimeError("open a document only while someone is signed in")
        key: Key = (session.store_account, kind, str(entity_id))
        handle = self._open.get(key)
        if handle is not None:
            return handle
        handle = OpenDocument(self, key)
        self._open[key] = handle
        handle.ready.connect(lambda _doc: self.documentReady.emit(handle))
        store = self.ctx.store
        if store is None:
            reason = user_message(self.ctx.store_error) if self.ctx.store_error else ""
            handle._fail(f"{NO_STORE} {reason}".strip())
            return handle
        self._fetch(handle)
        self.ctx.tasks.run(
            read_stored,
            store,
            key[0],
            kind,
            key[2],
            writer=True,
            owner=handle,
            on_done=handle._stored_read,
            on_error=lambda exc: self._stored_failed(handle, exc),
            name=f"read stored {kind} {entity_id}",
        )
        return handle

    def find(self, kind: str, entity_id: int | str) -> DraftDocument | None:
        """The open, ready document of a target of the signed-in account, if any."""
        session = self.ctx.session
        if session is None:
            return None
        handle = self._open.get((session.store_account, kind, str(entity_id)))
        return handle.doc if handle is not None else None

    def handle(self, kind: str, entity_id: int | str) -> OpenDocument | None:
        session = self.ctx.session
        if session is None:
            return None
        return self._open.get((session.store_account, kind, str(entity_id)))

    def documents(self) -> list[DraftDocument]:
        """Every ready document of the signed-in account."""
        return [h.doc for h in self._open.values() if h.doc is not None]

    def note_name(self, ref: str, name: str) -> None:
        """The file the user picked for a picture kept on this computer (the review names
        it so); after a restart the names are read back with the documents."""
        if name and self.names.get(ref) != name:
            self.names[ref] = name
            self.namesChanged.emit()

    def note_refused(self, ref: str, message: str) -> None:
        """A publish left out a picture the server refused (shown on its tile)."""
        self.refusals[ref] = message
        self.refusalsChanged.emit()

    def note_upload_progress(self, ref: str, sent: int, total: int) -> None:
        """A picture kept on this computer is being uploaded by a publish (the publisher
        forwards its runner's progress here, so pages show it without reaching the runner)."""
        self.uploadProgress.emit(ref, sent, total)

    def save_all(self) -> None:
        """Write every open draft to the store now (Ctrl+S, quitting)."""
        for doc in self.documents():
            doc.flush()

    def close_all(self) -> None:
        """Flush and drop every document (sign-out, another account)."""
        handles, self._open = list(self._open.values()), {}
        for handle in handles:
            if handle.doc is not None:
                self.ctx.undo_group.removeStack(handle.doc.stack)
                self._retire(handle.doc)
            handle.deleteLater()

    # --- internals -----------------------------------------------------------------------

    def _make_document(
        self, handle: OpenDocument, base: dict[str, Any], draft: dict[str, Any], *, restored: bool
    ) -> DraftDocument:
        store = self.ctx.store
        assert store is not None
        doc = DraftDocument(
            tasks=self.ctx.tasks,
            store=store,
            account=handle.account,
            kind=handle.kind,
            entity_id=handle.entity_id,
            base=base,
            draft=draft,
            restored=restored,
            parent=self,
        )
        self.ctx.undo_group.addStack(doc.stack)
        doc.saveStateChanged.connect(self._drafts_changed)  # the status bar says it
        self.ctx.signals.drafts_changed.emit()
        refs = sorted(set(refs_in(draft)) - set(self.names))
        if refs:
            self.ctx.tasks.run(
                read_names,
                self.ctx.paths.data,
                refs,
                owner=self,
                on_done=self._names_read,
                on_error=lambda exc: log.info("picture names not read: %s", exc),
                name="read picture names",
            )
        return doc

    def _drafts_changed(self, _state: object = None) -> None:
        self.ctx.signals.drafts_changed.emit()

    def _names_read(self, names: dict[str, str]) -> None:
        self.names.update(names)
        self.namesChanged.emit()

    def _fetch(self, handle: OpenDocument) -> None:
        session = self.ctx.session
        if session is None or handle._fetching or session.store_account != handle.account:
            return
        if not getattr(session, "verified", True):
            # fetched once the server has confirmed the session (_session_changed)
            handle._deferred = True
            if self.connectivity.offline:
                handle._mark_offline()
            return
        store = self.ctx.store
        signed_in = self._from_sign_in(session, handle)
        handle._fetching, handle._deferred = True, False

        def fetched(server: dict[str, Any]) -> None:
            self.connectivity.reachable()
            if store is not None:
                self.ctx.tasks.run(
                    store.save_snapshot,
                    handle.account,
                    handle.kind,
                    handle.entity_id,
                    server,
                    writer=True,
                    on_error=lambda e: log.warning("snapshot not saved: %s", user_message(e)),
                    name=f"snapshot {handle.kind} {handle.entity_id}",
                )
            handle._fetched(server)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Offline) and exc.unreachable:
                self.connectivity.unreachable()
            elif isinstance(exc, ApiError) and exc.status is not None:
                self.connectivity.reachable()
            if not isinstance(exc, ApiError):
                log.warning("fetching %s %s failed", handle.kind, handle.entity_id, exc_info=exc)
            handle._fetch_failed(exc)

        if signed_in is not None:  # the sign-in just read it: no second request
            fetched(signed_in)
            return
        self.ctx.tasks.run(
            fetch,
            session.client,
            handle.kind,
            handle.entity_id,
            owner=handle,
            on_done=fetched,
            on_error=failed,
            name=f"fetch {handle.kind} {handle.entity_id}",
        )

    def _from_sign_in(self, session: SessionLike, handle: OpenDocument) -> dict[str, Any] | None:
        """The server state the sign-in of ``session`` already read for ``handle`` (the
        signed-in user's profile: A3), used once per document and session and only soon
        after the sign-in; None to fetch it."""
        kind = document_kind(handle.kind)
        user = getattr(session, "user", None)
        raw = getattr(user, "raw", None)
        if (
            kind.from_sign_in is None
            or not raw
            or handle._seeded_by is session
            or time.monotonic() - self._session_since > SIGN_IN_FRESH_S
            or str(getattr(user, "id", "")) != handle.entity_id
        ):
            return None
        handle._seeded_by = session
        return drafts.normalize_draft(handle.kind, kind.from_sign_in(raw))

    def _stored_failed(self, handle: OpenDocument, exc: BaseException) -> None:
        log.warning("reading the stored %s %s failed: %s", handle.kind, handle.entity_id, exc)
        handle._stored_read(Stored(None, None, None, damaged=user_message(exc)))

    def _base_url(self) -> str | None:
        session = self.ctx.session
        return session.client.base_url if session is not None else None

    def _connectivity_changed(self, online: bool) -> None:
        for handle in list(self._open.values()):
            if handle.fresh:
                continue
            if online:
                handle.refresh()
            elif not handle._fetching:
                handle._mark_offline()  # e.g. the sign-in could not be confirmed

    def _session_changed(self, session: SessionLike | None) -> None:
        self._session_since = time.monotonic()
        account = session.store_account if session is not None else None
        if account == self._account:
            if session is not None and getattr(session, "verified", True):
                for handle in list(self._open.values()):  # confirmed: fetch what waited
                    if not handle.fresh:
                        self._fetch(handle)
            return
        self._account = account
        self.refusals = {}
        self.close_all()
        self.connectivity.forget()

    def _retire(self, doc: DraftDocument) -> None:
        """Flush a document and delete it once the store holds everything."""
        doc.flush()
        if doc.is_saved:
            doc.deleteLater()
            return
        self._retired.append(doc)

        def settled(state: SaveState) -> None:
            if state is SaveState.SAVED and doc in self._retired:
                self._retired.remove(doc)
                doc.deleteLater()

        doc.saveStateChanged.connect(settled)
