"""Logging for the app: a rotating log file in the platform log folder, console output for
``--debug``, and a filter that removes anything shaped like an API token from every record.

Records are handed to a queue and written by a writer thread, so logging from the GUI thread
never waits on the disk. That thread opens the log file (and loads ``logging.handlers``) once the
app has opened, ``LOG_OPEN_DELAY_S`` after start-up, or at once for a warning or worse: opening
the window does not wait for it (bench_open: ~5 ms of start-up). Uncaught exceptions (also those
raised in a Qt slot or a thread) are logged through the same filter instead of printed raw to
the terminal."""

from __future__ import annotations

import copy
import logging
import queue
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

# Sanctum tokens are "<id>|<40 random characters>"; a bare "Bearer xyz" header value too.
_TOKEN_RE = re.compile(r"\d+\|[A-Za-z0-9]{20,}")
_BEARER_RE = re.compile(r"(?i)(bearer\s+)[^\s'\"]+")
REDACTED = "[redacted]"

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
LOG_OPEN_DELAY_S = 1.0  # queued records wait this long for the file (a warning does not)
_STOP = logging.makeLogRecord({"msg": "stop"})  # tells the writer thread to finish


def redact(text: str) -> str:
    """``text`` with every token-looking part replaced by ``[redacted]``."""
    text = _TOKEN_RE.sub(REDACTED, text)
    return _BEARER_RE.sub(lambda m: m.group(1) + REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (after %-formatting) and exception text without tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class BackgroundHandler(logging.Handler):
    """Redacts a record on the caller's thread, then queues it for a writer thread that
    writes it to the real handlers. The writer makes them (``make_targets``: the log file is
    opened there) on its first write, ``delay_s`` after this handler is made, or at once when
    a warning or worse arrives or the handler closes. Closing drains the queue and closes them.
    """

    def __init__(
        self, make_targets: Callable[[], list[logging.Handler]], *, delay_s: float = 0.0
    ) -> None:
        super().__init__()
        self.addFilter(RedactingFilter())
        self.queue: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        self.targets: list[logging.Handler] = []  # made by the writer thread
        self.extra: list[logging.Handler] = []  # written to as well (tests)
        self.previous_hooks: tuple[Any, Any] | None = None  # set by setup_logging
        self._make_targets = make_targets
        self._delay_s = delay_s
        self._wake = threading.Event()
        self._writer = threading.Thread(target=self._write, name="log writer", daemon=True)
        self._writer.start()

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        """A copy with the message (and traceback) merged in, as ``QueueHandler`` queues it:
        nothing of the caller's objects is kept."""
        message = self.format(record)
        record = copy.copy(record)
        record.message = record.msg = message
        record.args = record.exc_info = record.exc_text = record.stack_info = None
        return record

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(self.prepare(record))
            if record.levelno >= logging.WARNING:
                self._wake.set()
        except Exception:  # logging must never raise into the caller
            self.handleError(record)

    def _write(self) -> None:
        self._wake.wait(self._delay_s)
        try:
            self.targets = self._make_targets()
        except OSError as exc:  # the log folder cannot be written: the terminal gets them
            print(
                f"cannot write the log file ({exc.strerror or exc}); logging to stderr",
                file=sys.stderr,
            )
            self.targets = [logging.StreamHandler()]
        while (record := self.queue.get()) is not _STOP:
            for target in (*self.targets, *self.extra):
                if record.levelno >= target.level:
                    target.handle(record)

    def close(self) -> None:
        if self._writer.is_alive():
            self.queue.put_nowait(_STOP)
            self._wake.set()
            self._writer.join()
        for target in self.targets:
            target.close()
        super().close()


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook``: the traceback goes to the log (redacted), one line to stderr."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    logging.getLogger("studio").error("unexpected error", exc_info=(exc_type, exc, tb))
    if sys.stderr is not None:
        print(f"unexpected error ({exc_type.__name__}); details in the log file", file=sys.stderr)


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def setup_logging(log_file: Path, *, debug: bool = False) -> list[logging.Handler]:
    """Send log records (the app's and warnings from libraries) to ``log_file``, rotating.

    Returns the handlers added (so :func:`remove_handlers` can take them off again). With
    ``debug`` the level is DEBUG and records also go to stderr.
    """
    level = logging.DEBUG if debug else logging.INFO
    log_file.parent.mkdir(parents=True, exist_ok=True)

    def make_targets() -> list[logging.Handler]:  # on the writer thread
        import logging.handlers

        to_file = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        targets: list[logging.Handler] = [to_file]
        if debug:
            targets.append(logging.StreamHandler())
        for target in targets:
            target.setFormatter(logging.Formatter(LOG_FORMAT))
            target.setLevel(level)
        return targets

    # With --debug the terminal shows each record as it comes.
    handler = BackgroundHandler(make_targets, delay_s=0.0 if debug else LOG_OPEN_DELAY_S)
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    # urllib3 logs full URLs at DEBUG; keep it quieter unless asked.
    logging.getLogger("urllib3").setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.captureWarnings(True)
    handler.previous_hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    return [handler]


def remove_handlers(handlers: list[logging.Handler]) -> None:
    """Detach the handlers made by :func:`setup_logging`, write what is queued, close them
    (and give uncaught exceptions back to the hooks set before)."""
    root = logging.getLogger()
    for handler in handlers:
        if isinstance(handler, BackgroundHandler) and handler.previous_hooks is not None:
            if sys.excepthook is _log_uncaught:
                sys.excepthook = handler.previous_hooks[0]
            if threading.excepthook is _log_uncaught_in_thread:
                threading.excepthook = handler.previous_hooks[1]
            handler.previous_hooks = None
        root.removeHandler(handler)
        handler.close()
