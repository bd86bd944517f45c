"""Fixtures for the document tests: a Tasks object, a store, sample drafts, a fake clock."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from studio.document import DraftDocument
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


# --- Stand-in for studio.store.Store (INTERFACES §7) until the real one lands -------------


class StoreError(Exception):
    pass


class StoreFull(StoreError):  # noqa: N818 (the §7 name)
    pass


@dataclass(frozen=True)
class DraftRecord:
    base: dict[str, Any]
    draft: dict[str, Any]
    updated_at: float


class Store:
    """A JSON-file store with the draft part of the §7 interface."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.full = False
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> Store:
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(path)

    def close(self) -> None:
        return None

    def _read(self) -> dict[str, Any]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def save_draft(
        self, account: str, kind: str, entity_id: str, base: dict[str, Any], draft: dict[str, Any]
    ) -> None:
        with self._lock:
            if self.full:
                raise StoreFull("The disk is full: free some space and your edits will be saved.")
            data = self._read()
            data[f"{account}|{kind}|{entity_id}"] = {
                "base": base,
                "draft": draft,
                "updated_at": time.time(),
            }
            self.path.write_text(json.dumps(data))

    def load_draft(self, account: str, kind: str, entity_id: str) -> DraftRecord | None:
        with self._lock:
            row = self._read().get(f"{account}|{kind}|{entity_id}")
        return None if row is None else DraftRecord(**row)


# ------------------------------------------------------------------------------------------


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
def store(store_cls: type[Store], store_path: Path) -> Iterator[Store]:
    s = store_cls.open(store_path)
    yield s
    s.close()


@pytest.fixture
def fill_store(store: Store) -> Callable[[bool], None]:
    """``fill_store(True)`` makes every write fail as on a full disk; False frees space."""

    def fill(full: bool) -> None:
        store.full = full

    return fill


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
