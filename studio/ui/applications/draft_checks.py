"""``DraftChecks``: what the wizard's checks need to know besides the draft, kept up to date
off the GUI thread — whether the profile to claim is still available (R5), whether the
attached files are still on this computer, and the producer names the account already
applied with (from its timeline)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from studio.core import application as app
from studio.core.application_checks import AVAILABLE, CHECKING, UNKNOWN, Context
from studio.core.localref import is_local

if TYPE_CHECKING:
    from studio.context import AppContext
    from studio.core.backstage import ArtistSearchResult, BackstageRequest
    from studio.ui.applications.wizard import WizardView


class DraftChecks(QObject):
    def __init__(self, ctx: AppContext, wizard: WizardView) -> None:
        super().__init__(wizard)
        self.ctx = ctx
        self.wizard = wizard
        self.claim: tuple[int | None, str] = (None, UNKNOWN)  # (profile id, its state)
        self.missing: dict[str, str] = {}  # kept file → why it cannot be sent
        self.used_names: tuple[str, ...] = ()

    def reset(self) -> None:
        self.claim, self.missing, self.used_names = (None, UNKNOWN), {}, ()

    def set_requests(self, requests: Iterable[BackstageRequest] | None) -> None:
        self.used_names = tuple(r.artist_name for r in requests or () if r.type == "become-artist")
        self.push()

    def push(self) -> None:
        """Give the wizard what is known now."""
        artist_id, state = self.claim
        doc = self.wizard.doc
        if doc is not None and doc.value("artist_id") != artist_id:
            state = UNKNOWN
        self.wizard.set_context(
            Context(claim=state, attachments=dict(self.missing), used_names=self.used_names)
        )

    def check(self, *, again: bool = False) -> None:
        """Check what the draft alone cannot tell: when its profile to claim or its files
        changed (``again``: also a profile already checked — the draft was reopened)."""
        doc, session = self.wizard.doc, self.ctx.session
        if doc is None or session is None:
            return
        artist_id = doc.value("artist_id")
        fresh = again or self.claim[0] != artist_id
        if self.wizard.path == app.CLAIM and artist_id is not None and fresh:
            self.claim = (artist_id, CHECKING)
            self.ctx.tasks.run(
                session.client.check_ownership,
                int(artist_id),
                owner=self,
                on_done=lambda found: self._claim_checked(artist_id, found.availability),
                on_error=lambda _exc: self._claim_checked(artist_id, UNKNOWN),
                name="check the profile to claim",
            )
        refs = [i["file"] for i in doc.value(app.ATTACHMENTS) if is_local(i.get("file", ""))]
        picture = doc.value(app.PICTURE)
        if isinstance(picture, str) and is_local(picture):
            refs.append(picture)
        from studio.ui.applications.attachment_work import missing_files

        self.ctx.tasks.run(
            missing_files,
            self.ctx.paths.data,
            refs,
            owner=self,
            on_done=self._files_checked,
            name="check attached files",
        )
        self.push()

    def claim_chosen(self, result: ArtistSearchResult) -> None:
        self.claim = (result.id, AVAILABLE)  # the search has just checked it
        self.push()

    def _claim_checked(self, artist_id: int, state: str) -> None:
        if self.claim[0] == artist_id:
            self.claim = (artist_id, state)
            self.push()

    def _files_checked(self, problems: dict[str, str]) -> None:
        if problems != self.missing:
            self.missing = problems
            self.push()
