"""The image editor while a long animation is prepared: a progress bar that moves, a Stop
button that stops it (nothing queued, nothing written), and the note on what was done to the
animation once it is ready (issue 8 §2.5), through the real dialog, tasks and sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import edge_corpus as ec
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from studio.api import BeatPassClient
from studio.auth import TokenVault
from studio.context import AppContext, AppSignals, Session, open_settings
from studio.core.drafts import artist_draft_from_api
from studio.document import DraftDocument
from studio.paths import AppPaths
from studio.publish.local_files import pending_dir
from studio.sandbox.server import SandboxHandle
from studio.store import Store
from studio.tasks import Tasks
from studio.ui.images import ImageEditorDialog, open_image_editor

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 60000


@pytest.fixture
def ctx(qapp: Any, sandbox: SandboxHandle) -> Iterator[AppContext]:
    paths = AppPaths.from_env().ensure()
    store = Store.open(paths.store_file)
    tasks = Tasks()
    made = AppContext(
        paths=paths,
        settings=open_settings(paths.config),
        vault=TokenVault(),
        tasks=tasks,
        store=store,
        signals=AppSignals(),
        install_id="0badc0de",
    )
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    user = client.me()
    made.session = Session(sandbox.base_url, client, user, str(user.id), True)
    yield made
    tasks.shutdown(20000)
    store.close()
    client.close()


def open_cover_editor(ctx: AppContext, qtbot: Any, path: Path) -> ImageEditorDialog:
    assert ctx.session is not None and ctx.store is not None
    artist = next(a for a in ctx.session.user.artists if a.name == "Nova Beats")
    raw = ctx.session.client.artist(artist.id).artist.raw
    doc = DraftDocument(
        tasks=ctx.tasks,
        store=ctx.store,
        account=ctx.session.store_account,
        kind="artist",
        entity_id=str(artist.id),
        base=artist_draft_from_api(raw),
        autosave_delay_ms=20,
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = open_image_editor(ctx, doc, "cover_image", "cover", "artist_image", parent)
    dialog.keep = (parent, doc)  # type: ignore[attr-defined]  # qtbot holds widgets weakly
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=WAIT_MS)
    reencode = dialog.findings.fix_button("reencode")  # 6 MB: over the cap as it is
    assert reencode is not None
    qtbot.mouseClick(reencode, Qt.MouseButton.LeftButton)
    assert dialog.apply_button.isEnabled(), dialog.reason.text()
    return dialog


@pytest.fixture(scope="module")
def long_animation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 noisy 16:9 frames: several seconds of work, over the cap as it is."""
    root = tmp_path_factory.mktemp("long-animation")
    return ec.noisy_animation(root / "long.webp", "WEBP", (480, 270), 60)


def test_progress_moves_and_stop_stops_without_uploading(
    ctx: AppContext, qtbot: Any, long_animation: Path
):
    dialog = open_cover_editor(ctx, qtbot, long_animation)
    bar, stop = dialog.progress_bar, dialog.preparing.stop_button
    assert not stop.isVisible()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert stop.isVisible() and bar.isVisible()
    assert bar.accessibleName() == "Preparing progress"
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=WAIT_MS)
    assert bar.text().startswith(("Reading", "Encoding"))
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert not stop.isVisible() and not bar.isVisible()
    assert dialog.message.text().startswith("Stopped")
    assert dialog.apply_button.isEnabled() and dialog.choose_button.isEnabled()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=WAIT_MS)  # the work ended
    assert dialog.prepared is None
    pending = pending_dir(ctx.paths.data)
    assert not pending.exists() or not any(pending.iterdir())


def test_prepared_animation_tells_what_was_done(ctx: AppContext, qtbot: Any, long_animation: Path):
    dialog = open_cover_editor(ctx, qtbot, long_animation)
    shown: list[int] = []
    dialog.progress_bar.valueChanged.connect(shown.append)
    messages: list[str] = []
    ctx.signals.message.connect(messages.append)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):  # Apply closes it once kept
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert len(set(shown)) > 3  # the bar moved while preparing
    message = messages[-1]
    assert "Re-encoded at quality" in message or "Scaled down to" in message, message
