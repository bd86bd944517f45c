"""Before → after thumbnails of image fields in the publish review (avatar, cover, user
avatar, gallery pictures), and the same pictures larger for the details view. Pictures load
in the background through the preview's :class:`~studio.ui.preview.ImageLoader` (never on
the GUI thread); a plain placeholder shows while one loads, and the file name beside it is the
fallback when it cannot be shown."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QTreeWidgetItem

from studio.ui.preview import ImageLoader

THUMB_HEIGHT = 40
LARGE_HEIGHT = 160  # the details view's before/after pictures
ICON_SIZE = QSize(round(THUMB_HEIGHT * 16 / 9), THUMB_HEIGHT)  # room for a 16:9 cover
RATIOS = {"image_small": 1.0, "image": 1.0, "cover_image": 16 / 9, "profile_images": 1.0}
STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # per column: "loading", "shown" or "none"
LOADING, SHOWN, NONE = "loading", "shown", "none"


@dataclass(frozen=True)
class _Slot:
    item: QTreeWidgetItem
    column: int
    source: str
    size: QSize  # the thumbnail's
    loaded: QSize  # the picture loaded (the large one, scaled down here: one fetch each)


def thumb_size(field: str, height: int = THUMB_HEIGHT) -> QSize:
    """The thumbnail size of an image field (cover 16:9, the others square)."""
    return QSize(round(height * RATIOS.get(field, 1.0)), height)


class ReviewThumbnails(QObject):
    """Puts pictures into tree cells (``attach``) and fills them in as they load; gives the
    larger pictures of the details view (``large``, ``largeLoaded`` when one arrives)."""

    largeLoaded = Signal(str)  # noqa: N815 (Qt signal) — the picture's address

    def __init__(self, loader: ImageLoader, origin: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._origin = origin
        self._slots: list[_Slot] = []
        self._placeholders: dict[tuple[int, int], QIcon] = {}
        self._large: dict[tuple[str, int, int], str] = {}  # asked for: key -> address
        loader.loaded.connect(self._loaded)

    def large(self, url: str, field: str) -> QImage | bool | None:
        """The larger picture at ``url``: a QImage, None while it loads, False when it
        cannot be shown."""
        source = self._source(url)
        size = thumb_size(field, LARGE_HEIGHT)
        image = self._loader.image(source, size)
        if image is not None:
            return image
        if self._loader.failed(source, size):
            return False
        self._large[(source, size.width(), size.height())] = url
        return None

    def _source(self, url: str) -> str:
        return urljoin(self._origin + "/", url) if self._origin else url

    def attach(self, item: QTreeWidgetItem, column: int, url: str | None, field: str) -> None:
        """Show the picture at ``url`` (None: no picture) in ``item``'s ``column``."""
        if not url:
            item.setData(column, STATE_ROLE, NONE)
            return
        slot = _Slot(
            item, column, self._source(url), thumb_size(field), thumb_size(field, LARGE_HEIGHT)
        )
        self._slots.append(slot)
        self._show(slot)

    def states(self) -> list[str]:
        """Each attached cell's state, in order (for tests and the accessible text)."""
        return [str(s.item.data(s.column, STATE_ROLE)) for s in self._slots]

    def _loaded(self, source: str, width: int, height: int) -> None:
        url = self._large.pop((source, width, height), None)
        if url is not None:
            self.largeLoaded.emit(url)
        for slot in self._slots:
            if slot.source == source and (slot.loaded.width(), slot.loaded.height()) == (
                width,
                height,
            ):
                self._show(slot)

    def _show(self, slot: _Slot) -> None:
        image = self._loader.image(slot.source, slot.loaded)
        if image is not None:
            small = image.scaled(
                slot.size,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            slot.item.setIcon(slot.column, QIcon(QPixmap.fromImage(small)))
            slot.item.setData(slot.column, STATE_ROLE, SHOWN)
        elif self._loader.failed(slot.source, slot.loaded):
            slot.item.setIcon(slot.column, QIcon())  # the file name alone says which picture
            slot.item.setData(slot.column, STATE_ROLE, NONE)
        else:
            slot.item.setIcon(slot.column, self._placeholder(slot.size))
            slot.item.setData(slot.column, STATE_ROLE, LOADING)

    def _placeholder(self, size: QSize) -> QIcon:
        key = (size.width(), size.height())
        icon = self._placeholders.get(key)
        if icon is None:
            pixmap = QPixmap(size)
            pixmap.fill(QGuiApplication.palette().color(QPalette.ColorRole.Mid))
            icon = self._placeholders[key] = QIcon(pixmap)
        return icon
