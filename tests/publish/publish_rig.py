"""Helpers for the publish tests: the rig (sandbox, store, tasks, client, documents,
runners) and a stand-in for the profile page."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api import BeatPassClient
from studio.core.drafts import artist_draft_from_api, user_draft_from_api
from studio.document import DraftDocument
from studio.publish import Backoff, OutboxRunner
from studio.sandbox.server import SandboxHandle
from studio.store import Store
from studio.tasks import Tasks

PRODUCER = "producer@demo.beatpass.test"
PASSWORD = "demo-producer"
WAIT_MS = 15000


def fast_backoff() -> Backoff:
    """Retries within a fraction of a second, so outage tests stay quick."""
    return Backoff(base=0.05, cap=0.2, rng=random.Random(7).random)


class FakePage(QObject):
    """Stands in for the main window's side of publishing (the ``Shell``): pages' publish
    requests and where field errors are shown."""

    publishRequested = Signal()  # noqa: N815 (the page's agreed signal name)

    def __init__(self, docs: list[DraftDocument]) -> None:
        super().__init__()
        self.docs = docs
        self.errors: list[tuple[str, dict[str, list[str]]]] = []

    def show_field_errors(self, kind: str, errors: dict[str, list[str]]) -> bool:
        self.errors.append((kind, errors))
        return True


@dataclass
class Rig:
    """Everything a publish test needs, built on the real sandbox."""

    sandbox: SandboxHandle
    store_path: Path
    store: Store
    tasks: Tasks
    client: BeatPassClient
    account: str
    artist_id: str
    user_id: int
    docs: list[DraftDocument] = field(default_factory=list)
    runners: list[OutboxRunner] = field(default_factory=list)
    restarted: list[SandboxHandle] = field(default_factory=list)
    owner: QObject = field(default_factory=QObject)  # parent of the rig's documents, runners

    def stop_server(self) -> None:
        """An outage: the sandbox stops, its port refuses connections."""
        self.sandbox.stop()

    def restart_server(self) -> None:
        """The outage ends: the same sandbox (data, tokens) comes back on the same port."""
        from studio.sandbox.server import start_sandbox

        handle = start_sandbox(self.sandbox.data_dir, port=self.sandbox.port)
        assert handle.base_url == self.sandbox.base_url
        self.restarted.append(handle)
        self.sandbox = handle

    def fresh_client(self) -> BeatPassClient:
        """Another client of the same account (another device, or the web site)."""
        return BeatPassClient(
            self.sandbox.base_url, self.sandbox.token_for(PRODUCER), backoff_factor=0
        )

    def server_artist(self) -> dict[str, Any]:
        return artist_draft_from_api(self.fresh_client().artist(int(self.artist_id)).artist.raw)

    def server_user(self) -> dict[str, Any]:
        return user_draft_from_api(self.fresh_client().me().raw)

    def open_doc(self, kind: str = "artist") -> DraftDocument:
        base = self.server_artist() if kind == "artist" else self.server_user()
        entity = self.artist_id if kind == "artist" else str(self.user_id)
        doc = DraftDocument(
            tasks=self.tasks,
            store=self.store,
            account=self.account,
            kind=kind,
            entity_id=entity,
            base=base,
            autosave_delay_ms=30,
            parent=self.owner,
        )
        self.docs.append(doc)
        return doc

    def runner(self, **kw: Any) -> OutboxRunner:
        runner = OutboxRunner(
            kw.pop("tasks", self.tasks),
            kw.pop("store", self.store),
            client=lambda: self.client,
            account=lambda: self.account,
            documents=lambda: list(self.docs),
            backoff=kw.pop("backoff", fast_backoff()),
            parent=kw.pop("parent", self.owner),
            **kw,
        )
        self.runners.append(runner)
        return runner

    def outbox(self) -> list[Any]:
        return self.store.outbox(self.account)


def make_ctx(rig: Rig) -> Any:
    """An ``AppContext`` signed in as the demo producer, sharing the rig's store and tasks."""
    from studio.auth import TokenVault
    from studio.context import AppContext, AppSignals, Session, open_settings
    from studio.paths import AppPaths

    paths = AppPaths.from_env().ensure()
    ctx = AppContext(
        paths=paths,
        settings=open_settings(paths.config),
        vault=TokenVault(),
        tasks=rig.tasks,
        store=rig.store,
        signals=AppSignals(),
        install_id="0badc0de",
    )
    user = rig.client.me()
    ctx.session = Session(rig.sandbox.base_url, rig.client, user, str(user.id), True)
    assert ctx.session.store_account == rig.account
    return ctx


def workspace_doc(ctx: Any, rig: Rig, qtbot: Any, kind: str = "artist") -> DraftDocument:
    """The document of the context's workspace (the one the publisher publishes), opened and
    brought up to date with the server."""
    entity = rig.artist_id if kind == "artist" else str(rig.user_id)
    handle = ctx.workspace.open(kind, entity)
    qtbot.waitUntil(lambda: handle.is_ready and handle.fresh, timeout=WAIT_MS)
    assert handle.doc is not None
    return handle.doc
