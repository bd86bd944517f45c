"""Application drafts (no Qt): the schema, the B2 body, the checks and the checklist — the
checks are the sandbox's own rules, so what passes here is what the sandbox accepts."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core import application as app
from studio.core.application_checks import (
    AVAILABLE,
    CHECKING,
    CLAIMED,
    OWNED,
    Context,
    beats_hint,
    checklist,
    field_errors,
    is_public_host,
    music_site,
    ready,
    step_of_field,
    step_problems,
    steps_of,
)
from studio.core.backstage import BackstageRequest, day_text, parse_time, status_meaning
from studio.core.diff import diff_drafts
from studio.core.drafts import normalize_draft, schema_for
from studio.core.merge import merge_drafts
from studio.core.validation import validate_backstage_request

LOCAL_PDF = "local:" + "a" * 64 + ".pdf"
LOCAL_PNG = "local:" + "b" * 64 + ".png"


def complete(path: str = app.BECOME, **extra: Any) -> dict[str, Any]:
    draft = {
        **app.empty_application(),
        "artist_name": "Ari Lane",
        "first_name": " Ari ",
        "last_name": "Lane",
        "beats_url": "https://soundcloud.com/ari",
        "accepted_terms": True,
        "accepted_rights": True,
    }
    if path == app.CLAIM:
        draft.update(artist_id=7, artist_name="Midnight Cassette", role="artist")
    return {**draft, **extra}


def test_the_schema_is_registered_and_normalizes() -> None:
    assert schema_for(app.APPLICATION) is app.APPLICATION_SCHEMA
    draft = normalize_draft(app.APPLICATION, {"first_name": None, "attachments": [51, "x"]})
    assert draft["first_name"] == "" and draft["picture"] is None
    assert draft["attachments"] == [{"file": "", "id": 51, "name": "", "size": 0}]


def test_is_started_ignores_a_sent_note() -> None:
    assert not app.is_started(app.empty_application())
    assert not app.is_started({**app.empty_application(), "sent": {"request_id": 3}})
    assert app.is_started({**app.empty_application(), "accepted_terms": True})


def test_paths_offered_follow_the_account() -> None:
    assert app.offered_paths(False) == (app.BECOME, app.CLAIM)
    assert app.offered_paths(True) == (app.CLAIM, app.VERIFY)
    assert "already have a producer profile" in app.not_offered_reason(app.BECOME, True)
    assert app.not_offered_reason(app.CLAIM, False) == ""


def test_request_body_of_become() -> None:
    draft = complete(
        company="  ",
        instagram="ari.lane",
        attachments=[
            {"file": LOCAL_PDF, "id": None, "name": "a.pdf", "size": 3},
            {"file": "", "id": 51, "name": "", "size": 0},
        ],
    )
    body = app.request_body(app.BECOME, draft, {LOCAL_PDF: {"url": "https://x/y.pdf", "id": 9}})
    assert body == {
        "type": "become-artist",
        "artist_name": "Ari Lane",
        "data": {
            "beats_url": "https://soundcloud.com/ari",
            "first_name": "Ari",
            "last_name": "Lane",
            "name": "Ari Lane",
            "instagram": "ari.lane",
            "attachments": [9, 51],
            "accepted_terms": True,
            "accepted_rights_and_commitment": True,
        },
    }
    assert "artist_id" not in body  # never CURRENT_USER, never a number for become
    assert validate_backstage_request(body) == {}


def test_request_body_of_claim_with_its_picture() -> None:
    draft = complete(app.CLAIM, picture=LOCAL_PNG)
    waiting = app.request_body(app.CLAIM, draft, {})
    assert "image" not in waiting["data"]  # not uploaded yet
    body = app.request_body(app.CLAIM, draft, {LOCAL_PNG: {"url": "https://x.test/p.png", "id": 4}})
    assert body["artist_id"] == 7 and body["data"]["role"] == "artist"
    assert body["data"]["image"] == "https://x.test/p.png"
    assert validate_backstage_request(body) == {}


def test_prefill_from_a_denied_request() -> None:
    data = {"beats_url": "https://x.test/b", "first_name": "Ari", "last_name": "Lane",
            "attachments": [51], "accepted_terms": True, "role": "manager"}  # fmt: skip
    draft = app.prefill_from(
        app.BECOME, data, artist_name="Ari Lane Beats", artist_id=None, request_id=3,
        reason="Link 404",
    )  # fmt: skip
    assert draft["artist_name"] == "Ari Lane Beats" and draft["beats_url"] == "https://x.test/b"
    assert draft["role"] == ""  # a Become has no role
    assert draft["accepted_terms"] is False  # agreed to again
    assert draft["resubmits"] == 3 and draft["denial_reason"] == "Link 404"
    assert draft["attachments"] == [{"file": "", "id": 51, "name": "", "size": 0}]
    old = app.prefill_from(app.BECOME, {"name": "Ana Bee"}, artist_name="X", artist_id=None,
                           request_id=1, reason="")  # fmt: skip
    assert (old["first_name"], old["last_name"]) == ("Ana", "Bee")  # a 3.1.5 server's name


def test_error_keys_map_to_fields() -> None:
    assert app.field_of_key("data.accepted_rights_and_commitment") == "accepted_rights"
    assert app.field_of_key("data.attachments.3") == "attachments"
    assert app.field_of_key("data.image") == "picture"
    errors = app.by_field({"data.name": ["x"], "data.first_name": ["y"], "submission": ["z"]})
    assert errors == {"first_name": ["x", "y"], "submission": ["z"]}


def test_merge_and_diff_know_the_kind() -> None:
    base = app.empty_application()
    mine = {**base, "first_name": "Ari"}
    theirs = {**base, "company": "Label"}
    assert merge_drafts(app.APPLICATION, base, mine, theirs).result()["company"] == "Label"
    assert [c.label for c in diff_drafts(app.APPLICATION, base, mine)] == ["First name"]


# --- checks ----------------------------------------------------------------------------------


def test_a_complete_application_has_no_errors() -> None:
    assert field_errors(app.BECOME, complete()) == {}
    assert field_errors(app.CLAIM, complete(app.CLAIM), Context(claim=AVAILABLE)) == {}
    assert ready({})


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"artist_name": ""}, "artist_name", "required"),
        ({"artist_name": "ab"}, "artist_name", "at least 3"),
        ({"artist_name": "x" * 256}, "artist_name", "greater than 255"),
        ({"first_name": "   "}, "first_name", "required"),
        ({"last_name": "y" * 101}, "last_name", "greater than 100"),
        ({"beats_url": "soundcloud.com/ari"}, "beats_url", "http(s)"),
        ({"beats_url": "ftp://x.test/b"}, "beats_url", "http(s)"),
        ({"beats_url": "http://localhost/b"}, "beats_url", "public address"),
        ({"beats_url": "https://192.168.1.4/b"}, "beats_url", "public address"),
        ({"instagram": "@ari"}, "instagram", "no @"),
        ({"instagram": "ari lane"}, "instagram", "no @"),
        ({"instagram": "a" * 31}, "instagram", "greater than 30"),
        ({"company": "c" * 256}, "company", "greater than 255"),
        ({"accepted_terms": False}, "accepted_terms", "Tick this box"),
        ({"accepted_rights": False}, "accepted_rights", "Tick this box"),
    ],
)
def test_bad_input_gets_a_clear_message_at_its_field(
    change: dict[str, Any], field: str, words: str
) -> None:
    errors = field_errors(app.BECOME, complete(**change))
    assert list(errors) == [field]
    assert words in errors[field][0]


def test_more_than_five_attachments_and_missing_files() -> None:
    six = [{"file": "", "id": n, "name": f"{n}", "size": 1} for n in range(6)]
    errors = field_errors(app.BECOME, complete(attachments=six))
    assert any("At most 5" in m for m in errors["attachments"])
    gone = {"file": LOCAL_PDF, "id": None, "name": "a.pdf", "size": 1}
    errors = field_errors(app.BECOME, complete(attachments=[gone]),
                          Context(attachments={LOCAL_PDF: "a.pdf is no longer here"}))  # fmt: skip
    assert errors == {"attachments": ["a.pdf is no longer here"]}


def test_a_producer_name_used_before_is_flagged() -> None:
    errors = field_errors(
        app.BECOME, complete(artist_name="ari LANE "), Context(used_names=("Ari Lane",))
    )
    assert "already applied" in errors["artist_name"][0]


@pytest.mark.parametrize(
    ("state", "words"),
    [(CLAIMED, "already claimed"), (OWNED, "already manage"), (CHECKING, "Checking")],
)
def test_claim_target_state(state: str, words: str) -> None:
    errors = field_errors(app.CLAIM, complete(app.CLAIM), Context(claim=state))
    assert list(errors) == ["artist_id"] and words in errors["artist_id"][0]
    assert (
        "Search for" in field_errors(app.CLAIM, complete(app.CLAIM, artist_id=None))["artist_id"][0]
    )
    assert "role" in field_errors(app.CLAIM, complete(app.CLAIM, role=""), Context(claim=AVAILABLE))


def test_public_hosts_and_music_sites() -> None:
    assert is_public_host("soundcloud.com") and not is_public_host("localhost")
    assert not is_public_host("10.0.0.2") and not is_public_host("studio.local")
    assert music_site("https://m.youtube.com/@ari") == "YouTube"
    assert music_site("https://example.com") == ""
    assert "SoundCloud link" in beats_hint("https://soundcloud.com/ari")
    assert "any public page" in beats_hint("https://ari.example/beats")


def test_steps_and_where_errors_belong() -> None:
    assert [s.key for s in steps_of(app.BECOME)] == [
        "name", "about", "music", "community", "agreements", "review",
    ]  # fmt: skip
    assert [s.key for s in steps_of(app.CLAIM)][:2] == ["profile", "picture"]
    assert step_of_field(app.CLAIM, "role") == 2
    assert step_of_field(app.BECOME, "submission") == 0
    errors = field_errors(app.BECOME, complete(first_name="", last_name=""))
    assert [f for f, _m in step_problems(app.BECOME, 1, errors)] == ["first_name", "last_name"]
    assert step_problems(app.BECOME, 0, errors) == []


def test_checklist_says_what_is_missing() -> None:
    draft = complete(beats_url="", accepted_rights=False)
    items = checklist(app.BECOME, draft, field_errors(app.BECOME, draft))
    missing = [i.label for i in items if not i.ok and not i.optional]
    assert missing == ["Public link to your beats", "Rights, licence, 2 beats a month, human-made"]
    claim = complete(app.CLAIM)
    items = checklist(app.CLAIM, claim, field_errors(app.CLAIM, claim, Context(claim=CLAIMED)))
    first = items[0]
    assert not first.ok and "already claimed" in first.detail and first.field == "artist_id"
    picture = next(i for i in items if i.field == "picture")
    assert picture.optional and not picture.ok


# --- requests -------------------------------------------------------------------------------


def request(**data: Any) -> BackstageRequest:
    return BackstageRequest.from_api(
        {"id": 3, "type": "claim-artist", "status": "approved", "artist_name": "X",
         "created_at": "2026-11-16T10:00:00.000000Z", "user": {"display_name": "ari"}, **data},
        "https://x.test",
    )  # fmt: skip


def test_requests_say_what_their_status_means() -> None:
    assert request().user_name == "ari"
    assert parse_time("2026-11-16T10:00:00.000000Z") is not None
    assert parse_time("garbage") is None and day_text(None) == ""
    assert "you now manage" in status_meaning(request(data={"role": "artist"}))
    assert "does not link" in status_meaning(request(data={"role": "label"}))
    assert "fix" in status_meaning(request(status="denied"))
    assert "appeal" in status_meaning(request(status="revoked"))
    assert "Under review" in status_meaning(request(status="pending"))
