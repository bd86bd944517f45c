"""A pin draft meeting a fresh P3 (no Qt): plays that changed on BeatPass are no change worth
telling — the base takes the server's numbers quietly and the draft's pin stays; a pin
changed on BeatPass is merged (or left as a clash) like any other field."""

from __future__ import annotations

from studio.core.catalog import ArtistRef, Track
from studio.core.pins import MANUAL, PIN, pin_draft, pinned_id, track_summary, with_pin
from studio.workspace.reconcile import MERGED, reconcile


def track(ident: int, plays: int = 10) -> Track:
    return Track(id=ident, name=f"Beat {ident}", plays=plays, artists=(ArtistRef(7, "Nova"),))


def test_new_plays_on_the_server_are_taken_quietly() -> None:
    base = pin_draft(track(1, plays=10), MANUAL)
    draft = with_pin(base, track_summary(track(2)))
    server = pin_draft(track(1, plays=99_000), MANUAL)
    outcome = reconcile(PIN, base, draft, server)
    assert outcome.quiet and outcome.notice == ""
    assert outcome.rebase is not None
    new_base, new_draft = outcome.rebase
    assert new_base == server and pinned_id(new_draft) == 2


def test_a_pin_changed_on_the_server_is_told() -> None:
    base = pin_draft(track(1), MANUAL)
    server = pin_draft(track(3), MANUAL)
    outcome = reconcile(PIN, base, with_pin(base, None), server)
    assert not outcome.quiet and outcome.rebase is None and "Pinned" in outcome.notice
    same = reconcile(PIN, base, with_pin(base, track_summary(track(3))), server)
    assert same.notice == MERGED and same.rebase is not None
