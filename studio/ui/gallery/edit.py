"""Changes to a producer profile's gallery, each one undo step of its document (several
pictures added, removed or moved at once are still one step). Items are named by their keys
(:func:`studio.ui.gallery.items.item_keys`), never by rows a view showed a moment ago."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from studio.document import DraftDocument
from studio.ui.gallery.items import GALLERY, item_keys, room_left, steps_to


def _noun(count: int) -> str:
    return "gallery image" if count == 1 else f"{count} gallery images"


def keys_of(doc: DraftDocument) -> list[str]:
    return item_keys(doc.value(GALLERY))


def add_pictures(doc: DraftDocument, refs: Sequence[str]) -> int:
    """Add pictures kept on this computer at the end (as far as there is room): one undo
    step. Returns how many were added."""
    room = room_left(len(doc.value(GALLERY)))
    chosen = list(refs)[:room]
    if not chosen:
        return 0
    doc.stack.beginMacro(f"Add {_noun(len(chosen))}")
    try:
        for ref in chosen:
            doc.add_image(ref)
    finally:
        doc.stack.endMacro()
    return len(chosen)


def remove_pictures(doc: DraftDocument, keys: Iterable[str]) -> int:
    """Remove the pictures with these keys: one undo step. Returns how many."""
    chosen = set(keys)
    rows = [row for row, key in enumerate(keys_of(doc)) if key in chosen]
    if not rows:
        return 0
    doc.stack.beginMacro(f"Remove {_noun(len(rows))}")
    try:
        for row in reversed(rows):
            doc.remove_item(GALLERY, row)
    finally:
        doc.stack.endMacro()
    return len(rows)


def arrange(doc: DraftDocument, order: Sequence[str], count: int) -> bool:
    """Put the pictures in ``order`` (the keys of all of them): one undo step, named for
    the ``count`` pictures the user moved. False when nothing changes."""
    steps = steps_to(keys_of(doc), order)
    if not steps:
        return False
    doc.stack.beginMacro(f"Move {_noun(count)}")
    try:
        for source, target in steps:
            doc.move_item(GALLERY, source, target)
    finally:
        doc.stack.endMacro()
    return True


def replace_picture(doc: DraftDocument, key: str, ref: str) -> bool:
    """Give the picture ``key`` another file (a picture kept on this computer): one undo
    step. An existing picture keeps its place and server id (BeatPass replaces its file).
    False when that picture is no longer in the gallery."""
    keys = keys_of(doc)
    if key not in keys:
        return False
    return doc.edit_item(GALLERY, keys.index(key), {"url": ref}, merge=False)
