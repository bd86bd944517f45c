"""The image editor dialog: findings and fixes, crop, and the prepared picture kept on this
computer and put into the draft (it is uploaded by the publish plan); through the
real sandbox, clear messages for broken files, cover safe areas, keyboard and drop."""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PIL import ExifTags, Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QWidget

from studio.api import BeatPassClient
from studio.auth import TokenVault
from studio.context import AppContext, AppSignals, Session, open_settings
from studio.core.drafts import artist_draft_from_api, user_draft_from_api
from studio.core.localref import is_local
from studio.document import DraftDocument
from studio.images import probe
from studio.paths import AppPaths
from studio.publish import local_files
from studio.sandbox.server import SandboxHandle
from studio.store import Store
from studio.tasks import Tasks
from studio.ui.images import ImageEditorDialog, open_image_editor

PRODUCER = "producer@demo.beatpass.test"
WAIT_MS = 15000


# --- files -------------------------------------------------------------------------------


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 30.0)
    exif.get_ifd(ExifTags.IFD.Exif)[0x9003] = "2024:05:01 10:00:00"
    return exif.tobytes()


def photo(path: Path, size: tuple[int, int], *, gps: bool = False) -> Path:
    im = Image.new("RGB", size, (30, 60, 160))
    im.paste((240, 200, 40), (size[0] // 3, size[1] // 3, 2 * size[0] // 3, 2 * size[1] // 3))
    im.save(path, "JPEG", quality=90, exif=gps_exif() if gps else b"")
    return path


def noise_png(path: Path, size: tuple[int, int]) -> Path:
    data = random.Random(5).randbytes(size[0] * size[1] * 3)
    Image.frombytes("RGB", size, data).save(path, "PNG", compress_level=1)
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


# --- rig ---------------------------------------------------------------------------------


@pytest.fixture
def ctx(qapp: Any, sandbox: SandboxHandle, tmp_path: Path) -> Iterator[AppContext]:
    paths = AppPaths.from_env().ensure()
    store = Store.open(paths.store_file)
    tasks = Tasks()
    made = AppContext(
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
    made.session = Session(sandbox.base_url, client, user, str(user.id), True)
    yield made
    sandbox.set_faults()
    tasks.shutdown(10000)
    store.close()
    client.close()


def artist_doc(ctx: AppContext) -> DraftDocument:
    assert ctx.session is not None
    artist = next(a for a in ctx.session.user.artists if a.name == "Nova Beats")
    raw = ctx.session.client.artist(artist.id).artist.raw
    assert ctx.store is not None
    return DraftDocument(
        tasks=ctx.tasks,
        store=ctx.store,
        account=ctx.session.store_account,
        kind="artist",
        entity_id=str(artist.id),
        base=artist_draft_from_api(raw),
        autosave_delay_ms=20,
    )


def editor(
    ctx: AppContext,
    qtbot: Any,
    target: str = "avatar",
    field: str = "image_small",
    *,
    kind: str = "artist_image",
    doc: DraftDocument | None = None,
) -> ImageEditorDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = open_image_editor(ctx, doc or artist_doc(ctx), field, target, kind, parent)
    assert dialog.isVisible()  # open(), not exec(): the test goes on
    dialog.keep_parent = parent  # type: ignore[attr-defined]  # qtbot holds widgets weakly
    return dialog


def load(dialog: ImageEditorDialog, qtbot: Any, path: Path) -> None:
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=WAIT_MS)


def apply_and_keep(
    ctx: AppContext, qtbot: Any, dialog: ImageEditorDialog, doc: DraftDocument, field: str
) -> tuple[str, bytes]:
    """Apply, wait for the picture in the draft; its local reference and the kept bytes."""
    before = doc.value(field)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: doc.value(field) != before, timeout=WAIT_MS)
    ref = doc.value(field)
    assert is_local(ref)
    return ref, local_files.read(ctx.paths.data, ref)


def codes(dialog: ImageEditorDialog) -> set[str]:
    return set(dialog.findings.codes())


# --- tests -------------------------------------------------------------------------------


def test_findings_for_a_small_non_square_gps_photo(ctx: AppContext, qtbot: Any, tmp_path: Path):
    dialog = editor(ctx, qtbot)
    assert not dialog.apply_button.isEnabled()
    assert dialog.reason.text() == "Choose a picture first."
    load(dialog, qtbot, photo(tmp_path / "small.jpg", (300, 200), gps=True))
    assert {"not_square", "too_small"} <= codes(dialog)
    assert not dialog.apply_button.isEnabled()
    assert dialog.reason.text().startswith("Fix this first")
    removed = dialog.findings.removed.text()
    assert "GPS location" in removed and "capture date" in removed
    # the metadata is said once, as information (no "Warning" row repeating the box)
    assert "private_metadata" not in codes(dialog)
    assert not [r for r in dialog.findings.rows if "GPS location" in r.finding.message]
    assert dialog.findings.removed_box.isVisibleTo(dialog)
    assert "colour profile is kept" in removed
    button = dialog.findings.fix_button("crop_square")
    assert button is not None
    button.click()
    assert "not_square" not in codes(dialog)
    assert "too_small" in codes(dialog)  # 200×200 is still below 400×400: no fix for that
    assert not dialog.apply_button.isEnabled()


def test_oversize_file_needs_the_reencode_fix(ctx: AppContext, qtbot: Any, tmp_path: Path):
    dialog = editor(ctx, qtbot, "user_avatar", "image", kind="user_avatar")
    load(dialog, qtbot, noise_png(tmp_path / "big.png", (1000, 1000)))
    assert "file_too_large" in codes(dialog)
    assert "2.0 MB" in dialog.reason.text()
    button = dialog.findings.fix_button("reencode")
    assert button is not None and button.text() == "Re-encode under 2 MB"
    button.click()
    assert dialog.findings.fix_button("reencode") is None
    assert dialog.apply_button.isEnabled(), dialog.reason.text()
    assert not dialog.reason.isVisible()


def test_apply_with_a_crop_keeps_the_picture_and_puts_it_in_the_draft(
    ctx: AppContext, qtbot: Any, tmp_path: Path
):
    doc = artist_doc(ctx)
    before = doc.value("image_small")
    dialog = editor(ctx, qtbot, doc=doc)
    load(dialog, qtbot, photo(tmp_path / "wide.jpg", (1200, 800), gps=True))
    dialog.findings.fix_button("crop_square").click()  # type: ignore[union-attr]
    view = dialog.crop_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    crop = view.crop()
    assert crop is not None and crop[2] - crop[0] == crop[3] - crop[1] < 800
    assert dialog.plan.crop == crop
    assert dialog.apply_button.isEnabled(), dialog.reason.text()
    messages: list[str] = []
    ctx.signals.message.connect(messages.append)
    ref, content = apply_and_keep(ctx, qtbot, dialog, doc, "image_small")
    assert ref != before and doc.stack.count() >= 1  # one undoable step
    assert any("in your draft" in m and "uploaded when you publish" in m for m in messages)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT_MS)  # closed on Apply
    assert len(content) <= 2 * 1024 * 1024
    assert local_files.name_of(ctx.paths.data, ref) == "wide.jpg"
    assert ctx.workspace.names[ref] == "wide.jpg"  # the review names it so
    doc.stack.undo()
    assert doc.value("image_small") == before
    got = tmp_path / "got.jpg"
    got.write_bytes(content)
    info = probe(got)
    assert info.width == info.height == crop[2] - crop[0]
    assert not info.metadata.gps and not info.metadata.exif
    with Image.open(io.BytesIO(content)) as im:  # the crop moved right of centre
        assert im.getpixel((im.width - 2, im.height // 2))[2] > 100  # blue border, not cut


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("bomb.png", bomb_png, "megapixels"),
        ("cut.jpg", None, "incomplete"),
        ("empty.jpg", lambda p: (p.write_bytes(b""), p)[1], "empty"),
        ("notes.jpg", lambda p: (p.write_text("hello, not a picture"), p)[1], "text file"),
    ],
)
def test_broken_files_get_a_clear_message(  # noqa: PLR0917 (fixtures and parameters)
    ctx: AppContext, qtbot: Any, tmp_path: Path, name: str, make: Any, expected: str
):
    path = tmp_path / name
    if make is None:  # a JPEG cut off half way
        data = photo(tmp_path / "whole.jpg", (600, 600)).read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        make(path)
    dialog = editor(ctx, qtbot)
    load(dialog, qtbot, path)
    assert expected in dialog.message.text()
    assert name in dialog.message.text()
    assert not dialog.apply_button.isEnabled()
    assert not dialog.crop_view.has_image
    assert not dialog.findings.removed_box.isVisible()
    dialog.apply()  # nothing happens, nothing crashes
    assert dialog.prepared is None


def test_cover_safe_areas_and_16_9_frame(ctx: AppContext, qtbot: Any, tmp_path: Path):
    dialog = editor(ctx, qtbot, "cover", "cover_image")
    load(dialog, qtbot, photo(tmp_path / "square.jpg", (1200, 1200)))
    assert "wrong_aspect" in codes(dialog)
    dialog.findings.fix_button("crop_16_9").click()  # type: ignore[union-attr]
    left, top, right, bottom = dialog.plan.crop or (0, 0, 0, 0)
    assert abs((right - left) / (bottom - top) - 16 / 9) < 0.01
    assert "wrong_aspect" not in codes(dialog)
    qtbot.waitExposed(dialog)
    desktop = dialog.crop_view.grab().toImage()
    dialog.set_safe_mode("phone")
    phone = dialog.crop_view.grab().toImage()
    dialog.set_safe_mode(None)
    plain = dialog.crop_view.grab().toImage()
    assert desktop != phone != plain != desktop
    assert "name and buttons sit below" not in dialog.safe_note.text()
    dialog.set_safe_mode("phone")
    assert "below the cover" in dialog.safe_note.text()


def test_zoom_slider_wheel_and_drag_move_the_frame(ctx: AppContext, qtbot: Any, tmp_path: Path):
    dialog = editor(ctx, qtbot)
    load(dialog, qtbot, photo(tmp_path / "sq.jpg", (1000, 1000)))
    view = dialog.crop_view
    assert view.crop() == (0, 0, 1000, 1000) and dialog.plan.crop is None
    dialog.zoom_slider.setValue(dialog.zoom_slider.maximum() // 4)
    zoomed = view.crop()
    assert zoomed is not None and zoomed[2] - zoomed[0] < 1000
    assert dialog.plan.crop == zoomed
    frame = view.frame_rect()
    qtbot.waitExposed(dialog)
    start = frame.center().toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPointF(-30, -20).toPoint())
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPointF(-30, -20).toPoint())
    moved = view.crop()
    assert moved is not None and moved[0] < zoomed[0] and moved[1] < zoomed[1]
    dialog.fit_button.click()
    assert view.crop() == (0, 0, 1000, 1000)


def test_drop_a_file_onto_the_editor(ctx: AppContext, qtbot: Any, tmp_path: Path):
    dialog = editor(ctx, qtbot)
    path = photo(tmp_path / "dropped.jpg", (500, 500))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.dropEvent(event)
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=WAIT_MS)
    assert dialog.file_label.text() == "dropped.jpg"
    assert dialog.apply_button.isEnabled(), dialog.reason.text()


def test_choose_file_dialog_is_non_blocking(ctx: AppContext, qtbot: Any, tmp_path: Path):
    dialog = editor(ctx, qtbot, "user_avatar", "image", kind="user_avatar")
    dialog.choose_file()
    assert dialog.file_dialog is not None and dialog.file_dialog.isVisible()
    path = photo(tmp_path / "me.jpg", (300, 300))
    dialog.file_dialog.fileSelected.emit(str(path))
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=WAIT_MS)
    dialog.file_dialog.close()
    assert dialog.apply_button.isEnabled(), dialog.reason.text()


def test_user_avatar_lands_in_the_user_draft(ctx: AppContext, qtbot: Any, tmp_path: Path):
    assert ctx.session is not None and ctx.store is not None
    doc = DraftDocument(
        tasks=ctx.tasks,
        store=ctx.store,
        account=ctx.session.store_account,
        kind="user",
        entity_id=str(ctx.session.user.id),
        base=user_draft_from_api(ctx.session.client.me().raw),
        autosave_delay_ms=20,
    )
    dialog = editor(ctx, qtbot, "user_avatar", "image", kind="user_avatar", doc=doc)
    load(dialog, qtbot, photo(tmp_path / "me.jpg", (640, 640)))
    _ref, content = apply_and_keep(ctx, qtbot, dialog, doc, "image")
    with Image.open(io.BytesIO(content)) as im:
        assert im.size == (512, 512)  # downscaled to the user avatar's box


def test_animation_can_be_flattened_or_kept(ctx: AppContext, qtbot: Any, tmp_path: Path):
    frames = [Image.new("RGB", (420, 420), c) for c in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    path = tmp_path / "spin.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    doc = artist_doc(ctx)
    dialog = editor(ctx, qtbot, doc=doc)
    load(dialog, qtbot, path)
    assert "animated" in codes(dialog)
    button = dialog.findings.fix_button("flatten_animation")
    assert button is not None and button.text() == "Flatten animation"
    button.click()
    assert not dialog.plan.keep_animation
    assert "animation_flattened" in codes(dialog)
    assert dialog.findings.fix_button("flatten_animation").text() == "Keep animated"  # type: ignore[union-attr]
    _ref, content = apply_and_keep(ctx, qtbot, dialog, doc, "image_small")
    with Image.open(io.BytesIO(content)) as im:
        assert getattr(im, "n_frames", 1) == 1


def test_closing_the_dialog_while_preparing_still_puts_the_picture_in_the_draft(
    ctx: AppContext, qtbot: Any, tmp_path: Path
):
    doc = artist_doc(ctx)
    before = doc.value("image_small")
    dialog = editor(ctx, qtbot, doc=doc)
    load(dialog, qtbot, photo(tmp_path / "sq.jpg", (600, 600)))
    dialog.apply_button.click()
    dialog.close()  # deleted on close, while preparing; the picture still lands
    qtbot.waitUntil(lambda: doc.value("image_small") != before, timeout=WAIT_MS)
    assert is_local(doc.value("image_small"))


def test_convert_format_fix_for_bmp_named_png(ctx: AppContext, qtbot: Any, tmp_path: Path):
    path = tmp_path / "scan.png"  # really a BMP: a lying extension and a format BeatPass refuses
    Image.new("RGB", (800, 450), (10, 120, 60)).save(path, "BMP")
    dialog = editor(ctx, qtbot, "cover", "cover_image")
    load(dialog, qtbot, path)
    assert {"format_not_allowed", "extension_mismatch"} <= codes(dialog)
    assert "BMP is not accepted" in dialog.reason.text()
    dialog.findings.fix_button("convert_format").click()  # type: ignore[union-attr]
    assert "format_not_allowed" in codes(dialog)  # now a note saying what will be done
    assert dialog.findings.fix_button("convert_format") is None
    assert dialog.apply_button.isEnabled(), dialog.reason.text()
    assert dialog.crop_info.text() == "800×450 px"


@pytest.mark.parametrize(
    ("size", "frame"), [((3000, 2000), (2992, 1683)), ((5000, 3000), (4992, 2808))]
)
def test_cover_crop_is_exactly_16_9_and_reads_the_recommended_size(
    ctx: AppContext, qtbot: Any, tmp_path: Path, size: tuple[int, int], frame: tuple[int, int]
):
    """16:9 of 3000 px is 1687.5 px: the frame was 3000×1688 and its readout (and upload)
    1919×1080. Whole 16×9 steps scale to 1920×1080 exactly."""
    dialog = editor(ctx, qtbot, "cover", "cover_image")
    load(dialog, qtbot, photo(tmp_path / "wide.jpg", size))
    crop = dialog.crop_view.crop()
    assert crop is not None
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    assert (width, height) == frame and width * 9 == height * 16
    assert dialog.crop_info.text() == f"{width}×{height} px → 1920×1080"
    assert abs(crop[0] - (size[0] - crop[2])) <= 1  # still centred
    assert abs(crop[1] - (size[1] - crop[3])) <= 1
    dialog.set_safe_mode(None)
    qtbot.keyClick(dialog.crop_view, Qt.Key.Key_Plus)  # zoomed: still whole steps
    zoomed = dialog.crop_view.crop()
    assert zoomed is not None and (zoomed[2] - zoomed[0]) * 9 == (zoomed[3] - zoomed[1]) * 16


# --- screen fit and contrast (issue 8.13) -------------------------------------------------


def on_screen(widget: QWidget, area: QRect) -> bool:
    """Whether ``widget`` is wholly inside ``area`` (global coordinates)."""
    return area.contains(QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size()))


@pytest.mark.parametrize(
    "available",
    [None, QRect(0, 0, 800, 470), QRect(100, 40, 640, 480)],
    ids=["this screen", "1600x1000 at 2x less a panel", "a small screen, not at 0,0"],
)
def test_the_editor_fits_the_screen_it_opens_on(
    ctx: AppContext, qtbot: Any, available: QRect | None
) -> None:
    dialog = editor(ctx, qtbot, "cover", "cover_image")  # the tallest: safe-area row
    area = available or dialog.screen().availableGeometry()
    if available is not None:
        dialog.screen_fit.fit(available)
    qtbot.waitUntil(lambda: bool(area.contains(dialog.frameGeometry())))
    assert dialog.width() >= min(560, area.width() - 40)  # still a usable editor
    for button in (dialog.apply_button, dialog.close_button, dialog.choose_button):
        assert button.isVisible() and on_screen(button, area), button.text()
    assert dialog.crop_view.width() >= 200 and dialog.crop_view.height() >= 140


def test_the_rules_line_reads_at_4_5_to_1(ctx: AppContext, qtbot: Any) -> None:
    from collections import Counter

    from studio.ui.preview.style import contrast

    dialog = editor(ctx, qtbot)
    heading = f"{dialog.target.label}: "
    (rules,) = [w for w in dialog.findChildren(QLabel) if w.text().startswith(heading)]
    image = rules.grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    ground = Counter(p.name() for p in pixels).most_common(1)[0][0]
    assert max(contrast(p, ground) for p in pixels) >= 4.5  # as drawn
