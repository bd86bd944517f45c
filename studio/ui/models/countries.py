"""``CountryListModel``: the countries of :mod:`studio.core.countries` as a Qt list model,
and ``CountryFilterModel``, the type-ahead filter over it (names, aliases, codes).

Flags are emoji drawn into icons, and drawing ~250 of them (the first one loads the emoji
font) is slow. Qt asks a model for every row's decoration when it sizes a combo box, so the
icons given out are empty promises (:class:`FlagEngine`): a flag is drawn the first time a
view paints its row, and kept. One model can serve every country box of a window.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPixmap,
)

from studio.core import countries
from studio.core.countries import Country

CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # "CA"; "" for the "no country" row
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # the stored name; "" for the "no country" row
FLAG_ROLE = Qt.ItemDataRole.UserRole + 3  # the flag emoji ("" without flag glyphs)
NO_COUNTRY_LABEL = "— No country —"
ICON_PX = 32

Index = QModelIndex | QPersistentModelIndex


def font_has_flags(metrics: QFontMetrics) -> bool:
    """Whether the font (with its fallbacks) draws regional-indicator letters as flags."""
    return all(metrics.inFontUcs4(0x1F1E6 + i) for i in (2, 0))  # "C", "A"


def draw_flag(emoji: str, font: QFont) -> QPixmap:
    """The flag emoji drawn into a pixmap (``ICON_PX`` square, at 2× for sharp scaling)."""
    ratio = 2.0
    pixmap = QPixmap(int(ICON_PX * ratio), int(ICON_PX * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    big = QFont(font)
    big.setPixelSize(int(ICON_PX * 0.8))
    painter.setFont(big)
    painter.drawText(0, 0, ICON_PX, ICON_PX, Qt.AlignmentFlag.AlignCenter, emoji)
    painter.end()
    return pixmap


class FlagEngine(QIconEngine):
    """A flag icon drawn only when it is first painted (then kept). ``drawn`` counts the
    flags drawn so far, across every engine of one model (a list shared by them)."""

    def __init__(self, emoji: str, font: QFont, drawn: list[str]) -> None:
        super().__init__()
        self._emoji, self._font, self._drawn = emoji, font, drawn
        self._pixmap: QPixmap | None = None

    def clone(self) -> QIconEngine:
        engine = FlagEngine(self._emoji, self._font, self._drawn)
        engine._pixmap = self._pixmap
        return engine

    def key(self) -> str:
        return "studio-flag"

    def isNull(self) -> bool:  # noqa: N802 (Qt override)
        return False

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(  # noqa: N802 (Qt override)
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return []  # scalable: any size

    def _drawn_pixmap(self) -> QPixmap:
        if self._pixmap is None:
            self._pixmap = draw_flag(self._emoji, self._font)
            self._drawn.append(self._emoji)
        return self._pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(  # noqa: N802 (Qt override)
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = max(min(size.width(), size.height()), 1)
        return self._drawn_pixmap().scaled(
            round(side * scale),
            round(side * scale),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        target = QRect(0, 0, side, side)
        target.moveCenter(rect.center())
        painter.drawPixmap(target, self._drawn_pixmap())


def flag_icon(emoji: str, font: QFont, drawn: list[str] | None = None) -> QIcon:
    """The flag emoji as an icon, drawn when first painted (item views draw only icons as
    decorations)."""
    return QIcon(FlagEngine(emoji, font, drawn if drawn is not None else []))


class CountryListModel(QAbstractListModel):
    """One row per country (optionally a first "no country" row). DisplayRole: the name;
    DecorationRole: the flag as an icon where the font has flag glyphs, else none;
    ``CODE_ROLE``, ``NAME_ROLE``, ``FLAG_ROLE`` as named."""

    def __init__(
        self,
        items: Sequence[Country] = countries.COUNTRIES,
        *,
        flags: bool | None = None,
        with_none: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._countries = list(items)
        self._offset = 1 if with_none else 0
        font = QGuiApplication.font()
        self.show_flags = font_has_flags(QFontMetrics(font)) if flags is None else flags
        self._font = font
        self._icons: dict[str, QIcon] = {}  # made on first use, drawn when first painted
        self.flags_drawn: list[str] = []  # the flags drawn so far (each once)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else self._offset + len(self._countries)

    def country(self, row: int) -> Country | None:
        """The country of ``row`` (None for the "no country" row or out of range)."""
        index = row - self._offset
        return self._countries[index] if 0 <= index < len(self._countries) else None

    def row_of(self, name: str) -> int:
        """The row showing the stored ``name`` ("" → the "no country" row); -1 if none."""
        if not name:
            return 0 if self._offset else -1
        for index, country in enumerate(self._countries):
            if country.name == name:
                return index + self._offset
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.column() != 0:
            return None
        country = self.country(index.row())
        if country is None:  # the "no country" row
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return NO_COUNTRY_LABEL
            return "" if role in (CODE_ROLE, NAME_ROLE, FLAG_ROLE) else None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
            NAME_ROLE,
        ):
            return country.name
        if role == CODE_ROLE:
            return country.code
        if role == FLAG_ROLE:
            return country.flag if self.show_flags else ""
        if role == Qt.ItemDataRole.DecorationRole and self.show_flags:
            icon = self._icons.get(country.code)
            if icon is None:
                icon = self._icons[country.code] = flag_icon(
                    country.flag, self._font, self.flags_drawn
                )
            return icon
        return None

    def set_countries(self, items: Sequence[Country]) -> None:
        """Replace the list (a model reset)."""
        self.beginResetModel()
        self._countries = list(items)
        self.endResetModel()


class CountryFilterModel(QSortFilterProxyModel):
    """Keeps the countries whose name, alias or code matches :meth:`set_query`; the
    "no country" row shows only while the query is empty."""

    def __init__(self, source: CountryListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setSourceModel(source)

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        if text != self._query:
            self.beginFilterChange()
            self._query = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        source = self.sourceModel()
        if not isinstance(source, CountryListModel) or not self._query.strip():
            return True  # no query: every row, the "no country" one too
        country = source.country(source_row)
        if country is None:
            return not self._query.strip()
        return countries.matches(country, self._query)
