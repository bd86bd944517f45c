"""Entry point of BeatPass Studio (``beatpass-studio``, ``python -m studio``).

The only place that wires the parts together: arguments (:mod:`studio.cli`), logging, paths,
the one :class:`~studio.context.AppContext`, the main window and the start-up flow.
``--help`` and ``--version`` answer without loading Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from studio import APP_ID, APP_NAME, __version__
from studio.cli import parse_args
from studio.core.limits import PRODUCTION_API_URL
from studio.paths import AppPaths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from studio.context import AppContext, Session
    from studio.store import Store
    from studio.ui.collector import GuiThreadCollector
    from studio.ui.main_window import MainWindow
    from studio.ui.publish import Publisher
    from studio.ui.section_loader import SectionLoader
    from studio.ui.session import SessionController
    from studio.ui.sign_in import SignInDialog

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 90_000
EXIT_SMOKE_FAILED = 1


class Studio:
    """One running app: context, window, session controller and the start-up flow."""

    def __init__(
        self,
        args: argparse.Namespace,
        paths: AppPaths,
        app: QApplication,
        *,
        frame_first: bool = False,
        collect_garbage: bool = False,
    ) -> None:
        """The app, its window built; with ``frame_first`` (how :func:`main` starts) only the
        window's frame: :meth:`start` shows it and furnishes it after its first paint. With
        ``collect_garbage`` (:func:`main` paused Python's collector) the GUI thread collects
        garbage once start-up is done (see :mod:`studio.ui.collector`)."""
        from studio.context import build_context
        from studio.switch_interval import QuickSwitching
        from studio.ui.main_window import MainWindow
        from studio.ui.palette import apply_palette, remembered_dark
        from studio.ui.session import SessionController

        self.args = args
        self.app = app
        self.ctx: AppContext = build_context(
            paths,
            default_base_url=args.api_url or PRODUCTION_API_URL,
            debug=args.debug,
            theme=args.theme,
            defer=True,  # the store opens in the background once the window shows
        )
        # The frame's colours (the style comes with the rest): with ``system``, the scheme
        # the system had last time, asked again on the style's turn (see studio.ui.palette).
        apply_palette(app, args.theme, dark=remembered_dark(self.ctx.settings))
        self.controller: SessionController = SessionController(self.ctx)
        self.window: MainWindow = MainWindow(self.ctx, self.controller, None)
        self.dialog: SignInDialog | None = None
        self.publisher: Publisher | None = None
        self.section_loader: SectionLoader | None = None  # puts the section pages in at start-up
        # Sign in to the embedded sandbox: with --sandbox, and after any sandbox session,
        # until the user chooses BeatPass in the sign-in dialog.
        self.in_sandbox: bool = bool(args.sandbox)
        self._closed = False
        self._dressed = False
        self._collect_garbage = collect_garbage
        self.collector: GuiThreadCollector | None = None
        self.switching = QuickSwitching()  # while start-up's background work runs
        if collect_garbage:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(GC_PAUSE_LIMIT_MS, self.window, self.collect_garbage_again)
        if not frame_first:
            self._furnish()

    def _furnish(self) -> None:
        """The style, the icons and everything in the window, and what listens to it."""
        self._dress()
        self._furnish_body()
        self._furnish_bars()

    def _furnish_body(self) -> None:
        from studio.ui.icons import IconSet

        self.icons = IconSet(self.app.palette())
        self.app.setWindowIcon(self.icons.app_icon())
        self.window.furnish_body(self.icons)

    def _furnish_bars(self) -> None:
        self.window.furnish_bars()
        self.window.sign_in_requested.connect(self.open_sign_in)
        self.ctx.signals.store_damaged.connect(self.window.show_notice)
        self.ctx.signals.session_changed.connect(self._session_changed)
        self.app.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        if self.args.smoke_test:
            self.run_smoke_checks()

    def _dress(self) -> None:
        """The style (and focus ring), and the window's modules loaded, at once (a frame
        shown first takes :meth:`_dress_steps` a turn each instead)."""
        if not self._dressed:
            self._dressed = True
            for step in self._dress_steps():
                step()

    def _dress_steps(self) -> list[Callable[[], None]]:
        """Dressing the window in steps of at most ~13 ms each (bench_open): the types of
        ``Qt``'s enums, the style, the window's modules."""
        from studio.ui.start_modules import load_furnishings

        return [load_qt_enums, self._apply_style, load_furnishings]

    def _apply_style(self) -> None:
        from studio.ui.theme import apply_theme

        apply_theme(self.app, self.args.theme)
        self._remember_scheme()

    def collect_garbage_again(self) -> None:
        """Start-up is over (or took too long): Python's own switch interval is back (see
        :mod:`studio.switch_interval`) and garbage is collected again, on the GUI thread.
        What start-up made (modules, classes, the window) is frozen first, so later passes
        do not walk it again. Its garbage is frozen with it (a few hundred objects of
        ~76,000, measured): collecting it first would walk them all, ~60 ms on this thread."""
        import gc

        from studio.ui.collector import GuiThreadCollector

        self.switching.stop()
        if self._collect_garbage and self.collector is None:
            gc.freeze()
            self.collector = GuiThreadCollector(self.window)
            self.collector.start()

    def _remember_scheme(self) -> None:
        from studio.ui.palette import remember_scheme

        if self.args.theme == "system":
            remember_scheme(self.ctx.settings, self.app.palette())

    @property
    def base_url(self) -> str:
        """``--api-url``, else the server of the saved account, else production."""
        from studio.ui.session import KEY_BASE_URL

        if self.args.api_url:
            return str(self.args.api_url)
        saved = self.ctx.settings.value(KEY_BASE_URL, "")
        return str(saved) if saved else PRODUCTION_API_URL

    # --- start-up ------------------------------------------------------------------------

    def start(self) -> None:
        """Show the window at once, then open the store and connect in the background. A
        frame (``frame_first``) is dressed and furnished after its first paint, a turn per
        step (:meth:`_furnish_and_begin`), then the same follows."""
        from studio.ui.first_paint import after_first_paint

        if self.window.furnished:
            self._begin()
            return
        after_first_paint(self.window, self._furnish_and_begin)
        self.window.show()

    def _furnish_and_begin(self) -> None:
        """After the frame's first paint, a turn each, so the window never stops for long
        (all on one turn and the next, it stopped for ~60 ms, bench_open): the steps of
        :meth:`_dress`; the window's body; its bars, then the start; its first paint
        furnished. The window does not paint between its body and bars (updates off): the
        frame stays as it was until the whole window shows."""
        from studio.ui.turns import run_in_turns

        if self._closed:
            return
        steps: list[Callable[[], None]] = [] if self._dressed else self._dress_steps()
        self._dressed = True
        steps += [self._furnish_body_unpainted, self._then_begin]
        steps[0]()
        # Updates come back in any case: a window closed meanwhile may be shown again.
        turns = [*(self._unless_closed(step) for step in steps[1:]), self._show_furnished]
        run_in_turns(self.window, turns)

    def _furnish_body_unpainted(self) -> None:
        self.window.setUpdatesEnabled(False)  # until _show_furnished
        self._furnish_body()

    def _show_furnished(self) -> None:
        self.window.setUpdatesEnabled(True)

    def _unless_closed(self, step: Callable[[], None]) -> Callable[[], None]:
        """``step``, skipped once the app is shut down or the window closed (the start
        would show it again)."""

        def run() -> None:
            if not self._closed and self.window.isVisible():
                step()

        return run

    def _then_begin(self) -> None:
        self._furnish_bars()
        self._begin()

    def _begin(self) -> None:
        from studio.ui.first_paint import after_first_paint

        self.ctx.tasks.hold()  # no worker runs before the window's first paint (see Tasks.hold)
        after_first_paint(self.window, self.ctx.tasks.release)
        self.ctx.hold_pictures()
        self.window.show()
        self.ctx.when_store_ready(self._store_settled)
        self.ctx.open_store_in_background()
        loader = self.install_sections()
        # Before the work below starts: it competes with the window for the interpreter.
        loader.when_first_settled(self.switching.start)
        if self.args.sandbox or self.args.smoke_test:
            self.start_sandbox()
        elif (account := self.controller.saved_account(self.base_url)) is None:
            self.window.show_signed_out()
            self.open_sign_in()
        else:
            self.resume(account)
        # Not waited for: the keychain is read, the HTTP libraries load and pictures are
        # fetched once the page on screen shows its stored drafts (and their preview).
        loader.when_first_settled(self.ctx.detect_keychain_in_background)
        loader.when_first_settled(self.ctx.release_pictures)

    def install_sections(self) -> SectionLoader:
        """Put the real pages into the window (the shown section's first, see
        :mod:`studio.ui.section_loader`), then publishing once the local store is open."""
        from studio.ui.section_loader import SectionLoader

        def done() -> None:
            self.ctx.when_store_ready(self._install_publishing)
            self.collect_garbage_again()

        self.section_loader = SectionLoader(
            self.ctx,
            self.window,
            done,
            opening=self.controller.remembered_settled,
            is_opening=lambda: self.controller.opening,
        )
        self.window.hold_sections()  # a session shows them once the shown page is in
        self.section_loader.start()
        return self.section_loader

    def _install_publishing(self, store: Store | None) -> None:
        from studio.ui.publish import install_publishing

        if store is not None and self.publisher is None:
            self.publisher = install_publishing(self.ctx, self.window)
            if self.publisher is not None:
                self.window.status.connect_outbox(self.publisher.show_outbox)

    def _store_settled(self, store: Store | None) -> None:
        if self.ctx.store_error is not None:
            from studio.messages import user_message

            self.window.show_notice(
                "Drafts cannot be kept on this computer: " + user_message(self.ctx.store_error)
            )
        elif store is not None and store.recovery_message:
            # Told once: the store forgets the recovery (a file write, on the writer thread).
            self.window.show_notice(store.recovery_message)
            self.ctx.tasks.run(
                store.acknowledge_recovery, writer=True, name="forget the store recovery notice"
            )

    def start_sandbox(self) -> None:
        self.window.show_connecting("Starting the sandbox…")
        self.controller.try_sandbox(
            on_error=lambda exc: self._start_failed(exc, self.start_sandbox),
            owner=self.window,
            reset=self.args.reset_sandbox,
        )

    def resume(self, account: str) -> None:
        host = urlsplit(self.base_url).netloc
        self.window.show_connecting(f"Connecting to {host}…")
        loader = self.section_loader
        self.controller.resume(
            self.base_url,
            account,
            on_error=self._resume_failed,
            owner=self.window,
            defer=loader.when_first_settled if loader is not None else None,
        )

    def _resume_failed(self, exc: BaseException) -> None:
        from studio.api import AuthExpired
        from studio.messages import user_message
        from studio.ui.session import NeedsSignIn

        if isinstance(exc, NeedsSignIn | AuthExpired):
            notice = "" if isinstance(exc, NeedsSignIn) else user_message(exc)
            self.window.show_signed_out(notice)
            self.open_sign_in(notice)
            return
        account = self.controller.saved_account(self.base_url)

        def retry() -> None:
            if account:
                self.resume(account)
            else:
                self.open_sign_in()

        self._start_failed(exc, retry)

    def _start_failed(self, exc: BaseException, retry: Callable[[], None]) -> None:
        from studio.messages import user_message

        log.warning("start-up step failed: %s", type(exc).__name__)
        if self.args.smoke_test:
            self.fail_smoke(user_message(exc))
            return
        self.window.show_error(exc, retry)

    def open_sign_in(self, notice: str = "") -> None:
        from studio.ui.sign_in import SignInDialog

        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = SignInDialog(
            self.ctx,
            self.controller,
            self.icons,
            base_url=self.base_url,
            notice=notice,
            sandbox=self.in_sandbox,
            parent=self.window,
        )
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _session_changed(self, session: Session | None) -> None:
        if session is not None:
            self.in_sandbox = session.sandbox

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        if self.ctx.session is None and self.dialog is not None:
            self.in_sandbox = self.dialog.sandbox  # the user may have left the sandbox
        self.dialog = None
        if self.ctx.session is None:
            self.window.show_signed_out()

    def _scheme_changed(self) -> None:
        from studio.ui.theme import apply_theme

        if self.args.theme == "system":
            apply_theme(self.app, "system")
            self._remember_scheme()
            self.icons.retint(self.app.palette())
            self.window.refresh_icons()

    # --- smoke test ----------------------------------------------------------------------

    def run_smoke_checks(self) -> None:
        """The icons are there (a bundle must carry them); after sign-in, one more round
        trip (``me()`` and the first producer profile)."""
        from PySide6.QtCore import QTimer

        from studio.ui.icons import icons_dir

        if self.icons.app_icon().isNull():
            QTimer.singleShot(0, lambda: self.fail_smoke(f"no icons in {icons_dir()}"))
            return
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: self.fail_smoke("timed out"))
        self.controller.signed_in.connect(self._smoke_signed_in)

    def _smoke_signed_in(self, session: Session) -> None:
        from studio.messages import user_message

        def work() -> str:
            user = session.client.me()
            if not user.artists:
                raise RuntimeError("the demo producer has no producer profile")
            page = session.client.artist(user.artists[0].id)
            return f"signed in as {user.name}; producer profile {page.artist.name!r} loaded"

        def done(summary: str) -> None:
            print(f"smoke test ok: {summary}")
            self.window.close()
            self.app.exit(0)

        self.ctx.tasks.run(
            work,
            on_done=done,
            on_error=lambda exc: self.fail_smoke(user_message(exc)),
            name="smoke test round trip",
        )

    def fail_smoke(self, message: str) -> None:
        print(f"smoke test FAILED: {message}", file=sys.stderr)
        self.window.close()
        self.app.exit(EXIT_SMOKE_FAILED)

    # --- quit ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Flush drafts, drain the task pools, close the store, stop the sandbox. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self.dialog is not None:
            self.dialog.done(0)
        if self.window.isVisible():
            self.window.close()
        else:
            self.window.save_all_pages()
        self.controller.stop_waiting()
        self.switching.stop()
        self.ctx.tasks.shutdown()
        self.controller.shutdown()
        self.ctx.close_store()
        self.ctx.settings.sync()
        log.info("%s closed", APP_NAME)


def _smoke_paths(base: Path, logs: Path) -> AppPaths:
    return AppPaths(data=base / "data", config=base / "config", cache=base / "cache", logs=logs)


GC_PAUSE_LIMIT_MS = 10_000  # garbage is collected again by then whatever start-up does


def load_qt_enums() -> None:
    """PySide builds the types of all ~90 of ``Qt``'s enums the first time ``Qt`` is used
    (~12 ms, measured): the frame is shown first, and they are made on a turn of their own."""
    from PySide6.QtCore import Qt  # noqa: F401


def pause_garbage_collection() -> None:
    """No cyclic garbage collection while the app opens. Importing and building the window
    makes hundreds of thousands of objects, and the collector walked them all several times
    (a full pass took ~17 ms, on whichever thread allocated, holding the interpreter: the
    window could not draw meanwhile). :meth:`Studio.collect_garbage_again` resumes it, on
    the GUI thread."""
    import gc

    gc.disable()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the process exit status."""
    pause_garbage_collection()
    args = parse_args(argv)
    from studio.logsetup import remove_handlers, setup_logging

    paths = AppPaths.from_env()
    with contextlib.ExitStack() as stack:
        if args.smoke_test:
            import tempfile

            scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="beatpass-smoke-"))
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            paths = _smoke_paths(Path(scratch), paths.logs)
        paths.ensure()
        handlers = setup_logging(paths.log_file, debug=args.debug)
        log.info("%s %s starting (log %s)", APP_NAME, __version__, paths.log_file)
        try:
            return _run(args, paths)
        finally:
            remove_handlers(handlers)


def _run(args: argparse.Namespace, paths: AppPaths) -> int:
    from PySide6.QtWidgets import QApplication

    from studio.ui.qt_imports import skip_feature_checks, speed_up_feature_check

    if not skip_feature_checks():  # before the window's modules are imported
        speed_up_feature_check()

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("BeatPass")
    app.setDesktopFileName(APP_ID)
    studio = Studio(args, paths, app, frame_first=True, collect_garbage=True)
    studio.start()
    try:
        code = app.exec()
    finally:
        studio.shutdown()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
