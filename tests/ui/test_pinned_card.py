"""The current-pin card in each of its states: pinned by you, picked automatically by
BeatPass, nothing pinned, loading; not published yet; refused by BeatPass."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from studio.core.catalog import ArtistRef, Track
from studio.core.pins import AUTOMATIC, MANUAL, empty_pin_draft, pin_draft, with_pin
from studio.ui.pinned.card import SOURCE_TEXT, PinCard


def track(ident: int, name: str) -> Track:
    return Track(
        id=ident,
        name=name,
        duration_ms=184_000,
        plays=22_642,
        artists=(ArtistRef(1, "Nova Beats"), ArtistRef(2, "Nova Lo-Fi")),
    )


def card(qtbot: QtBot) -> PinCard:
    made = PinCard(None)
    qtbot.addWidget(made)
    made.show()
    return made


def test_pinned_by_you(qtbot: QtBot) -> None:
    shown = card(qtbot)
    draft = pin_draft(track(1, "Gravity Dreams"), MANUAL)
    shown.show_pin(draft, draft)
    assert shown.heading.text() == "Pinned" and shown.title.text() == "Gravity Dreams"
    assert shown.title.font().bold()  # the track stands out
    assert shown.artists.text() == "Nova Beats, Nova Lo-Fi"
    assert shown.meta.text() == "3:04 · 22.6K plays"
    assert shown.source.text() == SOURCE_TEXT[MANUAL] == "Chosen by you."
    assert not shown.draft_note.isVisible() and not shown.refused.isVisible()
    assert shown.unpin_button.isEnabled()
    assert "Gravity Dreams" in shown.accessibleDescription()


def test_picked_automatically_then_pinned_in_the_draft(qtbot: QtBot) -> None:
    shown = card(qtbot)
    base = pin_draft(track(5, "Auto Pick"), AUTOMATIC)
    shown.show_pin(base, base)
    assert shown.heading.text() == "Shown first" and shown.title.text() == "Auto Pick"
    assert shown.source.text().startswith("Picked automatically by BeatPass")
    assert not shown.unpin_button.isEnabled()  # nothing of yours to unpin
    draft: dict[str, Any] = with_pin(base, pin_draft(track(6, "Mine"), MANUAL)["pinned"])
    shown.show_pin(draft, base, refused="The track's audio is not playable.")
    assert shown.title.text() == "Mine" and shown.source.text() == "Chosen by you."
    assert shown.draft_note.isVisible()
    assert "picked automatically: Auto Pick — Nova Beats, Nova Lo-Fi" in shown.draft_note.text()
    assert shown.refused.isVisible() and "not playable" in shown.refused.text()


def test_nothing_pinned_and_loading(qtbot: QtBot) -> None:
    shown = card(qtbot)
    shown.show_pin(empty_pin_draft(), empty_pin_draft())
    assert shown.title.text() == "No track pinned"
    assert shown.heading.text() == "Pinned track"  # nothing is shown first either
    assert shown.source.text() == SOURCE_TEXT[None]
    assert not shown.artists.isVisible() and not shown.meta.isVisible()
    shown.show_pin(None, None)
    assert shown.title.text() == "Loading…" and not shown.unpin_button.isEnabled()
