"""Putting the real section pages into the window at start-up, without holding up the one on
screen: its modules are imported first and its page made first; the other sections' modules
(and publishing's) are imported once that page is settled (its stored drafts shown), then
their pages are made one per event-loop turn.

Only modules that define no Qt class are imported on a worker. PySide builds a class's
meta-object when the class is defined, and the GUI thread reads meta-objects without the
interpreter lock: defining a ``QObject`` subclass on a worker while the event loop ran
crashed the app at start-up (about one start in thirty). The Qt modules are imported on the
GUI thread, one per event-loop turn (each takes a few milliseconds)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance

from studio.ui.start_modules import (
    LATER_GUI_PRELOAD,
    LATER_PRELOAD,
    SECTION_GUI_PRELOAD,
    SECTION_PRELOAD,
)
from studio.ui.turns import TURN_MS, run_in_turns

if TYPE_CHECKING:
    from studio.context import AppContext
    from studio.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SETTLE_LIMIT_MS = 1500  # the other sections load by then even if the shown page is not settled

Pages = list[tuple[str, str]]  # (section key, "module:Class")


class SectionLoader:
    """Loads the pages of ``SECTIONS`` into ``window``; ``done`` runs once all are in."""

    def __init__(
        self,
        ctx: AppContext,
        window: MainWindow,
        done: Callable[[], None],
        opening: SignalInstance | None = None,
        is_opening: Callable[[], bool] = lambda: False,
    ) -> None:
        """``is_opening()``/``opening``: the account whose drafts the first page shows is
        still being opened (the page is not settled before), and the signal that it is."""
        self._ctx, self._window, self._done = ctx, window, done
        self._opening, self._is_opening = opening, is_opening
        self._first_settled = False
        self._after_first: list[Callable[[], None]] = []

    @property
    def first_settled(self) -> bool:
        """The page on screen is made and settled (or the time limit passed)."""
        return self._first_settled

    def when_first_settled(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the page on screen is made and settled (or at the latest
        ``2 × SETTLE_LIMIT_MS`` after :meth:`start`): start-up work the user does not wait
        for (reading the keychain, loading the HTTP libraries) waits for it, as it would
        compete with that page for the interpreter."""
        if self._first_settled:
            callback()
        else:
            self._after_first.append(callback)

    def _release_first(self) -> None:
        if not self._first_settled:
            self._first_settled = True
            callbacks, self._after_first = self._after_first, []
            for callback in callbacks:
                callback()

    def start(self) -> None:
        from studio.ui.sections import SECTIONS

        QTimer.singleShot(2 * SETTLE_LIMIT_MS, self._window, self._release_first)

        with_page = [s for s in SECTIONS if s.page is not None]
        row = self._window.sections.currentRow()
        shown = SECTIONS[row].key if 0 <= row < len(SECTIONS) else ""
        with_page.sort(key=lambda section: section.key != shown)  # stable: the rest in order
        pages = [(s.key, str(s.page)) for s in with_page]
        first = (*SECTION_GUI_PRELOAD, *_modules(pages[:1]))
        # The shown page's modules are small (a few ms each) and it waits for them: no pause.
        self._load(pages[:1], SECTION_PRELOAD, first, then=pages[1:], pause_ms=0)

    def _load(
        self,
        pages: Pages,
        modules: Sequence[str],
        gui_modules: Sequence[str],
        then: Pages | None = None,
        pause_ms: int = TURN_MS,
    ) -> None:
        """Import ``modules`` on a worker, then ``gui_modules`` on this thread (a turn
        each, ``pause_ms`` apart), then make ``pages``; ``then``: the pages to load once the
        first is settled."""

        def install() -> None:
            self._install(pages)
            if then:  # the other sections, and publishing (its modules are imported too)

                def next_step() -> None:
                    self._release_first()
                    gui = (*LATER_GUI_PRELOAD, *_modules(then))
                    self._load(then, LATER_PRELOAD, gui)

                self.after_settled(pages[0][0], next_step)
            else:
                self._release_first()
                self._done()

        def loaded() -> None:
            if then is not None:  # the page on screen: made for the account it shows
                self.when_opened(install)
            else:
                install()

        preload(
            self._ctx,
            self._window,
            modules,
            gui_modules,
            then=loaded,
            name="load the section pages",
            pause_ms=pause_ms,
        )

    def when_opened(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the remembered account is opened (at once if none is being
        opened), or after ``SETTLE_LIMIT_MS`` whatever happens. The page on screen is made
        then: made a moment before, it was made for no one first, asked for its preview
        pane at once (signed out, the pane comes on the next paint) and the pane's modules
        loaded while the producer form was being built."""
        if self._opening is None or not self._is_opening():
            then()
            return
        once = run_once(then)
        self._opening.connect(once, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(SETTLE_LIMIT_MS, self._window, once)

    def after_settled(self, key: str, then: Callable[[], None]) -> None:
        """Run ``then`` once the page of section ``key`` is settled (its stored drafts shown),
        or after ``SETTLE_LIMIT_MS`` whatever it does: importing the other sections meanwhile
        would compete for the interpreter with the page being built (its longest stall
        doubled)."""
        page = self._window.pages[key]
        once = run_once(then)
        said_settled = False  # the page said so (it may be busy again by the time we look)

        def check() -> None:
            if (said_settled or page.is_settled()) and not self._is_opening():
                once()

        def page_settled() -> None:
            nonlocal said_settled
            said_settled = True
            check()

        if page.is_settled() and not self._is_opening():
            QTimer.singleShot(0, self._window, once)
            return
        page.settled.connect(page_settled, Qt.ConnectionType.QueuedConnection)
        if self._opening is not None:
            self._opening.connect(check, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(SETTLE_LIMIT_MS, self._window, once)

    def _install(self, pages: Pages) -> None:
        if not pages:
            return
        (key, spec), rest = pages[0], pages[1:]
        self._window.set_section_page(key, page_class(spec)(self._ctx))
        if rest:
            QTimer.singleShot(1, self._window, lambda: self._install(rest))  # a turn each


def run_once(then: Callable[[], None]) -> Callable[[], None]:
    """``then``, to be called from several places (a signal, a time limit): it runs once."""
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            then()

    return once


def page_class(spec: str) -> Any:
    """The page class named "module:Class" (its module is imported here, once)."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _modules(pages: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(spec.partition(":")[0] for _key, spec in pages)


def preload(
    ctx: AppContext,
    owner: QObject,
    modules: Sequence[str],
    gui_modules: Sequence[str],
    *,
    then: Callable[[], None],
    name: str,
    pause_ms: int = TURN_MS,
) -> None:
    """Import ``modules`` (which must load no Qt) on a worker, then ``gui_modules`` on this
    thread a turn each (:func:`import_in_turns`), then call ``then``; nothing more once
    ``owner`` is destroyed. An import error shows where the module is used."""

    def imported(_result: object = None) -> None:
        import_in_turns(owner, gui_modules, then, pause_ms=pause_ms)

    ctx.tasks.run(_preload, modules, on_done=imported, on_error=imported, owner=owner, name=name)


def _preload(modules: Sequence[str]) -> None:
    for name in modules:
        importlib.import_module(name)


def import_in_turns(
    owner: QObject,
    modules: Sequence[str],
    then: Callable[[], None],
    *,
    pause_ms: int = TURN_MS,
) -> None:
    """Import ``modules`` on this (the GUI) thread, one per event-loop turn, then call
    ``then`` on the next turn (see :func:`studio.ui.turns.run_in_turns`); nothing more once
    ``owner`` is destroyed. A module that fails to import is skipped here: the error shows
    where it is used."""
    run_in_turns(owner, [*(partial(_import, name) for name in modules), then], pause_ms=pause_ms)


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # raised again, and shown, where it is used
        log.debug("preloading %s failed", name, exc_info=True)
