"""The "Add a credit" dialog: search Spotify for songs or albums (typing debounced, answers
to older searches dropped), pick a result and your roles on it (the roles the profile holds
already are shown, disabled). An album goes on to the album dialog (its tracks).

States: a hint before two characters are typed, "Searching…", the results, "No results",
an error with Retry, and Spotify unavailable (503): the rest of the editor keeps working.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from studio.core.credit_drafts import item_from_spotify, role_names
from studio.core.credits import SpotifyItem
from studio.ui.credits.album import AlbumDialog
from studio.ui.credits.lookup import DEBOUNCE_MS, held_roles, lookup_error, query_problem
from studio.ui.credits.roles import RoleCatalog, RolePicker

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.pictures import ImageLoader
    from studio.tasks import Tasks
    from studio.ui.credits.edits import CreditEditor

SONGS, ALBUMS = 0, 1
TYPES = {SONGS: "track", ALBUMS: "album"}
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
HELD_ROLE = Qt.ItemDataRole.UserRole + 2
ICON = QSize(40, 40)
SEARCH_LIMIT = 20


def result_text(found: SpotifyItem, held: list[str]) -> str:
    year = found.release_date[:4] or (str(found.release_year) if found.release_year else "")
    detail = " · ".join(p for p in (found.artist_names, year) if p)
    if found.type == "album" and found.total_tracks:
        detail += f" · {found.total_tracks} tracks"
    text = f"{found.title}\n{detail}"
    if held:
        text += f"\nAlready credited: {', '.join(role_names(held))}"
    return text


class CreditSearch(QDialog):
    """``added(key)``: credits were added to the draft (the page selects that item)."""

    added = Signal(str)

    def __init__(
        self,
        tasks: Tasks,
        client: BeatPassClient,
        editor: CreditEditor,
        catalog: RoleCatalog,
        *,
        artist_id: int,
        images: ImageLoader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("creditSearch")
        self.setWindowTitle("Add a credit")
        self.setAccessibleName("Add a credit: search Spotify")
        self.resize(760, 640)
        self._tasks, self._client, self._editor = tasks, client, editor
        self._catalog, self._artist_id, self._images = catalog, artist_id, images
        self._serial = 0
        self._query = ""
        self.album_dialog: AlbumDialog | None = None
        self._state: tuple[dict, dict] | None = None  # (draft, base) read for the results

        layout = QVBoxLayout(self)
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Search for")
        self.tabs.addTab("&Songs")
        self.tabs.addTab("&Albums")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs)
        self.query = QLineEdit()
        self.query.setObjectName("creditQuery")
        self.query.setAccessibleName("Search Spotify")
        self.query.setPlaceholderText("Search Spotify by title or artist…")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self.search_now)
        layout.addWidget(self.query)

        status_row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("creditSearchStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        self.retry_button = QPushButton("&Retry")
        self.retry_button.clicked.connect(self.search_now)
        self.retry_button.hide()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_button)
        layout.addLayout(status_row)

        self.results = QListWidget()
        self.results.setObjectName("creditResults")
        self.results.setAccessibleName("Search results")
        self.results.setIconSize(ICON)
        self.results.setWordWrap(True)
        self.results.currentItemChanged.connect(self._picked)
        self.results.itemActivated.connect(lambda _item: self._go_on())
        layout.addWidget(self.results, 1)

        self.roles_label = QLabel("Your &roles on it:")
        self.picker = RolePicker(catalog)
        self.roles_label.setBuddy(self.picker)
        self.picker.changed.connect(self._update_buttons)
        layout.addWidget(self.roles_label)
        layout.addWidget(self.picker)
        self.album_hint = QLabel(
            "Pick an album, then choose roles for the album itself and for its tracks."
        )
        self.album_hint.setWordWrap(True)
        layout.addWidget(self.album_hint)

        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(
            "Add credit", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.add_button.clicked.connect(self._go_on)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        if images is not None:
            images.loaded.connect(self._image_loaded)
        self._tab_changed(SONGS)
        self._say(query_problem(""))

    # --- searching -------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return TYPES.get(self.tabs.currentIndex(), "track")

    def _tab_changed(self, index: int) -> None:
        albums = index == ALBUMS
        self.picker.setVisible(not albums)
        self.roles_label.setVisible(not albums)
        self.album_hint.setVisible(albums)
        self.add_button.setText("Choose roles…" if albums else "Add credit")
        self.query.setPlaceholderText(
            "Search Spotify for an album…" if albums else "Search Spotify for a song…"
        )
        self._show_results([])
        if self.query.text().strip():
            self.search_now()

    def _typed(self, _text: str) -> None:
        self._timer.stop()
        self._serial += 1  # whatever was asked before is out of date now
        problem = query_problem(self.query.text())
        if problem:
            self._show_results([])
            self._say(problem)
            return
        self._say("")
        self._timer.start()

    def search_now(self) -> None:
        """Search at once (Enter, Retry, a tab switch)."""
        self._timer.stop()
        problem = query_problem(self.query.text())
        if problem:
            self._say(problem)
            return
        self._serial += 1
        serial, kind = self._serial, self.kind
        self._query = self.query.text().strip()
        self._say("Searching Spotify…")
        self._tasks.run(
            self._client.spotify_search,
            self._query,
            kind,
            SEARCH_LIMIT,
            self._artist_id,
            owner=self,
            on_done=partial(self._found, serial),
            on_error=partial(self._failed, serial),
            name="search Spotify",
        )

    def _found(self, serial: int, results: list[SpotifyItem]) -> None:
        if serial != self._serial:
            return  # an older search: dropped
        self._show_results(results)
        what = "albums" if self.kind == "album" else "songs"
        self._say("" if results else f"No {what} on Spotify match “{self._query}”.")

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self._show_results([])
        self._say(lookup_error(exc), retry=True)

    def _say(self, text: str, *, retry: bool = False) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.retry_button.setVisible(retry)

    # --- results ---------------------------------------------------------------------

    def _held(self, found: SpotifyItem) -> list[str]:
        key = f"{found.type}:{found.spotify_id}"
        if self._state is None:  # read once per set of results (a draft may be large)
            self._state = (self._editor.doc.draft, self._editor.doc.base)
        draft, base = self._state
        return held_roles(draft, base, key, found.existing_roles)

    def _show_results(self, results: list[SpotifyItem]) -> None:
        self.results.clear()
        self._state = None
        for found in results:
            held = self._held(found)
            text = result_text(found, held)
            row = QListWidgetItem(text)
            row.setData(RESULT_ROLE, found)
            row.setData(HELD_ROLE, held)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ", "))
            row.setIcon(self._icon(found.image))
            self.results.addItem(row)
        if results:
            self.results.setCurrentRow(0)
        self._picked()

    def _icon(self, url: str | None) -> QIcon:
        image = self._images.image(url, ICON) if self._images is not None and url else None
        return QIcon(QPixmap.fromImage(image)) if image is not None else QIcon()

    def _image_loaded(self, source: str, _w: int, _h: int) -> None:
        for n in range(self.results.count()):
            row = self.results.item(n)
            found = row.data(RESULT_ROLE)
            if isinstance(found, SpotifyItem) and found.image == source:
                row.setIcon(self._icon(source))

    def current(self) -> SpotifyItem | None:
        row = self.results.currentItem()
        found = row.data(RESULT_ROLE) if row is not None else None
        return found if isinstance(found, SpotifyItem) else None

    def _picked(self, *_args: object) -> None:
        row = self.results.currentItem()
        held = row.data(HELD_ROLE) if row is not None else None
        self.picker.set_held(held if isinstance(held, list) else [])
        self._update_buttons()

    def _update_buttons(self) -> None:
        found = self.current()
        if self.kind == "album":
            self.add_button.setEnabled(found is not None)
        else:
            self.add_button.setEnabled(found is not None and bool(self.picker.chosen()))

    def _go_on(self) -> None:
        found = self.current()
        if found is None:
            return
        if found.type == "album":
            self._open_album(found)
            return
        roles = self.picker.chosen()
        if not roles:
            self._say("Pick at least one role you had on this song.")
            return
        self._editor.add([(item_from_spotify(found), roles)], f"Add the credit “{found.title}”")
        self.added.emit(f"track:{found.spotify_id}")
        self.accept()

    def _open_album(self, album: SpotifyItem) -> None:
        dialog = AlbumDialog(
            self._tasks,
            self._client,
            self._editor,
            self._catalog,
            album,
            artist_id=self._artist_id,
            parent=self,
        )
        dialog.added.connect(self.added)
        dialog.accepted.connect(self.accept)
        dialog.finished.connect(lambda _result: self._album_closed(dialog))
        self.album_dialog = dialog
        dialog.open()

    def _album_closed(self, dialog: AlbumDialog) -> None:
        if self.album_dialog is dialog:
            self.album_dialog = None
        dialog.deleteLater()
