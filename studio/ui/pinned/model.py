"""``CatalogModel``: every track of a producer profile as a table (cover, title, artists,
duration, plays, date added, eligibility), filtered as you type and sorted.

Filtering 10,000 rows must fit in a frame: each row carries a precomputed lowercase search
key (title, artists, genres), a keystroke that narrows the text filters only the rows still
shown, and the model keeps its own list of shown rows (no proxy model).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QPixmap

from studio.core.pin_catalog import (
    CatalogTrack,
    can_pin,
    eligibility_label,
    eligibility_tip,
)
from studio.pictures import ImageLoader
from studio.ui.preview.icons import pin_pixmap

Index = QModelIndex | QPersistentModelIndex

COVER, TITLE, ARTISTS, DURATION, PLAYS, DATE, ELIGIBILITY = range(7)
HEADERS = ("Cover", "Title", "Artists", "Duration", "Plays", "Added", "Can be pinned")
COVER_PX = 32
TRACK_ID_ROLE = Qt.ItemDataRole.UserRole + 1

PLAYS_SORT, DATE_SORT, TITLE_SORT = "plays", "date", "title"
SORT_COLUMNS = {PLAYS_SORT: PLAYS, DATE_SORT: DATE, TITLE_SORT: TITLE}
# The order a column sorts in first (most played and newest first; titles A–Z).
FIRST_ORDER = {PLAYS: Qt.SortOrder.DescendingOrder, DATE: Qt.SortOrder.DescendingOrder}


def _sort_key(column: int) -> Callable[[CatalogTrack], Any]:
    """A single plain value per row (no tuples: sorting 10,000 rows allocates nothing the
    garbage collector has to follow); ties keep the server's order (the sort is stable)."""
    keys: dict[int, Callable[[CatalogTrack], Any]] = {
        TITLE: lambda t: t.title_key,
        ARTISTS: lambda t: t.artists_text.casefold(),
        DURATION: lambda t: t.duration_ms or 0,
        PLAYS: lambda t: t.plays,
        DATE: lambda t: t.created_at,
        ELIGIBILITY: lambda t: 0 if t.eligible else 2 if t.eligible is False else 1,
    }
    return keys.get(column, keys[PLAYS])


def _narrows(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """True when every row matching ``new`` also matches ``old`` (each old term is inside a
    new one), so the rows shown for ``old`` are enough to filter from."""
    return all(any(o in n for n in new) for o in old)


class CatalogModel(QAbstractTableModel):
    """The picker's table. ``refusals`` (track id → reason) are pins BeatPass refused;
    ``pinned`` is the draft's pinned track (shown bold, with a pin before its title)."""

    shownChanged = Signal()  # noqa: N815 — the rows shown changed (filter, sort, new rows)

    def __init__(self, images: ImageLoader | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._images = images
        self._rows: tuple[CatalogTrack, ...] = ()
        self._by_id: dict[int, int] = {}
        self._order: list[int] = []  # indices of _rows in sort order
        self._shown: list[int] = []  # indices of _rows shown (filtered _order)
        self._terms: tuple[str, ...] = ()
        self._eligible_only = False
        self._refusals: dict[int, str] = {}
        self._pinned: int | None = None
        self._sort_column = PLAYS
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._cover_size = QSize(COVER_PX, COVER_PX)
        self._pin_icon: QPixmap | None = None
        if images is not None:
            images.loaded.connect(self._image_loaded)

    # --- what is shown -----------------------------------------------------------------

    @property
    def total(self) -> int:
        """Every track known (shown or not)."""
        return len(self._rows)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def set_rows(self, rows: Sequence[CatalogTrack]) -> None:
        """Replace the tracks (new pages, a refresh, another profile)."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self._by_id = {t.id: i for i, t in enumerate(self._rows)}
        self._order = self._sorted()
        self._shown = self._filter(self._order)
        self.endResetModel()
        self.shownChanged.emit()

    def set_filter(self, text: str) -> None:
        """Show the tracks whose title, artists or genres hold every word of ``text``."""
        terms = tuple(text.casefold().split())
        if terms == self._terms:
            return
        narrowing = bool(self._terms) and _narrows(self._terms, terms)
        self._terms = terms
        self._refilter(self._shown if narrowing else self._order)

    def set_eligible_only(self, on: bool) -> None:
        """Hide the tracks known not to be pinnable (unknown ones stay: BeatPass decides)."""
        if on == self._eligible_only:
            return
        self._eligible_only = on
        self._refilter(self._shown if on else self._order)

    def set_refusals(self, refusals: dict[int, str]) -> None:
        if refusals == self._refusals:
            return
        self._refusals = dict(refusals)
        if self._eligible_only:
            self._refilter(self._order)
        elif self._shown:
            self._changed_column(ELIGIBILITY)

    def set_pinned(self, track_id: int | None) -> None:
        """The draft's pinned track (its row is bold)."""
        if track_id == self._pinned:
            return
        old, self._pinned = self._pinned, track_id
        for ident in (old, track_id):
            row = self.row_of(ident)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == COVER:
            return
        if (column, order) == (self._sort_column, self._sort_order) and self._order:
            return
        self._sort_column, self._sort_order = column, order
        self.beginResetModel()
        self._order = self._sorted()
        self._shown = self._filter(self._order)
        self.endResetModel()
        self.shownChanged.emit()

    def track_at(self, row: int) -> CatalogTrack | None:
        if 0 <= row < len(self._shown):
            return self._rows[self._shown[row]]
        return None

    def track(self, track_id: int) -> CatalogTrack | None:
        index = self._by_id.get(track_id)
        return self._rows[index] if index is not None else None

    def row_of(self, track_id: int | None) -> int | None:
        """The shown row of a track (None when it is filtered out or unknown)."""
        index = self._by_id.get(track_id) if track_id is not None else None
        if index is None:
            return None
        try:
            return self._shown.index(index)
        except ValueError:
            return None

    def refusal(self, track_id: int) -> str | None:
        return self._refusals.get(track_id)

    def pinnable(self, track: CatalogTrack) -> bool:
        return can_pin(track, self._refusals.get(track.id))

    # --- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if section == COVER else HEADERS[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        track = self.track_at(index.row()) if index.isValid() else None
        if track is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(track, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ELIGIBILITY:
                return eligibility_tip(track, self._refusals.get(track.id))
            return self._said(track, column) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == COVER:
                return f"Cover of {track.name}"
            return self._said(track, column)
        if role == Qt.ItemDataRole.DecorationRole and column == TITLE:
            return self._pin() if track.id == self._pinned else None
        if role == Qt.ItemDataRole.DecorationRole and column == COVER:
            if self._images is None or not track.image:
                return None
            return self._images.image(track.image, self._cover_size)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (DURATION, PLAYS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and track.id == self._pinned:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not self.pinnable(track):
            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == TRACK_ID_ROLE:
            return track.id
        return None

    # --- internals ---------------------------------------------------------------------

    def _said(self, track: CatalogTrack, column: int) -> str:
        """A cell's tooltip and what a screen reader says (the pin icon in words)."""
        text = self._text(track, column)
        if column == TITLE and track.id == self._pinned:
            return f"{text} · pinned in your draft"
        return text

    def _pin(self) -> QPixmap:
        if self._pin_icon is None:
            colour = QGuiApplication.palette().color(QPalette.ColorRole.Text)
            self._pin_icon = pin_pixmap(
                colour, 14, QGuiApplication.primaryScreen().devicePixelRatio()
            )
        return self._pin_icon

    def _text(self, track: CatalogTrack, column: int) -> str:
        if column == TITLE:
            return track.name  # the pinned one has a pin before it (the title keeps its room)
        if column == ARTISTS:
            return track.artists_text
        if column == DURATION:
            return track.duration_text
        if column == PLAYS:
            return f"{track.plays:,}"
        if column == DATE:
            return track.date
        if column == ELIGIBILITY:
            return eligibility_label(track, self._refusals.get(track.id))
        return ""

    def _sorted(self) -> list[int]:
        key = _sort_key(self._sort_column)
        rows = self._rows
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(range(len(rows)), key=lambda i: key(rows[i]), reverse=reverse)

    def _filter(self, indices: Sequence[int]) -> list[int]:
        rows, terms = self._rows, self._terms
        if len(terms) == 1:
            term = terms[0]
            found = [i for i in indices if term in rows[i].search]
        elif terms:
            found = [i for i in indices if all(t in rows[i].search for t in terms)]
        else:
            found = list(indices)
        if self._eligible_only:
            refusals = self._refusals
            found = [i for i in found if can_pin(rows[i], refusals.get(rows[i].id))]
        return found

    def _refilter(self, indices: Sequence[int]) -> None:
        shown = self._filter(indices)
        if shown == self._shown:
            return
        self.beginResetModel()
        self._shown = shown
        self.endResetModel()
        self.shownChanged.emit()

    def _changed_column(self, column: int) -> None:
        last = self.rowCount() - 1
        if last >= 0:
            self.dataChanged.emit(self.index(0, column), self.index(last, column))

    def _image_loaded(self, _source: str, width: int, height: int) -> None:
        if (width, height) == (COVER_PX, COVER_PX):
            self._changed_column(COVER)
