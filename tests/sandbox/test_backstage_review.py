"""The reviewer's side of the sandbox: the admin listing of every account's requests (B3
without ``userId``), the B5 hooks through ``SandboxReviewer`` and the
``beatpass-sandbox review`` command on a data folder — also while the server runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sandbox_helpers import ADMIN, APPLICANT, PENDING, PRODUCER, Api

from studio.api import BeatPassClient, Conflict, Forbidden, NotFound, ValidationFailed
from studio.api.review import SandboxReviewer
from studio.sandbox.review_cli import main as review_main
from studio.sandbox.seed import prepare_data_dir
from studio.sandbox.server import SandboxHandle
from studio.sandbox.server import main as sandbox_main


def reviewer(sandbox: SandboxHandle, email: str = ADMIN) -> SandboxReviewer:
    return SandboxReviewer(BeatPassClient(sandbox.base_url, sandbox.token_for(email)))


def test_an_admin_lists_every_request_newest_first(api: Api, sandbox: SandboxHandle) -> None:
    r = api.get("/backstage-request", as_=ADMIN)
    assert r.status_code == 200
    rows = r.json()["pagination"]["data"]
    ids = [row["id"] for row in rows]
    assert ids == sorted(ids, reverse=True) and len(ids) == 6
    assert {row["user"]["display_name"] for row in rows} >= {"ari_lane", "pete_pending"}
    pending = api.get("/backstage-request", as_=ADMIN, params={"status": "pending"}).json()
    assert [row["status"] for row in pending["pagination"]["data"]] == ["pending"]
    other = api.get("/users/me", as_=PENDING).json()["user"]["id"]
    theirs = api.get("/backstage-request", as_=ADMIN, params={"userId": other}).json()
    assert [row["artist_name"] for row in theirs["pagination"]["data"]] == ["Pulse Theory"]
    assert api.get("/backstage-request", as_=ADMIN, params={"status": "x"}).status_code == 422
    # Everyone else still lists only their own.
    assert api.get("/backstage-request", as_=PRODUCER).status_code == 403
    assert api.get("/backstage-request", as_=PRODUCER, params={"userId": other}).status_code == 403


def test_the_reviewer_client_decides(sandbox: SandboxHandle) -> None:
    admin = reviewer(sandbox)
    [pending] = admin.requests("pending").items
    assert pending.artist_name == "Pulse Theory" and pending.user_name == "pete_pending"
    approved = admin.approve(pending.id, verified=True, notes="welcome")
    assert approved.status == "approved" and approved.artist is not None
    pete = BeatPassClient(sandbox.base_url, sandbox.token_for(PENDING))
    [artist] = pete.me().artists
    assert artist.name == "Pulse Theory" and artist.verified
    assert pete.submission_status().can_submit
    with pytest.raises(Conflict):
        admin.deny(pending.id, "too late")
    revoked = admin.revoke(pending.id, "rights")
    assert revoked.status == "revoked" and revoked.notes == "rights"
    assert pete.me().artists == ()
    with pytest.raises(NotFound):
        admin.approve(99999)
    with pytest.raises(Forbidden):
        reviewer(sandbox, APPLICANT).approve(pending.id)
    with pytest.raises(ValidationFailed):
        admin.requests("nonsense")


def run_cli(*args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-c", "from studio.sandbox.server import main; raise SystemExit(main())",
         "review", *args],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def test_the_review_command_works_on_a_running_sandbox(sandbox: SandboxHandle) -> None:
    data = str(sandbox.data_dir)
    code, out, _err = run_cli("--data", data, "list", "--status", "denied")
    assert code == 0
    assert "Ari Lane Beats" in out and "applicant@demo.beatpass.test" in out
    assert "did not open (404)" in out
    pending = reviewer(sandbox).requests("pending").items[0]
    code, out, _err = run_cli("--data", data, "deny", str(pending.id), "--reason", "No beats")
    assert code == 0 and f"#{pending.id} is now denied" in out
    pete = BeatPassClient(sandbox.base_url, sandbox.token_for(PENDING))
    [mine] = pete.backstage_requests(pete.me().id).items
    assert mine.status == "denied" and mine.notes == "No beats"  # the server sees it at once
    code, _out, err = run_cli("--data", data, "approve", str(pending.id))
    assert code == 1 and "The request is denied." in err


def test_the_review_command_refuses_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert review_main(["--data", str(tmp_path / "nothing"), "list"]) == 2
    assert "no sandbox data" in capsys.readouterr().err
    data = tmp_path / "sandbox"
    prepare_data_dir(data, "demo", reset=True)
    assert review_main(["--data", str(data), "revoke", "999"]) == 1
    assert "There is no request 999." in capsys.readouterr().err
    with pytest.raises(SystemExit):
        review_main(["--data", str(data), "deny", "4"])  # a denial needs its reason
    assert sandbox_main(["review", "--data", str(data), "approve", "4", "--verified"]) == 0
    assert "#4 is now approved" in capsys.readouterr().out
    assert review_main(["--data", str(data), "list", "--status", "pending"]) == 0
    assert "No requests." in capsys.readouterr().out
