"""The token vault against a real keychain: keyring's SecretService backend talking to a real
gnome-keyring daemon over D-Bus (ARCHITECTURE.md, Tests).

Every other test uses the in-memory keyring of conftest. Here each test module starts its own
session bus (``dbus-daemon`` with no service activation, so nothing but this daemon answers) and
its own ``gnome-keyring-daemon --unlock`` fed a password on stdin, with its home and sockets in
temp folders: the test never sees or touches the keychain of the person running it.

Where the machine has no gnome-keyring / dbus-daemon / SecretStorage this module is skipped
with the reason, except under CI (``CI`` set), where a missing keychain fails it: ``.ci/run``
installs what it needs, so there it always runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from studio.api import BeatPassClient
from studio.auth import TokenVault, sign_in_with_password, sign_out
from studio.sandbox.demo import DEMO_ACCOUNTS

SECRETS_NAME = "org.freedesktop.secrets"
PASSWORD = "real-keyring-test"
START_TIMEOUT_S = 20
PRODUCER = DEMO_ACCOUNTS[0]
# A minimal session bus: a socket of its own, anyone may own any name, and no service
# directories, so a call can't auto-start some other keychain.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
INSTALL_HINT = (
    "Debian/Ubuntu: apt-get install gnome-keyring dbus-daemon; pip: keyring pulls in "
    "SecretStorage on Linux"
)


def _missing() -> str | None:
    """Why this machine can't run a real Secret Service here, or None when it can."""
    absent = [cmd for cmd in ("dbus-daemon", "gnome-keyring-daemon") if not shutil.which(cmd)]
    if absent:
        return f"{' and '.join(absent)} not installed ({INSTALL_HINT})"
    try:
        import secretstorage  # noqa: F401
        from keyring.backends import SecretService  # noqa: F401
    except ImportError as exc:
        return f"keyring's SecretService backend can't load: {exc} ({INSTALL_HINT})"
    return None


def _unavailable(reason: str) -> None:
    message = f"no real Secret Service for the real-keyring test: {reason}"
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(message + " (CI must provide one: see .ci/run)", pytrace=False)
    pytest.skip(message)


@dataclass
class SecretServiceDaemon:
    address: str
    home: Path
    keyring_pid: int


def _wait_for_owner(address: str, pid: int, processes: list[subprocess.Popen[bytes]]) -> None:
    """Until ``org.freedesktop.secrets`` on ``address`` belongs to our gnome-keyring."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
    deadline = time.monotonic() + START_TIMEOUT_S
    with open_dbus_connection(address) as conn:

        def ask(method: str) -> tuple[Any, ...]:
            return conn.send_and_get_reply(new_method_call(bus, method, "s", (SECRETS_NAME,))).body

        while time.monotonic() < deadline:
            for process in processes:
                if process.poll() is not None:
                    err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                    _unavailable(f"{process.args[0]} exited ({process.returncode}): {err.strip()}")
            if ask("NameHasOwner") == (True,):
                owner = ask("GetConnectionUnixProcessID")
                assert owner == (pid,), "another process owns the Secret Service name"
                return
            time.sleep(0.05)
    _unavailable(f"gnome-keyring did not take {SECRETS_NAME} within {START_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretServiceDaemon]:
    """A private session bus with an unlocked gnome-keyring on it, stopped after the module."""
    reason = _missing()
    if reason:
        _unavailable(reason)
    home = tmp_path_factory.mktemp("keyring-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "GNOME_KEYRING_"))}
    env |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    processes: list[subprocess.Popen[bytes]] = []
    # A short folder for the sockets: a unix socket path must stay under ~100 bytes.
    with tempfile.TemporaryDirectory(prefix="bp-bus-") as run:
        env["XDG_RUNTIME_DIR"] = run
        config = Path(run, "bus.conf")
        config.write_text(BUS_CONFIG.format(socket=Path(run, "bus")), encoding="utf-8")
        try:
            bus = subprocess.Popen(
                ["dbus-daemon", "--nofork", "--nosyslog", f"--config-file={config}",
                 "--print-address=1"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            )  # fmt: skip
            processes.append(bus)
            assert bus.stdout is not None
            address = bus.stdout.readline().decode().strip()
            if not address:
                _unavailable(f"dbus-daemon printed no address: {bus.stderr.read().decode()}")  # type: ignore[union-attr]
            env["DBUS_SESSION_BUS_ADDRESS"] = address
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets",
                 f"--control-directory={run}/keyring"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            )  # fmt: skip
            processes.append(daemon)
            assert daemon.stdin is not None
            daemon.stdin.write(PASSWORD.encode())  # --unlock reads the login password here
            daemon.stdin.close()
            _wait_for_owner(address, daemon.pid, processes)
            yield SecretServiceDaemon(address=address, home=home, keyring_pid=daemon.pid)
        finally:
            for process in reversed(processes):  # the keychain first, then its bus
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                for stream in (process.stdout, process.stderr):
                    if stream:
                        stream.close()


@pytest.fixture
def real_keyring(
    secret_service: SecretServiceDaemon, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """keyring's SecretService backend on the private bus, in place of conftest's memory one."""
    from keyring.backends import SecretService

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service.address)
    backend = SecretService.Keyring()
    assert backend.priority > 0  # raises with the reason when the service is unusable
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(memory_keyring)


def stored_secrets() -> list[bytes]:
    """Every secret in the Secret Service's default collection, read with SecretStorage
    directly (not through keyring or the vault)."""
    import secretstorage

    with secretstorage.dbus_init() as conn:
        collection = secretstorage.get_default_collection(conn)
        assert not collection.is_locked()
        return [item.get_secret() for item in collection.get_all_items()]


def files_holding(roots: list[Path], secret: str) -> list[Path]:
    needle = secret.encode()
    return [
        path
        for root in roots
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes()
    ]


def test_vault_keeps_the_token_in_the_real_keychain(
    real_keyring: Any, secret_service: SecretServiceDaemon, tmp_path: Path
) -> None:
    base = "http://127.0.0.1:8765/api/v1"
    token = "41|" + os.urandom(20).hex()
    vault = TokenVault()
    assert vault.persistent and vault.notice == ""  # the keychain is used, not memory
    vault.save(base, "7", token)
    assert token.encode() in stored_secrets()  # really in gnome-keyring
    assert vault.load(base, "7") == token
    assert TokenVault().load(base, "7") == token  # a new vault (the next run) reads it back
    assert vault.load(base, "8") is None and vault.load("http://127.0.0.1:1/api/v1", "7") is None
    vault.delete(base, "7")
    assert token.encode() not in stored_secrets()
    assert TokenVault().load(base, "7") is None
    vault.delete(base, "7")  # deleting what is gone is fine
    assert vault.persistent  # nothing made the vault fall back to memory
    assert files_holding([tmp_path, secret_service.home], token) == []


def test_sign_in_and_out_through_the_real_keychain(
    real_keyring: Any, secret_service: SecretServiceDaemon, sandbox: Any, tmp_path: Path
) -> None:
    client = BeatPassClient(sandbox.base_url, token_name="BeatPass Studio test 0000abcd")
    signed = sign_in_with_password(client, PRODUCER.email, PRODUCER.password, TokenVault())
    token = client.token
    assert signed.persistent and token and "|" in token
    assert token.encode() in stored_secrets()
    restarted = TokenVault()  # as the next start of the app finds it
    assert restarted.load(sandbox.base_url, signed.account) == token
    result = sign_out(client, restarted, signed.account)
    assert result.revoked
    assert token.encode() not in stored_secrets()
    assert TokenVault().load(sandbox.base_url, signed.account) is None
    assert files_holding([tmp_path, secret_service.home], token) == []
