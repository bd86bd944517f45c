"""``PictureViewer``: one gallery picture shown large (double-click or Space), with its name,
place, state and what its checks found; Left/Right step through the gallery, Escape or Space
closes. The picture is read and scaled in the background."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from studio.core.localref import is_local
from studio.core.urls import resolve_url
from studio.messages import user_message
from studio.pictures import decode_within, default_fetch, read_local
from studio.tasks import TaskHandle, Tasks
from studio.ui.gallery.model import GalleryModel, Role

BOX = QSize(900, 640)


def load_large(url: str, origin: str, data_dir: Path, box: QSize) -> QImage:
    """Worker: the picture at ``url`` scaled to fit ``box`` (never enlarged)."""
    if is_local(url):
        data = read_local(data_dir, url)
    else:
        source = resolve_url(url, origin)
        if source is None:
            raise ValueError("no picture address")
        data = default_fetch(source)
    return decode_within(data, box)


class PictureViewer(QDialog):
    """Shows the model's picture at ``row`` large; ``row`` follows Left/Right."""

    def __init__(  # noqa: PLR0917 (what it shows and where from)
        self,
        model: GalleryModel,
        row: int,
        tasks: Tasks,
        data_dir: Path,
        origin: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model, self.row = model, row
        self._tasks, self._data_dir, self._origin = tasks, data_dir, origin
        self._task: TaskHandle | None = None
        self.image: QImage | None = None  # the picture loaded, shown scaled to fit
        self.setObjectName("galleryViewer")
        self.setWindowTitle("Gallery picture")
        layout = QVBoxLayout(self)
        self.picture = QLabel("Loading…")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 240)
        self.picture.setAccessibleName("Picture")
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName("About this picture")
        hint = QLabel("Left and Right: the other pictures. Escape: close.")
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.caption)
        layout.addWidget(hint)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(BOX.width(), screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))
        self.show_row(row)

    def show_row(self, row: int) -> None:
        count = self.model.picture_count
        if not 0 <= row < count:
            return
        self.row = row
        index = self.model.index(row)
        lines = [f"{row + 1} of {count}: {index.data()} — {index.data(Role.STATUS)}"]
        for role in (Role.REASON, Role.BADGE, Role.DETAILS):
            text = str(index.data(role) or "")
            if text:
                lines.append(text)
        self.caption.setText("\n".join(lines))
        self.setAccessibleName(f"Gallery picture {row + 1} of {count}")
        self.image = None
        self.picture.setPixmap(QPixmap())
        self.picture.setText("Loading…")
        if self._task is not None:
            self._task.cancel()
        self._task = self._tasks.run(
            load_large,
            str(index.data(Role.URL)),
            self._origin,
            self._data_dir,
            QSize(BOX),
            owner=self,
            on_done=self._loaded,
            on_error=self._failed,
            name="show a gallery picture",
        )

    def _loaded(self, image: QImage) -> None:
        self._task = None
        self.image = image
        self.picture.setText("")
        self._fit()

    def _fit(self) -> None:
        """The picture as large as the room allows (never enlarged)."""
        if self.image is None:
            return
        room = self.picture.contentsRect().size()
        image = self.image
        if image.width() > room.width() or image.height() > room.height():
            image = image.scaled(
                room,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.picture.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        if shiboken6.isValid(self):
            self.picture.setText(f"This picture cannot be shown. {user_message(exc)}")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Left:
            self.show_row(self.row - 1)
        elif key == Qt.Key.Key_Right:
            self.show_row(self.row + 1)
        elif key == Qt.Key.Key_Space:
            self.accept()
        else:
            super().keyPressEvent(event)
