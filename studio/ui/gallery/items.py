"""The gallery's items as the manager sees them (no widgets): stable item keys, the app's
own drag-and-drop MIME payload (keys, never row numbers), the orders a move leads to, and
each picture's state (on BeatPass, new, replaced) and duplicates.

An item key is the draft's own identity of a gallery item (``studio.core.drafts``: an
existing picture by its server id, a new one by its URL — a kept picture's URL is its
content hash) plus how many earlier items share it, as JSON text: ``["id", 3, 0]``.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.core import drafts, limits
from studio.core.localref import is_local
from studio.core.urls import same_resource

GALLERY = "profile_images"
MIME = "application/x-beatpass-studio-gallery-items"
MAX_PICTURES = limits.GALLERY_MAX

# A picture's state on its tile.
ON_BEATPASS, NEW, REPLACED = "on_beatpass", "new", "replaced"
STATE_TEXT = {ON_BEATPASS: "On BeatPass", NEW: "Not published yet", REPLACED: "Not published yet"}
STATE_WORDS = {  # the longer form (tooltips, screen readers)
    ON_BEATPASS: "on BeatPass",
    NEW: "new, not published yet",
    REPLACED: "replaced by another file, not published yet",
}

# Where a keyboard move sends the selected pictures.
LEFT, RIGHT, FIRST, LAST = "left", "right", "first", "last"


def _key_text(key: Hashable) -> str:
    assert isinstance(key, tuple)
    identity, n = key
    kind, value = identity
    return json.dumps([kind, value, n], separators=(",", ":"))


def item_keys(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """The key of every gallery item, in order (duplicates get their own)."""
    kind = drafts.schema_for(drafts.ARTIST)[GALLERY].kind
    assert isinstance(kind, drafts.KeyedList)
    return [_key_text(key) for key in drafts.index_items(kind, list(items))]


# --- drag and drop ----------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    """What a drag inside the grid carries: whose gallery, and which pictures."""

    owner: str  # the document's identity (account, entity): a drag never crosses galleries
    keys: tuple[str, ...]


def encode_payload(payload: Payload) -> bytes:
    return json.dumps({"owner": payload.owner, "keys": list(payload.keys)}).encode()


def decode_payload(data: bytes) -> Payload | None:
    """The payload, or None when ``data`` is not one (damaged, another program's)."""
    try:
        value = json.loads(bytes(data).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(value, dict):
        return None
    owner, keys = value.get("owner"), value.get("keys")
    if not isinstance(owner, str) or not isinstance(keys, list) or not keys:
        return None
    if not all(isinstance(k, str) for k in keys) or len(set(keys)) != len(keys):
        return None
    return Payload(owner, tuple(keys))


# --- orders ------------------------------------------------------------------------------


def moved(keys: Sequence[str], selected: Iterable[str], where: str) -> list[str]:
    """The order after moving the ``selected`` pictures one step ``LEFT``/``RIGHT`` (as a
    block: a picture stops at a selected neighbour), or to the ``FIRST``/``LAST`` places
    (keeping their order)."""
    chosen = set(selected)
    order = list(keys)
    if where == FIRST:
        return [k for k in order if k in chosen] + [k for k in order if k not in chosen]
    if where == LAST:
        return [k for k in order if k not in chosen] + [k for k in order if k in chosen]
    if where == LEFT:
        for i in range(1, len(order)):
            if order[i] in chosen and order[i - 1] not in chosen:
                order[i - 1], order[i] = order[i], order[i - 1]
        return order
    if where == RIGHT:
        for i in range(len(order) - 2, -1, -1):
            if order[i] in chosen and order[i + 1] not in chosen:
                order[i], order[i + 1] = order[i + 1], order[i]
        return order
    raise ValueError(f"no such move: {where!r}")


def dropped(keys: Sequence[str], moving: Iterable[str], row: int) -> list[str]:
    """The order after dropping the ``moving`` pictures before the one at ``row`` (at the
    end for ``row`` past the last), keeping their order."""
    chosen = set(moving)
    anchor = next((k for k in keys[max(row, 0) :] if k not in chosen), None)
    rest = [k for k in keys if k not in chosen]
    at = rest.index(anchor) if anchor is not None else len(rest)
    return rest[:at] + [k for k in keys if k in chosen] + rest[at:]


def steps_to(current: Sequence[str], target: Sequence[str]) -> list[tuple[int, int]]:
    """Single moves ``(from, to)`` that turn ``current`` into ``target`` (same keys)."""
    if sorted(current) != sorted(target):
        raise ValueError("an order must hold the same pictures")
    work = list(current)
    steps: list[tuple[int, int]] = []
    for index, key in enumerate(target):
        at = work.index(key, index)
        if at != index:
            work.insert(index, work.pop(at))
            steps.append((at, index))
    return steps


# --- states ------------------------------------------------------------------------------


def base_urls(base: Mapping[str, Any]) -> dict[int, str]:
    """Server id → URL of the pictures the draft started from."""
    return {
        int(item["id"]): str(item.get("url") or "")
        for item in base.get(GALLERY) or []
        if isinstance(item, Mapping) and item.get("id") is not None
    }


def item_state(item: Mapping[str, Any], published: Mapping[int, str]) -> str:
    """``NEW`` (not on BeatPass yet), ``REPLACED`` (an existing picture given another file)
    or ``ON_BEATPASS`` (as BeatPass shows it)."""
    image_id, url = item.get("id"), str(item.get("url") or "")
    if image_id is None:
        return NEW
    if is_local(url):
        return REPLACED
    before = published.get(int(image_id))
    if before is not None and not same_resource(before, url):
        return REPLACED
    return ON_BEATPASS


def duplicates(items: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Row → the row of the first picture with the same file (the same content hash for
    pictures kept on this computer, the same address for pictures on BeatPass)."""
    first: dict[str, int] = {}
    found: dict[int, int] = {}
    for row, item in enumerate(items):
        url = str(item.get("url") or "")
        if not url:
            continue
        if url in first:
            found[row] = first[url]
        else:
            first[url] = row
    return found


def room_left(count: int) -> int:
    return max(0, MAX_PICTURES - count)


def full_text(refused: int) -> str:
    """Why pictures were not added: the gallery is full."""
    noun = "picture was" if refused == 1 else "pictures were"
    return (
        f"The gallery holds at most {MAX_PICTURES} pictures on BeatPass: {refused} {noun} not "
        "added. Remove some to make room."
    )
