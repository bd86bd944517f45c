"""P1–P3: pinning, eligibility reasons, unpinning."""

from __future__ import annotations

from typing import Any

from sandbox_helpers import APPLICANT, PRODUCER, Api

from studio.core.limits import PIN_INELIGIBLE_REASONS

NOVA = 1


def nova_tracks(api: Api) -> list[dict[str, Any]]:
    tracks: list[dict[str, Any]] = []
    for page in (1, 2):
        r = api.get(f"/artists/{NOVA}/tracks", as_=PRODUCER, params={"perPage": 50, "page": page})
        tracks += r.json()["pagination"]["data"]
    return tracks


def test_seed_has_every_eligibility_reason(api: Api) -> None:
    reasons = {t["pin_eligibility"]["reason"] for t in nova_tracks(api)}
    assert reasons == {None, *PIN_INELIGIBLE_REASONS}


def test_each_ineligible_track_is_refused_with_its_reason(api: Api) -> None:
    by_reason = {}
    for track in nova_tracks(api):
        by_reason.setdefault(track["pin_eligibility"]["reason"], track["id"])
    for reason in PIN_INELIGIBLE_REASONS:
        r = api.post(f"/artists/{NOVA}/tracks/{by_reason[reason]}/pin", as_=PRODUCER)
        assert r.status_code == 422, reason
        body = r.json()
        assert body["error_code"] == "track_not_eligible"
        assert body["reason"] == reason
        assert body["message"] == PIN_INELIGIBLE_REASONS[reason]


def test_pin_replaces_and_unpin_is_idempotent(api: Api) -> None:
    current = api.get(f"/artists/{NOVA}/pinned-track").json()
    assert current["source"] == "manual" and current["pinned_track"]
    eligible = [t for t in nova_tracks(api) if t["pin_eligibility"]["eligible"]]
    target = next(t for t in eligible if t["id"] != current["pinned_track"]["id"])
    r = api.post(f"/artists/{NOVA}/tracks/{target['id']}/pin", as_=PRODUCER)
    assert r.status_code == 200
    assert r.json() == {"status": "success", "pinned_track": r.json()["pinned_track"]}
    assert r.json()["pinned_track"]["id"] == target["id"]
    shown = api.get(f"/artists/{NOVA}/pinned-track", as_=PRODUCER).json()
    assert shown["pinned_track"]["id"] == target["id"]
    assert shown["pinned_track"]["pin_eligibility"] == {"eligible": True, "reason": None}
    edit = api.get(f"/artists/{NOVA}", as_=PRODUCER, params={"loader": "editArtistPage"})
    assert edit.json()["artist"]["pinned_track"]["id"] == target["id"]
    other = current["pinned_track"]["id"]
    assert api.post(f"/artists/{NOVA}/tracks/{other}/unpin", as_=PRODUCER).status_code == 200
    assert api.get(f"/artists/{NOVA}/pinned-track").json()["pinned_track"]["id"] == target["id"]
    for _ in range(2):
        r = api.post(f"/artists/{NOVA}/tracks/{target['id']}/unpin", as_=PRODUCER)
        assert r.status_code == 200 and r.json() == {"status": "success", "pinned_track": None}
    assert api.get(f"/artists/{NOVA}/pinned-track").json() == {
        "status": "success",
        "pinned_track": None,
        "source": None,
    }


def test_pin_errors(api: Api) -> None:
    assert api.post(f"/artists/{NOVA}/tracks/1/pin").status_code == 401
    assert api.post(f"/artists/{NOVA}/tracks/1/pin", as_=APPLICANT).status_code == 403
    assert api.post(f"/artists/{NOVA}/tracks/999999/pin", as_=PRODUCER).status_code == 404
    assert api.post("/artists/99999/tracks/1/pin", as_=PRODUCER).status_code == 404
    assert api.post(f"/artists/{NOVA}/tracks/999999/unpin", as_=PRODUCER).status_code == 404
