"""The toolbar's producer-profile switcher: one entry per producer profile of the account,
saying in words which one is verified and which hold changes not published yet.

Its width does not follow its texts (the toolbar buttons after it never move when a mark
comes or goes); a text that does not fit ends in "…", the list shows it whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

if TYPE_CHECKING:
    from studio.core.models import ArtistRef
    from studio.store import Store

VERIFIED = "verified"
UNPUBLISHED = "changes to publish"
NO_PROFILE = "No producer profile"
SWITCHER_CHARS = 20  # the width it keeps, in average characters
ARTIST_KIND = "artist"


def profile_label(artist: ArtistRef, unpublished: bool) -> str:
    """ "Nova Beats · verified · changes to publish" (a "✓" read as "selected")."""
    marks = [VERIFIED] if artist.verified else []
    if unpublished:
        marks.append(UNPUBLISHED)
    return " · ".join([artist.name, *marks])


def profile_description(artist: ArtistRef, unpublished: bool) -> str:
    """The same in a sentence, for the tooltip and screen readers."""
    parts = [f"Producer profile {artist.name}"]
    parts.append("verified by BeatPass" if artist.verified else "not verified")
    parts.append(
        "has changes not published yet (a draft or a waiting publish)"
        if unpublished
        else "everything published"
    )
    return "; ".join(parts) + "."


def unpublished_profiles(store: Store, account: str) -> frozenset[str]:
    """Ids of the producer profiles of ``account`` whose draft differs from its base or
    that have a publish waiting in the outbox. A store read: call it
    off the GUI thread."""
    from studio.core.diff import diff_drafts

    found: set[str] = set()
    for kind, entity_id in store.draft_keys(account):
        if kind != ARTIST_KIND:
            continue
        record = store.load_draft(account, kind, entity_id)
        if record is not None and diff_drafts(kind, record.base, record.draft):
            found.add(str(entity_id))
    for item in store.outbox(account):
        if item.kind == ARTIST_KIND:  # a publish plan waiting (pictures and all)
            found.add(str(item.entity_id))
    return frozenset(found)


class ProfileSwitcher(QComboBox):
    """A combo box of fixed width that elides its current text instead of cutting it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("artistSwitcher")
        self.setAccessibleName("Producer profile")
        self.setToolTip("The producer profile you are editing.")
        self.setMinimumContentsLength(SWITCHER_CHARS)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.currentIndexChanged.connect(self._describe_current)

    def fill(
        self,
        artists: Iterable[ArtistRef],
        unpublished: frozenset[str],
        current: ArtistRef | None,
    ) -> None:
        """List ``artists`` (without emitting index changes) and select ``current``."""
        artists = tuple(artists)
        self.blockSignals(True)
        self.clear()
        for artist in artists:
            self.addItem("", artist.id)
        if not artists:
            self.addItem(NO_PROFILE, None)
        self.mark(artists, unpublished)
        self.setEnabled(len(artists) > 1)
        if current is not None:
            self.setCurrentIndex(max(self.findData(current.id), 0))
        self.blockSignals(False)

    def mark(self, artists: Iterable[ArtistRef], unpublished: frozenset[str]) -> None:
        """Write each entry's text and description (the list keeps its order)."""
        for row, artist in enumerate(artists):
            if self.itemData(row) != artist.id:
                continue
            dirty = str(artist.id) in unpublished
            self.setItemText(row, profile_label(artist, dirty))
            description = profile_description(artist, dirty)
            self.setItemData(row, description, Qt.ItemDataRole.ToolTipRole)
            self.setItemData(row, description, Qt.ItemDataRole.AccessibleDescriptionRole)
        self._describe_current(self.currentIndex())
        # The open list is as wide as its longest entry (the closed box keeps its width).
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 8)

    def _describe_current(self, index: int) -> None:
        description = self.itemData(index, Qt.ItemDataRole.ToolTipRole) if index >= 0 else None
        self.setAccessibleDescription(str(description or ""))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        room = field.width() - (
            option.iconSize.width() + 4 if not option.currentIcon.isNull() else 0
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(room - 2, 0)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
