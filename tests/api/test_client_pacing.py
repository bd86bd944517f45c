"""After a ``Retry-After`` the client resumes slowly (API.md §11.2): the refused request goes
again when the pause ends, the next ones follow with shrinking gaps, then full speed."""

from __future__ import annotations

import itertools
import threading

from recording_server import RecordingServer, Reply

from studio.api import BeatPassClient
from studio.api.pacing import Pacer

USER = {"status": "success", "user": {"id": 3, "display_name": "p"}}


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def pacer(fake: FakeTime, **kwargs: float) -> Pacer:
    return Pacer(clock=fake.clock, sleep=fake.sleep, **kwargs)


def test_without_a_pause_requests_go_at_once() -> None:
    fake = FakeTime()
    p = pacer(fake)
    assert [p.take_turn(30) for _ in range(5)] == [0, 0, 0, 0, 0]
    assert fake.sleeps == [] and p.remaining() == 0


def test_after_a_pause_the_others_follow_with_shrinking_gaps_then_full_speed() -> None:
    fake = FakeTime()
    p = pacer(fake, first_gap=1.0, factor=0.5, min_gap=0.1)
    p.hold(2.0)  # the refused request is resent at 102.0 by the transport
    assert p.remaining() == 2.0
    departures = []
    for _ in range(6):
        p.take_turn(30)
        departures.append(round(fake.now - 100.0, 4))
    assert departures == [3.0, 3.5, 3.75, 3.875, 3.875, 3.875]


def test_a_new_pause_during_the_ramp_starts_it_again() -> None:
    fake = FakeTime()
    p = pacer(fake, first_gap=1.0, factor=0.5, min_gap=0.1)
    p.hold(1.0)
    p.take_turn(30)  # leaves at +2.0
    p.hold(1.0)  # at +2.0: pause until +3.0, then the ramp from its start
    p.take_turn(30)
    p.take_turn(30)
    assert [round(s, 4) for s in fake.sleeps] == [2.0, 2.0, 0.5]


def test_a_turn_too_far_away_is_refused_without_taking_it() -> None:
    fake = FakeTime()
    p = pacer(fake, first_gap=1.0)
    p.hold(60.0)
    assert p.take_turn(30) is None and fake.sleeps == []
    assert p.remaining() == 60.0
    assert p.take_turn(61.0) == 61.0  # its own turn, not a later one


def test_threads_take_their_turns_one_by_one() -> None:
    p = Pacer(first_gap=0.2, factor=0.5, min_gap=0.05)
    p.hold(0.0)
    waits: list[float] = []
    lock = threading.Lock()

    def turn() -> None:
        wait = p.take_turn(30)
        with lock:
            waits.append(wait or 0.0)

    threads = [threading.Thread(target=turn) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    # three slots, 0.2, 0.3 and 0.35 s after the (empty) pause: one after the other
    w = sorted(waits)
    assert len(w) == 3 and w[1] - w[0] >= 0.08 and w[2] - w[1] >= 0.04, w


def test_the_client_resumes_slowly_after_a_429(server: RecordingServer) -> None:
    server.add(Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "1"}))
    server.default = Reply(200, USER)
    client = BeatPassClient(server.base_url, "1|abc", backoff_factor=0)
    client._conn.pacer = Pacer(first_gap=0.6, factor=0.5, min_gap=0.1)
    try:
        for _ in range(5):
            assert client.me().id == 3
    finally:
        client.close()
    at = [r.at for r in server.requests]
    assert len(at) == 6  # the 429, its resend after one second, then four more
    assert at[1] - at[0] >= 0.95
    gaps = [later - earlier for earlier, later in itertools.pairwise(at[1:])]
    # 0.6, 0.3 and 0.15 s between the first ones after the pause (no gap before the fix)
    assert gaps[0] >= 0.55 and gaps[1] >= 0.27 and gaps[2] >= 0.13, gaps
