"""Draft documents: base + draft of one entity, undo commands and autosave to the store."""

from studio.document.autosave import SaveState
from studio.document.commands import MERGE_PAUSE_S
from studio.document.document import DraftDocument

__all__ = ["MERGE_PAUSE_S", "DraftDocument", "SaveState"]
