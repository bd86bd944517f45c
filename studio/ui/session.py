"""Signing in and out, off the GUI thread: password, pasted token, the embedded sandbox and
the saved account. Screens call :class:`SessionController`; it runs the network and keychain
work through ``ctx.tasks`` and publishes the result as ``ctx.session``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from studio.context import SANDBOX_ACCOUNT_BASE, AppContext, Session
from studio.ui.remembered import (
    KEY_ACCOUNT,
    KEY_BASE_URL,
    KEY_LAST_USER,
    last_profile,
    parse_user,
    remember_profile,
    remembered_text,
    user_json,
)

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.api.producers import KnownIds
    from studio.core.models import ArtistRef, User
    from studio.sandbox.demo import DemoAccount
    from studio.sandbox.server import SandboxHandle
    from studio.tasks import TaskHandle

log = logging.getLogger(__name__)

SANDBOX_EMAIL = "producer@demo.beatpass.test"
SANDBOX_SEED = "demo"

ErrorCallback = Callable[[BaseException], None]


class NeedsSignIn(Exception):  # noqa: N818 (a state, not a failure)
    """There is no saved token for the saved account: the user has to sign in."""


def demo_accounts() -> tuple[DemoAccount, ...]:
    """The sandbox's demo accounts, as the README lists them."""
    from studio.sandbox.demo import DEMO_ACCOUNTS

    return DEMO_ACCOUNTS


def is_demo_email(email: str) -> bool:
    """An address of the sandbox's demo domain (it exists nowhere else)."""
    from studio.sandbox.demo import DEMO_DOMAIN

    return email.strip().lower().endswith("@" + DEMO_DOMAIN)


def _refused(exc: BaseException) -> bool:
    """A sign-in the server refused (or that cannot be tried): the session must end."""
    from studio.api import ApiAccessDenied, AuthExpired, Forbidden

    return isinstance(exc, NeedsSignIn | AuthExpired | ApiAccessDenied | Forbidden)


def _is_remote(base_url: str) -> bool:
    from urllib.parse import urlsplit

    from studio.core.urls import is_loopback_host

    return not is_loopback_host(urlsplit(base_url).hostname)


def _refuse_demo_credentials(base_url: str, email: str) -> None:
    """Demo credentials are never sent to a server off this computer (the real BeatPass)."""
    if is_demo_email(email) and _is_remote(base_url):
        from studio.api import ApiError

        raise ApiError(
            "demo account refused for a remote server",
            user_message=(
                f"{email.strip()} is a demo account of the sandbox: it exists only there, so "
                "it was not sent to BeatPass. Use “Try the sandbox”, or sign in with your "
                "BeatPass account."
            ),
        )


class SessionController(QObject):
    """Owns sign-in state changes. ``signed_in(Session)`` / ``signed_out(str message)``."""

    signed_in = Signal(object)
    signed_out = Signal(str)
    # The saved account's remembered session is open, or will not be (see ``opening``).
    remembered_settled = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._started_sandboxes: list[SandboxHandle] = []  # appended from a worker thread
        self._provisional: BeatPassClient | None = None  # see _is_provisional
        self._opening = False  # resuming: the remembered session is being opened
        ctx.signals.artist_changed.connect(self._remember_profile)

    # --- sign in -------------------------------------------------------------------------

    def sign_in_password(
        self,
        base_url: str,
        email: str,
        password: str,
        *,
        on_error: ErrorCallback,
        owner: QObject | None = None,
        sandbox: bool = False,
    ) -> TaskHandle:
        ctx = self._ctx

        def work() -> Session:
            from studio.auth import TokenVault, sign_in_with_password

            _refuse_demo_credentials(base_url, email)
            client = ctx.new_client(base_url)
            # Sandbox tokens are minted afresh each run: they never reach the keychain.
            vault = TokenVault(memory_only=True) if sandbox else ctx.vault
            known = self._known_artists(base_url, sandbox)
            signed = sign_in_with_password(client, email, password, vault, known)
            return Session(
                base_url,
                client,
                signed.user,
                signed.account,
                signed.persistent,
                sandbox=sandbox,
                notice=signed.message,
            )

        return ctx.tasks.run(
            work, on_done=self._accept, on_error=on_error, owner=owner, name="sign in with password"
        )

    def sign_in_token(
        self,
        base_url: str,
        token: str,
        *,
        on_error: ErrorCallback,
        owner: QObject | None = None,
        sandbox: bool = False,
    ) -> TaskHandle:
        ctx = self._ctx

        def work() -> Session:
            from studio.auth import TokenVault, sign_in_with_token

            client = ctx.new_client(base_url)
            vault = TokenVault(memory_only=True) if sandbox else ctx.vault
            signed = sign_in_with_token(
                client, token, vault, self._known_artists(base_url, sandbox)
            )
            return Session(
                base_url,
                client,
                signed.user,
                signed.account,
                signed.persistent,
                sandbox=sandbox,
                notice=signed.message,
            )

        return ctx.tasks.run(
            work, on_done=self._accept, on_error=on_error, owner=owner, name="sign in with token"
        )

    def try_sandbox(
        self, *, on_error: ErrorCallback, owner: QObject | None = None, reset: bool = False
    ) -> TaskHandle:
        """Start the embedded sandbox (if not running yet) and sign in as the demo producer."""
        password = next(a.password for a in demo_accounts() if a.email == SANDBOX_EMAIL)
        return self.sandbox_sign_in(
            SANDBOX_EMAIL, password, on_error=on_error, owner=owner, reset=reset
        )

    def sandbox_sign_in(
        self,
        email: str,
        password: str,
        *,
        on_error: ErrorCallback,
        owner: QObject | None = None,
        reset: bool = False,
    ) -> TaskHandle:
        """Start the embedded sandbox (if not running yet) and sign in to it."""
        return self._in_sandbox(
            lambda url: self.sign_in_password(
                url, email, password, on_error=on_error, owner=owner, sandbox=True
            ),
            on_error,
            owner,
            reset,
        )

    def sandbox_sign_in_token(
        self, token: str, *, on_error: ErrorCallback, owner: QObject | None = None
    ) -> TaskHandle:
        """Start the embedded sandbox (if not running yet) and sign in to it with a token."""
        return self._in_sandbox(
            lambda url: self.sign_in_token(
                url, token, on_error=on_error, owner=owner, sandbox=True
            ),
            on_error,
            owner,
        )

    def _in_sandbox(
        self,
        then: Callable[[str], TaskHandle],
        on_error: ErrorCallback,
        owner: QObject | None,
        reset: bool = False,
    ) -> TaskHandle:
        """``then(sandbox base URL)``, once the embedded sandbox runs (started if needed)."""
        ctx = self._ctx
        if ctx.sandbox is None and self._started_sandboxes:  # started, then the user stopped
            ctx.sandbox = self._started_sandboxes[-1]
        if ctx.sandbox is not None:
            return then(ctx.sandbox.base_url)
        data_dir = ctx.paths.sandbox_dir

        def work() -> SandboxHandle:
            from studio.sandbox.server import start_sandbox

            handle = start_sandbox(
                data_dir, seed=SANDBOX_SEED, port=0, reset=reset, stable_port=True
            )
            self._started_sandboxes.append(handle)
            return handle

        def started(handle: SandboxHandle) -> None:
            ctx.sandbox = handle
            log.info("embedded sandbox running at %s", handle.base_url)
            then(handle.base_url)

        return ctx.tasks.run(
            work, on_done=started, on_error=on_error, owner=owner, name="start sandbox"
        )

    def saved_account(self, base_url: str) -> str | None:
        """The account last used with ``base_url`` (from settings), if any."""
        settings = self._ctx.settings
        if settings.value(KEY_BASE_URL, "") != base_url:
            return None
        account = settings.value(KEY_ACCOUNT, "")
        return str(account) if account else None

    def resume(
        self,
        base_url: str,
        account: str,
        *,
        on_error: ErrorCallback,
        owner: QObject | None = None,
        defer: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        """Sign in again with the token the keychain holds for ``account``.

        When the user of that account is remembered from the last run, a session made of
        that user and a client whose token is still being read is published at once
        (``verified=False``): the stored drafts open without waiting for the keychain (it
        may be slow, or ask to be unlocked) or the server. The client's requests wait for the
        token. The server then confirms the user; while it cannot be reached the session
        stays (offline, and confirmed once it is back). Only a refused sign-in (no token,
        expired, banned…) ends it and reaches ``on_error``.

        ``defer(start)``: when the keychain is read once a provisional session is open (the
        app starts it once the page on screen shows its stored drafts)."""
        ctx = self._ctx
        saved = remembered_text(ctx.settings, base_url, account)  # the setting, read here
        early: list[BeatPassClient] = []  # the provisional session's client, once open

        def load() -> BeatPassClient:
            token = ctx.vault.load(base_url, account)
            if not token:
                raise NeedsSignIn
            if not early:
                return ctx.new_client(base_url, token)
            early[0].token_name = ctx.token_name  # this install's (for a later password login)
            early[0].token = token
            return early[0]

        def load_failed(exc: BaseException) -> None:
            if early:
                early[0].token_unavailable()
                self._end_provisional(early[0])
            on_error(exc)

        def loaded(client: BeatPassClient) -> None:
            self._verify(client, account, on_error, owner, provisional=bool(early))

        def start() -> None:
            if early and not self._is_provisional(early[0]):
                early[0].token_unavailable()  # signed out or into another account meanwhile
                return
            ctx.tasks.run(
                load,
                on_done=loaded,
                on_error=load_failed,
                owner=owner,
                name="read the saved sign-in",
            )

        def make() -> tuple[BeatPassClient, User] | None:
            """The remembered user and a client waiting for its token (on a worker: the
            HTTP client's modules load there)."""
            from studio.api import ApiError, BeatPassClient

            user = parse_user(saved)
            if user is None:
                return None
            try:
                return BeatPassClient(base_url, token_pending=True), user
            except ApiError:  # an address the client refuses: reading the sign-in says so
                return None

        def made(result: tuple[BeatPassClient, User] | None) -> None:
            if result is not None and ctx.session is None and self._provisional is None:
                client, user = result
                early.append(client)
                self._provisional = client
                # ``persistent``: a resumed token comes from the keychain (without one there
                # is nothing to resume); the confirmed session says it again.
                self._accept(Session(base_url, client, user, account, True, verified=False))
                if defer is not None:
                    defer(start)
                    return
            start()

        if saved is None:
            start()
            return
        self._opening = True

        def opened(result: tuple[BeatPassClient, User] | None) -> None:
            made(result)
            if self._provisional is None or ctx.session is not None:
                self._opening_done()
            else:  # published once the store is settled
                ctx.when_store_ready(lambda _store: self._opening_done())

        ctx.tasks.run(
            make,
            on_done=opened,
            on_error=lambda _exc: opened(None),
            owner=owner,
            name="open the remembered account",
        )

    @property
    def opening(self) -> bool:
        """True while the saved account's remembered session is being opened (its stored
        drafts are about to show); ``remembered_settled`` follows."""
        return self._opening

    def _opening_done(self) -> None:
        if self._opening:
            self._opening = False
            self.remembered_settled.emit()

    def _end_provisional(self, client: BeatPassClient) -> None:
        """The provisional session of ``client`` ends (its sign-in was refused): the drafts
        stay stored and the account stays saved."""
        if self._is_provisional(client):
            self._provisional = None
            ctx = self._ctx
            if ctx.session is not None and ctx.session.client is client:
                ctx.set_artist(None)
                ctx.set_session(None)

    def _verify(
        self,
        client: BeatPassClient,
        account: str,
        on_error: ErrorCallback,
        owner: QObject | None,
        *,
        provisional: bool,
    ) -> None:
        """Ask the server who the token belongs to (A3) and publish the confirmed session."""
        ctx = self._ctx
        base_url = client.base_url

        def work() -> Session:
            from studio.api.producers import load_signed_in_user

            found = load_signed_in_user(client, self._known_artists(base_url))
            return Session(
                base_url,
                client,
                found.user,
                account,
                ctx.vault.persistent,
                notice=" ".join(n for n in (ctx.vault.notice, found.notice) if n),
            )

        def failed(exc: BaseException) -> None:
            if not provisional or _refused(exc):
                if provisional:
                    self._end_provisional(client)
                on_error(exc)
                return
            if not self._is_provisional(client):
                return  # signed out or into another account meanwhile
            self._confirm_later(client, account, on_error, owner, exc)

        def confirmed(session: Session) -> None:
            if not provisional or self._is_provisional(client):
                self._accept(session)

        ctx.tasks.run(
            work, on_done=confirmed, on_error=failed, owner=owner, name="resume saved account"
        )

    def _is_provisional(self, client: BeatPassClient) -> bool:
        """True while ``client``'s session is the one opened before the server confirmed it
        (published, or waiting for the store)."""
        return self._provisional is client

    def _confirm_later(
        self,
        client: BeatPassClient,
        account: str,
        on_error: ErrorCallback,
        owner: QObject | None,
        exc: BaseException,
    ) -> None:
        """The server could not confirm the session now: keep it (the stored drafts stay
        editable), say so, and try again when the server can be reached."""
        from studio.api import Offline
        from studio.messages import user_message

        ctx = self._ctx
        log.info("saved sign-in not confirmed yet: %s", type(exc).__name__)
        connectivity = ctx.workspace.connectivity
        if isinstance(exc, Offline):
            connectivity.unreachable()
        ctx.signals.message.emit(user_message(exc))

        def again(online: bool) -> None:
            if not online:
                return
            connectivity.changed.disconnect(again)
            if self._is_provisional(client):
                self._verify(client, account, on_error, owner, provisional=True)

        connectivity.changed.connect(again)

    def _known_artists(self, base_url: str, sandbox: bool = False) -> KnownIds:
        """The producer profile ids this app holds snapshots or drafts of, for the sign-in's
        fallback when BeatPass does not list the user's profiles (API.md §0)."""
        ctx = self._ctx

        def ids(user: User) -> list[str]:
            from studio.store import account_key

            base = SANDBOX_ACCOUNT_BASE if sandbox else base_url
            store = ctx.store
            return store.entity_ids(account_key(base, user.id), "artist") if store else []

        return ids

    def _accept(self, session: Session) -> None:
        """Publish the new session, once the store is settled (pages then find it ready)."""
        self._ctx.when_store_ready(lambda _store: self._publish(session))

    def _publish(self, session: Session) -> None:
        ctx = self._ctx
        if session.verified:
            self._provisional = None  # confirmed, or another sign-in replaces it
        elif not self._is_provisional(session.client) or ctx.session is not None:
            return  # ended, or someone signed in meanwhile: the remembered user is not needed
        if not session.sandbox and session.verified:  # sandbox tokens live in memory only
            ctx.settings.setValue(KEY_BASE_URL, session.base_url)
            ctx.settings.setValue(KEY_ACCOUNT, session.account)
            ctx.settings.setValue(KEY_LAST_USER, user_json(session.user))
        if session.verified:
            log.info("signed in as user %s at %s", session.user.id, session.base_url)
        else:
            log.info(
                "opening user %s's drafts while the server confirms the sign-in", session.user.id
            )
        ctx.set_session(session)
        if session.verified:
            ctx.signals.online_changed.emit(True)
        ctx.set_artist(last_profile(ctx.settings, session.store_account, session.artists))
        self.signed_in.emit(session)

    def remembered_user(self, base_url: str, account: str) -> User | None:
        """The user of the saved account as the server last described it (None when that
        is not this account, or nothing readable was kept)."""
        return parse_user(remembered_text(self._ctx.settings, base_url, account))

    def _remember_profile(self, artist: ArtistRef | None) -> None:
        session = self._ctx.session
        if session is not None and artist is not None:
            remember_profile(self._ctx.settings, session.store_account, artist)

    # --- sign out ------------------------------------------------------------------------

    def sign_out(self, *, on_error: ErrorCallback, owner: QObject | None = None) -> None:
        """Revoke the token, forget it in the keychain, then show the signed-out state."""
        ctx = self._ctx
        session = ctx.session
        if session is None:
            return

        from studio import auth

        def done(result: object) -> None:
            message = getattr(result, "message", "") or "Signed out."
            if session.sandbox:  # its token lived in memory; BeatPass never had it
                message = "Signed out of the sandbox."
            self._forget(session)
            self.signed_out.emit(message)

        ctx.tasks.run(
            auth.sign_out,
            session.client,
            ctx.vault,
            session.account,
            on_done=done,
            on_error=on_error,
            owner=owner,
            name="sign out",
        )

    def _forget(self, session: Session) -> None:
        ctx = self._ctx
        self._provisional = None
        if ctx.settings.value(KEY_BASE_URL, "") == session.base_url:
            ctx.settings.remove(KEY_BASE_URL)
            ctx.settings.remove(KEY_ACCOUNT)
            ctx.settings.remove(KEY_LAST_USER)
        ctx.set_artist(None)
        ctx.set_session(None)

    # --- quit ----------------------------------------------------------------------------

    def stop_waiting(self) -> None:
        """Quitting: requests waiting for a token still being read stop waiting (before
        the task pools drain)."""
        if self._provisional is not None and self._provisional.token_pending:
            self._provisional.token_unavailable()

    def shutdown(self) -> None:
        """Stop every sandbox this controller started (after the task pools drained)."""
        for handle in self._started_sandboxes:
            handle.stop()
        self._started_sandboxes.clear()
        self._ctx.sandbox = None
