"""Every edit of the credits editor is one undoable step of the credits document: push,
undo, redo; nothing is changed in place (``peek`` hands out the document's value without a
copy, so that matters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import studio.core.credit_kind  # noqa: F401 — the credits draft kind
from studio.core.credit_drafts import FIELD, item_key
from studio.document import DraftDocument
from studio.ui.credits.edits import CreditEditor


def item(sid: str, roles: list[str], ids: dict[str, int] | None = None, **kw: Any) -> dict:
    return {"spotify_id": sid, "type": kw.get("kind", "track"), "title": f"T{sid}",
            "roles": roles, "entry_ids": ids or {}, "album": kw.get("album")}  # fmt: skip


BASE = {
    FIELD: [
        item("a", ["producer"], {"producer": 1}),
        item("b", ["composer", "arranger"], {"composer": 2, "arranger": 3}),
        item("c", ["vocalist"], {"vocalist": 4}),
    ]
}


def keys(doc: DraftDocument) -> list[str]:
    return [item_key(i) for i in doc.value(FIELD)]


def roles(doc: DraftDocument, key: str) -> list[str]:
    return next(i["roles"] for i in doc.value(FIELD) if item_key(i) == key)


def test_each_edit_is_one_step_undone_and_redone(make_doc: Callable[..., DraftDocument]) -> None:
    doc = make_doc("credits", BASE)
    editor = CreditEditor(doc)
    shown = doc.peek(FIELD)
    steps: list[tuple[Callable[[], object], str]] = [
        (lambda: editor.add([(item("n", []), ["producer", "vocalist"])], "Add n"), "Add n"),
        (lambda: editor.add([(item("a", []), ["mixing_engineer"])], "More on a"), "More on a"),
        (lambda: editor.change_role("track:b", "arranger", "songwriter"),
         "Change Arranger to Songwriter on “Tb”"),
        (lambda: editor.move(0, 3), "Move the credit “Tn”"),
        (lambda: editor.delete("track:c"), "Delete the credit “Tc”"),
    ]  # fmt: skip
    states = [doc.draft]
    for step, text in steps:
        step()
        assert doc.stack.undoText() == text
        states.append(doc.draft)
    assert keys(doc) == ["track:a", "track:b", "track:n"]
    assert roles(doc, "track:a") == ["producer", "mixing_engineer"]
    assert roles(doc, "track:b") == ["songwriter", "composer"]  # the role table's order
    b = doc.value(FIELD)[1]
    assert b["entry_ids"] == {"composer": 2}  # the re-roled entry has no id of its own
    assert doc.stack.count() == len(steps)
    for state in reversed(states[:-1]):
        doc.stack.undo()
        assert doc.draft == state
    for state in states[1:]:
        doc.stack.redo()
        assert doc.draft == state
    assert shown == doc.base[FIELD]  # what peek gave out was never changed in place
    assert doc.peek(FIELD) is not shown  # a change replaced it


def test_nothing_to_do_pushes_nothing(make_doc: Callable[..., DraftDocument]) -> None:
    doc = make_doc("credits", BASE)
    editor = CreditEditor(doc)
    assert editor.add([(item("a", []), ["producer"])], "Again") == 0  # held already
    assert editor.add([(item("z", []), [])], "No role") == 0  # no role: skipped
    assert not editor.change_role("track:a", "producer", "producer")
    assert not editor.change_role("track:zz", "producer", "composer")
    assert not editor.move(0, 0) and not editor.move(0, 9)
    assert not editor.delete("track:zz")
    assert not editor.set_roles("track:a", [])  # an item keeps a role (delete removes it)
    assert doc.stack.count() == 0 and not doc.is_dirty


def test_an_album_adds_in_one_step_and_joins_roles(
    make_doc: Callable[..., DraftDocument],
) -> None:
    doc = make_doc("credits", BASE)
    editor = CreditEditor(doc)
    album = {"spotify_id": "al", "title": "LP", "total_tracks": 2}
    added = editor.add(
        [
            (item("al", [], kind="album"), ["executive_producer"]),
            (item("t1", [], album=album), ["producer"]),
            (item("t1", [], album=album), ["composer"]),  # the same track twice: joined
            (item("b", []), ["vocalist"]),  # a known item gets the role
        ],
        "Album",
    )
    assert added == 3 and doc.stack.count() == 1
    assert keys(doc)[:2] == ["album:al", "track:t1"]
    assert roles(doc, "track:t1") == ["producer", "composer"]
    assert roles(doc, "track:b") == ["composer", "arranger", "vocalist"]
    doc.stack.undo()
    assert doc.draft == doc.base and not doc.is_dirty
