"""``SectionPage``: every hook the main window calls on a section's page, typed in one place.

A page subclasses :class:`SectionPage` and overrides what applies to it; the defaults say
"not here". The main window calls these methods directly (never looks them up by name):

- ``set_target(session, artist)``: who is signed in and which producer profile is selected
  (also called once when the page is put in place); ``None`` when signed out / no profile.
- ``unavailable_reason(session, artist)``: "" when the section can be used, else a sentence
  saying why not (the section list greys it out and shows the sentence).
- ``can_save`` / ``save_now`` (Ctrl+S), ``can_publish`` / ``publish`` (the Publish action:
  the page finishes what is being typed, then emits ``publishRequested``), ``can_find`` /
  ``find_in_page`` (Ctrl+F; not ``find``, which ``QWidget`` already has).
- ``show_field_errors(kind, errors)``: show a refused publish's field errors at their fields
  if this page edits documents of ``kind``; True when it did.
- ``shown_documents()``: the drafts the page edits now; the status bar says their save state
  while the page is on screen (a page that shows another view, or nothing, says so by
  emitting ``ctx.signals.drafts_changed``).
- ``is_settled()`` / ``settled``: the page shows what it opened with (its stored drafts are
  in); the app loads the other sections' pages only then, so their imports do not compete
  with the page on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from studio.context import Session
    from studio.core.models import ArtistRef
    from studio.document import DraftDocument

NEEDS_PRODUCER = "Only for producer profiles: this account manages none yet."
NOT_SIGNED_IN = "Sign in to use this section."


class SectionPage(QWidget):
    """Base of every section page (the placeholders too)."""

    publishRequested = Signal()  # noqa: N815 — the publisher listens (through the window)
    settled = Signal()  # the page became settled (see is_settled)

    def is_settled(self) -> bool:
        """Whether the page shows what it opened with (nothing of its own still loading)."""
        return True

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        """The signed-in account or the selected producer profile changed."""

    def unavailable_reason(self, session: Session | None, artist: ArtistRef | None) -> str:
        """Why the section cannot be used now ("" when it can)."""
        return ""

    def shown_documents(self) -> list[DraftDocument]:
        """The drafts this page edits now (their save state is shown while it is on screen)."""
        return []

    def can_save(self) -> bool:
        return False

    def save_now(self) -> None:
        """Ctrl+S: write what this page edits to the local store now."""

    def can_publish(self) -> bool:
        return False

    def publish(self) -> None:
        """The Publish action: finish the edit in progress, then ask to publish."""
        self.publishRequested.emit()

    def can_find(self) -> bool:
        return False

    def find_in_page(self) -> None:
        """Ctrl+F on this page."""

    def show_field_errors(self, kind: str, errors: dict[str, Any]) -> bool:
        """Show a publish's field errors if this page edits ``kind``; True when shown."""
        return False


def producer_only(session: Session | None, artist: ArtistRef | None) -> str:
    """The reason of a section that needs a producer profile ("" when there is one)."""
    if session is None:
        return NOT_SIGNED_IN
    return "" if artist is not None else NEEDS_PRODUCER
