"""Starting and stopping: in-process handle, data reuse, the CLI, no Qt, the seeds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
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
        banner = "".join(proc.stdout.readline() for _ in range(3 + len(DEMO_ACCOUNTS)))
        for account in DEMO_ACCOUNTS:
            assert account.email in banner and account.password in banner
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
