"""The attachments of an application: add files (the file dialog or a drop), each checked
on this computer before it is kept (JPEG, PNG, WebP or PDF, at most 5 MB, at most 5 in all;
pictures cleaned by the image pipeline), remove them (the Delete key too). Every change is
one undo step of the draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core import application as app
from studio.core.limits import BACKSTAGE_ATTACHMENTS_MAX
from studio.core.text import count_text
from studio.messages import user_message
from studio.ui.applications.attachment_work import Kept, keep_attachments, size_text
from studio.ui.applications.widgets import note

if TYPE_CHECKING:
    from studio.context import AppContext
    from studio.document import DraftDocument

FILE_FILTER = "Attachments (*.pdf *.jpg *.jpeg *.png *.webp *.gif);;All files (*)"
RULES = (
    f"Optional: press photos, label documents, screenshots. JPEG, PNG, WebP or PDF, at most "
    f"5 MB each, {BACKSTAGE_ATTACHMENTS_MAX} at most. Pictures are cleaned of private data "
    "(such as the GPS position) before they are kept."
)


class _List(QListWidget):
    removeRequested = Signal()  # noqa: N815

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.removeRequested.emit()
            return
        super().keyPressEvent(event)


class AttachmentList(QWidget):
    """The list, Add files… and Remove; ``message`` says what happened to added files."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc: DraftDocument | None = None
        self.file_dialog: QFileDialog | None = None
        self.busy = False
        self.setAcceptDrops(True)
        self.list = _List()
        self.list.setAccessibleName("Attachments")
        self.list.setMinimumHeight(90)
        self.list.removeRequested.connect(self.remove_current)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton("Add f&iles…")
        self.add_button.setAccessibleName("Add attachments")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove the selected attachment")
        self.remove_button.clicked.connect(self.remove_current)
        self.rules = note(RULES, "Attachment rules")
        self.message = note("", "Attachments message")
        self.message.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.rules)
        layout.addWidget(self.message)
        self._update_buttons()

    def bind(self, doc: DraftDocument | None) -> None:
        self.doc = doc
        self.show_message("")
        self.refresh()

    # --- showing -------------------------------------------------------------------------

    def items(self) -> list[dict[str, Any]]:
        return list(self.doc.value(app.ATTACHMENTS)) if self.doc is not None else []

    def refresh(self, problems: dict[str, str] | None = None) -> None:
        items = self.items()
        texts = [self._text(item, (problems or {}).get(item.get("file", ""), "")) for item in items]
        if texts != [self.list.item(i).text() for i in range(self.list.count())]:
            row = self.list.currentRow()
            self.list.clear()
            for text in texts:
                entry = QListWidgetItem(text)
                entry.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                self.list.addItem(entry)
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._update_buttons()

    @staticmethod
    def _text(item: dict[str, Any], problem: str) -> str:
        name = item.get("name") or (
            f"File #{item['id']} of your earlier application" if item.get("id") else "A file"
        )
        size = f" · {size_text(int(item['size']))}" if item.get("size") else ""
        where = " · sent before, reused" if item.get("id") is not None else ""
        return f"{name}{size}{where}" + (f"  — {problem}" if problem else "")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_buttons(self) -> None:
        editable = self.doc is not None and self.isEnabled()
        full = len(self.items()) >= BACKSTAGE_ATTACHMENTS_MAX
        self.add_button.setEnabled(editable and not self.busy and not full)
        self.add_button.setToolTip(
            f"At most {BACKSTAGE_ATTACHMENTS_MAX} attachments: remove one first."
            if full
            else "Choose files to attach (you can also drop them here)."
        )
        self.remove_button.setEnabled(editable and self.list.currentRow() >= 0)

    # --- adding --------------------------------------------------------------------------

    def choose_files(self) -> None:
        """The file dialog (not blocking); the chosen files are checked and added."""
        dialog = QFileDialog(self, "Attach files", str(Path.home()), FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.filesSelected.connect(lambda names: self.add_files([Path(n) for n in names]))
        self.file_dialog = dialog
        dialog.open()

    def add_files(self, paths: list[Path]) -> None:
        """Check ``paths`` off the GUI thread and add those that pass (up to the limit)."""
        if self.doc is None or self.busy or not paths:
            return
        room = BACKSTAGE_ATTACHMENTS_MAX - len(self.items())
        left_out = [p.name for p in paths[max(room, 0) :]]
        paths = paths[: max(room, 0)]
        if not paths:
            self.show_message(
                f"At most {BACKSTAGE_ATTACHMENTS_MAX} attachments: nothing was added. Remove "
                "one to make room."
            )
            return
        self.busy = True
        self._update_buttons()
        self.show_message(f"Checking {len(paths)} file{'s' if len(paths) > 1 else ''}…")
        doc = self.doc
        self.ctx.tasks.run(
            keep_attachments,
            paths,
            self.ctx.paths.data,
            # no owner: files already checked still reach the draft if the page goes away
            on_done=lambda kept: self._kept(doc, kept, left_out),
            on_error=self._failed,
            name="check attachments",
        )

    def _kept(self, doc: DraftDocument, kept: list[Kept], left_out: list[str]) -> None:
        if not shiboken6.isValid(self):
            self._add(doc, kept)
            return
        self.busy = False
        added, lines = self._add(doc, kept), []
        for entry in kept:
            if entry.problem:
                lines.append(entry.problem)
            elif entry.notes:
                lines.append(f"“{entry.name}”: " + " ".join(entry.notes))
        if left_out:
            lines.append(
                f"At most {BACKSTAGE_ATTACHMENTS_MAX} attachments: "
                f"{', '.join(f'“{n}”' for n in left_out)} not added."
            )
        if added:
            lines.insert(0, f"Added {count_text(added, 'file')}; uploaded when you send the "
                         "application.")  # fmt: skip
        self.show_message("\n".join(lines))
        self.refresh()

    def _add(self, doc: DraftDocument, kept: list[Kept]) -> int:
        if not shiboken6.isValid(doc):
            return 0
        present = {i.get("file") for i in doc.value(app.ATTACHMENTS)}
        new = [k.item for k in kept if k.item is not None and k.item["file"] not in present]
        for ref, name in ((i["file"], i["name"]) for i in new):
            self.ctx.workspace.note_name(ref, name)
        if not new:
            return 0
        doc.stack.beginMacro(f"Attach {len(new)} file{'s' if len(new) > 1 else ''}")
        for item in new:
            doc.add_item(app.ATTACHMENTS, item)
        doc.stack.endMacro()
        return len(new)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.show_message(f"The files could not be checked: {user_message(exc)} Nothing was added.")
        self._update_buttons()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if self.doc is None or row < 0 or row >= len(self.items()):
            return
        name = self.items()[row].get("name") or "the attachment"
        self.doc.remove_item(app.ATTACHMENTS, row)
        self.show_message(f"Removed “{name}” (Undo puts it back).")
        self.refresh()

    # --- drops ---------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls) and self.doc is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)
