"""Cards and rows of the rendered pages: tracks, the pinned track, albums, artists, users,
playlists, photos and credits. All text is plain (see :class:`PlainLabel`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from studio.core.catalog import Album, ArtistRef, Playlist, Repost, Track
from studio.core.credits import CreditGroup
from studio.core.limits import CREDIT_ROLE_BADGES_SHOWN
from studio.core.models import Artist, User
from studio.core.text import compact_count, duration_text
from studio.ui.flow_layout import FlowLayout
from studio.ui.preview.icons import pin_pixmap
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.widgets import ElidedLabel, Picture, PlainLabel


def picture(
    size: int,
    shape: str,
    source: str | None,
    name: str,
    loader: ImageLoader | None,
    *,
    play: bool = False,
) -> Picture:
    pic = Picture(size, shape, play_overlay=play)
    pic.set_loader(loader)
    pic.set_source(source, name)
    return pic


def artists_text(artists: Sequence[ArtistRef]) -> str:
    return ", ".join(a.name for a in artists)


def track_meta(track: Track) -> str:
    duration = track.duration_text or duration_text(track.duration_ms)
    parts = [duration] if duration else []
    parts.append(f"{compact_count(track.plays)} plays")
    return " · ".join(parts)


class TrackRow(QWidget):
    """One row of Popular beats / Beats: number, cover, title and artists, plays, duration."""

    def __init__(
        self, index: int, track: Track, loader: ImageLoader | None, compact: bool = False
    ) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(12)
        number = PlainLabel(str(index), "muted")
        number.setFixedWidth(18)
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(number)
        layout.addWidget(picture(44, "rounded", track.image, track.name, loader))
        text = QVBoxLayout()
        text.setSpacing(1)
        self.title = ElidedLabel(track.name)
        self.title.setStyleSheet("font-weight: 600;")
        self.artists = ElidedLabel(artists_text(track.artists), "muted")
        text.addWidget(self.title)
        text.addWidget(self.artists)
        layout.addLayout(text, 1)
        if not compact:
            plays = PlainLabel(f"{compact_count(track.plays)} plays", "muted")
            layout.addWidget(plays)
        duration = PlainLabel(track.duration_text or duration_text(track.duration_ms), "muted")
        duration.setMinimumWidth(36)
        duration.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(duration)


class PinnedCard(QFrame):
    """The pinned track at the top of Discography: pin, round cover with play, title,
    artists (with collaborators), duration and plays."""

    def __init__(self, track: Track, loader: ImageLoader | None, muted: QColor) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.setAccessibleName("Pinned track")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 12, 16, 12)
        layout.setSpacing(14)
        layout.addWidget(picture(64, "circle", track.image, track.name, loader, play=True))
        text = QVBoxLayout()
        text.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(6)
        pin = QLabel()
        pin.setPixmap(pin_pixmap(muted, 14, self.devicePixelRatioF()))
        head.addWidget(pin)
        head.addWidget(PlainLabel("Pinned", "muted"))
        head.addStretch(1)
        text.addLayout(head)
        self.title = ElidedLabel(track.name, "h3")
        self.artists = ElidedLabel(artists_text(track.artists), "muted")
        self.meta = PlainLabel(track_meta(track), "muted")
        for label in (self.title, self.artists, self.meta):
            text.addWidget(label)
        layout.addLayout(text, 1)


class Tile(QWidget):
    """A picture with a title and a caption below (albums, playlists, artists, users)."""

    def __init__(
        self,
        source: str | None,
        title: str,
        caption: str,
        size: int,
        *,
        loader: ImageLoader | None,
        shape: str = "rounded",
    ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(
            picture(size, shape, source, title, loader),
            0,
            Qt.AlignmentFlag.AlignHCenter if shape == "circle" else Qt.AlignmentFlag.AlignLeft,
        )
        self.title = ElidedLabel(title)
        self.title.setStyleSheet("font-weight: 600;")
        self.caption = ElidedLabel(caption, "muted")
        if shape == "circle":
            self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.caption)
        self.setFixedWidth(size)


def album_tile(album: Album, size: int, loader: ImageLoader | None) -> Tile:
    year = album.release_date[:4]
    count = f"{album.tracks_count} beats" if album.tracks_count is not None else ""
    return Tile(
        album.image, album.name, " · ".join(p for p in (year, count) if p), size, loader=loader
    )


def artist_tile(artist: ArtistRef | Artist, size: int, loader: ImageLoader | None) -> Tile:
    image = artist.image if isinstance(artist, ArtistRef) else artist.image_small
    return Tile(image, artist.name, "Producer", size, loader=loader, shape="circle")


def user_tile(user: User, size: int, loader: ImageLoader | None) -> Tile:
    caption = f"{compact_count(user.followers_count)} followers" if user.followers_count else ""
    return Tile(user.image, user.name, caption, size, loader=loader, shape="circle")


def playlist_tile(playlist: Playlist, size: int, loader: ImageLoader | None) -> Tile:
    return Tile(playlist.image, playlist.name, "Playlist", size, loader=loader)


def repost_widget(repost: Repost, index: int, size: int, loader: ImageLoader | None) -> QWidget:
    if isinstance(repost.item, Album):
        return album_tile(repost.item, size, loader)
    if isinstance(repost.item, Track):
        return TrackRow(index, repost.item, loader)
    return PlainLabel("This item is no longer available.", "muted")


class CreditRow(QWidget):
    """A credit: cover, title, artist · year, type badge, up to 2 role badges + "+N more"."""

    def __init__(self, group: CreditGroup, loader: ImageLoader | None) -> None:
        super().__init__()
        head = group.head
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(12)
        layout.addWidget(picture(44, "rounded", head.image, head.title, loader))
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = ElidedLabel(head.title)
        self.title.setStyleSheet("font-weight: 600;")
        year = str(head.release_year) if head.release_year else head.release_date[:4]
        self.caption = ElidedLabel(" · ".join(p for p in (head.artist_names, year) if p), "muted")
        text.addWidget(self.title)
        text.addWidget(self.caption)
        badges = QWidget()
        flow = FlowLayout(badges, 4)
        flow.add(PlainLabel("Album" if group.type == "album" else "Song", "badge"))
        names = [e.role_name or e.role for e in group.entries]
        for name in names[:CREDIT_ROLE_BADGES_SHOWN]:
            flow.add(PlainLabel(name, "badge"))
        if len(names) > CREDIT_ROLE_BADGES_SHOWN:
            flow.add(PlainLabel(f"+{len(names) - CREDIT_ROLE_BADGES_SHOWN} more", "badge"))
        text.addWidget(badges)
        layout.addLayout(text, 1)
        if not head.is_available:  # dimmed and said, as BeatPass shows it
            flow.add(PlainLabel("No longer available on Spotify", "badge"))
            self.setEnabled(False)
            self.setAccessibleDescription("No longer available on Spotify")
            dim = QGraphicsOpacityEffect(self)
            dim.setOpacity(0.5)
            self.setGraphicsEffect(dim)


def grid(widgets: Sequence[QWidget], columns: int, spacing: int = 16) -> QWidget:
    holder = QWidget()
    layout = QGridLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setHorizontalSpacing(spacing)
    layout.setVerticalSpacing(spacing)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, i // columns, i % columns, Qt.AlignmentFlag.AlignTop)
    for col in range(columns):
        layout.setColumnStretch(col, 1)
    return holder


def note(text: str) -> QFrame:
    """A preview annotation (not part of the public page)."""
    frame = QFrame()
    frame.setProperty("role", "note")
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    label = PlainLabel(text, "note", wrap=True)
    layout.addWidget(label)
    frame.setAccessibleName(text)
    return frame
