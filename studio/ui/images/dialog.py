"""``ImageEditorDialog``: pick or drop a picture, crop it (circle mask for avatars, safe
areas for covers), see the checks and fix them in one click, then Apply: the picture is
prepared in the background and kept in the app's data folder, and the draft refers to it
(``local:<sha256>.<ext>``) — one undo step, works offline, survives the original file being
moved. Publishing uploads it (a step of the publish plan). Open it with
:func:`open_image_editor` (non-blocking). A caller that places the picture itself (a gallery
item) passes ``deliver``: it gets the :class:`PreparedFile` instead of the field being set."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.core import limits
from studio.document import DraftDocument
from studio.images import rules as r
from studio.messages import user_message
from studio.tasks import TaskHandle
from studio.ui.images.crop_view import CropView
from studio.ui.images.findings import FindingsPanel
from studio.ui.images.plan import (
    Plan,
    apply_fix,
    blocking_reason,
    fix_label,
    plan_findings,
    removal_text,
)
from studio.ui.images.safe_areas import DESKTOP, LAYOUTS, PHONE
from studio.ui.images.window_fit import FitOnShow
from studio.ui.images.work import Loaded, PreparedFile, PreparingIndicator, load_file, prepare_file
from studio.ui.theme import error_colour

log = logging.getLogger(__name__)

FILE_FILTER = "Pictures (*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff *.avif);;All files (*)"
SLIDER_STEPS = 200
NOUNS = {
    "avatar": "avatar",
    "user_avatar": "avatar",
    "cover": "cover image",
    "gallery": "gallery picture",
}
Deliver = Callable[[PreparedFile], None]  # where a prepared picture goes instead of a field
PREFERRED_SIZE = QSize(980, 620)  # where the screen has room; else what the screen offers


class ImageEditorDialog(QDialog):
    """The avatar / cover / user-avatar editor for one image field of one draft."""

    def __init__(  # noqa: PLR0917 (the documented call shape)
        self,
        ctx: Any,
        doc: DraftDocument,
        field: str,
        target_key: str,
        upload_kind: str,
        parent: QWidget | None = None,
        *,
        deliver: Deliver | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.doc, self.field = ctx, doc, field
        self.deliver = deliver  # None: the picture goes into ``doc.field``
        self.target_key, self.upload_kind = target_key, upload_kind
        self.target = limits.IMAGE_TARGETS[target_key]
        self.loaded: Loaded | None = None
        self.plan = Plan()
        self.prepared: PreparedFile | None = None
        self.file_dialog: QFileDialog | None = None
        self._task: TaskHandle | None = None
        self._busy = ""
        self.setWindowTitle(f"Change {self.target.label.lower()}")
        self.setAccessibleName(self.windowTitle())
        self.setAcceptDrops(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._build()
        self._refresh()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.choose_button = QPushButton("&Choose picture…")
        self.choose_button.setAccessibleName("Choose picture")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel("No picture chosen. You can also drop a file here.")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setAccessibleName("Chosen file")
        head.addWidget(self.choose_button)
        head.addWidget(self.file_label, 1)
        outer.addLayout(head)
        rules = QLabel(f"{self.target.label}: {r.rules_summary(self.target_key)}")
        rules.setWordWrap(True)
        rules.setAccessibleName("Rules")
        outer.addWidget(rules)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.crop_view = CropView()
        self.crop_view.set_target(self.target.aspect, self.target.circle)
        self.crop_view.cropEdited.connect(self._crop_edited)
        self.crop_view.zoomChanged.connect(self._zoom_changed)
        left.addWidget(self.crop_view, 1)
        zoom_row = QHBoxLayout()
        zoom_label = QLabel("&Zoom")
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setRange(0, SLIDER_STEPS)
        self.zoom_slider.setAccessibleName("Zoom")
        self.zoom_slider.valueChanged.connect(self._slider_moved)
        zoom_label.setBuddy(self.zoom_slider)
        self.fit_button = QPushButton("&Fit")
        self.fit_button.setAccessibleName("Fit the whole picture")
        self.fit_button.clicked.connect(lambda: self.crop_view.set_zoom(1.0))
        self.crop_info = QLabel("")
        self.crop_info.setAccessibleName("Crop size")
        zoom_row.addWidget(zoom_label)
        zoom_row.addWidget(self.zoom_slider, 1)
        zoom_row.addWidget(self.crop_info)
        zoom_row.addWidget(self.fit_button)
        left.addLayout(zoom_row)
        self.safe_check: QCheckBox | None = None
        self.safe_buttons: dict[str, QRadioButton] = {}
        if self.target_key == "cover":
            left.addLayout(self._safe_area_row())
        body.addLayout(left, 3)

        self.findings = FindingsPanel()
        self.findings.fixRequested.connect(self.apply_fix)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.findings)
        scroll.setMinimumWidth(300)
        body.addWidget(scroll, 2)
        outer.addLayout(body, 1)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        outer.addWidget(self.message)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Preparing the picture")
        self.progress_bar.hide()
        outer.addWidget(self.progress_bar)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setAccessibleName("Why Apply is disabled")
        outer.addWidget(self.reason)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setAccessibleName("Apply: put this picture in the draft")
        self.apply_button.clicked.connect(self.apply)
        self.preparing = PreparingIndicator(self.progress_bar, self.buttons, self.stop_preparing)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        # fits the screen it opens on (Apply/Cancel on it); the rules line reads at 4.5:1
        self.screen_fit = FitOnShow(
            self,
            PREFERRED_SIZE,
            shrinkable=((self.crop_view, QSize(200, 140)), (scroll, QSize(200, 0))),
            quiet=(rules,),
        )

    def _safe_area_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.safe_check = QCheckBox("Show &safe areas")
        self.safe_check.setChecked(True)
        self.safe_check.setAccessibleName("Show safe areas")
        group = QButtonGroup(self)
        for mode, text in ((DESKTOP, "&Desktop"), (PHONE, "&Phone")):
            button = QRadioButton(text)
            button.setAccessibleName(f"Safe areas at {mode} width")
            group.addButton(button)
            self.safe_buttons[mode] = button
            row.addWidget(button)
        self.safe_buttons[DESKTOP].setChecked(True)
        self.safe_note = QLabel(LAYOUTS[DESKTOP].note)
        self.safe_note.setWordWrap(True)
        self.safe_check.toggled.connect(lambda _on: self._update_safe())
        group.buttonToggled.connect(lambda *_args: self._update_safe())
        row.insertWidget(0, self.safe_check)
        row.addWidget(self.safe_note, 1)
        self._update_safe()
        return row

    def set_safe_mode(self, mode: str | None) -> None:
        """Show the safe areas at ``"desktop"`` or ``"phone"`` width, or none."""
        if self.safe_check is None:
            return
        self.safe_check.setChecked(mode is not None)
        if mode is not None:
            self.safe_buttons[mode].setChecked(True)
        self._update_safe()

    def _update_safe(self) -> None:
        assert self.safe_check is not None
        on = self.safe_check.isChecked()
        mode = PHONE if self.safe_buttons[PHONE].isChecked() else DESKTOP
        for button in self.safe_buttons.values():
            button.setEnabled(on)
        self.safe_note.setText(LAYOUTS[mode].note if on else "")
        self.crop_view.set_safe_area(mode if on else None)

    # --- choosing a file ------------------------------------------------------------------

    def choose_file(self) -> None:
        """Open a file dialog (non-blocking); the chosen file is loaded."""
        dialog = QFileDialog(self, "Choose a picture", str(Path.home()), FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.fileSelected.connect(lambda name: self.load_file(Path(name)))
        self.file_dialog = dialog
        dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and not self._busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.load_file(Path(urls[0].toLocalFile()))

    def load_file(self, path: Path) -> None:
        """Check ``path`` and show it (in the background)."""
        if self._task is not None:
            self._task.cancel()
        self.loaded, self.plan, self.prepared = None, Plan(), None
        self.file_label.setText(path.name)
        self.crop_view.set_image(None)
        self.crop_view.set_placeholder(f"Checking “{path.name}”…")
        self.findings.set_empty_text("Checking…")
        self.findings.set_removed(None)
        self._set_message("")
        self._busy = "Checking the picture…"
        self._refresh()
        self._task = self.ctx.tasks.run(
            load_file,
            path,
            self.target_key,
            self.ctx.paths.thumbnails,
            owner=self,
            on_done=self._loaded,
            on_error=self._work_failed,
            name="check picture",
        )

    def _loaded(self, loaded: Loaded) -> None:
        self._task, self._busy = None, ""
        self.loaded = loaded
        if loaded.info is None:
            text = loaded.findings[0].message if loaded.findings else ""
            self.crop_view.set_placeholder("This file cannot be used. Choose another picture.")
            self._set_message(text, error=True)
            self.findings.set_removed(None)
        else:
            size = loaded.info.oriented_size
            self.crop_view.set_image(loaded.preview, size)
            self.findings.set_removed(removal_text(loaded.info.metadata.labels))
        self._refresh()

    # --- editing --------------------------------------------------------------------------

    def _crop_edited(self, crop: tuple[int, int, int, int]) -> None:
        if self.loaded is None or self.loaded.info is None:
            return
        self.plan = dataclasses.replace(self.plan, crop=crop)
        self._refresh()

    def apply_fix(self, fix: str) -> None:
        """One-click fix ``fix`` (a ``studio.images.rules.FIX_*`` code)."""
        if fix in (r.FIX_CROP_SQUARE, r.FIX_CROP_16_9):
            self.crop_view.set_zoom(1.0, edited=False)
        self.plan = apply_fix(self.plan, fix, self.crop_view.crop())
        self._refresh()

    def _zoom_changed(self, zoom: float) -> None:
        top = math.log(self.crop_view.max_zoom())
        value = round(math.log(zoom) / top * SLIDER_STEPS) if top > 0 else 0
        self.zoom_slider.blockSignals(True)
        self.zoom_slider.setValue(value)
        self.zoom_slider.blockSignals(False)

    def _slider_moved(self, value: int) -> None:
        top = math.log(self.crop_view.max_zoom())
        self.crop_view.set_zoom(math.exp(top * value / SLIDER_STEPS))

    def current_findings(self) -> list[Any]:
        info = self.loaded.info if self.loaded is not None else None
        if info is None:
            return list(self.loaded.findings) if self.loaded is not None else []
        return plan_findings(info, self.target_key, self.plan)

    def apply_reason(self) -> str:
        """Why Apply is disabled ("" when it is enabled)."""
        if self._busy:
            return self._busy
        if self.loaded is None:
            return "Choose a picture first."
        if self.loaded.info is None:
            return "This file cannot be used. Choose another picture."
        return blocking_reason(self.current_findings())

    def _refresh(self) -> None:
        if self.loaded is not None:
            findings = self.current_findings()
            fixes = {f.fix: fix_label(f.fix, self.target_key, self.plan) for f in findings if f.fix}
            self.findings.set_findings(findings, fixes)
        self.crop_info.setText(self._crop_text())
        has_image = self.crop_view.has_image and not self._busy
        for widget in (self.zoom_slider, self.fit_button, self.crop_view):
            widget.setEnabled(has_image)
        self.choose_button.setEnabled(not self._busy)
        reason = self.apply_reason()
        self.apply_button.setEnabled(not reason)
        self.apply_button.setToolTip(reason)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        """Tab follows the dialog top to bottom: the picture's controls, the checks' fixes
        (made anew with every check, so Qt would put them last), then the dialog's buttons."""
        chain: list[QWidget] = [self.choose_button, self.crop_view]
        chain += [self.zoom_slider, self.fit_button]
        chain += [self.safe_check, *self.safe_buttons.values()] if self.safe_check else []
        chain += [row.fix_button for row in self.findings.rows if row.fix_button is not None]
        chain += sorted(self.buttons.buttons(), key=lambda b: b.x())  # as laid out
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _crop_text(self) -> str:
        crop = self.plan.crop or self.crop_view.crop()
        if crop is None:
            return ""
        width, height = crop[2] - crop[0], crop[3] - crop[1]
        box_w, box_h = r.OUTPUT_BOX[self.target_key]
        scale = min(1.0, box_w / width, box_h / height)
        text = f"{width}×{height} px"
        if scale < 1:
            text += f" → {round(width * scale)}×{round(height * scale)}"
        return text

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {error_colour(self.palette())};" if error else "")

    # --- applying -------------------------------------------------------------------------

    def apply(self) -> None:
        """Prepare the picture with the chosen crop, keep it in the app's data folder and
        put it in the draft (it is uploaded when the draft is published)."""
        if self.apply_reason() or self.loaded is None:
            return
        self._busy = "Preparing the picture…"
        self._set_message(self._busy)
        self._refresh()
        picked = self.loaded.path.name  # the review and the outbox show it ("avatar.jpg")
        self.preparing.start(self._busy)
        self._task = self.ctx.tasks.run(
            prepare_file,
            self.loaded.path,
            self.target_key,
            self.plan.crop,
            self.plan.keep_animation,
            self.ctx.paths.data,
            picked,
            # no owner: closing the dialog meanwhile still puts the picture in the draft
            # (Stop preparing does not)
            on_done=self._prepared,
            on_error=self._work_failed,
            on_progress=self.preparing.show,
            context=True,
            name="prepare picture",
        )

    def stop_preparing(self) -> None:
        """Stop preparing the picture; nothing is kept and the editor stays as it was."""
        if self._task is None:
            return
        self._task.cancel()
        self._task, self._busy = None, ""
        self.preparing.hide()
        self._set_message("Stopped: the picture was not prepared; your draft is unchanged.")
        self._refresh()

    def _prepared(self, prepared: PreparedFile) -> None:
        doc, field, noun = self.doc, self.field, self._noun()
        self.ctx.workspace.note_name(prepared.ref, prepared.name)
        if self.deliver is not None:
            self.deliver(prepared)  # the caller puts it in the draft (it outlives us)
        elif shiboken6.isValid(doc):
            doc.set_image(field, prepared.ref)
        notes = " ".join(prepared.notes)
        text = (
            f"The new {noun} ({prepared.width}×{prepared.height}, "
            f"{prepared.size / 1024:.0f} KB) is in your draft. {notes} It is uploaded when you "
            "publish."
        ).replace("  ", " ")
        self.ctx.signals.message.emit(text)
        if not shiboken6.isValid(self):
            return  # closed meanwhile: the draft has the picture all the same
        self._task, self._busy = None, ""
        self.preparing.hide()
        self.prepared = prepared
        self.findings.set_removed(removal_text(prepared.removed))
        self._set_message(text)
        self._refresh()
        self.accept()

    def _work_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            log.warning("image editor closed before it could show: %s", user_message(exc))
            return
        self._task, self._busy = None, ""
        self.preparing.hide()
        self._set_message(user_message(exc), error=True)
        self._refresh()

    def _noun(self) -> str:
        return NOUNS.get(self.target_key, "picture")


def open_image_editor(  # noqa: PLR0917 (the agreed call shape)
    ctx: Any,
    doc: DraftDocument,
    field: str,
    target_key: str,
    upload_kind: str,
    parent: QWidget,
    *,
    deliver: Deliver | None = None,
) -> ImageEditorDialog:
    """Open the editor for ``doc.field`` (non-blocking ``open()``) and return it.

    ``target_key`` is a key of ``limits.IMAGE_TARGETS`` ("avatar", "cover",
    "user_avatar", "gallery"), ``upload_kind`` a key of ``limits.UPLOAD_RULES`` (the publish
    plan uploads by field; kept for callers that say what the picture is for). With
    ``deliver``, the prepared picture (kept on this computer) is handed to it instead of
    being set into ``doc.field`` — it is called even when the dialog was closed meanwhile, so
    it must not need the dialog (e.g. a gallery item's replacement).
    """
    dialog = ImageEditorDialog(ctx, doc, field, target_key, upload_kind, parent, deliver=deliver)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
