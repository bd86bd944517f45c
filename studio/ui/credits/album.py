"""The album dialog (C3, then C6 when published): roles on the album itself, roles applied
to every track, and roles per track. Tracks with no role are skipped, and the dialog says
how many; nothing is added while neither the album nor any track has a role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.credit_drafts import item_from_spotify, item_from_track, sort_roles
from studio.core.credits import SpotifyAlbum, SpotifyItem, SpotifyTrack
from studio.core.text import count_text, duration_text, plural
from studio.ui.credits.lookup import held_roles, lookup_error
from studio.ui.credits.roles import RoleCatalog, RoleMenuButton
from studio.ui.style import set_role

if TYPE_CHECKING:
    from studio.api import BeatPassClient
    from studio.tasks import Tasks
    from studio.ui.credits.edits import CreditEditor

NOTHING_CHOSEN = "Give the album or at least one track a role; tracks with no role are skipped."


class AlbumDialog(QDialog):
    """``added(key)`` once credits were added to the draft."""

    added = Signal(str)

    def __init__(
        self,
        tasks: Tasks,
        client: BeatPassClient,
        editor: CreditEditor,
        catalog: RoleCatalog,
        album: SpotifyItem,
        *,
        artist_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("creditAlbum")
        self.setWindowTitle(f"Credits on the album “{album.title}”")
        self.setAccessibleName("Roles on an album and its tracks")
        self.resize(760, 620)
        self._tasks, self._client, self._editor = tasks, client, editor
        self._catalog, self._artist_id = catalog, artist_id
        self.album = album
        self.loaded: SpotifyAlbum | None = None
        self.track_buttons: list[tuple[SpotifyTrack, RoleMenuButton]] = []
        self._held_roles: dict[str, list[str]] = {}
        self._draft: dict[str, Any] | None = None
        self._base: dict[str, Any] | None = None

        layout = QVBoxLayout(self)
        year = album.release_date[:4] or (str(album.release_year) if album.release_year else "")
        heading = QLabel(" · ".join(p for p in (album.title, album.artist_names, year) if p))
        set_role(heading, "subtitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        status_row = QHBoxLayout()
        self.status = QLabel("Loading the album’s tracks from Spotify…")
        self.status.setObjectName("albumStatus")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton("&Retry")
        self.retry_button.clicked.connect(self.load)
        self.retry_button.hide()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_button)
        layout.addLayout(status_row)

        form = QFormLayout()
        self.album_roles = RoleMenuButton(catalog, "No role on the album itself")
        self.album_roles.setObjectName("albumRoles")
        self.all_roles = RoleMenuButton(catalog, "None")
        self.all_roles.setObjectName("allTrackRoles")
        form.addRow("Roles on the &album itself:", self.album_roles)
        form.addRow("Apply to &every track:", self.all_roles)
        layout.addLayout(form)
        self.album_roles.changed.connect(self._update)
        self.all_roles.changed.connect(self._update)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("albumTracks")
        self.table.setAccessibleName("Tracks and their roles")
        self.table.setHorizontalHeaderLabels(["#", "Track", "Length", "Roles on this track"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setObjectName("albumSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            "Add credits", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.album_roles.set_held(self._held(album.type, album.spotify_id, album.existing_roles))
        self._update()
        self.load()

    def _held(self, kind: str, spotify_id: str, existing: tuple[str, ...]) -> list[str]:
        """The roles held on an item (read from the document once per item)."""
        key = f"{kind}:{spotify_id}"
        if key not in self._held_roles:
            if self._draft is None:
                doc = self._editor.doc
                self._draft, self._base = doc.draft, doc.base
            self._held_roles[key] = held_roles(self._draft, self._base or {}, key, existing)
        return self._held_roles[key]

    def load(self) -> None:
        """Fetch the album's tracks (C3)."""
        self.retry_button.hide()
        self.status.setText("Loading the album’s tracks from Spotify…")
        self.status.show()
        self._tasks.run(
            self._client.spotify_album,
            self.album.spotify_id,
            self._artist_id,
            owner=self,
            on_done=self._loaded,
            on_error=self._failed,
            name="Spotify album",
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(lookup_error(exc))
        self.retry_button.show()
        self._update()

    def _loaded(self, loaded: SpotifyAlbum) -> None:
        self.loaded = loaded
        self.status.hide()
        self.table.setRowCount(len(loaded.tracks))
        self.track_buttons = []
        for row, track in enumerate(loaded.tracks):
            number = QTableWidgetItem(str(track.track_number or row + 1))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, number)
            self.table.setItem(row, 1, QTableWidgetItem(track.title))
            self.table.setItem(row, 2, QTableWidgetItem(duration_text(track.duration_ms)))
            button = RoleMenuButton(self._catalog, "No role — skipped")
            button.setAccessibleName(f"Roles on {track.title}")
            button.set_held(self._held("track", track.spotify_id, track.existing_roles))
            button.changed.connect(self._update)
            self.table.setCellWidget(row, 3, button)
            self.track_buttons.append((track, button))
        self.table.resizeRowsToContents()
        self._update()

    def track_roles(self) -> list[tuple[SpotifyTrack, list[str]]]:
        """(track, new roles) per track: every-track roles plus its own, minus those held."""
        for_all = self.all_roles.chosen()
        result = []
        for track, button in self.track_buttons:
            held = set(self._held("track", track.spotify_id, track.existing_roles))
            roles = sort_roles(r for r in [*for_all, *button.chosen()] if r not in held)
            result.append((track, roles))
        return result

    def entries(self) -> list[tuple[dict[str, Any], list[str]]]:
        """What "Add credits" adds: the album's own credit, then each track with roles."""
        album = self.loaded.album if self.loaded is not None else self.album
        found: list[tuple[dict[str, Any], list[str]]] = []
        if self.album_roles.chosen():
            found.append((item_from_spotify(album), self.album_roles.chosen()))
        found += [
            (item_from_track(album, t, roles), roles) for t, roles in self.track_roles() if roles
        ]
        return found

    def _update(self) -> None:
        for_all = self.all_roles.chosen()
        for _track, button in self.track_buttons:
            button.set_inherited(for_all)
        tracks = self.track_roles()
        given = sum(1 for _t, roles in tracks if roles)
        skipped = len(tracks) - given
        album = bool(self.album_roles.chosen())
        if not given and not album:
            text = NOTHING_CHOSEN if self.loaded is not None else ""
        else:
            parts = []
            if album:
                parts.append("the album itself gets a credit")
            if tracks:
                parts.append(f"{given} of {count_text(len(tracks), 'track')} get roles")
            text = "; ".join(parts).capitalize() + "."
            if skipped and tracks:
                text += (
                    f" {count_text(skipped, 'track')} with no role "
                    f"{plural(skipped, 'is', 'are')} skipped."
                )
        self.summary.setText(text)
        self.ok_button.setEnabled(bool(given or album))

    def _confirm(self) -> None:
        entries = self.entries()
        if not entries:
            self.summary.setText(NOTHING_CHOSEN)
            return
        self._editor.add(entries, f"Add credits on the album “{self.album.title}”")
        first = entries[0][0]
        self.added.emit(f"{first['type']}:{first['spotify_id']}")
        self.accept()
