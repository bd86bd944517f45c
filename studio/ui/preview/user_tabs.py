"""The user page's tab contents (followers, following, …): fetched in the background when a
tab is first shown, then kept in memory until :meth:`UserTabs.forget`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from studio.messages import user_message
from studio.ui.preview.model import TabCache, user_tab_fetcher

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from studio.api import BeatPassClient
    from studio.tasks import Tasks
    from studio.ui.preview.user_page import TabContent


class UserTabs:
    """What a user tab shows now; ``loaded(tab)`` runs (on the GUI thread) once a fetch
    for ``tab`` ended, with its items or its error."""

    def __init__(self, owner: QObject, tasks: Tasks, loaded: Callable[[str], None]) -> None:
        self._owner = owner
        self._tasks = tasks
        self._loaded = loaded
        self._cache = TabCache()
        self._pending: set[tuple[object, str]] = set()

    def forget(self) -> None:
        """Drop what was fetched (another user, or another server)."""
        self._cache = TabCache()

    def content(self, client: BeatPassClient | None, user: object, tab: str) -> TabContent:
        """``tab`` of ``user``: ready, an error, or loading (a fetch is started)."""
        from studio.ui.preview.user_page import TabContent  # loaded with the page

        key = (user, tab)
        if key in self._cache.items:
            return TabContent("ready", self._cache.items[key])
        if key in self._cache.errors:
            return TabContent("error", message=self._cache.errors[key])
        if client is None or user is None:
            return TabContent("none")
        if key not in self._pending:
            self._pending.add(key)
            self._tasks.run(
                user_tab_fetcher(client, tab),
                user,
                on_done=partial(self._done, key),
                on_error=partial(self._failed, key),
                owner=self._owner,
                name="preview tab",
            )
        return TabContent("loading")

    def _done(self, key: tuple[object, str], items: tuple[Any, ...]) -> None:
        self._pending.discard(key)
        self._cache.items[key] = items
        self._loaded(key[1])

    def _failed(self, key: tuple[object, str], exc: BaseException) -> None:
        self._pending.discard(key)
        self._cache.errors[key] = user_message(exc)
        self._loaded(key[1])
