"""What the status bar says of the drafts of the section on screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.document import DraftDocument

SAVED = "Saved on this computer"
SAVING = "Saving…"


def save_state_text(docs: Sequence[DraftDocument]) -> str:
    """The first failure ("Not saved: <why>"), else "Saving…" while any is being written,
    else "Saved on this computer"; "" when there are no drafts."""
    if not docs:
        return ""
    from studio.document import SaveState

    failed = [doc for doc in docs if doc.save_state is SaveState.FAILED]
    if failed:
        return f"Not saved: {failed[0].save_error}"
    if any(doc.save_state in (SaveState.PENDING, SaveState.SAVING) for doc in docs):
        return SAVING
    return SAVED
