"""Help → Open log folder: open the folder in the desktop's file manager, and where that
cannot be done (no file manager is set up, no launcher at all), show the folder's path in a
small dialog the user can copy it from.

On Linux and the BSDs the folder goes to ``xdg-open`` on a worker thread: its exit status
says whether anything opened the folder (Qt's own opener starts ``xdg-open`` detached and
reports success even when it then finds nothing). Elsewhere, and inside a Flatpak or Snap
(where the desktop portal opens files), Qt's opener decides.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from studio.tasks import Tasks

OPENER = "xdg-open"
OPENER_WAIT_S = 3.0  # still running after this: a file manager that stays in the foreground
NOT_OPENED = (
    "The log folder could not be opened: this desktop has no program set up to open "
    "folders. Here is where it is; copy the path into a file manager or a terminal."
)


def _uses_xdg_open() -> bool:
    sandboxed = Path("/.flatpak-info").exists() or "SNAP" in os.environ
    return sys.platform not in ("win32", "darwin") and not sandboxed


def run_opener(folder: Path) -> bool | None:
    """Hand ``folder`` to ``xdg-open``: True when it took it, False when it failed, None when
    there is no ``xdg-open``. Runs on a worker thread."""
    program = shutil.which(OPENER)
    if program is None:
        return None
    try:
        process = subprocess.Popen(
            [program, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a file manager it starts outlives the studio
        )
    except OSError:
        return False
    try:
        return process.wait(OPENER_WAIT_S) == 0
    except subprocess.TimeoutExpired:
        threading.Thread(target=process.wait, name="reap xdg-open", daemon=True).start()
        return True


class FolderPathDialog(QDialog):
    """Says the folder could not be opened and shows its path, selected, with Copy path."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logFolderPath")
        self.setWindowTitle("Log folder")
        self.setAccessibleName("Log folder")
        text = QLabel(NOT_OPENED)
        text.setWordWrap(True)
        self.path = QLineEdit(str(folder))
        self.path.setReadOnly(True)
        self.path.setAccessibleName("Path of the log folder")
        self.path.setMinimumWidth(min(self.path.fontMetrics().horizontalAdvance(str(folder)), 520))
        self.copy_button = QPushButton("&Copy path")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.path)
        layout.addWidget(buttons)
        self.path.selectAll()
        self.path.setFocus(Qt.FocusReason.OtherFocusReason)

    def copy_path(self) -> None:
        QGuiApplication.clipboard().setText(self.path.text())
        self.copy_button.setText("Copied")


class LogFolderOpener:
    """Opens ``folder`` for ``window``; ``dialog`` is the path dialog while it is shown."""

    def __init__(self, tasks: Tasks, folder: Path, window: QWidget) -> None:
        self._tasks, self.folder, self._window = tasks, folder, window
        self.dialog: FolderPathDialog | None = None

    def open(self) -> None:
        if not _uses_xdg_open():
            self._fall_back(None)
            return
        self._tasks.run(
            run_opener,
            self.folder,
            on_done=self._fall_back,
            on_error=lambda _exc: self.show_path(),
            owner=self._window,
            name="open the log folder",
        )

    def _fall_back(self, opened: bool | None) -> None:
        if opened is None:  # no xdg-open: Qt's opener knows the platform's other ways
            opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        if not opened:
            self.show_path()

    def show_path(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = FolderPathDialog(self.folder, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None
