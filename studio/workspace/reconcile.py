"""Bringing an open document up to date with a freshly fetched server state (pure, no Qt).

The three-way merge that publishing uses: base (what the draft started from), mine (the
draft), theirs (the server now). No edits → the server state, quietly. Edits → merged in
when nothing clashes; a clash is left for publishing to ask about, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studio.core.drafts import Scalar, schema_for
from studio.core.merge import merge_drafts

RESTORED = "Your unpublished edits were restored."
MERGED = "Changes made on BeatPass meanwhile were merged in."


@dataclass(frozen=True)
class Reconciled:
    """What to do with the document: ``rebase`` to (base, draft), or keep it as it is."""

    rebase: tuple[dict[str, Any], dict[str, Any]] | None
    quiet: bool  # no edits were involved: nothing worth telling
    notice: str  # a sentence for the user ("" for none)


def reconcile(
    kind: str, base: Mapping[str, Any], draft: Mapping[str, Any], server: Mapping[str, Any]
) -> Reconciled:
    """How a document with ``base``/``draft`` meets the fresh ``server`` state."""
    server = dict(server)
    if dict(base) == server:
        return Reconciled(None, True, "")
    if dict(draft) == dict(base):
        return Reconciled((server, server), True, "")
    merged = merge_drafts(kind, base, draft, server)
    if merged.clean and _same(kind, base, server):
        # Nothing changed as the schema sees it (a pinned track's plays, a picture's port):
        # the base takes the server's numbers, the edits stay, nothing to tell.
        return Reconciled((server, merged.result()), True, "")
    if not merged.clean:
        fields = ", ".join(dict.fromkeys(c.label for c in merged.conflicts))
        return Reconciled(
            None,
            False,
            f"{fields} also changed on BeatPass since you started; publishing will ask which "
            "version to keep.",
        )
    return Reconciled((server, merged.result()), False, MERGED)


def _same(kind: str, base: Mapping[str, Any], server: Mapping[str, Any]) -> bool:
    """``base`` and ``server`` are the same state field by field, as the kind's schema
    compares values (``Scalar.same``; lists as they are)."""
    schema = schema_for(kind)
    for name in {*base, *server}:
        field = schema.get(name)
        a, b = base.get(name), server.get(name)
        if field is not None and isinstance(field.kind, Scalar):
            if not field.kind.equal(a, b):
                return False
        elif a != b:
            return False
    return True
