"""Starting and stopping: in-process handle, data reuse, the CLI, no Qt, the seeds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from studio.sandbox.demo import DEMO_ACCOUNTS
from studio.sandbox.seed import prepare_data_dir
from studio.sandbox.server import SandboxHandle, start_sandbox


def test_handle_fields_and_idempotent_stop(tmp_path: Path) -> None:
    handle = start_sandbox(tmp_path / "a")
    assert handle.base_url == f"http://127.0.0.1:{handle.port}/api/v1"
    assert handle.origin == f"http://127.0.0.1:{handle.port}"
    assert handle.data_dir == tmp_path / "a"
    with requests.Session() as s:
        assert s.get(handle.base_url + "/credits/roles", timeout=5).status_code == 200
    handle.stop()
    handle.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(handle.base_url + "/credits/roles", timeout=2)


def _workers_done(handle: SandboxHandle, timeout: float = 20.0) -> bool:
    """Wait until the server has no request thread left (it may outlive a stop() that did
    not wait for it, as before the fix)."""
    deadline = time.monotonic() + timeout
    while handle._server.task_dispatcher.threads and time.monotonic() < deadline:
        time.sleep(0.05)
    return not handle._server.task_dispatcher.threads


def test_stop_during_a_slow_request_is_clean(tmp_path: Path) -> None:
    """A request still sleeping out injected latency when the server stops is dropped at
    once: it never runs against the closed database (that logged ERRORs, failing the test
    through the conftest), and no thread raises."""
    handle = start_sandbox(tmp_path / "slow")
    handle.set_faults(latency_ms=6_000)
    outcome: list[object] = []
    raised: list[str] = []
    previous_hook = threading.excepthook
    threading.excepthook = lambda args: raised.append(f"{args.thread}: {args.exc_value!r}")

    def call() -> None:
        try:
            outcome.append(requests.get(handle.base_url + "/users/me", timeout=30).status_code)
        except requests.ConnectionError as exc:
            outcome.append(exc)

    client = threading.Thread(target=call)
    try:
        client.start()
        deadline = time.monotonic() + 10
        channels = handle._server.active_channels
        while time.monotonic() < deadline and not any(
            ch.requests for ch in list(channels.values())
        ):
            time.sleep(0.01)  # until the request has been read and handed to a worker
        handle.stop()
        client.join(30)
        assert _workers_done(handle)
    finally:
        threading.excepthook = previous_hook
    assert len(outcome) == 1 and isinstance(outcome[0], requests.ConnectionError), outcome
    assert raised == []


def test_a_late_wake_up_after_stop_is_harmless(tmp_path: Path) -> None:
    """A request thread finishing after the loop closed wakes the loop through
    ``server.pull_trigger()``; that used to write to the closed pipe (``OSError: EBADF``, or a
    byte into whatever file reused the descriptor)."""
    handle = start_sandbox(tmp_path / "late")
    handle.stop()
    handle._server.pull_trigger()  # what waitress's channel does at the end of a request
    with pytest.raises(requests.ConnectionError):
        requests.get(handle.base_url + "/credits/roles", timeout=2)


def test_state_is_reused_unless_reset(tmp_path: Path) -> None:
    def rename(handle: SandboxHandle) -> None:
        token = handle.token_for("admin@demo.beatpass.test")
        r = requests.put(
            handle.base_url + "/artists/1",
            json={"name": "Renamed"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert r.status_code == 200

    def name(handle: SandboxHandle) -> str:
        token = handle.token_for("admin@demo.beatpass.test")
        return str(
            requests.get(
                handle.base_url + "/artists/1",
                timeout=5,
                headers={"Authorization": f"Bearer {token}"},
            ).json()["artist"]["name"]
        )

    first = start_sandbox(tmp_path / "d")
    rename(first)
    first.stop()
    second = start_sandbox(tmp_path / "d")
    assert name(second) == "Renamed"
    second.stop()
    third = start_sandbox(tmp_path / "d", reset=True)
    assert name(third) == "Nova Beats"
    third.stop()


def test_non_loopback_host_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="loopback"):
        start_sandbox(tmp_path / "x", host="0.0.0.0")


def test_demo_seed_counts(tmp_path: Path) -> None:
    conn = sqlite3.connect(prepare_data_dir(tmp_path / "s", "demo"))

    def count(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    assert (
        count(
            "SELECT COUNT(*) FROM tracks t JOIN track_artist ta ON ta.track_id = t.id"
            " JOIN artists a ON a.id = ta.artist_id WHERE a.name = 'Nova Beats'"
        )
        >= 60
    )
    assert count("SELECT COUNT(*) FROM profile_images") == 6
    assert count("SELECT COUNT(*) FROM spotify_items WHERE type = 'track'") >= 300
    assert count("SELECT COUNT(*) FROM spotify_items WHERE type = 'album'") >= 30
    assert count("SELECT COUNT(*) FROM spotify_items WHERE available = 0") > 0
    assert count("SELECT MAX(popularity) - MIN(popularity) FROM spotify_items") >= 70
    assert (
        count("SELECT COUNT(DISTINCT album_id) FROM spotify_items WHERE album_id IS NOT NULL") >= 30
    )
    emails = {r[0] for r in conn.execute("SELECT email FROM users")}
    assert {a.email for a in DEMO_ACCOUNTS} <= emails
    assert (
        count(
            "SELECT COUNT(*) FROM artists a WHERE name = 'Midnight Cassette' AND NOT EXISTS"
            " (SELECT 1 FROM artist_user au WHERE au.artist_id = a.id)"
        )
        == 1
    )
    assert (
        count(
            "SELECT COUNT(*) FROM backstage_requests WHERE status = 'denied' AND notes IS NOT NULL"
        )
        == 1
    )
    conn.close()


def test_demo_seed_is_deterministic(tmp_path: Path) -> None:
    def dump(folder: Path) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(prepare_data_dir(folder, "demo"))
        rows = conn.execute(
            "SELECT spotify_id, title, popularity FROM spotify_items ORDER BY rowid"
        ).fetchall()
        conn.close()
        return rows

    assert dump(tmp_path / "one") == dump(tmp_path / "two")


def test_large_seed(tmp_path: Path) -> None:
    handle = start_sandbox(tmp_path / "large", seed="large")
    try:
        token = handle.token_for("large@demo.beatpass.test")
        auth = {"Authorization": f"Bearer {token}"}
        me = requests.get(handle.base_url + "/users/me", headers=auth, timeout=10).json()["user"]
        artist = me["artists"][0]["id"]
        page = requests.get(
            f"{handle.base_url}/artists/{artist}/tracks",
            params={"perPage": 50, "page": 3},
            headers=auth,
            timeout=10,
        ).json()["pagination"]
        assert page["total"] == 10_000 and len(page["data"]) == 50
        credits = requests.get(
            f"{handle.base_url}/artists/{artist}/credits", headers=auth, timeout=10
        ).json()["credits"]
        assert len(credits) == 500
    finally:
        handle.stop()


def test_importing_the_sandbox_does_not_import_qt() -> None:
    code = (
        "import sys, studio.sandbox.server, studio.sandbox.app, studio.core.validation;"
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"


def test_cli_serves_and_stops_on_sigint(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("beatpass-sandbox")
    command = (
        [str(script)]
        if script.exists()
        else [
            sys.executable,
            "-c",
            "import sys; from studio.sandbox.server import main; sys.exit(main())",
        ]
    )
    proc = subprocess.Popen(
        [*command, "--port", "0", "--data", str(tmp_path / "cli")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("BeatPass sandbox running at http://127.0.0.1:")
        base_url = first.split(" at ", 1)[1].strip()
        banner = "".join(proc.stdout.readline() for _ in range(4 + len(DEMO_ACCOUNTS)))
        for account in DEMO_ACCOUNTS:
            assert account.email in banner and account.password in banner
        assert "*@blocked.beatpass.test" in banner
        r = requests.post(
            base_url + "/auth/login",
            timeout=5,
            json={
                "email": DEMO_ACCOUNTS[0].email,
                "password": DEMO_ACCOUNTS[0].password,
                "token_name": "cli test",
            },
        )
        assert r.status_code == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert "Sandbox stopped." in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def test_cli_refuses_remote_host(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from studio.sandbox.server import main; sys.exit(main())",
            "--host",
            "0.0.0.0",
            "--data",
            str(tmp_path / "r"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and "loopback" in proc.stderr


def test_data_of_the_previous_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    """A data folder from before the banned/deactivated accounts keeps its data and gains
    the new accounts (it is not reseeded)."""
    folder = tmp_path / "old"
    conn = sqlite3.connect(prepare_data_dir(folder, "demo"))
    conn.executescript(
        "UPDATE artists SET name = 'Kept Name' WHERE id = 1;"
        "DELETE FROM users WHERE email LIKE 'banned@%' OR email LIKE 'disabled@%';"
        "ALTER TABLE users DROP COLUMN banned_reason;"
        "ALTER TABLE users DROP COLUMN disabled;"
        "PRAGMA user_version = 1;"
    )
    conn.close()
    handle = start_sandbox(folder)
    try:
        r = requests.get(handle.base_url + "/artists/1", timeout=5)
        assert r.json()["artist"]["name"] == "Kept Name"
        r = requests.post(
            handle.base_url + "/auth/login",
            json={"email": "banned@demo.beatpass.test", "password": "demo-banned",
                  "token_name": "upgrade test"},
            timeout=5,
        )  # fmt: skip
        assert r.status_code == 403 and r.json()["error_code"] == "account_banned"
    finally:
        handle.stop()


def test_the_request_log_counts_connections_and_names_them(sandbox: SandboxHandle) -> None:
    """Benchmarks and tests count TCP connections in the sandbox (issue 12)."""
    import requests

    sandbox.clear_requests()
    with requests.Session() as kept_alive:
        for _ in range(3):
            assert kept_alive.get(f"{sandbox.origin}/", timeout=10).ok
    for _ in range(2):
        with requests.Session() as fresh:
            assert fresh.get(f"{sandbox.origin}/", timeout=10).ok
    served = sandbox.served("/")
    assert len(served) == 5
    assert len({r.peer for r in served}) == 3  # one peer per connection
    assert len({r.peer for r in served[:3]}) == 1
    assert sandbox.connections() == 3
    sandbox.clear_requests()
    assert sandbox.connections() == 0 and sandbox.served() == []
