"""The gallery's publish plan (no UI): one upload per picture kept on this computer (a
picture used twice is uploaded once), then one write of the whole ordered list; a refused
picture is left out of the write; a write whose answer was lost and that went through is
recognised by the pictures the server gained (never sent again), through the runner against
the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publish_rig import WAIT_MS, Rig

from studio.publish import local_files
from studio.publish.kinds import adopt_published, build_op
from studio.publish.plan import DONE, FAILED, UPLOAD, WRITE, published_draft, with_step

A = "local:" + "aa" * 32 + ".jpg"
B = "local:" + "bb" * 32 + ".png"


def base_gallery() -> list[dict[str, Any]]:
    return [{"id": n, "url": f"https://x.test/g{n}.jpg"} for n in (1, 2, 3)]


def artist(gallery: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "Nova", "profile_images": gallery}


def test_a_gallery_plan_uploads_each_kept_picture_once_then_writes_once() -> None:
    base = artist(base_gallery())
    g1, g2, g3 = base_gallery()
    draft = artist([{"id": None, "url": A}, g3, {"id": 2, "url": B}, g1, {"id": None, "url": A}])
    op = build_op("artist", "7", base, draft)
    assert op is not None
    steps = [(s["type"], s.get("ref"), s.get("upload_kind")) for s in op["steps"]]
    assert steps == [(UPLOAD, A, "artist_image"), (UPLOAD, B, "artist_image"), (WRITE, None, None)]
    done = with_step(op, 0, state=DONE, result={"url": "https://x.test/a.jpg", "id": 40})
    refused = with_step(done, 1, state=FAILED, error="Too big.")
    sent = published_draft(refused)["profile_images"]
    # the refused replacement of picture 2 is left out of this write; the rest in order
    assert sent == [
        {"id": None, "url": "https://x.test/a.jpg"},
        g3,
        g1,
        {"id": None, "url": "https://x.test/a.jpg"},
    ]
    assert g2 not in sent
    assert build_op("artist", "7", base, artist(base_gallery())) is None  # nothing to publish


def test_new_pictures_the_server_already_holds_take_its_ids() -> None:
    base = artist(base_gallery())
    mine = artist([*base_gallery(), {"id": None, "url": "http://127.0.0.1:4001/s/new.jpg"}])
    server = artist([*base_gallery(), {"id": 9, "url": "http://127.0.0.1:4002/s/new.jpg"}])
    adopted = adopt_published(base, mine, server)
    assert adopted["profile_images"][3] == {"id": 9, "url": "http://127.0.0.1:4002/s/new.jpg"}
    # only pictures the server gained since base, each once
    twice = artist([*base_gallery(), *[{"id": None, "url": "http://127.0.0.1:4001/s/new.jpg"}] * 2])
    again = adopt_published(base, twice, server)["profile_images"]
    assert [i["id"] for i in again[3:]] == [9, None]
    other = artist([*base_gallery(), {"id": 9, "url": "https://x.test/other.jpg"}])
    assert adopt_published(base, mine, other) == mine


def test_a_lost_write_answer_is_not_sent_again(rig: Rig, qtbot: Any, tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "p.jpg"
    Image.new("RGB", (900, 900), (10, 120, 30)).save(picture, "JPEG")
    ref = local_files.keep(rig.store_path.parent, picture.read_bytes(), "jpg", name="p.jpg")
    doc = rig.open_doc()
    doc.add_image(ref, index=0)
    runner = rig.runner(data_dir=rig.store_path.parent)
    rig.sandbox.clear_requests()
    rig.sandbox.set_faults(drop_answer_next=0)

    def step_done(_item: int, index: int) -> None:
        if index == 0:
            rig.sandbox.set_faults(drop_answer_next=1)  # the write runs; its answer is lost

    runner.stepDone.connect(step_done)
    runner.reset()
    runner.enqueue("artist", rig.artist_id, doc.base, doc.draft)
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: runner.count == 0, timeout=WAIT_MS)
    assert len(rig.sandbox.requests("PUT", "/artists")) == 1
    gallery = rig.server_artist()["profile_images"]
    assert len(gallery) == 7 and gallery[0]["id"] is not None
    assert doc.value("profile_images") == gallery
