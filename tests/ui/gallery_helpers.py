"""Helpers for the gallery manager's tests: pictures (good and bad), a page signed in to the
test's sandbox (and publishing beside it), and user actions through the real widgets —
drops and drags as Qt events on the grid's viewport, keys to the focused grid."""

from __future__ import annotations

import os
import random
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMainWindow

from studio.api import BeatPassClient
from studio.auth import TokenVault
from studio.context import AppContext, AppSignals, Session, open_settings
from studio.core.models import ArtistRef
from studio.document import DraftDocument
from studio.paths import AppPaths
from studio.sandbox.server import SandboxHandle
from studio.store import Store
from studio.tasks import Tasks
from studio.ui.gallery import GalleryPage
from studio.ui.gallery.model import Role

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 30_000
NO = Qt.KeyboardModifier.NoModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


# --- pictures ----------------------------------------------------------------------------


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 30.0)
    return exif.tobytes()


def photo(
    path: Path,
    size: tuple[int, int] = (1000, 900),
    colour: tuple[int, int, int] = (30, 60, 160),
    *,
    gps: bool = False,
) -> Path:
    """A JPEG with a yellow square in it (``colour`` makes each one another picture)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, colour)
    im.paste((240, 200, 40), (size[0] // 3, size[1] // 3, 2 * size[0] // 3, 2 * size[1] // 3))
    im.save(path, "JPEG", quality=90, exif=gps_exif() if gps else b"")
    return path


def photos(folder: Path, count: int, prefix: str = "photo") -> list[Path]:
    return [
        photo(folder / f"{prefix}_{n:02d}.jpg", colour=(20 + 9 * n, 90, 200 - 7 * n))
        for n in range(count)
    ]


def truncated(path: Path) -> Path:
    """A JPEG cut off after its first third (a broken download)."""
    full = photo(path.with_name(f".full-{path.name}"))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) // 3])
    return path


def bomb_png(path: Path) -> Path:
    """A tiny PNG whose header claims 100 000 × 100 000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    )
    return path


def noise_png(path: Path, size: tuple[int, int]) -> Path:
    data = random.Random(5).randbytes(size[0] * size[1] * 3)
    Image.frombytes("RGB", size, data).save(path, "PNG", compress_level=1)
    return path


def unreadable(path: Path) -> Path:
    photo(path)
    os.chmod(path, 0)
    return path


# --- the page ----------------------------------------------------------------------------


@dataclass
class GalleryRig:
    ctx: AppContext
    page: GalleryPage
    sandbox: SandboxHandle
    artist: ArtistRef
    window: QMainWindow
    publisher: Any = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def doc(self) -> DraftDocument:
        doc = self.page.document
        assert doc is not None
        return doc

    @property
    def view(self) -> Any:
        return self.page.view

    def urls(self) -> list[str]:
        return [str(i["url"]) for i in self.doc.value("profile_images")]

    def names(self) -> list[str]:
        model = self.page.model
        return [str(model.index(r).data()) for r in range(model.picture_count)]

    def fresh_client(self) -> BeatPassClient:
        return BeatPassClient(
            self.sandbox.base_url, self.sandbox.token_for(PRODUCER), backoff_factor=0
        )

    def server_gallery(self) -> list[dict[str, Any]]:
        from studio.core.drafts import artist_draft_from_api

        client = self.fresh_client()
        try:
            raw = client.artist(self.artist.id, loader="editArtistPage").artist.raw
        finally:
            client.close()
        return artist_draft_from_api(raw)["profile_images"]


def make_rig(qtbot: Any, sandbox: SandboxHandle, *, publishing: bool = False) -> GalleryRig:
    """A gallery page on Nova Beats (6 pictures on BeatPass), in a window, signed in as the
    demo producer; with ``publishing``, the publisher installed as the app does."""
    paths = AppPaths.from_env().ensure()
    store = Store.open(paths.store_file)
    tasks = Tasks()
    ctx = AppContext(
        paths=paths,
        settings=open_settings(paths.config),
        vault=TokenVault(),
        tasks=tasks,
        store=store,
        signals=AppSignals(),
        install_id="0badc0de",
    )
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(PRODUCER), backoff_factor=0)
    user = client.me()
    ctx.set_session(Session(sandbox.base_url, client, user, str(user.id), True))
    artist = next(a for a in user.artists if a.name == "Nova Beats")
    window = QMainWindow()
    window.resize(1100, 760)
    page = GalleryPage(ctx)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    rig = GalleryRig(ctx, page, sandbox, artist, window)
    if publishing:
        from studio.publish import Backoff
        from studio.ui.publish.install import install_publishing

        rig.publisher = install_publishing(ctx, window, page)
        rig.publisher.runner._backoff = Backoff(base=0.05, cap=0.2, rng=random.Random(7).random)
    window.show()

    def active() -> bool:
        window.activateWindow()
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=WAIT_MS)  # the window's keys (shortcuts) work
    page.set_target(ctx.session, artist)
    handle = ctx.workspace.handle("artist", artist.id)
    assert handle is not None
    qtbot.waitUntil(lambda: page.document is not None and handle.fresh, timeout=WAIT_MS)

    def close() -> None:
        sandbox.set_faults()
        window.close()
        tasks.shutdown(10_000)
        store.close()
        client.close()

    rig.closers.append(close)
    return rig


def close_rig(rig: GalleryRig) -> None:
    for closer in reversed(rig.closers):
        closer()
    QApplication.processEvents()


def rig_fixture(qtbot: Any, sandbox: SandboxHandle, **kw: Any) -> Iterator[GalleryRig]:
    rig = make_rig(qtbot, sandbox, **kw)
    try:
        yield rig
    finally:
        close_rig(rig)


def wait_thumbnails(qtbot: Any, rig: GalleryRig) -> None:
    model = rig.page.model

    def shown() -> bool:
        return all(
            model.index(r).data(Qt.ItemDataRole.DecorationRole) is not None
            for r in range(model.rowCount())
        )

    qtbot.waitUntil(shown, timeout=WAIT_MS)


def wait_imported(qtbot: Any, rig: GalleryRig) -> str:
    """Wait until the running import has finished; the page's message."""
    qtbot.waitUntil(lambda: not rig.page.importer.busy, timeout=WAIT_MS)
    return rig.page.message.text()


# --- user actions ------------------------------------------------------------------------


def file_mime(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def drop_on(widget: Any, data: QMimeData, pos: QPoint, action: Qt.DropAction) -> bool:
    """Drag ``data`` over ``widget`` and drop it at ``pos``, as Qt delivers a drop: enter,
    move, drop. True when the drop was accepted."""
    buttons = Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(pos, action, data, buttons, NO)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, action, data, buttons, NO)
    QApplication.sendEvent(widget, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), action, data, buttons, NO)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def drop_files(rig: GalleryRig, *paths: Path) -> bool:
    """Drop files or folders from the desktop onto the grid."""
    return drop_on(rig.view.viewport(), file_mime(*paths), QPoint(40, 40), Qt.DropAction.CopyAction)


def tile_point(rig: GalleryRig, row: int, side: str = "left") -> QPoint:
    """A point on tile ``row`` (its left or right half), in viewport coordinates."""
    rect = rig.view.visualRect(rig.page.model.index(row))
    x = rect.left() + rect.width() // 4 if side == "left" else rect.right() - rect.width() // 4
    return QPoint(x, rect.center().y())


def drag_tiles(rig: GalleryRig, rows: list[int], target: QPoint) -> bool:
    """Drag the tiles ``rows`` (the grid's own MIME data, made by the model as the view's
    drag does) and drop them at ``target``."""
    model = rig.page.model
    data = model.mimeData([model.index(r) for r in rows])
    return drop_on(rig.view.viewport(), data, target, Qt.DropAction.MoveAction)


def select(rig: GalleryRig, *rows: int) -> None:
    rig.page.select_rows(list(rows))
    rig.view.setFocus(Qt.FocusReason.OtherFocusReason)


def keys(rig: GalleryRig) -> list[str]:
    return list(rig.page.model.keys)


def state_of(rig: GalleryRig, row: int) -> str:
    return str(rig.page.model.index(row).data(Role.STATE))


def index(rig: GalleryRig, row: int) -> QModelIndex:
    return rig.page.model.index(row)
