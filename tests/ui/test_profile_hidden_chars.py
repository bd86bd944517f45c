"""Direction overrides and other invisible characters sent by the server (issue 8.14): the
editor flags each field that holds them, shows the read-only name and genre chips with the
characters as visible marks, and removes them on request in one undo step. Nothing is
changed silently: the draft keeps what the server sent until the person chooses."""

from __future__ import annotations

from profile_helpers import (
    POPUP_WARNINGS,
    artist_form,
    doc,
    open_page,
    producer_ids,
    server_writes,
    session_for,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.core.drafts import ARTIST

pytestmark = POPUP_WARNINGS

RLO = "\u202e"
ZWSP = "\u200b"


def test_hidden_characters_are_flagged_shown_and_removed_on_request(
    qtbot: QtBot, make_ctx, sandbox
) -> None:
    _user_id, artist_id = producer_ids(sandbox)
    server_writes(sandbox, "UPDATE artists SET name = ?, city = ? WHERE id = ?",
                  (f"Nova{RLO}Beats", f"Toronto{ZWSP}", artist_id))  # fmt: skip
    server_writes(sandbox, "UPDATE artist_links SET title = ? WHERE artist_id = ? AND position = "
                  "(SELECT MIN(position) FROM artist_links WHERE artist_id = ?)",
                  (f"evil{RLO}exe.live", artist_id, artist_id))  # fmt: skip
    server_writes(sandbox, "UPDATE genres SET display_name = ? WHERE name = 'trap'",
                  (f"Tr{ZWSP}ap",))  # fmt: skip
    page = open_page(qtbot, make_ctx(), session_for(sandbox))
    form = artist_form(page)
    document = doc(page, ARTIST)
    assert document.value("name") == f"Nova{RLO}Beats"  # kept as sent

    # The read-only name reads as it is, and says why.
    assert form.name_edit.text() == "Nova⟨U+202E⟩Beats"
    assert "right-to-left override" in form.name_box.message.text()
    # A field holding one: flagged at the field (not an error: publishing is not stopped).
    city = form.boxes["profile.city"]
    assert city.warnings() and "⟨U+200B⟩ zero width space" in city.message.text()
    assert city.errors() == [] and city.clean is not None and city.clean.isVisible()
    assert "Warning:" in city.editor.accessibleDescription()
    # The link and the genre chip.
    links = form.links
    assert links is not None
    row = links.rows[0]
    assert "evil⟨U+202E⟩exe.live" in row.message.text() and row.clean.isVisible()
    assert form.genres is not None
    chip = next(c for c in form.genres.chips if "Tr" in c.name)
    assert chip.label.text() == "Tr⟨U+200B⟩ap"
    assert "Tr⟨U+200B⟩ap" in form.genres.message.text()

    # Removing them: one click, one undo step each; Undo puts them back.
    qtbot.mouseClick(city.clean, Qt.MouseButton.LeftButton)
    assert document.value("city") == "Toronto"
    assert city.warnings() == [] and not city.clean.isVisible()
    document.stack.undo()
    assert document.value("city") == f"Toronto{ZWSP}" and city.warnings()
    qtbot.mouseClick(row.clean, Qt.MouseButton.LeftButton)
    assert document.value("links")[0]["title"] == "evilexe.live"
    assert not links.rows[0].clean.isVisible()
