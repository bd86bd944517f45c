"""The command line: --help/--version in a real process, argument checks, log redaction,
and ``--smoke-test`` end to end."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fresh_python import app_env, fresh_python

from studio import __version__
from studio.app import parse_args
from studio.logsetup import REDACTED, BackgroundHandler, redact, remove_handlers, setup_logging

TOKEN = "17|k3JabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_version_in_a_subprocess() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"BeatPass Studio {__version__}"


def test_help_lists_every_option() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for option in ("--sandbox", "--reset-sandbox", "--api-url", "--debug", "--smoke-test"):
        assert option in result.stdout


def test_console_script_prints_version() -> None:
    script = Path(sys.executable).with_name("beatpass-studio")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize(
    "url",
    [
        "https://open.beatpass.ca/api/v1",
        "http://127.0.0.1:8765/api/v1",
        "http://localhost/api/v1",
        "http://[::1]:9000/api/v1",
    ],
)
def test_api_url_accepts_https_and_loopback_http(url: str) -> None:
    assert parse_args(["--api-url", url]).api_url == url


@pytest.mark.parametrize("url", ["http://example.com/api/v1", "ftp://x.test/api", "not a url"])
def test_api_url_refuses_plain_http_and_garbage(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        parse_args(["--api-url", url])
    assert stop.value.code == 2
    assert "--api-url" in capsys.readouterr().err


def test_reset_sandbox_needs_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--reset-sandbox"])
    assert "--sandbox" in capsys.readouterr().err
    assert parse_args(["--sandbox", "--reset-sandbox"]).reset_sandbox


def test_sandbox_and_api_url_exclude_each_other() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--sandbox", "--api-url", "https://x.test/api/v1"])


def test_redact_removes_tokens_and_bearer_values() -> None:
    text = f"sent Authorization: Bearer {TOKEN} for user 17 | ok"
    cleaned = redact(text)
    assert TOKEN not in cleaned
    assert "k3Jabcdefghij" not in cleaned
    assert REDACTED in cleaned
    assert "user 17 | ok" in cleaned  # ordinary text stays


def test_log_file_never_holds_a_token(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "studio.log"
    handlers = setup_logging(log_file, debug=True)
    logger = logging.getLogger("studio.test_redaction")
    try:
        logger.info("login answered %s", {"access_token": TOKEN})
        logger.debug("header Bearer %s", TOKEN)
        try:
            raise ValueError(f"bad token {TOKEN}")
        except ValueError:
            logger.warning("failed", exc_info=True)
    finally:
        remove_handlers(handlers)
    content = log_file.read_text(encoding="utf-8")
    assert "login answered" in content
    assert "ValueError: bad token" in content
    assert TOKEN not in content
    assert "k3Jabcdefghij" not in content
    assert content.count(REDACTED) >= 3


@pytest.mark.allow_log_errors
def test_uncaught_exceptions_are_logged_redacted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "logs" / "studio.log"
    before = (sys.excepthook, threading.excepthook)
    handlers = setup_logging(log_file)
    try:
        try:
            raise ValueError(f"bad token {TOKEN}")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # what a Qt slot's error reaches
        worker = threading.Thread(target=lambda: 1 / 0, name="crashing-worker")
        worker.start()
        worker.join()
    finally:
        remove_handlers(handlers)
    assert (sys.excepthook, threading.excepthook) == before
    content = log_file.read_text(encoding="utf-8")
    assert "ValueError: bad token" in content and "ZeroDivisionError" in content
    assert TOKEN not in content and REDACTED in content
    err = capsys.readouterr().err
    assert "details in the log file" in err and TOKEN not in err


def test_smoke_test_exits_zero(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    result = run_cli("--smoke-test", env=env, timeout=110)
    assert result.returncode == 0, result.stderr
    assert "smoke test ok" in result.stdout
    assert "Nova Beats" in result.stdout
    assert (tmp_path / "logs" / "studio.log").is_file()


def test_user_message_uses_each_error_family_sentence() -> None:
    import errno

    from studio.api import InvalidCredentials, Offline
    from studio.images.errors import NotAnImageError
    from studio.messages import UNEXPECTED, user_message
    from studio.store import StoreFull

    assert user_message(InvalidCredentials("422")) == InvalidCredentials.default_user_message
    assert user_message(Offline("boom")) == Offline.default_user_message
    assert user_message(StoreFull("The disk is full; your text is kept.")) == (
        "The disk is full; your text is kept."
    )
    assert user_message(NotAnImageError("This file is not an image.")) == (
        "This file is not an image."
    )
    full = OSError(errno.ENOSPC, "No space left on device", "/data/studio.db")
    assert "disk is full" in user_message(full)
    # Anything else: a generic sentence, never the exception's own text (it may hold secrets).
    leaked = user_message(ValueError(f"token {TOKEN}"))
    assert leaked == UNEXPECTED
    assert TOKEN not in leaked


def test_log_records_are_written_off_the_calling_thread(tmp_path: Path) -> None:
    handlers = setup_logging(tmp_path / "studio.log")
    written_by: list[str] = []

    class Spy(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            written_by.append(threading.current_thread().name)

    (handler,) = handlers
    assert isinstance(handler, BackgroundHandler)
    handler.extra.append(Spy())
    try:
        logging.getLogger("studio.test_thread").warning("from the caller")
    finally:
        remove_handlers(handlers)  # drains the queue first
    assert written_by and threading.current_thread().name not in written_by
    assert "from the caller" in (tmp_path / "studio.log").read_text(encoding="utf-8")


def test_start_up_logging_loads_nothing_for_the_file_until_it_writes(tmp_path: Path) -> None:
    """Setting logging up queues records: the log file is opened (``logging.handlers``
    loaded) by the writer thread later, and a warning makes it write at once."""
    log_file = tmp_path / "logs" / "studio.log"
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from studio.logsetup import setup_logging, remove_handlers\n"
        f"handlers = setup_logging(Path({str(log_file)!r}))\n"
        "import logging\n"
        "logging.getLogger('studio.t').info('starting')\n"
        f"print('logging.handlers' in sys.modules, Path({str(log_file)!r}).exists())\n"
        "logging.getLogger('studio.t').warning('something to see')\n"
        "deadline = time.monotonic() + 10\n"
        f"while 'something to see' not in (Path({str(log_file)!r}).read_text() "
        f"if Path({str(log_file)!r}).exists() else ''):\n"
        "    assert time.monotonic() < deadline, 'the warning was not written'\n"
        "    time.sleep(0.01)\n"
        "print('written before close')\n"
        "remove_handlers(handlers)\n"
    )
    assert fresh_python(code).split() == ["False", "False", "written", "before", "close"]
    content = log_file.read_text(encoding="utf-8")
    assert content.index("starting") < content.index("something to see")
