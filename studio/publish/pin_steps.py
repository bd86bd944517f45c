"""Publishing the pinned track (no Qt): one step, pin (P1) or unpin (P2), registered as the
``"pin"`` :class:`~studio.publish.kinds.PublishKind` when this module is imported (the
``studio.publish`` package does that).

The step is safe to run again: it reads the server's pin (P3) first and merges three-way —
a pin that is already what we want (a lost answer, or someone pinned the same track) is
done without sending anything; a pin changed on BeatPass to another track meanwhile is a
conflict for the user. BeatPass refusing the track (422 ``track_not_eligible``), or the
track being gone (404), is a refusal for good: the plan ends, the draft keeps the choice,
and the reason is recorded for the picker's row (``ref`` ``track:<id>``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from studio.api import NotEligible, NotFound
from studio.core.limits import PIN_INELIGIBLE_REASONS
from studio.core.merge import merge_drafts
from studio.core.pins import (
    MANUAL,
    NOUN,
    PIN,
    PIN_TRACK,
    PINNED,
    UNPIN_TRACK,
    fetch_pin,
    pin_draft,
    pin_steps,
    pinned_id,
    summary_text,
)
from studio.publish.kinds import (
    PublishKind,
    StepConflict,
    StepDone,
    StepOutcome,
    StepRefused,
    StepRun,
    register,
)

GONE = "This track is no longer on BeatPass (it was deleted or moved). Choose another track."
NOT_ELIGIBLE = "This track cannot be pinned."
REFUSED_TEXT = (
    "The pinned track was not changed: {message} Your choice stays in the draft; choose "
    "another track, or undo."
)


def refusal(exc: NotEligible) -> str:
    """The rule BeatPass says the track breaks, as a sentence."""
    return PIN_INELIGIBLE_REASONS.get(exc.reason or "", NOT_ELIGIBLE)


def run_pin_step(run: StepRun) -> StepOutcome:
    """Read P3, merge, then pin or unpin only what is still needed."""
    step_type = run.step.get("type")
    if step_type not in (PIN_TRACK, UNPIN_TRACK):
        raise ValueError(f"a pin plan has no step {step_type!r}")
    op = run.op
    entity_id = str(op["entity_id"])
    artist_id = int(entity_id)
    server = fetch_pin(run.client, entity_id)
    merge = merge_drafts(PIN, op["base"], op["draft"], server)
    if not merge.clean:
        return StepConflict(merge, server)
    want, have = pinned_id(merge.result()), pinned_id(server)
    if want == have:  # already so (a lost answer, or pinned elsewhere the same way)
        return StepDone({"track_id": want}, server=server, before=server)
    if want is None:
        assert have is not None
        with contextlib.suppress(NotFound):  # the track is gone, and its pin with it
            run.client.unpin_track(artist_id, have)
        return StepDone({"track_id": None}, server=fetch_pin(run.client, entity_id), before=server)
    try:
        track = run.client.pin_track(artist_id, want)
    except NotEligible as exc:
        raise StepRefused(refusal(exc)) from exc
    except NotFound as exc:
        raise StepRefused(GONE) from exc
    return StepDone({"track_id": want}, server=pin_draft(track, MANUAL), before=server)


def outbox_text(base: Mapping[str, Any], draft: Mapping[str, Any]) -> str:
    """The outbox row of a pin publish: "Pin Night Drive — Nova Beats", "Unpin Night Drive"."""
    chosen = summary_text(draft.get(PINNED))
    if chosen:
        return f"Pin {chosen}"
    return f"Unpin {summary_text(base.get(PINNED)) or 'the pinned track'}"


PIN_KIND = PublishKind(
    PIN,
    pin_steps,
    run_pin_step,
    fetch_pin,
    noun=NOUN,
    extra={"refused_text": REFUSED_TEXT, "outbox_text": outbox_text},
)
register(PIN_KIND)
