"""Autosave: edits reach the store off the GUI thread, the clean state tracks the store,
a restart restores the draft, a failed save keeps the text and says so."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.document import DraftDocument, SaveState
from studio.store import StoreFull
from studio.store.errors import FULL_MESSAGE
from studio.tasks import Tasks

MakeDoc = Callable[..., DraftDocument]
ACCOUNT = "http://127.0.0.1:9/api/v1#7"


def stored_draft(store: Any, entity_id: str = "42", kind: str = "artist") -> Any:
    record = store.load_draft(ACCOUNT, kind, entity_id)
    return None if record is None else record.draft


def wait_saved(qtbot: QtBot, doc: DraftDocument) -> None:
    qtbot.waitUntil(lambda: doc.is_saved, timeout=5000)


def open_doc(qtbot: QtBot, tasks: Tasks, store: Any, snapshot: dict[str, Any]) -> DraftDocument:
    opened: list[DraftDocument] = []
    DraftDocument.load(tasks, store, ACCOUNT, "artist", "42", snapshot, on_done=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    return opened[0]


def test_an_edit_reaches_the_store_off_the_gui_thread(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui = threading.current_thread()
    threads: list[threading.Thread] = []
    original = store.save_draft

    def recording_save(*args: Any) -> None:
        threads.append(threading.current_thread())
        original(*args)

    monkeypatch.setattr(store, "save_draft", recording_save)
    doc = make_doc()
    states: list[SaveState] = []
    doc.saveStateChanged.connect(states.append)
    doc.set_field("description", "Fresh bio")
    assert doc.save_state is SaveState.PENDING and not doc.is_saved
    qtbot.waitUntil(lambda: stored_draft(store) is not None, timeout=5000)
    wait_saved(qtbot, doc)
    assert stored_draft(store)["description"] == "Fresh bio"
    assert store.load_draft(ACCOUNT, "artist", "42").base == doc.base
    assert threads and all(t is not gui for t in threads)
    assert states == [SaveState.PENDING, SaveState.SAVING, SaveState.SAVED]


def test_burst_of_typing_is_saved_as_its_final_text(
    qtbot: QtBot, make_doc: MakeDoc, store: Any
) -> None:
    doc = make_doc()
    text = ""
    for char in "Beats from Lyon since 2015":
        text += char
        doc.set_field("description", text)
    wait_saved(qtbot, doc)
    assert stored_draft(store)["description"] == "Beats from Lyon since 2015"


def test_clean_state_tracks_the_store(qtbot: QtBot, make_doc: MakeDoc, store: Any) -> None:
    doc = make_doc()
    assert doc.stack.isClean()  # nothing edited, nothing to save
    doc.set_field("city", "Paris")
    assert not doc.stack.isClean()
    wait_saved(qtbot, doc)
    assert doc.stack.isClean()

    # Typing on into the saved step changes the text without a new step: not clean.
    doc.set_field("city", "Paris 11e")
    assert doc.stack.count() == 1 and not doc.stack.isClean()
    wait_saved(qtbot, doc)
    assert stored_draft(store)["city"] == "Paris 11e"

    doc.end_typing()
    doc.set_field("city", "Nice")
    wait_saved(qtbot, doc)
    doc.stack.undo()  # back to "Paris 11e": no longer what the disk holds until saved
    assert not doc.stack.isClean()
    wait_saved(qtbot, doc)
    assert stored_draft(store)["city"] == "Paris 11e"
    assert doc.stack.isClean()


def test_edits_made_during_a_save_are_saved_after_it(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, tasks: Tasks
) -> None:
    gate = threading.Event()
    tasks.run(gate.wait, 5, writer=True)  # hold the writer so the first save waits
    doc = make_doc()
    doc.set_field("city", "Paris")
    assert doc.flush() is True
    assert doc.save_state is SaveState.SAVING
    doc.set_field("country", "BE")
    gate.set()
    wait_saved(qtbot, doc)
    assert (stored_draft(store)["city"], stored_draft(store)["country"]) == ("Paris", "BE")


def test_restart_restores_the_draft(
    qtbot: QtBot, tasks: Tasks, store_cls: Any, store_path: Path, artist_base: dict[str, Any]
) -> None:
    first = store_cls.open(store_path)
    doc = open_doc(qtbot, tasks, first, artist_base)
    assert not doc.restored
    doc.set_field("description", "Edited before the crash")
    doc.add_link("https://youtube.com/@nova", "YouTube")
    wait_saved(qtbot, doc)
    first.close()

    # A new process: a fresh store object on the same file, and a newer server snapshot.
    second = store_cls.open(store_path)
    newer_server = {**artist_base, "city": "Grenoble"}
    again = open_doc(qtbot, tasks, second, newer_server)
    assert again.restored
    assert again.draft == doc.draft
    assert again.base == artist_base  # the base the edits started from, for the merge
    assert again.is_dirty and again.dirty_fields() == ["description", "links"]
    assert again.stack.isClean() and again.stack.count() == 0
    second.close()


def test_a_draft_without_edits_starts_from_the_newer_snapshot(
    qtbot: QtBot, tasks: Tasks, store: Any, artist_base: dict[str, Any]
) -> None:
    store.save_draft(ACCOUNT, "artist", "42", artist_base, artist_base)
    newer = {**artist_base, "city": "Grenoble"}
    doc = open_doc(qtbot, tasks, store, newer)
    assert not doc.restored
    assert doc.base == newer and doc.draft == newer


def test_load_failure_goes_to_on_error(
    qtbot: QtBot, tasks: Tasks, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(store, "load_draft", broken)
    errors: list[BaseException] = []
    opened: list[DraftDocument] = []
    handle = DraftDocument.load(
        tasks, store, ACCOUNT, "artist", "1", {}, on_done=opened.append, on_error=errors.append
    )
    qtbot.waitUntil(lambda: handle.is_done, timeout=5000)
    assert opened == []
    assert [str(e) for e in errors] == ["disk unplugged"]
    with pytest.raises(ValueError):
        DraftDocument.load(tasks, store, ACCOUNT, "nonsense", "1", {}, on_done=opened.append)


def test_failed_save_keeps_the_text_reports_and_retries(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, fill_store: Callable[[bool], None]
) -> None:
    doc = make_doc()
    fill_store(True)
    messages: list[str] = []
    doc.saveFailed.connect(messages.append)
    words = "Words I must not lose. " * 400  # needs new pages in the store file
    doc.set_field("description", words)
    qtbot.waitUntil(lambda: doc.save_state is SaveState.FAILED, timeout=5000)
    assert doc.value("description") == words
    assert len(messages) == 1 and messages[0] == doc.save_error
    assert messages[0] == str(StoreFull(FULL_MESSAGE))  # the store's sentence, as is
    assert not doc.stack.isClean() and not doc.is_saved

    fill_store(False)  # space freed; the next edit retries
    doc.set_field("city", "Paris")
    wait_saved(qtbot, doc)
    assert doc.save_error is None
    assert stored_draft(store)["description"] == words
    assert stored_draft(store)["city"] == "Paris"


def test_failed_save_is_retried_by_the_timer(
    qtbot: QtBot, tasks: Tasks, store: Any, fill_store: Callable[[bool], None], artist_base: Any
) -> None:
    doc = DraftDocument(
        tasks=tasks, store=store, account=ACCOUNT, kind="artist", entity_id="42", base=artist_base
    )
    doc._autosaver._retry_ms = 50  # no waiting for the real retry delay in a test
    fill_store(True)
    doc.set_field("description", "Retry me. " * 1000)
    qtbot.waitUntil(lambda: doc.save_state is SaveState.FAILED, timeout=5000)
    fill_store(False)
    wait_saved(qtbot, doc)
    assert stored_draft(store)["description"] == "Retry me. " * 1000


def test_flush_then_shutdown_puts_the_last_edit_on_disk(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, tasks: Tasks
) -> None:
    doc = make_doc()
    doc.set_field("description", "Typed just before quitting")
    assert doc.flush() is True  # the app quits before the debounce timer fires
    assert tasks.shutdown(5000)
    assert stored_draft(store)["description"] == "Typed just before quitting"
    assert doc.is_saved


def test_rebase_is_saved_even_without_a_draft_change(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, artist_base: dict[str, Any]
) -> None:
    doc = make_doc()
    doc.set_field("city", "Paris")
    wait_saved(qtbot, doc)
    published = doc.draft
    doc.rebase(published, published)
    assert not doc.stack.isClean()
    wait_saved(qtbot, doc)
    record = store.load_draft(ACCOUNT, "artist", "42")
    assert record.base == published and record.draft == published


def test_an_unexpected_save_error_is_reported_in_plain_words(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise OSError(errno.EIO, "device went away")

    monkeypatch.setattr(store, "save_draft", broken)
    doc = make_doc()
    doc.set_field("city", "Paris")
    qtbot.waitUntil(lambda: doc.save_state is SaveState.FAILED, timeout=5000)
    assert doc.save_error is not None
    assert "device went away" in doc.save_error
    assert "stays in the window" in doc.save_error
    assert doc.value("city") == "Paris"


def test_a_save_error_never_shows_exception_text(
    qtbot: QtBot, make_doc: MakeDoc, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "7|s3cretTokenTextThatMustNotShow0123456789"

    def broken(*args: Any) -> None:
        raise ValueError(f"internal state {secret}")

    monkeypatch.setattr(store, "save_draft", broken)
    doc = make_doc()
    doc.set_field("city", "Paris")
    qtbot.waitUntil(lambda: doc.save_state is SaveState.FAILED, timeout=5000)
    assert doc.save_error is not None
    assert secret not in doc.save_error and "ValueError" not in doc.save_error
    assert "stays in the window" in doc.save_error
