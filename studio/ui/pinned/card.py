"""``PinCard``: the pin of the draft as the card BeatPass shows at the top of Discography (pin
icon, round cover with play, title, artists, duration and plays), with where it comes from
(chosen by you, or picked automatically by BeatPass), whether it is published yet, and why
BeatPass refused it when it did."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.core.pins import (
    AUTOMATIC,
    MANUAL,
    pinned_id,
    shown,
    source_of,
    summary_meta,
    summary_text,
    summary_track,
)
from studio.pictures import ImageLoader
from studio.ui.preview.cards import artists_text, picture
from studio.ui.preview.icons import pin_pixmap
from studio.ui.preview.widgets import ElidedLabel, PlainLabel

COVER_PX = 64
SOURCE_TEXT = {
    MANUAL: "Chosen by you.",
    AUTOMATIC: "Picked automatically by BeatPass (nothing is pinned).",
    None: "Nothing is pinned: BeatPass picks a track for the top of your page by itself.",
}


def published_text(base: Mapping[str, Any]) -> str:
    """What BeatPass shows now, for the "not published yet" line."""
    if pinned_id(base) is not None:
        return f"pinned: {summary_text(base.get('pinned'))}"
    track = shown(base)
    if track is not None:
        return f"picked automatically: {summary_text(track)}"
    return "nothing pinned"


class PinCard(QFrame):
    """The current pin (of the draft); ``unpin_button`` asks to unpin."""

    def __init__(self, images: ImageLoader | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Current pinned track")
        self._images = images
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(14)
        self.cover = picture(COVER_PX, "circle", None, "", images, play=True)
        self.cover.setAccessibleName("Cover")
        layout.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.pin_icon = QLabel()
        self.pin_icon.setAccessibleName("Pin")
        head.addWidget(self.pin_icon)
        self.heading = ElidedLabel("Pinned")
        head.addWidget(self.heading, 1)
        text.addLayout(head)
        self.title = ElidedLabel("", "title")
        self.title.setAccessibleName("Title")
        font = self.title.font()  # the track stands out, as on BeatPass's card
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.artists = ElidedLabel("")
        self.artists.setAccessibleName("Artists")
        self.meta = PlainLabel("")
        self.meta.setAccessibleName("Duration and plays")
        self.source = PlainLabel("", wrap=True)
        self.source.setAccessibleName("Where the pin comes from")
        self.draft_note = PlainLabel("", wrap=True)
        self.draft_note.setAccessibleName("Publishing state")
        self.refused = PlainLabel("", wrap=True)
        self.refused.setObjectName("pinRefused")
        self.refused.setAccessibleName("Refused by BeatPass")
        for label in (self.title, self.artists, self.meta, self.source):
            text.addWidget(label)
        text.addWidget(self.draft_note)
        text.addWidget(self.refused)
        layout.addLayout(text, 1)
        self.unpin_button = QPushButton("&Unpin")
        self.unpin_button.setAccessibleName("Unpin the track")
        self.unpin_button.setToolTip(
            "Unpin (a draft change: nothing is sent until you publish). BeatPass then picks "
            "a track by itself."
        )
        layout.addWidget(self.unpin_button, 0, Qt.AlignmentFlag.AlignTop)
        self._tint()
        self.show_pin(None, None)

    def show_pin(
        self,
        draft: Mapping[str, Any] | None,
        base: Mapping[str, Any] | None,
        refused: str = "",
    ) -> None:
        """Show ``draft``'s pin (None: still loading) over the server state ``base``."""
        if draft is None:
            self.heading.set_text("Pinned track")
            self.title.set_text("Loading…")
            for label in (self.artists, self.meta, self.source, self.draft_note, self.refused):
                label.set_text("")
            self.cover.set_source(None, "")
            self.unpin_button.setEnabled(False)
            self._update_visibility()
            return
        value = shown(draft)
        track = summary_track(value)
        source = source_of(draft)
        heading = "Pinned" if source == MANUAL else "Shown first" if track else "Pinned track"
        self.heading.set_text(heading)
        if track is None:
            self.title.set_text("No track pinned")
            self.artists.set_text("")
            self.meta.set_text("")
            self.cover.set_source(None, "")
        else:
            self.title.set_text(track.name)
            self.artists.set_text(artists_text(track.artists))
            self.meta.set_text(summary_meta(value))
            self.cover.set_source(track.image, track.name)
        self.source.set_text(SOURCE_TEXT[source])
        dirty = base is not None and pinned_id(base) != pinned_id(draft)
        self.draft_note.set_text(
            f"Not published yet: BeatPass shows {published_text(base)}. Publish to change it."
            if dirty and base is not None
            else ""
        )
        self.refused.set_text(f"BeatPass refused this pin: {refused}" if refused else "")
        self.unpin_button.setEnabled(source == MANUAL)
        self.setAccessibleDescription(
            " ".join(
                t
                for t in (
                    self.title.text(),
                    self.artists.text(),
                    self.meta.text(),
                    self.source.text(),
                    self.draft_note.text(),
                    self.refused.text(),
                )
                if t
            )
        )
        self._update_visibility()

    def _update_visibility(self) -> None:
        for label in (self.artists, self.meta, self.draft_note, self.refused):
            label.setVisible(bool(label.text()))

    def _tint(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
        self.pin_icon.setPixmap(pin_pixmap(colour, 14, self.devicePixelRatioF()))
        warn = (
            "#c0392b"
            if self.palette().color(QPalette.ColorRole.Window).lightness() > 128
            else "#ff8a80"
        )
        self.refused.setStyleSheet(f"color: {warn};")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
