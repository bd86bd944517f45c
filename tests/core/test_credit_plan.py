"""The publish plan of a credits draft: which steps, in which order, and the full id list of
the reorder computed against the server's list."""

from __future__ import annotations

from credit_items import draft, item

from studio.core.credit_plan import ServerOrder, build_steps, desired_ids, step_label
from studio.core.credits import Credit

ALBUM = {"spotify_id": "al", "title": "LP", "total_tracks": 3}
A = item("a", ["producer"], {"producer": 1})
B = item("b", ["composer", "arranger"], {"composer": 2, "arranger": 3})
BASE = draft(A, B)


def types(steps: list[dict]) -> list[str]:
    return [s["type"] for s in steps]


def test_nothing_changed_nothing_to_publish() -> None:
    assert build_steps(BASE, BASE) == []
    facts_only = draft({**A, "popularity": 99}, B)  # the server's facts are not ours to send
    assert build_steps(BASE, facts_only) == []


def test_adds_then_reroles_then_deletes_then_one_reorder() -> None:
    new = item("n", ["producer", "vocalist"])
    t1 = item("t1", ["producer"], album=ALBUM)
    t2 = item("t2", ["producer", "composer"], album=ALBUM)
    mine = draft(new, t1, item("b", ["composer", "vocalist"], {"composer": 2}), t2)
    steps = build_steps(BASE, mine)
    assert types(steps) == ["check", "add", "add_album", "rerole", "delete", "order"]
    add, album, rerole, delete = steps[1:5]
    assert (add["spotify_id"], add["item_type"]) == ("n", "track")
    assert add["roles"] == ["producer", "vocalist"]
    assert album["album_id"] == "al"
    assert [(t["spotify_id"], t["roles"]) for t in album["tracks"]] == [
        ("t1", ["producer"]),
        ("t2", ["producer", "composer"]),
    ]
    assert (rerole["entry_id"], rerole["from"], rerole["to"]) == (3, "arranger", "vocalist")
    assert (delete["entry_id"], delete["role"], delete["spotify_id"]) == (1, "producer", "a")
    assert step_label(rerole) == "Change Arranger to Vocalist on “Song b”"
    assert step_label(add) == "Add Producer, Vocalist to “Song n”"


def test_roles_added_to_a_known_track_use_c5_even_from_an_album() -> None:
    base = draft(item("t1", ["producer"], {"producer": 5}, album=ALBUM))
    mine = draft(item("t1", ["producer", "composer"], {"producer": 5}, album=ALBUM))
    steps = build_steps(base, mine)
    assert types(steps) == ["check", "add", "order"]
    assert steps[1]["roles"] == ["composer"]


def test_a_move_alone_is_a_check_and_a_reorder() -> None:
    assert types(build_steps(BASE, draft(B, A))) == ["check", "order"]


def credit(cid: int, sid: str, position: int, role: str = "producer") -> Credit:
    return Credit(id=cid, spotify_id=sid, type="track", role=role, position=position)


def test_desired_ids_follow_the_draft_and_keep_the_server_extras_in_place() -> None:
    # The server now: a (1), the new n (10, 11, added by the plan), b (2, 3), and z (20),
    # which someone else added meanwhile at the end.
    server_credits = [
        credit(1, "a", 1),
        credit(2, "b", 2, "composer"),
        credit(3, "b", 3, "arranger"),
        credit(10, "n", 4),
        credit(20, "z", 5),
        credit(11, "n", 6, "vocalist"),  # an entry of n that is apart: put back together
    ]
    order = ServerOrder.of(server_credits)
    assert order.keys == ("track:a", "track:b", "track:n", "track:z")
    server = draft(
        A, B, item("n", ["producer", "vocalist"], {"producer": 10, "vocalist": 11}),
        item("z", ["producer"], {"producer": 20}),
    )  # fmt: skip
    mine = draft(item("n", ["producer", "vocalist"]), B, A)  # n at the top, b before a
    ids = desired_ids(BASE, mine, server, order)
    assert ids == [10, 11, 2, 3, 1, 20]
    assert sorted(ids) == sorted(c.id for c in server_credits)


def test_the_fast_common_order_matches_the_table_on_distinct_keys() -> None:
    import random

    from studio.core.diff import longest_common_order

    def table(a: list[int], b: list[int]) -> list[int]:
        t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) - 1, -1, -1):
            for j in range(len(b) - 1, -1, -1):
                t[i][j] = t[i + 1][j + 1] + 1 if a[i] == b[j] else max(t[i + 1][j], t[i][j + 1])
        out, i, j = [], 0, 0
        while i < len(a) and j < len(b):
            if a[i] == b[j]:
                out.append(a[i])
                i, j = i + 1, j + 1
            elif t[i + 1][j] >= t[i][j + 1]:
                i += 1
            else:
                j += 1
        return out

    rng = random.Random(5)
    for _ in range(500):
        a = rng.sample(range(14), rng.randint(0, 12))
        b = rng.sample(range(14), rng.randint(0, 12))
        assert longest_common_order(a, b) == table(a, b)
