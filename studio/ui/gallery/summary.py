"""What an import tells the user, in sentences (no Qt): what was added, what was not and
why, what was removed from the pictures, duplicates, a folder too big to read whole."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from studio.core.text import count_text
from studio.ui.gallery.items import full_text
from studio.ui.gallery.scan import MAX_ENTRIES, Skipped

SHOWN_SKIPPED = 4  # reasons listed in the line; the rest in the details


@dataclass(frozen=True)
class Summary:
    """``text``: a few sentences for the page; ``details``: every skipped file and why;
    ``problem``: something was not added (shown as a warning)."""

    text: str
    details: str
    problem: bool


def import_summary(  # noqa: PLR0917 (one value per part of the story)
    added: int,
    skipped: Sequence[Skipped],
    no_room: int,
    stopped: int,
    truncated: bool,
    removed: Sequence[Sequence[str]],
    duplicate_names: Sequence[str],
) -> Summary:
    """The story of one import. ``removed``: per added picture, the metadata taken out;
    ``duplicate_names``: added pictures already in the gallery (the same file)."""
    parts: list[str] = []
    if added:
        parts.append(
            f"Added {count_text(added, 'picture')} to the draft; "
            f"{'it is' if added == 1 else 'they are'} uploaded when you publish."
        )
    elif not (skipped or no_room or stopped):
        parts.append("Nothing was added.")
    labels = Counter(label for found in removed for label in dict.fromkeys(found))
    if labels:
        listed = ", ".join(
            f"{label} ({count_text(n, 'picture')})" if len(removed) > 1 else label
            for label, n in labels.items()
        )
        parts.append(f"Removed before upload: {listed}.")
    if duplicate_names:
        names = ", ".join(f"“{n}”" for n in duplicate_names[:SHOWN_SKIPPED])
        parts.append(
            f"Already in the gallery (the same picture): {names}. They are marked with a “!”; "
            "remove the copies you do not want."
        )
    if skipped:
        shown = "; ".join(f"{s.name}: {s.reason}" for s in skipped[:SHOWN_SKIPPED])
        more = len(skipped) - SHOWN_SKIPPED
        tail = f"; and {count_text(more, 'more file')}" if more > 0 else ""
        parts.append(f"Not added ({len(skipped)}): {shown}{tail}.".replace("..", "."))
    if no_room:
        parts.append(full_text(no_room))
    if truncated:
        parts.append(
            f"The dropped folders hold more than {MAX_ENTRIES} files; only the first "
            f"{MAX_ENTRIES} were looked at."
        )
    if stopped:
        parts.append(f"Stopped: {count_text(stopped, 'picture')} not imported.")
    details = "\n".join(f"{s.name}: {s.reason}" for s in skipped)
    problem = bool(skipped or no_room or stopped or duplicate_names or truncated)
    return Summary(" ".join(parts), details, problem)
