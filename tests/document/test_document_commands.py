"""Every DraftDocument command: push, undo, redo; typing merges; dirty tracking; rebase."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.document import MERGE_PAUSE_S, DraftDocument

MakeDoc = Callable[..., DraftDocument]


def check_undo_redo(doc: DraftDocument, field: str, before: Any, after: Any) -> None:
    """The command on top of the stack turns ``before`` into ``after`` and back."""
    assert doc.value(field) == after
    doc.stack.undo()
    assert doc.value(field) == before
    doc.stack.redo()
    assert doc.value(field) == after


def test_set_field_push_undo_redo_and_signals(qtbot: QtBot, make_doc: MakeDoc) -> None:
    doc = make_doc()
    changed: list[str] = []
    doc.changed.connect(changed.append)
    assert doc.set_field("description", "New bio") is True
    assert changed == ["description"]
    assert doc.stack.count() == 1
    assert doc.stack.undoText() == "Edit Biography"
    check_undo_redo(doc, "description", "Producer from Lyon.", "New bio")
    assert doc.set_field("description", "New bio") is False  # no change, no step
    assert doc.stack.count() == 1


def test_typing_in_one_field_merges_into_one_step(make_doc: MakeDoc) -> None:
    doc = make_doc()
    for text in ("P", "Pa", "Par", "Pari", "Paris"):
        doc.set_field("city", text)
    assert doc.stack.count() == 1
    assert doc.value("city") == "Paris"
    doc.stack.undo()
    assert doc.value("city") == "Lyon"
    doc.stack.redo()
    assert doc.value("city") == "Paris"


def test_typing_does_not_merge_across_fields(make_doc: MakeDoc) -> None:
    doc = make_doc()
    doc.set_field("city", "Paris")
    doc.set_field("country", "BE")
    doc.set_field("city", "Paris 11e")
    assert doc.stack.count() == 3
    doc.stack.undo()
    assert (doc.value("city"), doc.value("country")) == ("Paris", "BE")


def test_a_pause_starts_a_new_step(make_doc: MakeDoc, clock: Any) -> None:
    doc = make_doc()
    doc.set_field("description", "Hello")
    clock.advance(MERGE_PAUSE_S / 2)
    doc.set_field("description", "Hello there")
    assert doc.stack.count() == 1
    clock.advance(MERGE_PAUSE_S + 0.5)
    doc.set_field("description", "Hello there, friend")
    assert doc.stack.count() == 2
    doc.stack.undo()
    assert doc.value("description") == "Hello there"


def test_end_typing_starts_a_new_step(make_doc: MakeDoc) -> None:
    doc = make_doc()
    doc.set_field("name", "Nova")
    doc.end_typing()
    doc.set_field("name", "Nova B.")
    assert doc.stack.count() == 2


def test_typing_after_undo_does_not_merge_into_an_older_step(make_doc: MakeDoc) -> None:
    doc = make_doc()
    doc.set_field("city", "Paris")
    doc.set_field("country", "BE")
    doc.stack.undo()  # top is now the "city" step
    doc.set_field("city", "Paris 11e")
    assert doc.stack.count() == 2
    doc.stack.undo()
    assert doc.value("city") == "Paris"


def test_unmerged_edits_are_separate_steps(make_doc: MakeDoc) -> None:
    doc = make_doc()
    doc.set_field("city", "A", merge=False)
    doc.set_field("city", "AB", merge=False)
    assert doc.stack.count() == 2


def test_flag_and_image_fields(make_doc: MakeDoc) -> None:
    doc = make_doc()
    doc.set_field("verified", True)
    check_undo_redo(doc, "verified", False, True)
    doc.set_image("cover_image", "https://cdn.example/cover.jpg")
    check_undo_redo(doc, "cover_image", None, "https://cdn.example/cover.jpg")
    doc.set_image("image_small", "")  # "" means no image
    check_undo_redo(doc, "image_small", "https://cdn.example/avatar.jpg", None)
    doc.set_image("cover_image", "https://cdn.example/cover2.jpg")
    assert doc.stack.count() == 4  # image changes never merge
    with pytest.raises(ValueError):
        doc.set_image("city", "https://x.example")


def test_add_remove_edit_move_link(make_doc: MakeDoc, artist_base: dict[str, Any]) -> None:
    doc = make_doc()
    links = copy.deepcopy(artist_base["links"])
    new = {"url": "https://youtube.com/@nova", "title": "YouTube"}

    assert doc.add_link(new["url"], new["title"]) == 2
    assert doc.stack.undoText() == "Add link"
    check_undo_redo(doc, "links", links, [*links, new])

    doc.add_link("https://x.example", "X", index=0)
    check_undo_redo(
        doc, "links", [*links, new], [{"url": "https://x.example", "title": "X"}, *links, new]
    )
    doc.stack.undo()

    doc.remove_item("links", 0)
    assert doc.stack.undoText() == "Remove link"
    check_undo_redo(doc, "links", [*links, new], [links[1], new])
    doc.stack.undo()

    doc.move_item("links", 2, 0)
    check_undo_redo(doc, "links", [*links, new], [new, *links])
    doc.stack.undo()

    doc.edit_link(1, title="IG")
    edited = [links[0], {**links[1], "title": "IG"}, new]
    check_undo_redo(doc, "links", [*links, new], edited)


def test_typing_in_a_link_title_merges_but_not_across_links_or_keys(
    make_doc: MakeDoc, artist_base: dict[str, Any]
) -> None:
    doc = make_doc()
    for title in ("S", "Sc", "Sou"):
        doc.edit_link(0, title=title)
    assert doc.stack.count() == 1
    doc.edit_link(0, url="https://soundcloud.com/nova2")  # another key: new step
    doc.edit_link(1, url="https://instagram.com/nova2")  # another link: new step
    assert doc.stack.count() == 3
    doc.stack.undo()
    doc.stack.undo()
    doc.stack.undo()
    assert doc.value("links") == artist_base["links"]
    assert doc.edit_link(0) is False  # nothing to change


def test_genres_add_remove_move(make_doc: MakeDoc) -> None:
    doc = make_doc()
    assert doc.add_genre("Boom Bap") is True
    check_undo_redo(doc, "genres", ["Trap", "Drill"], ["Trap", "Drill", "Boom Bap"])
    assert doc.add_genre("trap") is False  # already there, case-insensitively
    assert doc.add_genre("   ") is False
    assert doc.remove_genre("DRILL") is True
    check_undo_redo(doc, "genres", ["Trap", "Drill", "Boom Bap"], ["Trap", "Boom Bap"])
    assert doc.remove_genre("Jazz") is False
    doc.move_item("genres", 1, 0)
    check_undo_redo(doc, "genres", ["Trap", "Boom Bap"], ["Boom Bap", "Trap"])
    assert doc.move_item("genres", 0, 0) is False


def test_gallery_add_remove_move(make_doc: MakeDoc, artist_base: dict[str, Any]) -> None:
    doc = make_doc()
    images = copy.deepcopy(artist_base["profile_images"])
    fresh = {"id": None, "url": "https://cdn.example/new.jpg"}
    doc.add_image(fresh["url"])
    assert doc.stack.undoText() == "Add gallery image"
    check_undo_redo(doc, "profile_images", images, [*images, fresh])
    doc.remove_item("profile_images", 0)
    check_undo_redo(doc, "profile_images", [*images, fresh], [images[1], fresh])
    doc.move_item("profile_images", 1, 0)
    check_undo_redo(doc, "profile_images", [images[1], fresh], [fresh, images[1]])


def test_replace_draft_is_one_step(make_doc: MakeDoc, artist_base: dict[str, Any]) -> None:
    doc = make_doc()
    changed: list[str] = []
    doc.changed.connect(changed.append)
    merged = {**artist_base, "city": "Marseille", "genres": ["House"]}
    assert doc.replace_draft(merged, "Apply merge") is True
    assert sorted(changed) == ["city", "genres"]
    assert doc.stack.count() == 1
    assert doc.draft == merged
    doc.stack.undo()
    assert doc.draft == artist_base
    doc.stack.redo()
    assert doc.draft == merged
    assert doc.replace_draft(merged) is False


def test_dirty_tracking(qtbot: QtBot, make_doc: MakeDoc) -> None:
    doc = make_doc()
    flips: list[bool] = []
    doc.dirtyChanged.connect(flips.append)
    assert not doc.is_dirty
    doc.set_field("city", "Paris")
    doc.set_field("city", "Pari")  # still dirty: no new signal
    assert doc.is_dirty and doc.dirty_fields() == ["city"]
    doc.add_genre("House")
    assert doc.dirty_fields() == ["city", "genres"]
    doc.stack.undo()
    doc.stack.undo()
    assert not doc.is_dirty and doc.dirty_fields() == []
    doc.set_field("city", "Paris")
    doc.set_field("city", "Lyon", merge=False)  # typed back to the base value
    assert not doc.is_dirty
    assert flips == [True, False, True, False]


def test_the_document_hands_out_copies(make_doc: MakeDoc, artist_base: dict[str, Any]) -> None:
    doc = make_doc()
    doc.value("links")[0]["title"] = "hacked"
    doc.draft["genres"].append("hacked")
    doc.base["city"] = "hacked"
    assert doc.draft == artist_base and doc.base == artist_base
    assert doc.stack.count() == 0


def test_bad_edits_are_refused_clearly(make_doc: MakeDoc) -> None:
    doc = make_doc()
    with pytest.raises(KeyError, match="no field 'nickname'"):
        doc.set_field("nickname", "x")
    with pytest.raises(TypeError):
        doc.set_field("city", 42)
    with pytest.raises(TypeError):
        doc.add_item("city", "x")
    with pytest.raises(IndexError):
        doc.remove_item("links", 5)
    with pytest.raises(KeyError):
        doc.edit_item("links", 0, {"colour": "red"})
    user = make_doc("user")
    with pytest.raises(KeyError):
        user.add_genre("Trap")
    assert doc.stack.count() == 0 and user.stack.count() == 0


def test_user_document_and_plain_text_kept_verbatim(make_doc: MakeDoc) -> None:
    doc = make_doc("user")
    script = "<script>alert('x')</script> & <b>bold</b>"
    doc.set_field("description", script)
    doc.set_field("username", "nova_new")
    doc.add_link("https://nova.example", "Site")
    assert doc.value("description") == script
    assert doc.dirty_fields() == ["username", "description", "links"]
    for _ in range(3):
        doc.stack.undo()
    assert doc.draft == doc.base


def test_rebase_after_publish_keeps_history(qtbot: QtBot, make_doc: MakeDoc) -> None:
    doc = make_doc()
    doc.set_field("city", "Paris")
    published = doc.draft
    with qtbot.waitSignal(doc.rebased):
        doc.rebase(published, published)
    assert doc.base == published and not doc.is_dirty
    assert doc.stack.count() == 1  # merged == shown: no extra step
    doc.stack.undo()  # undo after publish: the old text is a new, unpublished change
    assert doc.value("city") == "Lyon" and doc.dirty_fields() == ["city"]


def test_rebase_after_merge_is_one_undoable_step(
    make_doc: MakeDoc, artist_base: dict[str, Any]
) -> None:
    doc = make_doc()
    doc.set_field("city", "Paris")
    server = {**artist_base, "description": "Bio changed on the web."}
    merged = {**server, "city": "Paris"}
    doc.rebase(server, merged)
    assert doc.draft == merged and doc.dirty_fields() == ["city"]
    assert doc.stack.undoText() == "Apply server changes"
    doc.stack.undo()
    assert doc.value("description") == "Producer from Lyon."
    assert doc.base == server  # the base is server truth, not undone


def test_rebase_can_clear_history(make_doc: MakeDoc, artist_base: dict[str, Any]) -> None:
    doc = make_doc()
    doc.set_field("city", "Paris")
    server = {**artist_base, "city": "Paris"}
    doc.rebase(server, server, clear_history=True)
    assert doc.stack.count() == 0
    assert doc.draft == server and not doc.is_dirty
