"""Sign-in and tokens: a per-install token name, the OS keychain (keyring) keyed by API
base URL, account and install, sign-in by password or pasted token, and sign-out with
revocation.

Tokens live only in the keychain, or (when the machine has no keychain) in memory for this
run; never in a file, a setting, a log line or an exception message.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import fail

from studio.api import (
    ApiAccessDenied,
    ApiError,
    AuthExpired,
    BeatPassClient,
    Forbidden,
    Offline,
)
from studio.api.producers import KnownIds, SignedInUser, load_signed_in_user
from studio.core.limits import SUPPORT_EMAIL, TOKEN_NAME_HOST_MAX, TOKEN_NAME_MAX, TOKEN_NAME_MIN
from studio.core.models import User

log = logging.getLogger(__name__)

INSTALL_ID_FILE = "install-id"
_HEX8 = re.compile(r"^[0-9a-f]{8}$")
DELETE_IN_SETTINGS = "You can also delete the token on BeatPass in Account Settings → Developers."
MEMORY_ONLY_NOTICE = (
    "No system keychain is available, so Studio keeps your sign-in in memory for this session "
    "only. You will need to sign in again next time."
)


def install_id(config_dir: Path) -> str:
    """A persistent random 8-hex id for this installation (not a secret)."""
    path = Path(config_dir) / INSTALL_ID_FILE
    try:
        value = path.read_text(encoding="ascii").strip().lower()
        if _HEX8.match(value):
            return value
    except (OSError, UnicodeDecodeError):
        pass
    value = secrets.token_hex(4)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(value + "\n", encoding="ascii")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not save the install id (%s); using one for this run", exc)
    return value


def token_name(install_id: str, hostname: str | None = None) -> str:
    """``BeatPass Studio <host ≤40> <install id>``: unique per install, so logging in here
    never deletes another machine's token (A1 deletes older tokens with the same name)."""
    host = hostname if hostname is not None else socket.gethostname()
    host = "".join(ch for ch in re.sub(r"\s+", " ", host) if ch.isprintable()).strip()
    host = host[:TOKEN_NAME_HOST_MAX].strip()
    name = " ".join(part for part in ("BeatPass Studio", host, install_id.strip()) if part)
    name = name[:TOKEN_NAME_MAX]
    if len(name) < TOKEN_NAME_MIN:
        raise ValueError("token name too short")
    return name


def _backend_usable() -> bool:
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # the backend named in PYTHON_KEYRING_BACKEND cannot be loaded
        log.warning("the keychain backend cannot be loaded: %s: %s", type(exc).__name__, exc)
        return False
    if isinstance(backend, fail.Keyring):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check itself fails is not usable
        return False


@dataclass
class TokenVault:
    """Token storage in the OS keychain; in memory only (``persistent=False``) without one,
    or when made with ``memory_only=True`` (the sandbox: its tokens are minted afresh each run).

    Entries are keyed by API base URL (the service) and ``<account>@<install id>`` (the
    user name): one per installation, as the token name is, so signing out in one app data
    folder never deletes the sign-in of another folder on the same account. An entry saved
    by an older version under the bare account is moved to the new key when first read.

    ``notice`` explains a missing keychain in a sentence for the user ("" otherwise).
    """

    service_prefix: str = "BeatPass Studio"
    memory_only: bool = False
    install_id: str = ""  # "" keys by account alone (the old, shared key)
    persistent: bool = field(init=False)
    notice: str = field(init=False, default="")
    _memory: dict[tuple[str, str], str] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.persistent = not self.memory_only and _backend_usable()
        if not self.persistent and not self.memory_only:
            self._fall_back("no usable keyring backend")

    def _service(self, base_url: str) -> str:
        return f"{self.service_prefix} {base_url.rstrip('/')}"

    def _user(self, account: str) -> str:
        """The keychain user name of ``account`` for this installation."""
        return f"{account}@{self.install_id}" if self.install_id else account

    def _fall_back(self, why: str) -> None:
        if self.persistent:
            log.warning("keychain unusable (%s); keeping sign-in in memory for this run", why)
        else:
            log.info("keychain unavailable (%s); sign-in kept in memory for this run", why)
        self.persistent = False
        self.notice = MEMORY_ONLY_NOTICE

    def save(self, base_url: str, account: str, token: str) -> None:
        key = (self._service(base_url), account)
        if self.persistent:
            try:
                keyring.set_password(key[0], self._user(account), token)
                self._memory.pop(key, None)
                return
            except Exception as exc:  # keyring backends raise many kinds of errors
                self._fall_back(type(exc).__name__)
        self._memory[key] = token

    def load(self, base_url: str, account: str) -> str | None:
        key = (self._service(base_url), account)
        if key in self._memory:
            return self._memory[key]
        if not self.persistent:
            return None
        try:
            token = keyring.get_password(key[0], self._user(account))
            if token is None and self._user(account) != account:
                token = self._adopt_old_entry(key[0], account)
            return token
        except Exception as exc:
            log.warning("could not read the keychain (%s)", type(exc).__name__)
            return None

    def _adopt_old_entry(self, service: str, account: str) -> str | None:
        """The token an older version kept under the bare account, moved to this
        installation's key (so a later sign-out here does not find it again)."""
        token = keyring.get_password(service, account)
        if token is None:
            return None
        keyring.set_password(service, self._user(account), token)
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(service, account)
        log.info("keychain entry moved to this installation's key")
        return token

    def delete(self, base_url: str, account: str) -> None:
        key = (self._service(base_url), account)
        self._memory.pop(key, None)
        if not self.persistent:
            return
        for user in dict.fromkeys((self._user(account), account)):  # also an old-style entry
            try:
                keyring.delete_password(key[0], user)
            except keyring.errors.PasswordDeleteError:
                pass  # nothing stored
            except Exception as exc:
                log.warning("could not delete the keychain entry (%s)", type(exc).__name__)
                return


@dataclass(frozen=True)
class SignedIn:
    """A signed-in account. ``account`` (the user id as text) keys the keychain entry."""

    user: User
    account: str
    persistent: bool
    message: str = ""


@dataclass(frozen=True)
class SignOutResult:
    revoked: bool
    message: str


def account_key(user: User) -> str:
    return str(user.id)


def _finish_sign_in(
    client: BeatPassClient, found: SignedInUser, token: str, vault: TokenVault
) -> SignedIn:
    account = account_key(found.user)
    vault.save(client.base_url, account, token)
    message = " ".join(text for text in (vault.notice, found.notice) if text)
    return SignedIn(user=found.user, account=account, persistent=vault.persistent, message=message)


def sign_in_with_password(
    client: BeatPassClient,
    email: str,
    password: str,
    vault: TokenVault,
    known_artist_ids: KnownIds | None = None,
) -> SignedIn:
    """A1 then A3. A 401/403 on A3 right after A1 raises ``ApiAccessDenied`` (A4). When A3
    lists no producer profiles, ``load_signed_in_user`` looks them up another way
    (``known_artist_ids(user)``: ids this app already knows)."""
    result = client.login(email, password)
    try:
        found = load_signed_in_user(client, known_artist_ids)
    except ApiError:
        client.token = None
        raise
    return _finish_sign_in(client, found, result.token, vault)


def sign_in_with_token(
    client: BeatPassClient,
    token: str,
    vault: TokenVault,
    known_artist_ids: KnownIds | None = None,
) -> SignedIn:
    """Check a pasted personal token with A3 and keep it."""
    token = token.strip()
    if not token:
        raise AuthExpired("empty token", user_message="Paste a BeatPass API token first.")
    client.token = token
    try:
        found = load_signed_in_user(client, known_artist_ids)
    except AuthExpired as exc:
        client.token = None
        raise AuthExpired(
            exc.message,
            status=exc.status,
            user_message="BeatPass did not accept this token. It may be mistyped, expired "
            "(tokens last 90 days) or deleted, or the account may not have API access "
            f"(invite-only: ask {SUPPORT_EMAIL}).",
        ) from None
    except ApiError:
        client.token = None
        raise
    return _finish_sign_in(client, found, token, vault)


def sign_out(client: BeatPassClient, vault: TokenVault, account: str) -> SignOutResult:
    """Revoke the token (A2) and delete the keychain entry. The entry is deleted even when
    revocation fails; the message then says how to delete the token on the website."""
    token = client.token or vault.load(client.base_url, account)
    revoked = False
    message = "Signed out. The token was revoked on BeatPass."
    try:
        if token:
            client.token = token
            client.revoke_token()
            revoked = True
        else:
            message = "Signed out. " + DELETE_IN_SETTINGS
    except (AuthExpired, ApiAccessDenied, Forbidden):
        message = "Signed out. BeatPass no longer accepted the token. " + DELETE_IN_SETTINGS
    except Offline:
        message = (
            "Signed out on this computer, but BeatPass could not be reached to revoke "
            "the token. " + DELETE_IN_SETTINGS
        )
    except ApiError as exc:
        message = f"Signed out on this computer. {exc.user_message}"
        if "Developers" not in message:
            message += " " + DELETE_IN_SETTINGS
    finally:
        vault.delete(client.base_url, account)
        client.token = None
    return SignOutResult(revoked=revoked, message=message)
