"""Progress of a long ``prepare`` (a big animation takes seconds), and a way to stop it.

The caller passes ``progress(share, message)``: ``share`` goes from 0.0 to 1.0 and never
goes back; ``message`` says in words what is being done. To stop the work, the callback
raises :class:`studio.images.errors.Cancelled`; it is called at least once per frame read or
encoded, so a stop takes effect within a frame.

Work is counted in frames read and encoded against a running estimate of the total, because
how many encodes a picture needs to fit under the cap is only known at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PIL import Image

ProgressCallback = Callable[[float, str], None]


class Progress:
    """Counts units of work done against an estimated total and reports the share."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._done = 0.0
        self._total = 1.0
        self._shown = 0.0
        self._message = ""

    def expect(self, units: float) -> None:
        """``units`` more work is expected (the total only grows)."""
        self._total += max(0.0, units)

    def stage(self, message: str) -> None:
        """Say what is being done now (the share stays where it is)."""
        self._message = message
        self._emit()

    def step(self, units: float = 1.0) -> None:
        """``units`` of work are done (a stop takes effect here)."""
        self._done += units
        self._total = max(self._total, self._done * 1.05)
        self._emit()

    def finish(self) -> None:
        self._done = self._total
        self._emit()

    def _emit(self) -> None:
        if self._callback is None:
            return
        self._shown = max(self._shown, min(1.0, self._done / self._total))
        self._callback(self._shown, self._message)


class _CountedFrame(Image.Image):
    """A frame that counts when an animation writer takes it: Pillow's GIF, APNG and WebP
    writers seek every appended frame to 0 once before encoding it."""

    _on_taken: Callable[[], None]

    def seek(self, frame: int) -> None:
        if frame == 0:
            self._on_taken()
        super().seek(frame)


def counted(frames: list[Image.Image], progress: Progress) -> list[Image.Image]:
    """``frames`` (plain in-memory images) made to report one unit each time an animation
    writer takes one, so progress moves, and a stop works, during a long encode."""
    for frame in frames:
        if type(frame) is Image.Image:
            frame.__class__ = _CountedFrame
        if isinstance(frame, _CountedFrame):
            counter: Any = frame
            counter._on_taken = progress.step
    return frames
