"""The one context object the app builds and passes down (no global singletons).

``AppContext`` holds what every screen may need: paths, settings, the token vault, a client
factory, the background tasks, the local store, the app-wide signals and, once someone is
signed in, the :class:`Session`.

Start-up stays light: this module imports no HTTP client, keyring or database code. The app
builds the context with ``defer=True`` and, once its window shows, calls
:meth:`AppContext.prepare_in_background`: the store is opened on the writer thread (then
``ctx.store`` is set once and ``signals.store_ready`` fires) and the keychain backend is
detected on a reader thread. Code that needs the store before that uses
:meth:`AppContext.when_store_ready`; the sign-in flow waits for it, so every page that sees a
session also sees the settled store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoGroup

from studio.core.limits import PRODUCTION_API_URL
from studio.paths import AppPaths
from studio.tasks import Tasks

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.auth import TokenVault
    from studio.core.models import ArtistRef, User
    from studio.pictures import ImageLoader
    from studio.sandbox.server import SandboxHandle
    from studio.store import Store
    from studio.workspace import Workspace

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.ini"
# Drafts of the embedded sandbox are keyed by this instead of its (random-port) base URL, so
# they survive a restart of the app.
SANDBOX_ACCOUNT_BASE = "sandbox:embedded"

StoreOpener = Callable[[Path], "Store"]
StoreCallback = Callable[["Store | None"], None]


@dataclass
class Session:
    """Who is signed in, where, and the client that speaks for them."""

    base_url: str
    client: BeatPassClient
    user: User
    account: str  # the keychain account name (e-mail or user id), never the token
    persistent: bool  # False: no keychain, the token lives in memory for this run only
    sandbox: bool = False
    notice: str = ""  # a sentence to show once signed in (e.g. the memory-only keychain)
    # False: opened from the saved token and the user remembered from the last run, while
    # the server has not confirmed them yet (the stored copies show at once; documents are
    # fetched once it has). True: ``user`` is the server's answer of this sign-in.
    verified: bool = True

    @property
    def store_account(self) -> str:
        """The store key of this account: ``"<base_url>#<user_id>"``."""
        from studio.store import account_key

        return account_key(SANDBOX_ACCOUNT_BASE if self.sandbox else self.base_url, self.user.id)

    @property
    def artists(self) -> tuple[ArtistRef, ...]:
        return self.user.artists

    def __repr__(self) -> str:
        return (
            f"<Session {self.base_url} user={self.user.id} sandbox={self.sandbox} "
            f"verified={self.verified}>"
        )


class AppSignals(QObject):
    """App-wide notifications (a small message bus): pages emit, the shell listens."""

    online_changed = Signal(bool)  # True after a successful call, False after Offline
    outbox_changed = Signal(int)  # pending publishes for the signed-in account
    # What the status bar says of the drafts of the section on screen ("Saved on this
    # computer", "Saving…", "Not saved: <reason>", "" for none); the main window says it.
    save_state_changed = Signal(str)
    # A draft was opened or closed, or its save state changed (any page's, on screen or
    # not): the main window says the save state of the section on screen again.
    drafts_changed = Signal()
    message = Signal(str)  # a short status-bar message
    session_changed = Signal(object)  # Session | None
    artist_changed = Signal(object)  # ArtistRef | None: the producer profile being edited
    store_ready = Signal(object)  # Store | None (None: it could not be opened, see store_error)
    store_damaged = Signal(str)  # a sentence: a stored row turned out damaged while in use
    # (kind, entity id): a page asks to send one document it reviewed itself (an
    # application), without the common review; the publisher listens.
    submit_requested = Signal(str, str)


def _open_store(path: Path) -> Store:
    from studio.store import Store

    return Store.open(path)


class AppContext:
    """Everything built once at start-up. Create with :func:`build_context`.

    ``store`` is None until the store is open (then set once, with ``signals.store_ready``)
    and stays None when it could not be opened (``store_error`` says why). ``vault`` and
    ``install_id`` are made on first use (thread-safe), normally on a worker thread.
    ``undo_group``: pages add their documents' ``QUndoStack`` and make it active; the
    window's Undo/Redo actions follow the active stack.
    """

    def __init__(
        self,
        *,
        paths: AppPaths,
        settings: QSettings,
        tasks: Tasks,
        signals: AppSignals,
        store: Store | None = None,
        vault: TokenVault | None = None,
        install_id: str | None = None,
        default_base_url: str = PRODUCTION_API_URL,
        debug: bool = False,
        theme: str = "system",
        store_error: BaseException | None = None,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.tasks = tasks
        self.signals = signals
        self.store = store
        self.store_error = store_error  # why the store could not be opened, if so
        self.default_base_url = default_base_url
        self.debug = debug
        self.theme = theme
        self.session: Session | None = None
        self.sandbox: SandboxHandle | None = None
        self.artist: ArtistRef | None = None
        self.undo_group = QUndoGroup()
        self._lock = threading.Lock()
        self._vault = vault
        self._install_id = install_id
        # Settled: the store is open, or could not be; until then when_store_ready waits
        # (also before prepare_in_background was called: the app asks first, then starts).
        self._store_settled = store is not None or store_error is not None
        self._opened: Store | None = None  # set by the opening thread, even if never delivered
        self._store_waiters: list[StoreCallback] = []
        self._workspace: Workspace | None = None
        self._images: ImageLoader | None = None
        self._pictures_held = False  # see hold_pictures
        if store is not None:
            store.set_damage_hook(signals.store_damaged.emit)

    # --- made on first use -----------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        """The one owner of every open draft (made on first use, on the GUI thread)."""
        if self._workspace is None:
            from studio.workspace import Workspace

            self._workspace = Workspace(self, parent=self.signals)
        return self._workspace

    @property
    def images(self) -> ImageLoader:
        """The app's one picture loader and cache (server pictures and pictures kept on this
        computer), shared by the preview, the forms, the gallery and the review."""
        if self._images is None:
            from studio.pictures import ImageLoader

            self._images = ImageLoader(
                self.tasks,
                parent=self.signals,
                local_dir=self.paths.data,
                cache_dir=self.paths.cache / "pictures",
            )
            if self._pictures_held:
                self._images.hold()
        return self._images

    def hold_pictures(self) -> None:
        """Pictures are asked for but not fetched until :meth:`release_pictures` (see
        :meth:`ImageLoader.hold`); the loader need not exist yet."""
        self._pictures_held = True
        if self._images is not None:
            self._images.hold()

    def release_pictures(self) -> None:
        self._pictures_held = False
        if self._images is not None:
            self._images.release()

    @property
    def vault(self) -> TokenVault:
        """The token vault (detects the keychain backend on first use: call off the GUI
        thread, as :meth:`prepare_in_background` does)."""
        install = self.install_id  # the entry is keyed per installation (issue 8.3.7)
        with self._lock:
            if self._vault is None:
                from studio.auth import TokenVault

                self._vault = TokenVault(install_id=install)
            return self._vault

    @property
    def install_id(self) -> str:
        """This installation's persistent random id (read from the config folder once)."""
        with self._lock:
            if self._install_id is None:
                from studio.auth import install_id

                self._install_id = install_id(self.paths.config)
            return self._install_id

    @property
    def token_name(self) -> str:
        from studio.auth import token_name

        return token_name(self.install_id)

    def new_client(self, base_url: str, token: str | None = None) -> BeatPassClient:
        """A fresh API client for ``base_url`` with this install's token name."""
        from studio.api import BeatPassClient

        return BeatPassClient(base_url, token, token_name=self.token_name)

    # --- the store -------------------------------------------------------------------------

    def open_store_now(self, open_store: StoreOpener | None = None) -> None:
        """Open the store on this thread (scripts and tests; the app opens it in the
        background with :meth:`prepare_in_background`)."""
        try:
            store = (open_store or _open_store)(self.paths.store_file)
        except Exception as exc:
            self._store_failed(exc)
        else:
            self._store_opened(store)

    def prepare_in_background(self, open_store: StoreOpener | None = None) -> None:
        """Open the store on the writer thread and detect the keychain on a reader thread;
        call once, right after the window shows."""
        self.open_store_in_background(open_store)
        self.detect_keychain_in_background()

    def open_store_in_background(self, open_store: StoreOpener | None = None) -> None:
        """Open the store on the writer thread (call once, right after the window shows)."""
        opener = open_store or _open_store

        def open_it() -> Store:
            store = opener(self.paths.store_file)
            self._opened = store
            return store

        self.tasks.run(
            open_it,
            on_done=self._store_opened,
            on_error=self._store_failed,
            writer=True,
            name="open the local store",
        )

    def detect_keychain_in_background(self) -> None:
        """Load the keychain library and find its backend on a reader thread (it takes
        ~0.1 s), so a sign-in does not wait for it."""
        self.tasks.run(self._prime, on_error=self._prime_failed, name="detect the keychain")

    def _prime(self) -> None:
        self.install_id  # noqa: B018 (made on first use)
        self.vault  # noqa: B018

    @staticmethod
    def _prime_failed(exc: BaseException) -> None:
        log.warning("preparing the keychain failed: %s", type(exc).__name__)

    def _store_opened(self, store: Store) -> None:
        self.store = store
        # Damage found in use is told from the reading thread; the signal queues it to the
        # GUI thread.
        store.set_damage_hook(self.signals.store_damaged.emit)
        self._settle()

    def _store_failed(self, exc: BaseException) -> None:
        # The app still opens; editing says why drafts are not kept.
        log.warning("could not open the local store %s: %s", self.paths.store_file, exc)
        self.store_error = exc
        self._settle()

    def _settle(self) -> None:
        self._store_settled = True
        waiters, self._store_waiters = self._store_waiters, []
        self.signals.store_ready.emit(self.store)
        for callback in waiters:
            callback(self.store)

    def when_store_ready(self, callback: StoreCallback) -> None:
        """Call ``callback(store or None)`` once the store is settled (opened, or failed to
        open): now if it is, else when it is, even if the opening has not started yet."""
        if not self._store_settled:
            self._store_waiters.append(callback)
        else:
            callback(self.store)

    def close_store(self) -> None:
        """Close the store, also one opened in the background but never delivered (call
        after the task pools are drained)."""
        for store in (self.store, self._opened):
            if store is not None:
                store.close()  # idempotent

    # --- session ---------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.signals.session_changed.emit(session)

    def set_artist(self, artist: ArtistRef | None) -> None:
        self.artist = artist
        self.signals.artist_changed.emit(artist)


def open_settings(config_dir: Path) -> QSettings:
    """The app's settings, an INI file in the config folder (isolated per test)."""
    return QSettings(str(config_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


def build_context(
    paths: AppPaths,
    *,
    default_base_url: str = PRODUCTION_API_URL,
    debug: bool = False,
    theme: str = "system",
    open_store: StoreOpener | None = None,
    defer: bool = False,
) -> AppContext:
    """Make the context. The store is opened here, unless ``defer`` (the app: it calls
    :meth:`AppContext.prepare_in_background` once its window shows)."""
    ctx = AppContext(
        paths=paths,
        settings=open_settings(paths.config),
        tasks=Tasks(),
        signals=AppSignals(),
        default_base_url=default_base_url,
        debug=debug,
        theme=theme,
    )
    if not defer:
        ctx.open_store_now(open_store)
    return ctx
