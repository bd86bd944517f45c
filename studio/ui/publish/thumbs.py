"""Before → after thumbnails of image fields in the publish review (avatar, cover, user
avatar, gallery pictures). Pictures load in the background through the preview's
:class:`~studio.ui.preview.ImageLoader` (never on the GUI thread); a plain placeholder shows
while one loads, and the file name beside it is the fallback when it cannot be shown."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QTreeWidgetItem

from studio.ui.preview import ImageLoader

THUMB_HEIGHT = 40
ICON_SIZE = QSize(round(THUMB_HEIGHT * 16 / 9), THUMB_HEIGHT)  # room for a 16:9 cover
RATIOS = {"image_small": 1.0, "image": 1.0, "cover_image": 16 / 9, "profile_images": 1.0}
STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # per column: "loading", "shown" or "none"
LOADING, SHOWN, NONE = "loading", "shown", "none"


@dataclass(frozen=True)
class _Slot:
    item: QTreeWidgetItem
    column: int
    source: str
    size: QSize


def thumb_size(field: str) -> QSize:
    """The thumbnail size of an image field (cover 16:9, the others square)."""
    return QSize(round(THUMB_HEIGHT * RATIOS.get(field, 1.0)), THUMB_HEIGHT)


class ReviewThumbnails(QObject):
    """Puts pictures into tree cells (``attach``) and fills them in as they load."""

    def __init__(self, loader: ImageLoader, origin: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._origin = origin
        self._slots: list[_Slot] = []
        self._placeholders: dict[tuple[int, int], QIcon] = {}
        loader.loaded.connect(self._loaded)

    def attach(self, item: QTreeWidgetItem, column: int, url: str | None, field: str) -> None:
        """Show the picture at ``url`` (None: no picture) in ``item``'s ``column``."""
        if not url:
            item.setData(column, STATE_ROLE, NONE)
            return
        source = urljoin(self._origin + "/", url) if self._origin else url
        slot = _Slot(item, column, source, thumb_size(field))
        self._slots.append(slot)
        self._show(slot)

    def states(self) -> list[str]:
        """Each attached cell's state, in order (for tests and the accessible text)."""
        return [str(s.item.data(s.column, STATE_ROLE)) for s in self._slots]

    def _loaded(self, source: str, width: int, height: int) -> None:
        for slot in self._slots:
            if slot.source == source and (slot.size.width(), slot.size.height()) == (
                width,
                height,
            ):
                self._show(slot)

    def _show(self, slot: _Slot) -> None:
        image = self._loader.image(slot.source, slot.size)
        if image is not None:
            slot.item.setIcon(slot.column, QIcon(QPixmap.fromImage(image)))
            slot.item.setData(slot.column, STATE_ROLE, SHOWN)
        elif self._loader.failed(slot.source, slot.size):
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
