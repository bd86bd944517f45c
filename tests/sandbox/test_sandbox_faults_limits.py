"""§11.2 rate limits and the fault-injection hooks (fail_next, rate_limit_next, drops)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sandbox_helpers import PRODUCER, Api

from studio.sandbox.server import SandboxHandle, start_sandbox


@pytest.fixture
def tight(tmp_path: Path) -> Iterator[Api]:
    """A sandbox with a per-token limit of 3/min and a login limit of 2/min."""
    handle = start_sandbox(
        tmp_path / "tight", rate_limit_per_minute=3, login_rate_limit_per_minute=2
    )
    client = Api(handle)
    try:
        yield client
    finally:
        client.session.close()
        handle.stop()


def test_every_api_response_has_rate_limit_headers(api: Api) -> None:
    for r in (api.get("/users/me", as_=PRODUCER), api.get("/nope"), api.get("/users/me")):
        assert r.headers["X-RateLimit-Limit"] == "300"
        assert int(r.headers["X-RateLimit-Remaining"]) < 300
    first = api.get("/credits/roles", as_=PRODUCER)
    second = api.get("/credits/roles", as_=PRODUCER)
    assert (
        int(second.headers["X-RateLimit-Remaining"])
        == int(first.headers["X-RateLimit-Remaining"]) - 1
    )


def test_token_limit_gives_429_with_retry_after(tight: Api) -> None:
    seen = [tight.get("/credits/roles", as_=PRODUCER) for _ in range(4)]
    assert [r.status_code for r in seen] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in seen] == ["2", "1", "0", "0"]
    blocked = seen[-1]
    body = blocked.json()
    assert body["message"] == "Too Many Attempts."
    assert 1 <= body["retry_after"] <= 60
    assert blocked.headers["Retry-After"] == str(body["retry_after"])
    assert int(blocked.headers["X-RateLimit-Reset"]) >= int(time.time())
    # another token has its own budget
    other = tight.handle.token_for("admin@demo.beatpass.test")
    assert tight.get("/credits/roles", token=other).status_code == 200


def test_login_limit_per_email(tight: Api) -> None:
    def attempt(email: str) -> requests.Response:
        return tight.post(
            "/auth/login", json={"email": email, "password": "wrong", "token_name": "limit test"}
        )

    codes = [attempt(PRODUCER).status_code for _ in range(3)]
    assert codes == [422, 422, 429]
    assert attempt("applicant@demo.beatpass.test").status_code == 422
    r = attempt(PRODUCER)
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert r.headers["X-RateLimit-Limit"] == "2"


def test_fail_next_then_success(api: Api, sandbox: SandboxHandle) -> None:
    sandbox.set_faults(fail_next=2)
    first, second, third = (api.get("/credits/roles") for _ in range(3))
    assert first.status_code == second.status_code == 503
    assert first.headers["Content-Type"].startswith("application/json")
    assert first.json()["message"]
    assert third.status_code == 200


def test_fail_next_with_status_over_http(api: Api, sandbox: SandboxHandle) -> None:
    r = api.session.post(
        sandbox.origin + "/__sandbox/faults", json={"fail_next": 1, "fail_status": 500}
    )
    assert r.status_code == 200 and r.json()["faults"]["fail_next"] == 1
    r = api.get("/credits/roles")
    assert r.status_code == 500 and r.json()["message"]
    assert api.get("/credits/roles").status_code == 200


def test_rate_limit_next(api: Api, sandbox: SandboxHandle) -> None:
    api.session.post(
        sandbox.origin + "/__sandbox/faults", json={"rate_limit_next": 1, "retry_after": 7}
    )
    r = api.get("/users/me", as_=PRODUCER)
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "7" and r.json()["retry_after"] == 7
    assert r.headers["X-RateLimit-Remaining"] == "0" and "X-RateLimit-Reset" in r.headers
    assert api.get("/users/me", as_=PRODUCER).status_code == 200


def test_dropped_connection_is_a_connection_error(api: Api, sandbox: SandboxHandle) -> None:
    sandbox.set_faults(drop_rate=1.0)
    with pytest.raises(requests.ConnectionError):
        requests.get(sandbox.base_url + "/credits/roles", timeout=5)
    sandbox.set_faults(drop_next=1)
    with pytest.raises(requests.ConnectionError):
        api.get("/credits/roles")
    assert api.get("/credits/roles").status_code == 200


def test_faults_hook_validates_and_resets(api: Api, sandbox: SandboxHandle) -> None:
    hook = sandbox.origin + "/__sandbox/faults"
    r = api.session.post(hook, json={"fail_rate": 2, "bogus": 1})
    assert r.status_code == 422 and set(r.json()["errors"]) == {"fail_rate", "bogus"}
    api.session.post(hook, json={"fail_rate": 1.0})
    assert api.get("/credits/roles").status_code == 503
    r = api.session.post(hook, json={})
    assert r.json()["faults"]["fail_rate"] == 0.0
    assert api.get("/credits/roles").status_code == 200
    assert api.session.post(hook, data="nope").status_code == 400


def test_latency_setting_round_trips(api: Api, sandbox: SandboxHandle) -> None:
    r = api.session.post(sandbox.origin + "/__sandbox/faults", json={"latency_ms": 5})
    assert r.json()["faults"]["latency_ms"] == 5
    assert api.get("/credits/roles").status_code == 200


def test_drop_answer_runs_the_write_then_drops_the_connection(
    api: Api, sandbox: SandboxHandle
) -> None:
    """``drop_answer_next``: the write is applied and committed, but no answer comes back
    (the lost-answer case of API.md §13.11); ``drop_next`` in contrast runs nothing."""
    before = api.get("/users/me", as_=PRODUCER, params={"with": "profile"}).json()["user"]
    city = before["profile"]["city"]
    body = {
        "user": {"username": before["username"]},
        "profile": {"city": "Lost Answer City"},
        "links": [],
    }
    sandbox.set_faults(drop_next=1)
    with pytest.raises(requests.ConnectionError):
        api.put("/users/profile/update", as_=PRODUCER, json=body)
    after_drop = api.get("/users/me", as_=PRODUCER, params={"with": "profile"}).json()["user"]
    assert after_drop["profile"]["city"] == city
    sandbox.set_faults(drop_answer_next=1)
    with pytest.raises(requests.ConnectionError):
        api.put("/users/profile/update", as_=PRODUCER, json=body)
    applied = api.get("/users/me", as_=PRODUCER, params={"with": "profile"}).json()["user"]
    assert applied["profile"]["city"] == "Lost Answer City"
    r = api.session.post(sandbox.origin + "/__sandbox/faults", json={"drop_answer_next": 2})
    assert r.json()["faults"]["drop_answer_next"] == 2
