"""The uploads' place in the status bar: what is being uploaded (with a progress bar),
why uploads wait, and Retry for uploads that stopped on an error."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QWidget

from studio.uploads import UploadDone, UploadProblem, UploadQueue


class UploadIndicator(QWidget):
    """Hidden while nothing is uploading or waiting."""

    def __init__(self, queue: UploadQueue, signals: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._signals = signals
        self.setAccessibleName("Uploads")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.label.setAccessibleName("Upload status")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Upload progress")
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.retry_button = QPushButton("Retry uploads")
        self.retry_button.setAccessibleName("Retry uploads")
        self.retry_button.clicked.connect(lambda: queue.retry())  # noqa: PLW0108 (no bool)
        for widget in (self.label, self.bar, self.retry_button):
            row.addWidget(widget)
        queue.statusChanged.connect(self._status)
        queue.progress.connect(self._progress)
        queue.uploaded.connect(self._uploaded)
        queue.failed.connect(self._failed)
        self._status(queue.status)

    def _status(self, text: str) -> None:
        self.label.setText(text)
        busy = self.queue.busy
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)
        self.retry_button.setVisible(
            not busy and any(item.waits_for_user for item in self.queue.items)
        )
        self.setVisible(bool(text))

    def _progress(self, _item_id: int, sent: int, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(sent)

    def _uploaded(self, _done: UploadDone) -> None:
        self._signals.message.emit("Picture uploaded; it is in your draft.")

    def _failed(self, problem: UploadProblem) -> None:
        if not problem.will_retry:
            self._signals.message.emit(f"Upload failed: {problem.message}")


def install_uploads(ctx: Any, window: QMainWindow) -> UploadQueue:
    """Create the context's upload queue (so pending uploads resume at sign-in) and show its
    state in ``window``'s status bar. Call once at start-up."""
    queue = UploadQueue.for_context(ctx)
    window.statusBar().addPermanentWidget(UploadIndicator(queue, ctx.signals, window))
    return queue
