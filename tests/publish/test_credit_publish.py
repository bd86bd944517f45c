"""Publishing credits through a plan against the real sandbox: adds, re-roles, deletes, one
reorder against the fresh list; lost answers checked, never resent blindly; changes made on
BeatPass meanwhile kept; a true clash asks; items gone from Spotify left out."""

from __future__ import annotations

from typing import Any

from credit_rig import (
    add_new,
    index_of,
    keys_of,
    open_credits,
    posts,
    roles_by_key,
    server_credits,
    set_roles,
    uncredited,
)
from publish_rig import WAIT_MS, Rig

from studio.core.credit_drafts import FIELD
from studio.publish import ConflictRequest, UploadRefused
from studio.publish.plan import DONE, FAILED, steps_of


def publish(rig: Rig, qtbot: Any, doc: Any, runner: Any = None) -> Any:
    runner = runner or rig.runner()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        assert runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    return runner


def test_add_rerole_delete_and_move_publish_in_one_plan(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    before = keys_of(doc.base)
    [song] = uncredited(rig)
    add_new(doc, song, ["producer", "vocalist"])  # new, at the top
    first, second, third = before[:3]
    set_roles(doc, first, ["composer"])  # a re-role of its one role
    doc.remove_item(FIELD, index_of(doc, second))  # the item with all its roles
    doc.move_item(FIELD, index_of(doc, third), len(doc.draft[FIELD]) - 1)  # to the end
    wanted = doc.draft
    rig.sandbox.clear_requests()
    runner = publish(rig, qtbot, doc)
    server = server_credits(rig)
    assert keys_of(server) == keys_of(wanted)  # the draft's order, the new item placed right
    assert roles_by_key(server) == roles_by_key(wanted)
    assert len(rig.sandbox.requests("PUT", f"/artists/{rig.artist_id}/credits")) == 1  # C7
    assert posts(rig, "/credits/reorder") == 1
    assert not doc.is_dirty and doc.base == server  # rebased on the server's answer
    [history] = rig.store.history(rig.account, "credits", rig.artist_id)
    assert set(history["changes"]["fields"]) == {FIELD}
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)


def test_a_lost_answer_on_an_add_is_checked_and_never_added_twice(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    [song] = uncredited(rig)
    add_new(doc, song, ["producer", "mixing_engineer"])
    rig.sandbox.clear_requests()
    runner = rig.runner()
    done: list[int] = []
    runner.stepDone.connect(lambda _item, index: done.append(index))
    # The check answers; the add runs on the server but its answer is lost.
    runner.stepDone.connect(
        lambda _i, index: rig.sandbox.set_faults(drop_answer_next=1) if index == 0 else None
    )
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    assert posts(rig) == 1  # sent once; the retry saw both roles there and sent nothing
    key = f"track:{song.spotify_id}"
    entries = [c for c in rig.fresh_client().artist_credits(int(rig.artist_id))
               if c.spotify_id == song.spotify_id]  # fmt: skip
    assert sorted(c.role for c in entries) == ["mixing_engineer", "producer"]
    assert keys_of(server_credits(rig))[0] == key


def test_changes_made_on_beatpass_meanwhile_are_kept(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    keys = keys_of(doc.base)
    mine, theirs = uncredited(rig, count=2)
    add_new(doc, mine, ["producer"])
    doc.move_item(FIELD, index_of(doc, keys[-1]), 1)  # the last one second
    # Elsewhere: a credit added, another deleted, a role added to a third.
    other = rig.fresh_client()
    artist = int(rig.artist_id)
    other.add_credit(artist, theirs.spotify_id, "track", ["composer"])
    gone = next(c for c in other.artist_credits(artist) if f"track:{c.spotify_id}" == keys[2])
    for c in other.artist_credits(artist):
        if c.spotify_id == gone.spotify_id:
            other.delete_credit(artist, c.id)
    third = keys[3].split(":", 1)
    other.add_credit(artist, third[1], third[0], ["a_and_r"])
    publish(rig, qtbot, doc)
    server = server_credits(rig)
    order = keys_of(server)
    assert order[:3] == [f"track:{mine.spotify_id}", keys[-1], keys[0]]
    assert order[-1] == f"track:{theirs.spotify_id}"  # theirs stays where it was: the end
    assert keys[2] not in order  # their delete kept
    assert "a_and_r" in roles_by_key(server)[keys[3]]  # their role kept
    assert roles_by_key(doc.draft) == roles_by_key(server) and not doc.is_dirty


def test_a_true_clash_asks_and_the_choice_is_published(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    key = keys_of(doc.base)[0]
    [old] = roles_by_key(doc.base)[key]
    set_roles(doc, key, ["composer"])  # mine: the role becomes Composer
    other = rig.fresh_client()
    entry = next(
        c for c in other.artist_credits(int(rig.artist_id)) if f"{c.type}:{c.spotify_id}" == key
    )
    other.update_credit(int(rig.artist_id), entry.id, "vocalist")  # theirs: Vocalist
    assert old not in ("composer", "vocalist")
    runner = rig.runner()
    requests: list[ConflictRequest] = []
    runner.conflicted.connect(requests.append)
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: bool(requests), timeout=WAIT_MS)
    [request] = requests
    [clash] = request.merge.conflicts
    assert clash.key == key and clash.theirs["roles"] == ["vocalist"]
    assert roles_by_key(server_credits(rig))[key] == ["vocalist"]  # nothing sent yet
    request.merge.resolve("credits", "mine", key)
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.resolve(request, request.merge.result())
    assert roles_by_key(server_credits(rig))[key] == ["composer"]
    assert not doc.is_dirty


def test_an_item_gone_from_spotify_is_left_out_and_the_rest_published(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    [song] = uncredited(rig)
    add_new(doc, song, ["producer"])
    key = keys_of(doc.base)[0]
    set_roles(doc, key, [*roles_by_key(doc.base)[key], "arranger"])  # a C5 on a known item
    rig.sandbox.set_faults(spotify_unknown=True)
    runner = rig.runner()
    refused: list[UploadRefused] = []
    runner.uploadRefused.connect(refused.append)
    publish(rig, qtbot, doc, runner)
    assert len(refused) == 2  # the new song, and the role added by Spotify id to the other
    assert "is no longer on Spotify" in refused[0].message and song.title in refused[0].message
    server = server_credits(rig)
    assert f"track:{song.spotify_id}" not in keys_of(server)
    assert "arranger" not in roles_by_key(server)[key]  # also an add by Spotify id: refused
    [item] = [i for i in (rig.store.outbox_item(n) for n in range(1, 5)) if i is not None]
    assert [s["state"] for s in steps_of(item.op)] == [DONE, FAILED, FAILED, DONE]


def test_adding_a_role_someone_already_added_counts_as_done(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    key = keys_of(doc.base)[0]
    set_roles(doc, key, [*roles_by_key(doc.base)[key], "arranger"])
    kind, sid = key.split(":", 1)
    rig.fresh_client().add_credit(int(rig.artist_id), sid, kind, ["arranger"])  # meanwhile
    runner = rig.runner()
    failures: list[Any] = []
    runner.failed.connect(failures.append)
    publish(rig, qtbot, doc, runner)
    assert failures == []
    assert roles_by_key(server_credits(rig))[key].count("arranger") == 1


def test_a_reorder_refused_because_the_list_changed_is_recomputed(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    keys = keys_of(doc.base)
    doc.move_item(FIELD, 0, len(keys) - 1)
    [extra] = uncredited(rig)
    other = rig.fresh_client()
    added: list[bool] = []

    def before_reorder(_item: int, index: int) -> None:  # the check done: someone adds
        if index == 0 and not added:
            added.append(True)
            other.add_credit(int(rig.artist_id), extra.spotify_id, "track", ["producer"])

    runner = rig.runner()
    runner.stepDone.connect(before_reorder)
    publish(rig, qtbot, doc, runner)
    order = keys_of(server_credits(rig))
    assert order == [*keys[1:], keys[0], f"track:{extra.spotify_id}"]
    [item] = [i for i in [rig.store.outbox_item(n) for n in range(1, 5)] if i is not None]
    assert all(s["state"] == DONE for s in steps_of(item.op))


def test_a_failed_reorder_is_retried(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    doc.move_item(FIELD, 0, 2)
    wanted = keys_of(doc.draft)
    runner = rig.runner()
    runner.stepDone.connect(
        lambda _i, index: rig.sandbox.set_faults(fail_next=1) if index == 0 else None
    )
    rig.sandbox.clear_requests()
    publish(rig, qtbot, doc, runner)
    assert keys_of(server_credits(rig)) == wanted


def test_spotify_down_holds_the_add_until_it_is_back(rig: Rig, qtbot: Any) -> None:
    doc = open_credits(rig)
    [song] = uncredited(rig)
    add_new(doc, song, ["producer"])
    rig.sandbox.set_faults(spotify_down=True)
    rig.sandbox.clear_requests()
    runner = rig.runner()
    runner.enqueue(doc.kind, doc.entity_id, doc.base, doc.draft)
    qtbot.waitUntil(
        lambda: bool(rig.outbox()) and "Spotify" in (rig.outbox()[0].last_error or ""),
        timeout=WAIT_MS,
    )
    assert "Spotify lookups are unavailable" in (rig.outbox()[0].last_error or "")
    assert f"track:{song.spotify_id}" not in keys_of(server_credits(rig))
    rig.sandbox.set_faults()
    with qtbot.waitSignal(runner.delivered, timeout=WAIT_MS):
        runner.retry_now()
    assert keys_of(server_credits(rig))[0] == f"track:{song.spotify_id}"
    assert roles_by_key(server_credits(rig))[f"track:{song.spotify_id}"] == ["producer"]
