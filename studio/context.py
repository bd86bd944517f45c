"""The one context object the app builds and passes down (no global singletons).

``AppContext`` holds what every screen may need: paths, settings, the token vault, a client
factory, the background tasks, the local store, the app-wide signals and, once someone is
signed in, the :class:`Session`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoGroup

from studio.api import BeatPassClient
from studio.auth import TokenVault, install_id, token_name
from studio.core.limits import PRODUCTION_API_URL
from studio.core.models import ArtistRef, User
from studio.paths import AppPaths
from studio.store import Store, account_key
from studio.tasks import Tasks

if TYPE_CHECKING:
    from studio.sandbox.server import SandboxHandle

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.ini"
# Drafts of the embedded sandbox are keyed by this instead of its (random-port) base URL, so
# they survive a restart of the app.
SANDBOX_ACCOUNT_BASE = "sandbox:embedded"


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

    @property
    def store_account(self) -> str:
        """The store key of this account: ``"<base_url>#<user_id>"``."""
        return account_key(SANDBOX_ACCOUNT_BASE if self.sandbox else self.base_url, self.user.id)

    @property
    def artists(self) -> tuple[ArtistRef, ...]:
        return self.user.artists

    def __repr__(self) -> str:
        return f"<Session {self.base_url} user={self.user.id} sandbox={self.sandbox}>"


class AppSignals(QObject):
    """App-wide notifications (a small message bus): pages emit, the shell listens."""

    online_changed = Signal(bool)  # True after a successful call, False after Offline
    outbox_changed = Signal(int)  # pending publishes for the signed-in account
    save_state_changed = Signal(str)  # "Saved", "Saving…", "Not saved: <reason>"
    message = Signal(str)  # a short status-bar message
    session_changed = Signal(object)  # Session | None
    artist_changed = Signal(object)  # ArtistRef | None: the producer profile being edited


@dataclass
class AppContext:
    """Everything built once at start-up. Create with :func:`build_context`.

    ``undo_group``: pages add their documents' ``QUndoStack`` and make it active; the
    window's Undo/Redo actions follow the active stack.
    """

    paths: AppPaths
    settings: QSettings
    vault: TokenVault
    tasks: Tasks
    store: Store | None
    signals: AppSignals
    install_id: str
    default_base_url: str = PRODUCTION_API_URL
    debug: bool = False
    theme: str = "system"
    store_error: BaseException | None = None  # why the store could not be opened, if so
    session: Session | None = None
    sandbox: SandboxHandle | None = None
    artist: ArtistRef | None = None
    undo_group: QUndoGroup = field(default_factory=QUndoGroup)

    @property
    def token_name(self) -> str:
        return token_name(self.install_id)

    def new_client(self, base_url: str, token: str | None = None) -> BeatPassClient:
        """A fresh API client for ``base_url`` with this install's token name."""
        return BeatPassClient(base_url, token, token_name=self.token_name)

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
    open_store: Callable[[Path], Store] = Store.open,
) -> AppContext:
    """Open settings, vault, tasks and store (start-up work, before the window shows)."""
    store: Store | None = None
    store_error: BaseException | None = None
    try:
        store = open_store(paths.store_file)
    except Exception as exc:  # the app still opens; editing says why drafts are not kept
        log.warning("could not open the local store %s: %s", paths.store_file, exc)
        store_error = exc
    return AppContext(
        paths=paths,
        settings=open_settings(paths.config),
        vault=TokenVault(),
        tasks=Tasks(),
        store=store,
        signals=AppSignals(),
        install_id=install_id(paths.config),
        default_base_url=default_base_url,
        debug=debug,
        theme=theme,
        store_error=store_error,
    )
