"""The public producer page rendered from a draft (ARTIST draft shape) and its extras."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from studio.core import visibility as v
from studio.core.text import compact_count, country_flag, is_youtube_channel, location_text
from studio.ui.flow_layout import FlowLayout
from studio.ui.models.countries import font_has_flags
from studio.ui.preview import cards
from studio.ui.preview.bounds import (
    GENRES_SHOWN,
    LINKS_SHOWN,
    PHOTOS_SHOWN,
    Overflow,
    bounded_artist,
    more_note,
)
from studio.ui.preview.credits_block import CreditsBlock
from studio.ui.preview.header import ProfileHeader
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.model import POPULAR_SHOWN, ArtistExtras, artist_state
from studio.ui.preview.sections import Bio, Section, Tabs
from studio.ui.preview.style import DESKTOP, Colours, Metrics
from studio.ui.preview.widgets import ElidedLabel, LinkChip, Opener, Picture, PlainLabel, rule

SIDE_WIDTH = 300
SIDE_GAP = 36


def _text(draft: Mapping[str, Any], key: str) -> str:
    value = draft.get(key)
    return value if isinstance(value, str) else ""


def _links(draft: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(url, title) of the links of a bounded draft (each has a URL)."""
    return tuple((link["url"], link["title"]) for link in draft.get("links") or [])


def _photos(draft: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(
        str(item.get("url", ""))
        for item in draft.get("profile_images") or []
        if isinstance(item, Mapping)
    )


class ArtistPage(QWidget):
    """Header, tabs and tab contents of a producer page. Call :meth:`show_data` with new data;
    only the parts whose data changed are rebuilt, and only what the page shows of them
    (:func:`~studio.ui.preview.bounds.bounded_artist`)."""

    def __init__(self, opener: Opener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPage")
        self._opener = opener
        self._loader: ImageLoader | None = None
        self._metrics: Metrics = DESKTOP
        self._colours: Colours | None = None
        self._draft: Mapping[str, Any] = {}
        self._overflow = Overflow()
        self._extras = ArtistExtras()
        self._owner = False
        self.state = artist_state({}, self._extras, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = ProfileHeader(with_cover=True)
        layout.addWidget(self.header)
        self.tabs = Tabs(self._build_tab, self._tab_key)
        layout.addWidget(self.tabs)
        layout.addStretch(1)
        self.discography: Discography | None = None
        self.tabs.current_changed.connect(self._on_tab)

    def _on_tab(self, name: str) -> None:
        if name == v.DISCOGRAPHY and self.discography is not None:
            self.discography.show_data(self._draft, self._overflow, self._extras, self.state)

    def set_loader(self, loader: ImageLoader | None) -> None:
        self._loader = loader
        self.header.set_loader(loader)
        self.tabs.invalidate()
        self.discography = None

    def set_look(self, metrics: Metrics, colours: Colours) -> None:
        self._metrics, self._colours = metrics, colours
        self.setFixedWidth(metrics.page_width)
        self.header.set_look(metrics, colours)
        self.tabs.set_margins(metrics.margin)
        self.tabs.invalidate()
        self.discography = None
        self.tabs.refresh()

    def prepare(self, draft: Mapping[str, Any], extras: ArtistExtras, owner: bool) -> bool:
        """Make the tab page :meth:`show_data` will show for this data (see Tabs.prepare);
        until then the page keeps showing (and building other tabs from) its data."""
        shown = (self._draft, self._overflow, self._extras, self._owner, self.state)
        try:
            return self.tabs.prepare(v.artist_tabs(self._take(draft, extras, owner)))
        finally:
            self._draft, self._overflow, self._extras, self._owner, self.state = shown

    def _take(
        self, draft: Mapping[str, Any], extras: ArtistExtras, owner: bool
    ) -> v.ArtistPageState:
        draft, self._overflow = bounded_artist(draft)
        self._draft, self._extras, self._owner = draft, extras, owner
        self.state = artist_state(draft, extras, owner)
        return self.state

    def show_data(self, draft: Mapping[str, Any], extras: ArtistExtras, owner: bool) -> None:
        state = self._take(draft, extras, owner)
        draft = self._draft
        stats = []
        if extras.plays:
            stats.append(f"{compact_count(extras.plays)} plays")
        if extras.followers_count is not None:
            stats.append(f"{compact_count(extras.followers_count)} followers")
        self.header.set_data(
            name=_text(draft, "name"),
            avatar=draft.get("image_small"),
            cover=draft.get("cover_image"),
            badges=v.artist_badges(state),
            stats=" · ".join(stats),
            actions=v.artist_actions(state),
        )
        self.tabs.set_tabs(v.artist_tabs(state))
        if self.discography is not None and self.tabs.current == v.DISCOGRAPHY:
            self.discography.show_data(draft, self._overflow, extras, state)

    # --- tabs -----------------------------------------------------------------------------

    def _tab_key(self, name: str) -> Any:
        d, e = self._draft, self._extras
        keys: dict[str, Any] = {
            v.DISCOGRAPHY: None,
            v.SIMILAR: e.similar,
            v.GALLERY: (_photos(d), self._overflow.photos),
            v.BEATS: e.tracks,
            v.ALBUMS: e.albums,
            v.VIDEOS: _links(d),
            v.ARTIST_FOLLOWERS: e.followers_count,
            v.ACHIEVEMENTS: None,
        }
        return keys.get(name)

    def _build_tab(self, name: str) -> QWidget:
        m, e, loader = self._metrics, self._extras, self._loader
        wide = m.two_columns
        tile = 200 if wide else 170
        if name == v.DISCOGRAPHY:
            self.discography = Discography(m, self._colours, loader, self._opener)
            self.discography.show_data(self._draft, self._overflow, e, self.state)
            return self.discography
        if name == v.SIMILAR:
            return cards.grid(
                [cards.artist_tile(a, 150, loader) for a in e.similar],
                5 if wide else 2,
            )
        if name == v.GALLERY:
            photos = _photos(self._draft)
            size = (m.page_width - 2 * m.margin - 12 * (m.gallery_columns - 1)) // m.gallery_columns
            photo_grid = cards.grid(
                [photo(url, size, loader) for url in photos], m.gallery_columns, 12
            )
            more = more_note(self._overflow.photos, "photo", PHOTOS_SHOWN)
            return column([photo_grid, cards.note(more)], 12) if more else photo_grid
        if name == v.BEATS:
            if not e.tracks:
                return PlainLabel("No beats yet.", "muted")
            return column(
                [cards.TrackRow(i + 1, t, loader, not wide) for i, t in enumerate(e.tracks)], 2
            )
        if name == v.ALBUMS:
            if not e.albums:
                return PlainLabel("No albums yet.", "muted")
            return cards.grid(
                [cards.album_tile(a, tile, loader) for a in e.albums], m.album_columns
            )
        if name == v.VIDEOS:
            channels = [url for url, _title in _links(self._draft) if is_youtube_channel(url)]
            return column(
                [
                    PlainLabel("Videos from the linked YouTube channel appear here:", "muted"),
                    *(ElidedLabel(url) for url in channels),
                ],
                6,
            )
        if name == v.ARTIST_FOLLOWERS:
            count = e.followers_count
            return column(
                [
                    PlainLabel(
                        f"{compact_count(count)} followers" if count is not None else "Followers",
                        "h2",
                    ),
                    cards.note("Preview: the list of followers is not available through the API."),
                ],
                10,
            )
        return cards.note(
            "Achievements are shown to you (the owner) and admins only. Their contents are "
            "not available through the API."
        )


def column(widgets: list[QWidget], spacing: int) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return holder


def _with_note(body: QWidget, text: str) -> QWidget:
    """``body`` with a preview note under it (``body`` alone when there is nothing to say)."""
    return column([body, cards.note(text)], 8) if text else body


def photo(url: str, size: int, loader: ImageLoader | None) -> Picture:
    pic = cards.picture(size, "rounded", url, "", loader)
    pic.setAccessibleName("Gallery photo")
    return pic


class Discography(QWidget):
    """The Discography tab: pinned card, popular beats, albums, credits and the About block
    (bio, location, Connect links, genres, gallery preview). Sections rebuild on change."""

    def __init__(
        self, metrics: Metrics, colours: Colours | None, loader: ImageLoader | None, opener: Opener
    ) -> None:
        super().__init__()
        self._m, self._loader, self._opener = metrics, loader, opener
        self._flags = font_has_flags(self.fontMetrics())  # else the location shows no flag
        muted = QColor(colours.muted if colours else "#888888")
        wide = metrics.two_columns
        self.pinned = Section("", lambda t: cards.PinnedCard(t, loader, muted) if t else None)
        self.popular = Section("Popular beats", self._popular)
        self.albums = Section("Albums", self._albums)
        self.credits = Section("Professional credits", self._credits)
        self.about = QWidget()
        about = QVBoxLayout(self.about)
        about.setContentsMargins(0, 0, 0, 0)
        about.setSpacing(14)
        about.addWidget(PlainLabel("About", "h2"))
        self.bio = Bio()
        self.location = Section("", self._location)
        self.links = Section("Connect", self._connect, "h3")
        self.genres = Section("Genres", self._genres, "h3")
        self.gallery = Section("Gallery", self._gallery, "h3")
        for widget in (self.bio, self.location, self.links, self.genres, self.gallery):
            about.addWidget(widget)
        self.blocks: dict[str, QWidget] = {
            v.PINNED: self.pinned,
            v.POPULAR: self.popular,
            v.ALBUM_LIST: self.albums,
            v.ABOUT: self.about,
            v.BIO: self.bio,
            v.LOCATION: self.location,
            v.CONNECT: self.links,
            v.GENRES: self.genres,
            v.GALLERY_PREVIEW: self.gallery,
            v.CREDITS: self.credits,
        }
        main = QVBoxLayout()
        main.setSpacing(28)
        for widget in (self.pinned, self.popular, self.albums):
            main.addWidget(widget)
        if wide:
            main.addWidget(self.credits)
            main.addStretch(1)
            outer = QHBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.setSpacing(SIDE_GAP)
            outer.addLayout(main, 1)
            side = QVBoxLayout()
            side.addWidget(self.about)
            side.addStretch(1)
            self.about.setFixedWidth(SIDE_WIDTH)
            outer.addLayout(side)
        else:
            main.addWidget(rule())
            main.addWidget(self.about)
            main.addWidget(self.credits)
            main.addStretch(1)
            main.setContentsMargins(0, 0, 0, 0)
            self.setLayout(main)

    def show_data(
        self,
        draft: Mapping[str, Any],
        overflow: Overflow,
        extras: ArtistExtras,
        state: v.ArtistPageState,
    ) -> None:
        """Show a bounded draft (see :func:`bounded_artist`); ``overflow``: what it left out."""
        shown = set(v.discography_sections(state))
        for name, widget in self.blocks.items():
            widget.setVisible(name in shown)
        self.pinned.set_data(extras.pinned_track)
        self.popular.set_data(extras.tracks[:POPULAR_SHOWN])
        self.albums.set_data(extras.albums[: self._m.album_columns])
        self.credits.set_data(extras.credits)
        self.bio.set_text(_text(draft, "description"), overflow.bio_length)
        self.location.set_data((_text(draft, "city"), _text(draft, "country")))
        self.links.set_data((_links(draft), overflow.links))
        self.genres.set_data((tuple(draft.get("genres") or []), overflow.genres))
        self.gallery.set_data(_photos(draft)[: v.GALLERY_PREVIEW_MAX])
        self._order_tab_stops()

    def _order_tab_stops(self) -> None:
        """Tab goes through the blocks in one order (the About block's bio and links before
        the credits), whatever order their widgets were made in: sections rebuild as their
        data comes, and a rebuilt section's widgets would otherwise go last."""
        blocks = (self.pinned, self.popular, self.albums, self.about, self.credits)
        stops = [
            widget
            for block in blocks
            for widget in block.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        for first, then in pairwise(stops):
            QWidget.setTabOrder(first, then)

    def _popular(self, tracks: tuple[Any, ...]) -> QWidget:
        wide = self._m.two_columns
        return column(
            [cards.TrackRow(i + 1, t, self._loader, not wide) for i, t in enumerate(tracks)], 2
        )

    def _albums(self, albums: tuple[Any, ...]) -> QWidget:
        m = self._m
        columns = m.album_columns
        width = m.page_width - 2 * m.margin - (SIDE_WIDTH + SIDE_GAP if m.two_columns else 0)
        size = (width - 16 * (columns - 1)) // columns
        return cards.grid([cards.album_tile(a, size, self._loader) for a in albums], columns)

    def _credits(self, groups: tuple[Any, ...]) -> QWidget:
        return CreditsBlock(groups, self._loader)

    def _location(self, value: tuple[str, str]) -> QWidget:
        city, country = value
        flag = country_flag(country) if self._flags else ""
        text = location_text(city, country)
        label = PlainLabel(f"{flag} {text}" if flag else text, "muted", wrap=True)
        label.setAccessibleName("Location")
        return label

    def _connect(self, data: tuple[tuple[tuple[str, str], ...], int]) -> QWidget:
        links, more = data
        holder = QWidget()
        flow = FlowLayout(holder)
        for url, title in links:
            flow.add(LinkChip(url, title, self._opener))
        return _with_note(holder, more_note(more, "link", LINKS_SHOWN))

    def _genres(self, data: tuple[tuple[str, ...], int]) -> QWidget:
        genres, more = data
        holder = QWidget()
        flow = FlowLayout(holder, 6)
        for name in genres:
            flow.add(PlainLabel(name, "pill"))
        return _with_note(holder, more_note(more, "genre", GENRES_SHOWN))

    def _gallery(self, photos: tuple[str, ...]) -> QWidget:
        width = SIDE_WIDTH if self._m.two_columns else self._m.page_width - 2 * self._m.margin
        size = (width - 16) // 3
        return cards.grid([photo(url, size, self._loader) for url in photos], 3, 8)
