"""``Picker``: the catalog table with its filter, "eligible only", sort, loading progress and
the Pin button — usable by keyboard alone: type to filter (in the filter or on the table),
arrows move through the tracks, Enter pins the current one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.core.pin_catalog import CatalogTrack, eligibility_tip
from studio.ui.pinned.model import (
    ARTISTS,
    COVER,
    COVER_PX,
    DATE,
    DATE_SORT,
    DURATION,
    ELIGIBILITY,
    FIRST_ORDER,
    PLAYS,
    PLAYS_SORT,
    SORT_COLUMNS,
    TITLE,
    TITLE_SORT,
    CatalogModel,
)
from studio.ui.preview.widgets import PlainLabel

SORTS = ((PLAYS_SORT, "Most played"), (DATE_SORT, "Newest"), (TITLE_SORT, "Title A–Z"))
NAVIGATION_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
)
ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
ROW_HEIGHT = COVER_PX + 8
COLUMN_WIDTHS = {COVER: COVER_PX + 12, ARTISTS: 130, DURATION: 70, PLAYS: 76, DATE: 92}
COLUMN_WIDTHS[ELIGIBILITY] = 200


class FilterEdit(QLineEdit):
    """The filter: arrows and page keys move through the table, Enter pins its current row."""

    navigate = Signal(object)  # QKeyEvent to pass to the table
    enterPressed = Signal()  # noqa: N815

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in NAVIGATION_KEYS:
            self.navigate.emit(event)
            return
        if event.key() in ENTER_KEYS:
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)


class TrackTable(QTableView):
    """The tracks. Enter pins the current one; typing goes to the filter."""

    pinRequested = Signal()  # noqa: N815
    typed = Signal(object)  # QKeyEvent: a character or Backspace for the filter

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        commands = event.modifiers() & COMMAND_MODIFIERS
        if event.key() in ENTER_KEYS and not commands:
            self.pinRequested.emit()
            return
        text = event.text()
        typing = bool(text) and text.isprintable() and not text.isspace()
        if not commands and (typing or event.key() == Qt.Key.Key_Backspace):
            self.typed.emit(event)
            return
        super().keyPressEvent(event)


class Picker(QWidget):
    """Filter, sort, progress and the table of one profile's tracks."""

    pinRequested = Signal(object)  # noqa: N815 — the CatalogTrack to pin
    refreshRequested = Signal()  # noqa: N815
    stopRequested = Signal()  # noqa: N815

    def __init__(self, model: CatalogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAccessibleName("Track picker")

        self.filter = FilterEdit()
        self.filter.setObjectName("pinFilter")
        self.filter.setAccessibleName("Filter tracks")
        self.filter.setPlaceholderText("Filter by title, artist or genre (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.eligible_only = QCheckBox("Eligi&ble only")
        self.eligible_only.setToolTip(
            "Hide the tracks that cannot be pinned. Tracks whose eligibility BeatPass did "
            "not say stay listed."
        )
        self.sort_box = QComboBox()
        self.sort_box.setAccessibleName("Sort tracks by")
        for key, text in SORTS:
            self.sort_box.addItem(text, key)
        sort_label = QLabel("S&ort:")
        sort_label.setBuddy(self.sort_box)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.eligible_only)
        top.addWidget(sort_label)
        top.addWidget(self.sort_box)

        self.table = TrackTable()
        self.table.setObjectName("pinTracks")
        self.table.setAccessibleName("Tracks of this producer profile")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setIconSize(QSize(COVER_PX, COVER_PX))
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(COVER_PX + 12)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        header.setSortIndicator(PLAYS, FIRST_ORDER[PLAYS])

        self.status = PlainLabel("", wrap=True)
        self.status.setObjectName("pinPickerStatus")
        self.status.setAccessibleName("Selected track")
        self.pin_button = QPushButton("&Pin this track")
        self.pin_button.setAccessibleName("Pin the selected track")
        self.pin_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.pin_button)

        self.progress_text = PlainLabel("", wrap=True)
        self.progress_text.setAccessibleName("Catalog loading")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Tracks loaded")
        self.progress.setMaximumWidth(200)
        self.progress.setTextVisible(False)
        self.load_button = QPushButton("&Refresh")
        self.load_button.setAccessibleName("Refresh the tracks from BeatPass")
        loading = QHBoxLayout()
        loading.addWidget(self.progress_text, 1)
        loading.addWidget(self.progress)
        loading.addWidget(self.load_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(loading)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.filter.textChanged.connect(model.set_filter)
        self.filter.navigate.connect(self._navigate)
        self.filter.enterPressed.connect(self.pin_current)
        self.eligible_only.toggled.connect(model.set_eligible_only)
        self.sort_box.activated.connect(self._sort_chosen)
        header.sortIndicatorChanged.connect(self._sorted_by_header)
        self.table.pinRequested.connect(self.pin_current)
        self.table.typed.connect(self._typed)
        self.table.doubleClicked.connect(lambda _index: self.pin_current())
        self.pin_button.clicked.connect(self.pin_current)
        self.load_button.clicked.connect(self._load_clicked)
        self._busy = False
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._current_id: int | None = None

    # --- what the page uses ------------------------------------------------------------

    def current_track(self) -> CatalogTrack | None:
        index = self.table.currentIndex()
        return self.model.track_at(index.row()) if index.isValid() else None

    def select_track(self, track_id: int | None) -> bool:
        """Make ``track_id`` the current row (when shown); True when it is."""
        row = self.model.row_of(track_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, TITLE))
        self.table.scrollTo(self.model.index(row, TITLE))
        return True

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def pin_current(self) -> None:
        track = self.current_track()
        if track is None and self.model.rowCount() > 0 and self.filter.hasFocus():
            track = self.model.track_at(0)  # Enter in the filter: the first match
        if track is not None:
            self.pinRequested.emit(track)

    def set_loading(self, busy: bool, text: str, loaded: int, total: int | None) -> None:
        self._busy = busy
        self.progress_text.set_text(text)
        self.progress.setVisible(busy)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(loaded, total))
        else:
            self.progress.setRange(0, 0)  # busy, amount unknown
        self.load_button.setText("&Stop" if busy else "&Refresh")
        self.load_button.setAccessibleName(
            "Stop loading the tracks" if busy else "Refresh the tracks from BeatPass"
        )

    def explain(self) -> None:
        """The status line for the current track: can it be pinned, and why not."""
        track = self.current_track()
        if track is None:
            count = self.model.rowCount()
            shown = f"{count:,} of {self.model.total:,} tracks shown."
            self.status.set_text(shown if self.model.total else "No tracks yet.")
            self.pin_button.setEnabled(False)
            return
        refused = self.model.refusal(track.id)
        can = self.model.pinnable(track)
        why = eligibility_tip(track, refused)
        self.status.set_text(f"“{track.name}”: {why}" + (" Press Enter to pin it." if can else ""))
        self.pin_button.setEnabled(can)

    # --- internals ---------------------------------------------------------------------

    def _navigate(self, event: QKeyEvent) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, TITLE))
            if event.key() == Qt.Key.Key_Down:
                return
        QApplication.sendEvent(self.table, event)

    def _typed(self, event: QKeyEvent) -> None:
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.sendEvent(self.filter, event)

    def _sort_chosen(self, index: int) -> None:
        column = SORT_COLUMNS[str(self.sort_box.itemData(index))]
        self.table.sortByColumn(column, FIRST_ORDER.get(column, Qt.SortOrder.AscendingOrder))

    def _sorted_by_header(self, column: int, _order: Qt.SortOrder) -> None:
        keys = {c: k for k, c in SORT_COLUMNS.items()}
        index = self.sort_box.findData(keys.get(column))
        if index >= 0:
            self.sort_box.setCurrentIndex(index)

    def _load_clicked(self) -> None:
        (self.stopRequested if self._busy else self.refreshRequested).emit()

    def _remember_current(self) -> None:
        track = self.current_track()
        self._current_id = track.id if track is not None else self._current_id

    def _restore_current(self) -> None:
        if self._current_id is not None:
            row = self.model.row_of(self._current_id)
            if row is not None:
                self.table.setCurrentIndex(self.model.index(row, TITLE))
        self.explain()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        track = self.model.track_at(current.row()) if current.isValid() else None
        if track is not None:
            self._current_id = track.id
        self.explain()
