"""The Applications section as each demo account meets it, through the real window: where
the app opens, the submission check before any form, the timeline, resubmitting a denied
application, the claim and verify paths, and what a refused send shows."""

from __future__ import annotations

from typing import Any

from applications_helpers import (
    click,
    open_wizard,
    page_of,
    signed_in,
    tick,
    type_into,
    wait_read,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS

from studio.api import BeatPassClient
from studio.core import application as app
from studio.sandbox.routes_backstage import MSG_REVOKED
from studio.ui.section_page import NEEDS_PRODUCER
from studio.ui.sections import SECTIONS

NAME_USED = "already applied"


def current_key(studio: Any) -> str:
    window = studio.window
    return next(k for k, p in window.pages.items() if p is window.current_page())


def pending_named(sandbox: Any, email: str, name: str) -> list[Any]:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(email))
    mine = client.backstage_requests(client.me().id, per_page=50).items
    client.close()
    return [r for r in mine if r.artist_name == name]


def test_an_applicant_opens_on_applications(qtbot: QtBot, make_studio: Any, sandbox: Any) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    page, window = page_of(studio), studio.window
    assert current_key(studio) == "applications"
    assert not window.publish_action.isEnabled()  # nothing here is published by Publish
    # The sections about a producer profile are greyed out, saying why (later ones too).
    for key in ("gallery", "credits", "pinned"):
        row = [s.key for s in SECTIONS].index(key)
        assert not window.sections.is_usable(row), key
        assert window.sections.item(row).toolTip() == NEEDS_PRODUCER, key
    assert window.sections.is_usable([s.key for s in SECTIONS].index("profile"))
    home = page.home
    assert home.buttons[app.BECOME].isVisible() and home.buttons[app.CLAIM].isVisible()
    assert not home.buttons[app.VERIFY].isVisible()
    assert "Get Verified" in home.not_offered.text()
    assert home.status.text.text() == "You can send an application."
    [card] = home.timeline.cards
    assert card.chip.text() == "Denied" and "Ari Lane Beats" in card.title.text()
    assert "did not open (404)" in card.reason.text()  # type: ignore[union-attr]
    assert card.resubmit is not None and card.resubmit.isEnabled()
    # F5 with nothing new keeps the cards (and the keyboard focus on their buttons).
    qtbot.waitUntil(card.resubmit.isVisible, timeout=WAIT_MS)
    card.resubmit.setFocus()
    qtbot.keyClick(card.resubmit, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not page._reading, timeout=WAIT_MS)
    qtbot.wait(100)  # the drafts of this computer are read again too
    assert home.timeline.cards[0] is card and card.resubmit.hasFocus()
    # The profile section: only the user profile applies.
    profile = window.pages["profile"]
    window.select_section("profile")
    producer_tab = profile.tabs.indexOf(profile.slots["artist"])  # type: ignore[attr-defined]
    assert not profile.tabs.isTabEnabled(producer_tab)  # type: ignore[attr-defined]
    assert "Only for producer profiles" in profile.tabs.tabToolTip(producer_tab)  # type: ignore[attr-defined]
    assert profile.tabs.currentWidget() is profile.slots["user"]  # type: ignore[attr-defined]
    assert window.publish_action.isEnabled()  # the user profile can be published


def test_a_producer_opens_on_the_profile_and_may_claim_or_verify(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "producer")
    assert current_key(studio) == "profile"
    profile = studio.window.pages["profile"]
    assert profile.tabs.currentWidget() is profile.slots["artist"]  # type: ignore[attr-defined]
    assert profile.tabs.isTabEnabled(0)  # type: ignore[attr-defined]
    # Opening on the profile asks BeatPass nothing for Applications; showing it does.
    assert not sandbox.requests("GET", "/backstage-request/submission-status")
    studio.window.select_section("applications")
    page = page_of(studio)
    wait_read(qtbot, page)
    assert len(sandbox.requests("GET", "/backstage-request/submission-status")) == 1
    home = page.home
    assert not home.buttons[app.BECOME].isVisible()
    assert home.buttons[app.CLAIM].isEnabled() and home.buttons[app.VERIFY].isEnabled()
    assert [c.chip.text() for c in home.timeline.cards] == ["Approved", "Approved"]
    click(qtbot, home.buttons[app.VERIFY])
    assert page.views.currentWidget() is page.verify_view
    assert (
        "Discord" in page.verify_view.steps.text() and "Nova Beats" in page.verify_view.steps.text()
    )
    assert "already verified" in page.verify_view.state.text()
    assert page.wizard.doc is None  # no form, no draft


def test_pending_is_blocked_before_any_form(qtbot: QtBot, make_studio: Any, sandbox: Any) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "pending")
    page = page_of(studio)
    text = page.home.status.text.text()
    assert "already have a request under review" in text and "Pulse Theory" in text
    assert not page.home.buttons[app.BECOME].isEnabled()
    assert not page.home.buttons[app.CLAIM].isEnabled()
    assert not page.home.contact.isVisible()  # pending: nothing to appeal
    assert page.home.timeline.cards[0].chip.text() == "Pending"
    assert "1–3 business days" in page.home.timeline.cards[0].window_note.text()  # type: ignore[union-attr]
    page.start(app.BECOME)  # even if a form were asked for, B1 answers first
    qtbot.waitUntil(lambda: page.views.currentWidget() is page.home_scroll, timeout=WAIT_MS)
    assert page.wizard.doc is None


def test_revoked_is_blocked_with_the_servers_words_and_the_contact(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "revoked")
    page = page_of(studio)
    assert page.home.status.text.text() == MSG_REVOKED  # verbatim
    assert page.home.contact.isVisible() and "contact@beatpass.ca" in page.home.contact.text()
    assert page.home.contact_page.isVisible()
    assert f"{sandbox.origin}/contact" in page.home.contact_page.text()  # resolved, not /contact
    assert not page.home.buttons[app.BECOME].isEnabled()
    card = page.home.timeline.cards[0]
    assert card.chip.text() == "Revoked" and "without the rights" in card.reason.text()  # type: ignore[union-attr]


def test_next_says_what_is_missing_and_goes_there(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, app.BECOME)
    name = wizard.editors["artist_name"].widget
    assert wizard.next.isEnabled()  # never silently disabled
    assert wizard.editors["artist_name"].box.errors() == []  # nothing shouted before trying
    click(qtbot, wizard.next)
    assert wizard.step == 0
    assert wizard.missing.text.text() == "Not yet: The producer name field is required."
    qtbot.waitUntil(name.hasFocus, timeout=WAIT_MS)
    assert wizard.editors["artist_name"].box.errors() == ["The producer name field is required."]
    qtbot.keyClicks(name, "Ar")
    assert "at least 3" in wizard.editors["artist_name"].box.errors()[0]
    qtbot.keyClicks(name, "i Lane")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter goes on, like Next
    assert wizard.step == 1 and not wizard.missing.isVisible()
    first = wizard.editors["first_name"].widget
    qtbot.waitUntil(first.isVisible, timeout=WAIT_MS)
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert "first name" in wizard.missing.text.text() and "and 1 more" in wizard.missing.text.text()
    missing = [i.label for i in wizard.checklist.missing()]
    assert "First and last name" in missing and "Producer name" not in missing
    # Undo with the keyboard acts on the draft, not on the field's own history.
    name_value = wizard.doc.value("artist_name")
    qtbot.keyClicks(first, "Ari")
    qtbot.keyClick(first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wizard.doc.value("first_name") == "" and first.text() == ""
    assert wizard.doc.value("artist_name") == name_value


def test_the_applicant_fixes_and_resends_the_denied_application(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    page = page_of(studio)
    click(qtbot, page.home.timeline.cards[0].resubmit)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: page.wizard.doc is not None and page.wizard.value("resubmits") == 3,
                    timeout=WAIT_MS)  # fmt: skip
    wizard = page.wizard
    assert "did not open (404)" in wizard.resubmission.text.text()
    assert wizard.value("beats_url") == "https://soundcloud.com/arilanebeats"
    assert wizard.value("first_name") == "Ari"
    # The same producer name is refused by BeatPass: said at once, with what to do.
    assert NAME_USED in wizard.editors["artist_name"].box.errors()[0]
    type_into(qtbot, wizard, "artist_name", "Ari Lane Music")
    type_into(qtbot, wizard, "beats_url", "https://youtube.com/@arilane")
    assert "YouTube link" in wizard.editors["beats_url"].box.message.text()
    tick(qtbot, wizard, "accepted_terms")
    tick(qtbot, wizard, "accepted_rights")
    wizard.go_to_step(len(wizard.pages) - 1)
    assert "Producer name: Ari Lane Music" in wizard.summary.text()
    assert wizard.checklist.missing() == []
    click(qtbot, wizard.send_button)
    qtbot.waitUntil(lambda: page.views.currentWidget() is page.message and
                    page.message.button.isVisible(), timeout=WAIT_MS)  # fmt: skip
    assert page.message.title.text() == "Application sent"
    [sent] = pending_named(sandbox, "applicant@demo.beatpass.test", "Ari Lane Music")
    assert sent.status == "pending" and sent.data["beats_url"] == "https://youtube.com/@arilane"
    assert len(sandbox.requests("POST", "/backstage-request")) == 1
    click(qtbot, page.message.button)
    qtbot.waitUntil(lambda: not page._reading and len(page.home.timeline.cards) == 2,
                    timeout=WAIT_MS)  # fmt: skip
    assert page.home.timeline.cards[0].chip.text() == "Pending"
    assert not page.home.buttons[app.BECOME].isEnabled()  # one at a time
    assert not page.home.timeline.cards[1].resubmit.isEnabled()  # type: ignore[union-attr]
    assert "Ari Lane Music" in page.home.status.text.text()
    assert not app.is_started(wizard.doc.draft)  # the draft is done with


def test_a_producer_claims_an_available_profile_not_a_claimed_one(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "producer")
    page = page_of(studio)
    wizard = open_wizard(qtbot, studio, app.CLAIM)
    search = wizard.claim_search
    qtbot.keyClicks(search.field, "Cold")
    qtbot.waitUntil(lambda: search.results.count() == 1, timeout=WAIT_MS)
    assert "Already claimed" in search.results.item(0).text()
    search.field.setFocus()
    qtbot.keyClick(search.field, Qt.Key.Key_Return)  # choose the (only) result
    assert (
        "already claimed" in search.status.text() and "contact@beatpass.ca" in search.status.text()
    )
    assert wizard.value("artist_id") is None  # the flow stops there
    search.field.clear()
    qtbot.keyClicks(search.field, "Midnight C")
    qtbot.waitUntil(
        lambda: search.results.count() == 1 and "Available" in search.results.item(0).text(),
        timeout=WAIT_MS,
    )
    qtbot.keyClick(search.field, Qt.Key.Key_Down)
    qtbot.keyClick(search.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.value("artist_name") == "Midnight Cassette", timeout=WAIT_MS)
    assert "It is available." in wizard.editors["artist_id"].box.editor.text()
    assert len(sandbox.requests("GET", "/artists/")) >= 2  # R5 on the results
    type_into(qtbot, wizard, "first_name", "Nadia")
    type_into(qtbot, wizard, "last_name", "Rose")
    wizard.go_to_field("role")
    role = wizard.editors["role"].widget
    role.setCurrentIndex(role.findData("label"))
    role.activated.emit(role.currentIndex())
    assert "Only Artist and Manager" in wizard.editors["role"].box.message.text()
    type_into(qtbot, wizard, "beats_url", "https://soundcloud.com/novabeats")
    tick(qtbot, wizard, "accepted_terms")
    tick(qtbot, wizard, "accepted_rights")
    wizard.go_to_step(len(wizard.pages) - 1)
    click(qtbot, wizard.send_button)
    qtbot.waitUntil(lambda: page.views.currentWidget() is page.message and
                    page.message.button.isVisible(), timeout=WAIT_MS)  # fmt: skip
    [sent] = pending_named(sandbox, "producer@demo.beatpass.test", "Midnight Cassette")
    assert sent.type == "claim-artist" and sent.data["role"] == "label"


def test_a_claim_taken_meanwhile_lands_on_the_profile_step(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    page = page_of(studio)
    wizard = open_wizard(qtbot, studio, app.CLAIM)
    search = wizard.claim_search
    qtbot.keyClicks(search.field, "Midnight Cassette")
    qtbot.waitUntil(lambda: search.results.count() == 1, timeout=WAIT_MS)
    click(qtbot, search.choose_button)
    qtbot.waitUntil(lambda: wizard.value("artist_id") is not None, timeout=WAIT_MS)
    for field, text in (("first_name", "Ari"), ("last_name", "Lane"),
                        ("beats_url", "https://soundcloud.com/ari")):  # fmt: skip
        type_into(qtbot, wizard, field, text)
    role = wizard.editors["role"].widget
    wizard.go_to_field("role")
    role.setCurrentIndex(role.findData("artist"))
    role.activated.emit(role.currentIndex())
    tick(qtbot, wizard, "accepted_terms")
    tick(qtbot, wizard, "accepted_rights")
    # Someone else claims it (and is approved) between the search and the send.
    midnight = wizard.value("artist_id")
    cold = BeatPassClient(sandbox.base_url, sandbox.token_for("coldharbor@demo.beatpass.test"))
    made = cold.create_backstage_request(
        "claim-artist", "Midnight Cassette",
        {"beats_url": "https://x.test/b", "first_name": "C", "last_name": "H", "role": "artist",
         "accepted_terms": True, "accepted_rights_and_commitment": True},
        artist_id=midnight,
    )  # fmt: skip
    from studio.api.review import SandboxReviewer

    SandboxReviewer(
        BeatPassClient(sandbox.base_url, sandbox.token_for("admin@demo.beatpass.test"))
    ).approve(made.id)
    wizard.go_to_step(len(wizard.pages) - 1)
    click(qtbot, wizard.send_button)
    publisher = studio.publisher
    qtbot.waitUntil(lambda: publisher.problem_box is not None, timeout=WAIT_MS)
    assert "already claimed" in publisher.problem_box.text()
    assert "Producer Program application" in publisher.problem_box.text()
    assert page.views.currentWidget() is wizard and wizard.step == 0
    assert "already claimed" in wizard.editors["artist_id"].box.errors()[0]
    assert app.is_started(wizard.doc.draft)  # nothing typed is lost
    publisher.problem_box.done(0)
    cold.close()


def test_the_publish_of_another_page_never_sends_an_application(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    studio = signed_in(qtbot, make_studio, sandbox, "applicant")
    wizard = open_wizard(qtbot, studio, app.BECOME)
    type_into(qtbot, wizard, "artist_name", "Half Typed")
    studio.window.select_section("profile")
    profile = studio.window.pages["profile"]
    qtbot.waitUntil(lambda: len(profile.documents()) == 1, timeout=WAIT_MS)  # type: ignore[attr-defined]
    doc = profile.document("user")  # type: ignore[attr-defined]
    doc.set_field("city", "Leeds")
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(studio.window, Qt.Key.Key_P, ctrl_shift)
    qtbot.waitUntil(lambda: studio.publisher.review_dialog is not None, timeout=WAIT_MS)
    review = studio.publisher.review_dialog
    assert [e.kind for e in review.entries] == ["user"]
    review.reject()


def test_f5_shows_a_decision_and_refresh_account_brings_the_new_profile(
    qtbot: QtBot, make_studio: Any, sandbox: Any
) -> None:
    """The reviewer decided elsewhere (the CLI, another machine): F5 reads the timeline
    again; the approved card's Refresh account puts the new profile in the switcher."""
    from studio.api.review import SandboxReviewer

    studio = signed_in(qtbot, make_studio, sandbox, "pending")
    page, window = page_of(studio), studio.window
    admin = BeatPassClient(sandbox.base_url, sandbox.token_for("admin@demo.beatpass.test"))
    [pending] = SandboxReviewer(admin).requests("pending").items
    SandboxReviewer(admin).approve(pending.id)
    admin.close()
    page.home.refresh.setFocus()
    qtbot.keyClick(page.home.refresh, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.home.timeline.cards[0].chip.text() == "Approved", timeout=WAIT_MS)
    card = page.home.timeline.cards[0]
    assert page.home.status.text.text() == "You can send an application."
    assert card.refresh is not None and window.switcher.itemData(0) is None
    qtbot.waitUntil(card.refresh.isVisible, timeout=WAIT_MS)  # a new card shows on a posted event
    click(qtbot, card.refresh)
    qtbot.waitUntil(lambda: "Pulse Theory" in window.switcher.itemText(0), timeout=WAIT_MS)
    assert studio.ctx.artist is not None and studio.ctx.artist.name == "Pulse Theory"
    qtbot.waitUntil(page.home.buttons[app.VERIFY].isVisible, timeout=WAIT_MS)
    assert not page.home.buttons[app.BECOME].isVisible()
    qtbot.waitUntil(lambda: page.home.timeline.cards[0].refresh is None, timeout=WAIT_MS)
    profile = window.pages["profile"]
    assert profile.tabs.isTabEnabled(0)  # type: ignore[attr-defined]
