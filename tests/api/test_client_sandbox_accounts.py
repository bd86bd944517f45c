"""Accounts BeatPass refuses (API.md §3 A1): banned and deactivated accounts (403) and a
blacklisted e-mail domain (422 on ``email``), against the sandbox, with the sentence the app
shows for each (``studio.messages.user_message``, as the sign-in dialog does)."""

from __future__ import annotations

from typing import Any

import pytest

from studio.api import BeatPassClient, Forbidden, InvalidCredentials, ValidationFailed
from studio.core.limits import SUPPORT_EMAIL
from studio.messages import user_message


@pytest.mark.parametrize(
    ("email", "password", "words"),
    [
        ("banned@demo.beatpass.test", "demo-banned", "banned: Repeated copyright complaints"),
        ("disabled@demo.beatpass.test", "demo-disabled", "deactivated"),
    ],
)
def test_refused_accounts_say_why_and_whom_to_ask(
    shared_sandbox: Any, email: str, password: str, words: str
) -> None:
    client = BeatPassClient(shared_sandbox.base_url, None, backoff_factor=0)
    try:
        with pytest.raises(Forbidden) as info:
            client.login(email, password)
        text = user_message(info.value)
        assert text.startswith("BeatPass refused to sign in this account.")
        assert words in text and SUPPORT_EMAIL in text
        assert client.token is None
        # signed in before the ban: the next call says the same, not "not allowed to do this"
        client.token = shared_sandbox.token_for(email)
        with pytest.raises(Forbidden) as later:
            client.me()
        assert words in user_message(later.value) and SUPPORT_EMAIL in user_message(later.value)
    finally:
        client.close()


def test_a_blacklisted_domain_is_not_called_a_wrong_password(shared_sandbox: Any) -> None:
    client = BeatPassClient(shared_sandbox.base_url, None, backoff_factor=0)
    try:
        with pytest.raises(ValidationFailed) as info:
            client.login("someone@blocked.beatpass.test", "whatever")
        assert not isinstance(info.value, InvalidCredentials)
        text = user_message(info.value)
        assert text.startswith("BeatPass does not accept this e-mail address for sign-in.")
        assert '"blocked.beatpass.test" domain are not allowed.' in text
        assert SUPPORT_EMAIL in text
        assert info.value.field_errors["email"]
    finally:
        client.close()
