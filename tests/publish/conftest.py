"""Fixtures for publishing: a real sandbox, a real store and task pools, a client signed in
as the demo producer (see ``publish_rig``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from studio.api import BeatPassClient
from studio.sandbox.server import SandboxHandle
from studio.store import Store, account_key
from studio.tasks import Tasks

if TYPE_CHECKING:
    from publish_rig import Rig


@pytest.fixture
def rig(qapp: Any, sandbox: SandboxHandle, tmp_path: Path) -> Iterator[Rig]:
    from publish_rig import PRODUCER, Rig  # the test module's folder is on sys.path by now

    tasks = Tasks()
    store_path = tmp_path / "publish" / "studio.db"
    store = Store.open(store_path)
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    me = client.me()
    nova = next(a for a in me.artists if a.name == "Nova Beats")
    made = Rig(
        sandbox=sandbox,
        store_path=store_path,
        store=store,
        tasks=tasks,
        client=client,
        account=account_key(sandbox.base_url, me.id),
        artist_id=str(nova.id),
        user_id=me.id,
    )
    yield made
    sandbox.set_faults()
    made.tasks.shutdown(10000)
    made.store.close()
    client.close()
    for handle in made.restarted:
        handle.stop()
    # Runners and documents made here belong to the rig's owner: deleted now, on this (the
    # GUI) thread — never by the garbage collector on a worker thread later (a QObject with
    # timers must be deleted on its own thread).
    made.docs.clear()
    made.runners.clear()
    made.owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
