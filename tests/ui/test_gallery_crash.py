"""kill -9 of the app while it imports pictures and while it publishes the gallery
(``gallery_victim.py`` in a process of its own, on this test's folders and sandbox): after a
restart the gallery and the outbox are exactly as before the kill, the pictures kept on this
computer are whole, and a publish resumed at its first unfinished step never publishes
anything twice."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gallery_helpers import PRODUCER, WAIT_MS, photo, photos
from PIL import Image

from studio.api import BeatPassClient
from studio.context import AppContext, Session, build_context
from studio.core.drafts import artist_draft_from_api
from studio.core.localref import is_local, valid_name
from studio.images import probe
from studio.paths import AppPaths
from studio.publish import local_files
from studio.sandbox.server import SandboxHandle
from studio.store import account_key

VICTIM = Path(__file__).with_name("gallery_victim.py")


class Victim:
    """The victim process; ``lines`` is what it said so far."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(VICTIM), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []

    def wait_for(self, prefix: str, timeout: float = 60) -> str:
        assert self.proc.stdout is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line.strip())
            if line.startswith(prefix):
                return line.strip()
        self.kill()
        raise AssertionError(f"the victim never said {prefix!r}: {self.lines} {self.errors()}")

    def children(self) -> set[int]:
        """The victim's child processes (its picture workers), from /proc (Linux)."""
        found: set[int] = set()
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            found |= {int(pid) for pid in task.read_text().split()}
        return found

    def kill(self) -> None:
        """SIGKILL; then what it said before dying is read to the end, and its worker
        processes must end too (none is left behind)."""
        workers = self.children()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        end = time.monotonic() + 30
        while {pid for pid in workers if Path(f"/proc/{pid}").exists()}:
            assert time.monotonic() < end, f"worker processes left behind: {workers}"
            time.sleep(0.05)
        if self.proc.stdout is not None:
            self.lines += [line.strip() for line in self.proc.stdout.read().splitlines()]

    def errors(self) -> str:
        return self.proc.stderr.read() if self.proc.stderr is not None else ""


@pytest.fixture
def contexts(qapp: Any) -> Iterator[list[AppContext]]:
    made: list[AppContext] = []
    yield made
    for ctx in made:
        ctx.set_session(None)
        ctx.tasks.shutdown(10_000)
        if ctx.store is not None:
            ctx.store.close()


def restart(contexts: list[AppContext], sandbox: SandboxHandle) -> AppContext:
    """The app again on the same folders (after the kill), signed in."""
    ctx = build_context(AppPaths.from_env().ensure())
    contexts.append(ctx)
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    user = client.me()
    ctx.set_session(Session(sandbox.base_url, client, user, str(user.id), True))
    return ctx


def stored(ctx: AppContext, sandbox: SandboxHandle) -> tuple[list[str], list[Any]]:
    """The stored gallery draft's URLs, and the outbox."""
    assert ctx.store is not None and ctx.session is not None
    account = account_key(sandbox.base_url, ctx.session.user.id)
    artist = next(a for a in ctx.session.user.artists if a.name == "Nova Beats")
    record = ctx.store.load_draft(account, "artist", str(artist.id))
    assert record is not None
    return [i["url"] for i in record.draft["profile_images"]], ctx.store.outbox(account)


def kept_files_are_whole(ctx: AppContext) -> None:
    folder = local_files.pending_dir(ctx.paths.data)
    for entry in folder.iterdir():
        if valid_name(entry.name):
            probe(entry)  # a kept picture is never half written (atomic: temp, then rename)


def big_pictures(folder: Path, count: int) -> Path:
    """A 24 MP PNG first (seconds to check and prepare: a kill within a few tenths of a
    second of the import's start surely lands in it), then 12 MP JPEGs."""
    folder.mkdir(parents=True)
    grain = Image.effect_noise((6000, 4000), 40).convert("RGB")
    ramp = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    Image.blend(ramp, grain, 0.3).save(folder / "a_big.png", compress_level=1)
    for n in range(count):
        photo(folder / f"big_{n:02d}.jpg", (4000, 3000), (n * 20, 60, 200 - n * 10))
    return folder


def test_kill_during_import_leaves_the_gallery_and_outbox_as_they_were(
    sandbox: SandboxHandle, contexts: list[AppContext], tmp_path: Path
) -> None:
    first = tmp_path / "first"
    photos(first, 2)
    big = big_pictures(tmp_path / "big", 3)
    token = sandbox.token_for(PRODUCER)
    victim = Victim("import", sandbox.base_url, token, str(big), str(first))
    saved = json.loads(victim.wait_for("SAVED ").removeprefix("SAVED "))
    assert len(saved) == 8 and all(is_local(u) for u in saved[6:])
    victim.wait_for("IMPORTING")
    time.sleep(random.Random().uniform(0.0, 0.3))  # while the first picture is prepared
    assert victim.children()  # its picture workers run
    victim.kill()
    assert "ADDED" not in victim.lines  # killed during the import
    ctx = restart(contexts, sandbox)
    urls, outbox = stored(ctx, sandbox)
    assert urls == saved and outbox == []
    kept_files_are_whole(ctx)
    for ref in saved[6:]:
        assert local_files.path_of(ctx.paths.data, ref).is_file()  # type: ignore[union-attr]
    # once more, killed at another moment, from the state the restart found
    ctx.tasks.shutdown(10_000)
    assert ctx.store is not None
    ctx.store.close()
    contexts.remove(ctx)
    again = Victim("import", sandbox.base_url, token, str(big))
    again.wait_for("IMPORTING")
    time.sleep(random.Random().uniform(0.0, 0.3))
    again.kill()
    assert "ADDED" not in again.lines
    ctx = restart(contexts, sandbox)
    assert stored(ctx, sandbox) == (saved, [])
    kept_files_are_whole(ctx)


def run_until_settled(ctx: AppContext, qtbot: Any, sandbox: SandboxHandle) -> None:
    """The restarted app's publisher resumes the outbox; wait until it is empty."""
    from PySide6.QtWidgets import QMainWindow

    from studio.ui.gallery import GalleryPage
    from studio.ui.publish.install import install_publishing

    window = QMainWindow()
    qtbot.addWidget(window)
    page = GalleryPage(ctx)
    window.setCentralWidget(page)
    publisher = install_publishing(ctx, window, page)
    assert publisher is not None
    assert ctx.session is not None
    artist = next(a for a in ctx.session.user.artists if a.name == "Nova Beats")
    page.set_target(ctx.session, artist)
    qtbot.waitUntil(lambda: page.document is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: publisher.runner.count == 0, timeout=WAIT_MS)
    assert page.document is not None
    doc = page.document
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)


def server_gallery(sandbox: SandboxHandle) -> list[dict[str, Any]]:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    try:
        nova = next(a for a in client.me().artists if a.name == "Nova Beats")
        raw = client.artist(nova.id, loader="editArtistPage").artist.raw
    finally:
        client.close()
    return artist_draft_from_api(raw)["profile_images"]


@pytest.mark.parametrize("moment", ["after the first upload", "after the write, its answer lost"])
def test_kill_during_publish_resumes_and_publishes_nothing_twice(
    sandbox: SandboxHandle, contexts: list[AppContext], tmp_path: Path, qtbot: Any, moment: str
) -> None:
    three = tmp_path / "three"
    photos(three, 3)
    sandbox.set_faults(latency_ms=200)  # each request takes a moment: room to kill
    victim = Victim("publish", sandbox.base_url, sandbox.token_for(PRODUCER), str(three))
    saved = json.loads(victim.wait_for("SAVED ").removeprefix("SAVED "))
    sandbox.clear_requests()
    if moment == "after the first upload":
        victim.wait_for("STEP 0")
    else:
        victim.wait_for("STEP 2")  # the last upload: the write comes next
        sandbox.set_faults(latency_ms=200, drop_answer_next=1)  # it runs; its answer is lost
        end = time.monotonic() + 60
        while len(server_gallery(sandbox)) != 9 and time.monotonic() < end:
            time.sleep(0.01)  # the write went through: the victim waits to check it
    victim.kill()
    assert "DONE" not in victim.lines
    sandbox.set_faults()
    ctx = restart(contexts, sandbox)
    urls, outbox = stored(ctx, sandbox)
    assert urls == saved and len(outbox) == 1  # the draft and the waiting publish, as they were
    run_until_settled(ctx, qtbot, sandbox)
    gallery = server_gallery(sandbox)
    assert len(gallery) == 9  # each new picture once
    assert len(sandbox.requests("PUT", "/artists")) == 1
    uploads = len(sandbox.requests("POST", "/uploads"))
    assert 3 <= uploads <= 4  # an upload whose answer the kill lost may be made once more
    assert [i["url"] for i in gallery][:6] == saved[:6]  # the first six kept their order
