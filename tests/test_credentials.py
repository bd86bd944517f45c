"""Sign-in and tokens: install id, token name, the keychain vault and its in-memory
fallback, sign-in by password/token and sign-out, against the real sandbox."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest
from fresh_python import fresh_python
from keyring.backends import fail

from studio.api import ApiAccessDenied, AuthExpired, BeatPassClient, InvalidCredentials
from studio.auth import (
    MEMORY_ONLY_NOTICE,
    TokenVault,
    install_id,
    sign_in_with_password,
    sign_in_with_token,
    sign_out,
    token_name,
)

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")
BASE = "http://127.0.0.1:8765/api/v1"


def test_install_id_is_persistent_and_regenerated_when_corrupt(tmp_path: Path) -> None:
    first = install_id(tmp_path)
    assert len(first) == 8 and int(first, 16) >= 0
    assert install_id(tmp_path) == first
    (tmp_path / "install-id").write_text("not hex at all")
    second = install_id(tmp_path)
    assert len(second) == 8 and second != "not hex "
    assert install_id(tmp_path) == second


def test_install_ids_differ_between_installs(tmp_path: Path) -> None:
    ids = {install_id(tmp_path / str(i)) for i in range(5)}
    assert len(ids) == 5


def test_token_name_shape() -> None:
    assert token_name("3f9c2a1b", "ws-01") == "BeatPass Studio ws-01 3f9c2a1b"
    long_host = "h" * 80
    name = token_name("3f9c2a1b", long_host)
    assert name == f"BeatPass Studio {'h' * 40} 3f9c2a1b"
    assert 3 <= len(name) <= 100
    assert token_name("3f9c2a1b", "my\tmac\nbook") == "BeatPass Studio my mac book 3f9c2a1b"
    assert token_name("3f9c2a1b", "") == "BeatPass Studio 3f9c2a1b"
    assert token_name("aaaaaaaa", "ws") != token_name("bbbbbbbb", "ws")
    assert "BeatPass Studio" in token_name("3f9c2a1b")  # real hostname


def test_vault_uses_the_keychain_keyed_by_base_url_and_account(memory_keyring: Any) -> None:
    vault = TokenVault()
    assert vault.persistent and vault.notice == ""
    vault.save(BASE, "3", "7|secret-a")
    vault.save("https://open.beatpass.ca/api/v1", "3", "8|secret-b")
    vault.save(BASE, "4", "9|secret-c")
    assert vault.load(BASE, "3") == "7|secret-a"
    assert vault.load("https://open.beatpass.ca/api/v1", "3") == "8|secret-b"
    assert memory_keyring.entries[(f"BeatPass Studio {BASE}", "3")] == "7|secret-a"
    assert TokenVault().load(BASE, "4") == "9|secret-c"  # survives a new vault (new run)
    vault.delete(BASE, "3")
    vault.delete(BASE, "3")  # deleting twice is fine
    assert vault.load(BASE, "3") is None
    assert (f"BeatPass Studio {BASE}", "3") not in memory_keyring.entries


def test_vault_falls_back_to_memory_with_the_fail_backend(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    vault = TokenVault()
    assert vault.persistent is False
    assert vault.notice == MEMORY_ONLY_NOTICE
    vault.save(BASE, "3", "7|secret")
    assert vault.load(BASE, "3") == "7|secret"
    assert TokenVault().load(BASE, "3") is None  # memory only: gone in the next run
    assert not any(p.is_file() and b"7|secret" in p.read_bytes() for p in tmp_path.rglob("*"))
    vault.delete(BASE, "3")
    assert vault.load(BASE, "3") is None


def test_a_keychain_backend_that_cannot_be_loaded_falls_back_to_memory() -> None:
    """PYTHON_KEYRING_BACKEND naming a module that is not there made every use of the vault
    raise: a restart said "Something unexpected went wrong" instead of asking to sign in."""
    code = (
        "import os\n"
        "os.environ['PYTHON_KEYRING_BACKEND'] = 'no_such_keyring_module.Keyring'\n"
        "from studio.auth import MEMORY_ONLY_NOTICE, TokenVault\n"
        "vault = TokenVault(install_id='abc')\n"
        "vault.save('https://example.test/api/v1', '3', '7|secret')\n"
        "print(vault.persistent, vault.notice == MEMORY_ONLY_NOTICE,\n"
        "      vault.load('https://example.test/api/v1', '3') == '7|secret')\n"
    )
    assert fresh_python(code).split() == ["False", "True", "True"]


class BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringError("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("locked")


def test_vault_falls_back_when_the_keychain_raises(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(BrokenKeyring())
    vault = TokenVault()
    assert vault.persistent
    vault.save(BASE, "3", "7|very-secret-token")
    assert vault.persistent is False
    assert "memory" in vault.notice
    assert vault.load(BASE, "3") == "7|very-secret-token"
    assert "very-secret-token" not in caplog.text


def client_for(sandbox: Any, **kw: Any) -> BeatPassClient:
    return BeatPassClient(sandbox.base_url, token_name="BeatPass Studio test 0000abcd", **kw)


def test_sign_in_with_password_keeps_token_only_in_keychain(
    sandbox: Any, memory_keyring: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = client_for(sandbox)
    vault = TokenVault()
    signed = sign_in_with_password(client, *PRODUCER, vault)
    assert signed.persistent and signed.message == ""
    assert signed.user.email == PRODUCER[0]
    assert signed.account == str(signed.user.id)
    token = vault.load(client.base_url, signed.account)
    assert token and token == client.token and "|" in token
    assert token not in caplog.text
    assert token not in repr(client) and token not in repr(signed)
    assert list(memory_keyring.entries.values()) == [token]


def test_wrong_password(sandbox: Any) -> None:
    vault = TokenVault()
    with pytest.raises(InvalidCredentials) as info:
        sign_in_with_password(client_for(sandbox), PRODUCER[0], "wrong", vault)
    assert "password" in info.value.user_message
    assert vault.load(sandbox.base_url, "1") is None


def test_account_without_api_access(sandbox: Any, memory_keyring: Any) -> None:
    client = client_for(sandbox)
    with pytest.raises(ApiAccessDenied) as info:
        sign_in_with_password(client, "noapi@demo.beatpass.test", "demo-noapi", TokenVault())
    assert "contact@beatpass.ca" in info.value.user_message
    assert "invite-only" in info.value.user_message
    assert client.token is None
    assert memory_keyring.entries == {}


def test_sign_in_with_pasted_token(sandbox: Any) -> None:
    client = client_for(sandbox)
    vault = TokenVault()
    token = sandbox.token_for(PRODUCER[0])
    signed = sign_in_with_token(client, f"  {token}\n", vault)
    assert vault.load(client.base_url, signed.account) == token
    with pytest.raises(AuthExpired) as info:
        sign_in_with_token(client_for(sandbox), "999|not-a-real-token", vault)
    assert "token" in info.value.user_message


def test_sign_out_revokes_and_wipes(sandbox: Any) -> None:
    client = client_for(sandbox)
    vault = TokenVault()
    signed = sign_in_with_password(client, *PRODUCER, vault)
    token = client.token
    result = sign_out(client, vault, signed.account)
    assert result.revoked is True
    assert vault.load(client.base_url, signed.account) is None
    assert client.token is None
    with pytest.raises(AuthExpired):
        BeatPassClient(sandbox.base_url, token).me()


def test_sign_out_with_a_dead_token_still_wipes(sandbox: Any) -> None:
    client = client_for(sandbox)
    vault = TokenVault()
    signed = sign_in_with_password(client, *PRODUCER, vault)
    assert client.token
    sandbox.expire_token(client.token)
    result = sign_out(client, vault, signed.account)
    assert result.revoked is False
    assert "Account Settings → Developers" in result.message
    assert vault.load(client.base_url, signed.account) is None


def test_sign_out_when_offline_still_wipes(sandbox: Any) -> None:
    client = client_for(sandbox, backoff_factor=0, timeout=2)
    vault = TokenVault()
    signed = sign_in_with_password(client, *PRODUCER, vault)
    sandbox.stop()
    result = sign_out(client, vault, signed.account)
    assert result.revoked is False
    assert "could not be reached" in result.message
    assert vault.load(client.base_url, signed.account) is None


# --- one keychain entry per installation (issue 8 §3.7) ------------------------------------


def test_each_install_keeps_its_own_keychain_entry(memory_keyring: Any) -> None:
    first, second = TokenVault(install_id="aaaa1111"), TokenVault(install_id="bbbb2222")
    first.save(BASE, "3", "7|first-install")
    second.save(BASE, "3", "8|second-install")
    assert memory_keyring.entries[(f"BeatPass Studio {BASE}", "3@aaaa1111")] == "7|first-install"
    first.delete(BASE, "3")  # signing out in the first app data folder…
    assert first.load(BASE, "3") is None
    assert second.load(BASE, "3") == "8|second-install"  # …leaves the second signed in
    assert TokenVault(install_id="bbbb2222").load(BASE, "3") == "8|second-install"


def test_an_entry_of_the_old_shared_key_is_read_and_moved(memory_keyring: Any) -> None:
    memory_keyring.entries[(f"BeatPass Studio {BASE}", "3")] = "7|kept-from-before"
    vault = TokenVault(install_id="aaaa1111")
    assert vault.load(BASE, "3") == "7|kept-from-before"  # an existing user stays signed in
    assert memory_keyring.entries == {
        (f"BeatPass Studio {BASE}", "3@aaaa1111"): "7|kept-from-before"
    }
    vault.delete(BASE, "3")
    assert vault.load(BASE, "3") is None  # a sign-out is not undone by the old entry
    assert memory_keyring.entries == {}


def test_sign_out_deletes_an_old_style_entry_too(memory_keyring: Any) -> None:
    memory_keyring.entries[(f"BeatPass Studio {BASE}", "3")] = "7|old"
    vault = TokenVault(install_id="aaaa1111")
    vault.save(BASE, "3", "9|new")
    vault.delete(BASE, "3")
    assert memory_keyring.entries == {}
    assert vault.load(BASE, "3") is None


def test_sign_out_in_one_data_folder_keeps_the_other_signed_in(
    sandbox: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    """Two app data folders (two installs) on one account: signing out in one revokes its
    own token and removes its own entry only."""
    vaults = [TokenVault(install_id=install_id(tmp_path / name)) for name in ("one", "two")]
    clients = [
        BeatPassClient(sandbox.base_url, token_name=token_name(v.install_id, "ws")) for v in vaults
    ]
    signed = [sign_in_with_password(c, *PRODUCER, v) for c, v in zip(clients, vaults, strict=True)]
    assert len(memory_keyring.entries) == 2
    sign_out(clients[0], vaults[0], signed[0].account)
    assert vaults[0].load(sandbox.base_url, signed[0].account) is None
    token = vaults[1].load(sandbox.base_url, signed[1].account)
    assert token is not None
    assert BeatPassClient(sandbox.base_url, token).me().email == PRODUCER[0]


def test_the_app_context_keys_its_vault_by_its_own_install(
    tmp_path: Path, memory_keyring: Any, qapp: Any
) -> None:
    from studio.context import build_context
    from studio.paths import AppPaths

    contexts = []
    for name in ("one", "two"):
        root = tmp_path / name
        paths = AppPaths(root / "data", root / "config", root / "cache", root / "logs").ensure()
        contexts.append(build_context(paths, defer=True))
    try:
        for ctx in contexts:
            ctx.vault.save(BASE, "3", f"7|{ctx.install_id}")
        contexts[0].vault.delete(BASE, "3")
        assert contexts[1].vault.load(BASE, "3") == f"7|{contexts[1].install_id}"
        assert contexts[0].vault.install_id == contexts[0].install_id
    finally:
        for ctx in contexts:
            ctx.tasks.shutdown()


def test_a_resumed_session_finds_known_producer_profiles_without_a3_artists(
    qtbot: Any, sandbox: Any, memory_keyring: Any
) -> None:
    """BeatPass ignoring ``with=artists`` (sandbox switch): resuming the saved account asks
    R5 about the profiles this app has snapshots of, and says that others may be missing."""
    from studio.context import build_context
    from studio.paths import AppPaths
    from studio.store import account_key
    from studio.ui.session import SessionController

    ctx = build_context(AppPaths.from_env().ensure())
    try:
        token = sandbox.token_for(PRODUCER[0])
        probe = BeatPassClient(sandbox.base_url, token)
        me = probe.me()
        probe.close()
        lofi = next(a.id for a in me.artists if a.name == "Nova Lo-Fi")
        assert ctx.store is not None
        ctx.store.save_snapshot(
            account_key(sandbox.base_url, me.id), "artist", str(lofi), {"name": "Nova Lo-Fi"}
        )
        ctx.vault.save(sandbox.base_url, str(me.id), token)
        sandbox.set_faults(me_without_artists=True, profile_without_artists=True)
        controller = SessionController(ctx)
        errors: list[BaseException] = []
        with qtbot.waitSignal(controller.signed_in, timeout=15_000) as signed:
            controller.resume(sandbox.base_url, str(me.id), on_error=errors.append)
        assert errors == []
        session = signed.args[0]
        assert [a.name for a in session.artists] == ["Nova Lo-Fi"]
        assert "“Nova Lo-Fi”" in session.notice and "may be missing" in session.notice
    finally:
        ctx.tasks.shutdown()
        ctx.close_store()
