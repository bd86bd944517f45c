"""The public user page rendered from a draft (USER draft shape) and its extras.

It shows only what BeatPass shows there (avatar, username, the verified badge of a linked
verified producer profile, the buttons and the tabs) and says, in a preview note, which
saved fields the public page does not show."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.core import visibility as v
from studio.core.catalog import Album, Playlist, Repost, Track
from studio.core.models import Artist, User
from studio.core.text import compact_count
from studio.ui.preview import cards
from studio.ui.preview.artist_page import column
from studio.ui.preview.header import ProfileHeader
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.model import UserExtras, user_state
from studio.ui.preview.sections import Tabs
from studio.ui.preview.style import DESKTOP, Colours, Metrics
from studio.ui.preview.widgets import PlainLabel

EMPTY_TEXT = {
    v.LIKED_BEATS: "No liked beats yet.",
    v.PUBLIC_PLAYLISTS: "No public playlists yet.",
    v.REPOSTS: "No reposts yet.",
    v.LIKED_COLLECTIONS: "No liked collections yet.",
    v.LIKED_PRODUCERS: "No liked producers yet.",
    v.USER_FOLLOWERS: "No followers yet.",
    v.FOLLOWING: "Not following anyone yet.",
}


@dataclass(frozen=True)
class TabContent:
    """A user tab's contents as the pane knows them."""

    status: str  # "ready" | "loading" | "error" | "none" (no data source)
    items: tuple[Any, ...] = ()
    message: str = ""


def hidden_fields_note(draft: Mapping[str, Any]) -> str:
    hidden = v.user_hidden_fields(dict(draft))
    if not hidden:
        return ""
    return "Preview note: saved but not shown on the public user page: " + ", ".join(hidden) + "."


class UserPage(QWidget):
    """Header, the preview note and the tabs of a user page."""

    def __init__(self, content: Callable[[str], TabContent], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("previewPage")
        self._content = content
        self._loader: ImageLoader | None = None
        self._metrics: Metrics = DESKTOP
        self._draft: Mapping[str, Any] = {}
        self._extras = UserExtras()
        self.state = user_state(self._extras, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = ProfileHeader(with_cover=False)
        layout.addWidget(self.header)
        self._note_holder = QVBoxLayout()
        layout.addLayout(self._note_holder)
        self.note = cards.note("")
        self.note_label: PlainLabel = self.note.findChild(PlainLabel)  # type: ignore[assignment]
        self._note_holder.addWidget(self.note)
        self.tabs = Tabs(self._build_tab, self._tab_key)
        layout.addWidget(self.tabs)
        layout.addStretch(1)

    def set_loader(self, loader: ImageLoader | None) -> None:
        self._loader = loader
        self.header.set_loader(loader)
        self.tabs.invalidate()

    def set_look(self, metrics: Metrics, colours: Colours) -> None:
        self._metrics = metrics
        self.setFixedWidth(metrics.page_width)
        self.header.set_look(metrics, colours)
        self.tabs.set_margins(metrics.margin)
        self._note_holder.setContentsMargins(metrics.margin, 4, metrics.margin, 0)
        self.tabs.invalidate()
        self.tabs.refresh()

    def show_data(self, draft: Mapping[str, Any], extras: UserExtras, owner: bool) -> None:
        self._draft, self._extras = draft, extras
        state = user_state(extras, owner)
        self.state = state
        stats = []
        if extras.followers_count is not None:
            stats.append(f"{compact_count(extras.followers_count)} followers")
        if extras.following_count is not None:
            stats.append(f"{compact_count(extras.following_count)} following")
        username = draft.get("username")
        self.header.set_data(
            name=username if isinstance(username, str) else "",
            avatar=draft.get("image"),
            cover=None,
            badges=v.user_badges(state),
            stats=" · ".join(stats),
            actions=v.user_actions(state),
        )
        text = hidden_fields_note(draft)
        self.note_label.set_text(text)
        self.note.setVisible(bool(text))
        self.tabs.set_tabs(v.user_tabs(state))

    def tab_loaded(self, tab: str) -> None:
        if tab == self.tabs.current:
            self.tabs.refresh()

    def _tab_key(self, name: str) -> Any:
        content = self._content(name)
        return (content.status, content.items, content.message)

    def _build_tab(self, name: str) -> QWidget:
        content = self._content(name)
        if content.status == "loading":
            return PlainLabel("Loading…", "muted")
        if content.status == "error":
            return cards.note(content.message or "This tab could not be loaded.")
        if content.status == "none":
            return cards.note("Sign in or go online to see this tab's contents.")
        if not content.items:
            return PlainLabel(EMPTY_TEXT.get(name, "Nothing here yet."), "muted")
        m, loader = self._metrics, self._loader
        wide = m.two_columns
        tile = 170 if wide else 160
        columns = 5 if wide else 2
        widgets: list[QWidget] = []
        rows = False
        for i, item in enumerate(content.items):
            if isinstance(item, Track):
                widgets.append(cards.TrackRow(i + 1, item, loader, not wide))
                rows = True
            elif isinstance(item, Playlist):
                widgets.append(cards.playlist_tile(item, tile, loader))
            elif isinstance(item, Repost):
                widgets.append(cards.repost_widget(item, i + 1, tile, loader))
                rows = True
            elif isinstance(item, Album):
                widgets.append(cards.album_tile(item, tile, loader))
            elif isinstance(item, Artist):
                widgets.append(cards.artist_tile(item, tile, loader))
            elif isinstance(item, User):
                widgets.append(cards.user_tile(item, tile, loader))
        return column(widgets, 4) if rows else cards.grid(widgets, columns)
