"""Finding the producer profile to claim: search by name (S1, debounced as you type), each
result marked Available / Already claimed / Yours by its ownership check (R5). Choosing an
available one sets the claim target; an already claimed one stops the flow and says whom
to write to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.application_checks import AVAILABLE, CLAIMED, OWNED, UNKNOWN, claim_problem
from studio.core.limits import SEARCH_DEBOUNCE_MS
from studio.messages import user_message
from studio.ui.applications.widgets import note

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.core.backstage import ArtistSearchResult
    from studio.tasks import TaskHandle, Tasks

RESULT_ROLE = Qt.ItemDataRole.UserRole
STATE_TEXT = {AVAILABLE: "Available", CLAIMED: "Already claimed", OWNED: "Yours",
              UNKNOWN: "Not checked"}  # fmt: skip
MIN_QUERY = 2


@dataclass(frozen=True)
class Found:
    result: ArtistSearchResult
    state: str


def search_and_check(client: BeatPassClient, query: str) -> list[Found]:
    """S1, then R5 for each result (worker)."""
    from studio.api import ApiError

    found = []
    for result in client.search_artists(query):
        try:
            state = client.check_ownership(result.id).availability
        except ApiError:
            state = UNKNOWN
        found.append(Found(result, state if state in STATE_TEXT else UNKNOWN))
    return found


class _Field(QLineEdit):
    """The search box: Down moves into the results."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class ClaimSearch(QWidget):
    """The search box, its results and the choose button."""

    chosen = Signal(object, str)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._client: BeatPassClient | None = None
        self._task: TaskHandle | None = None
        self._asked = ""
        self.field = _Field()
        self.field.setAccessibleName("Search producer profiles")
        self.field.setPlaceholderText("Type the producer name (at least 2 letters)")
        self.field.setClearButtonEnabled(True)
        self.field.textEdited.connect(self._typed)
        self.field.returnPressed.connect(self._enter)
        self.field.down.connect(self._into_results)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setMinimumHeight(120)
        self.results.itemActivated.connect(lambda _item: self.choose())
        self.results.currentRowChanged.connect(lambda _row: self._update_choose())
        self.status = note("", "Search status")
        self.choose_button = QPushButton("Claim this &profile")
        self.choose_button.setAccessibleName("Claim the selected profile")
        self.choose_button.clicked.connect(self.choose)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self._update_choose()

    def set_client(self, client: BeatPassClient | None) -> None:
        self._client = client

    # --- searching -----------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._timer.start()  # debounced: one search once typing pauses

    def _enter(self) -> None:
        if self._timer.isActive() or self.field.text().strip() != self._asked:
            self._timer.stop()
            self._search()
        elif self.results.count():
            self.choose()

    def _into_results(self) -> None:
        if self.results.count():
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    def _search(self) -> None:
        query = self.field.text().strip()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._asked = query
        if len(query) < MIN_QUERY:
            self.results.clear()
            self.status.setText("Type at least 2 letters of the name.")
            self._update_choose()
            return
        if self._client is None:
            self.status.setText("Sign in to search.")
            return
        self.status.setText("Searching…")
        self._task = self._tasks.run(
            search_and_check,
            self._client,
            query,
            owner=self,
            on_done=lambda found: self._found(query, found),
            on_error=lambda exc: self._failed(query, exc),
            name="search producer profiles to claim",
        )

    def _found(self, query: str, found: list[Found]) -> None:
        if query != self._asked:
            return
        self._task = None
        self.results.clear()
        for entry in found:
            state = STATE_TEXT[entry.state]
            item = QListWidgetItem(f"{entry.result.name}  —  {state}")
            item.setData(RESULT_ROLE, entry)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.result.name}, {state}")
            self.results.addItem(item)
        self.status.setText(
            f"No producer profile starts with “{query}”."
            if not found
            else f"{len(found)} found. Only an Available profile can be claimed."
        )
        if found:
            self.results.setCurrentRow(0)
        self._update_choose()

    def _failed(self, query: str, exc: BaseException) -> None:
        if query != self._asked:
            return
        self._task = None
        self.status.setText(f"Search failed: {user_message(exc)}")

    # --- choosing ------------------------------------------------------------------------

    def current(self) -> Found | None:
        item = self.results.currentItem()
        found = item.data(RESULT_ROLE) if item is not None else None
        return found if isinstance(found, Found) else None

    def _update_choose(self) -> None:
        self.choose_button.setEnabled(self.current() is not None)

    def choose(self) -> None:
        """Claim the selected result — or say why it cannot be claimed."""
        found = self.current()
        if found is None:
            return
        if found.state != AVAILABLE:
            self.status.setText(
                claim_problem(found.state, found.result.name) or "This profile cannot be claimed."
            )
            return
        self.chosen.emit(found.result, found.state)
