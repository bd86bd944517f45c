"""The review dialog: "What will change on your public page", before anything is sent.

One section per document with changes; one row per changed field (before → after), list
fields with a child row per added, removed, edited or moved item; the selected field's
details below (a word diff for text). Publish accepts; Cancel closes and loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.diff import FieldChange
from studio.ui.preview import ImageLoader
from studio.ui.publish.render import IMAGE_FIELDS, change_html, change_lines, short, value_text
from studio.ui.publish.thumbs import ICON_SIZE, ReviewThumbnails

GALLERY = "profile_images"
MAX_BEFORE_WIDTH = 320

CHANGE_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class ReviewEntry:
    """One document to publish: what it is, and its changes base → draft."""

    title: str  # "Producer page: Nova Beats", "User profile"
    kind: str
    entity_id: str
    base: dict[str, Any]
    draft: dict[str, Any]
    changes: list[FieldChange]


class ReviewDialog(QDialog):
    """Lists the changes; ``accepted`` means: publish exactly these entries. With ``images``
    (a background picture loader), image fields show before → after thumbnails."""

    def __init__(
        self,
        entries: list[ReviewEntry],
        parent: QWidget | None = None,
        *,
        images: ImageLoader | None = None,
        origin: str = "",
    ) -> None:
        super().__init__(parent)
        self.entries = entries
        self.thumbnails = ReviewThumbnails(images, origin, self) if images is not None else None
        self.setObjectName("publishReview")
        self.setWindowTitle("Review before publishing")
        self.setAccessibleName("What will change on your public page")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>What will change on your public page</b>")
        intro = QLabel(
            "Nothing is sent until you press Publish. If the page changed on BeatPass "
            "meanwhile, the changes are merged; where both sides changed the same field you "
            "choose which version to keep."
        )
        intro.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(intro)

        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewChanges")
        self.tree.setAccessibleName("Changes to publish")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Field", "Before", "After"])
        self.tree.setIconSize(ICON_SIZE)  # picture rows are taller than the others
        self.details = QTextBrowser()
        self.details.setObjectName("reviewDetails")
        self.details.setAccessibleName("Details of the selected change")
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.buttons = QDialogButtonBox()
        self.publish_button = self.buttons.addButton(
            "Publish", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.publish_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._fill()
        self.tree.currentItemChanged.connect(self._show_details)
        first = self.tree.topLevelItem(0)
        child = first.child(0) if first is not None else None
        if child is not None:
            self.tree.setCurrentItem(child)

    def fields(self) -> list[tuple[str, str]]:
        """(entry title, field name) of every change listed, in order."""
        return [(e.title, c.field) for e in self.entries for c in e.changes]

    def _fill(self) -> None:
        for entry in self.entries:
            top = QTreeWidgetItem([entry.title, "", ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(top)
            for change in entry.changes:
                top.addChild(self._row(change))
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)  # "Before" as wide as it needs, within reason
        self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), MAX_BEFORE_WIDTH))

    def _row(self, change: FieldChange) -> QTreeWidgetItem:
        thumbs = self.thumbnails
        if change.is_list:
            row = QTreeWidgetItem([change.summary(), "", ""])
            # the items behind change_lines' rows, in its order (for gallery thumbnails)
            items = [*change.added, *change.removed, *(e.after for e in change.edited)]
            items += change.moved
            for (marker, text), item in zip(change_lines(change), items, strict=True):
                child = QTreeWidgetItem([f"{marker} {short(text)}", "", ""])
                child.setToolTip(0, text)
                child.setData(0, CHANGE_ROLE, change)
                if thumbs is not None and change.field == GALLERY and isinstance(item, dict):
                    thumbs.attach(child, 0, item.get("url"), GALLERY)
                row.addChild(child)
            row.setExpanded(True)
        else:
            before = value_text(change.field, change.before)
            after = value_text(change.field, change.after)
            row = QTreeWidgetItem([change.label, short(before, 40), short(after, 40)])
            row.setToolTip(1, before)
            row.setToolTip(2, after)
            if thumbs is not None and change.field in IMAGE_FIELDS:
                thumbs.attach(row, 1, change.before, change.field)
                thumbs.attach(row, 2, change.after, change.field)
        row.setData(0, CHANGE_ROLE, change)
        return row

    def _show_details(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        change = current.data(0, CHANGE_ROLE) if current is not None else None
        if isinstance(change, FieldChange):
            self.details.setHtml(change_html(change))
        else:
            self.details.clear()
