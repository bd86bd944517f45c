"""Fixtures for the document tests: a Tasks object, a store, sample drafts, a fake clock."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from disk_limit import DiskLimit

from studio.document import DraftDocument
from studio.store import Store
from studio.tasks import Tasks

ACCOUNT = "http://127.0.0.1:9/api/v1#7"

ARTIST_BASE: dict[str, Any] = {
    "name": "Nova Beats",
    "image_small": "https://cdn.example/avatar.jpg",
    "cover_image": None,
    "verified": False,
    "description": "Producer from Lyon.",
    "city": "Lyon",
    "country": "FR",
    "genres": ["Trap", "Drill"],
    "links": [
        {"url": "https://soundcloud.com/nova", "title": "SoundCloud"},
        {"url": "https://instagram.com/nova", "title": "Instagram"},
    ],
    "profile_images": [
        {"id": 11, "url": "https://cdn.example/g11.jpg"},
        {"id": 12, "url": "https://cdn.example/g12.jpg"},
    ],
}

USER_BASE: dict[str, Any] = {
    "image": None,
    "username": "nova_beats",
    "first_name": "Nora",
    "last_name": "Vale",
    "city": "Lyon",
    "country": "FR",
    "description": "",
    "links": [],
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def tasks(qapp: Any) -> Iterator[Tasks]:
    pool = Tasks()
    yield pool
    pool.shutdown(5000)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "studio.db"


@pytest.fixture
def store_cls() -> type[Store]:
    return Store


@pytest.fixture
def disk_limit() -> DiskLimit:
    return DiskLimit()


@pytest.fixture
def store(store_path: Path, disk_limit: DiskLimit) -> Iterator[Store]:
    s = Store.open(store_path, on_connect=disk_limit.on_connect)
    yield s
    s.close()


@pytest.fixture
def fill_store(disk_limit: DiskLimit) -> Callable[[bool], None]:
    """``fill_store(True)``: writes needing more room fail with StoreFull; False frees it.

    Call it while no save is running (the store's connections are shared with the writer).
    """
    return disk_limit.set_full


@pytest.fixture
def artist_base() -> dict[str, Any]:
    return copy.deepcopy(ARTIST_BASE)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_doc(tasks: Tasks, store: Store, clock: FakeClock) -> Callable[..., DraftDocument]:
    def make(kind: str = "artist", base: dict[str, Any] | None = None, **kw: Any) -> DraftDocument:
        if base is None:
            base = ARTIST_BASE if kind == "artist" else USER_BASE
        return DraftDocument(
            tasks=tasks,
            store=store,
            account=ACCOUNT,
            kind=kind,
            entity_id=kw.pop("entity_id", "42"),
            base=copy.deepcopy(base),
            clock=clock,
            autosave_delay_ms=kw.pop("autosave_delay_ms", 30),  # quick saves keep tests fast
            **kw,
        )

    return make
