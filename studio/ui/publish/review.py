"""The review dialog: "What will change on your public page", before anything is sent.

One section per document with changes; one row per changed field (before → after), list
fields with a child row per added, removed, edited or moved item; the selected field's
details below (a word diff for text; for a picture, the before and after pictures large,
named by the files the user picked). Publish accepts; Cancel closes and loses nothing.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
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
from studio.core.localref import refs_in
from studio.core.text import clip, count_text, plural
from studio.ui.preview import ImageLoader
from studio.ui.publish.render import (
    IMAGE_FIELDS,
    change_html,
    change_summary,
    image_name,
    line_items,
    short,
    value_text,
)
from studio.ui.publish.thumbs import ICON_SIZE, LARGE_HEIGHT, ReviewThumbnails, thumb_size

GALLERY = "profile_images"
MAX_BEFORE_WIDTH = 320
TOOLTIP_CHARS = 2000

CHANGE_ROLE = Qt.ItemDataRole.UserRole
PICTURE_ROLE = Qt.ItemDataRole.UserRole + 2  # a gallery row: (what happened, picture URL)


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
        names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.entries = entries
        self.names = dict(names or {})  # uploaded picture URL -> the file the user picked
        self.pictures: list[tuple[str, QImage | bool | None]] = []  # shown large: caption
        self.thumbnails = ReviewThumbnails(images, origin, self) if images is not None else None
        self.setObjectName("publishReview")
        self.setWindowTitle("Review before publishing")
        self.setAccessibleName("What will change on your public page")
        self.resize(780, 640)
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
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)  # room for the large before/after pictures
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
        if self.thumbnails is not None:
            self.thumbnails.largeLoaded.connect(lambda _url: self._refresh_details())
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
            pictures = len(set(refs_in(entry.draft)))
            if pictures:
                step = QTreeWidgetItem(
                    [
                        f"First, {count_text(pictures, 'new picture')} "
                        f"{plural(pictures, 'is', 'are')} uploaded (kept on this computer "
                        "until then); then the page is written in one go.",
                        "",
                        "",
                    ]
                )
                step.setFirstColumnSpanned(True)
                top.addChild(step)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)  # "Before" as wide as it needs, within reason
        self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), MAX_BEFORE_WIDTH))

    def _row(self, change: FieldChange) -> QTreeWidgetItem:
        thumbs = self.thumbnails
        if change.is_list:
            row = QTreeWidgetItem([change_summary(change), "", ""])
            for marker, text, item in line_items(change, self.names):
                child = QTreeWidgetItem([f"{marker} {short(text)}", "", ""])
                child.setToolTip(0, clip(text, TOOLTIP_CHARS))
                child.setData(0, CHANGE_ROLE, change)
                if thumbs is not None and change.field == GALLERY and isinstance(item, dict):
                    thumbs.attach(child, 0, item.get("url"), GALLERY)
                    child.setData(0, PICTURE_ROLE, (text.split(":", 1)[0], item.get("url")))
                row.addChild(child)
            row.setExpanded(True)
        else:
            before = value_text(change.field, change.before, self.names)
            after = value_text(change.field, change.after, self.names)
            row = QTreeWidgetItem([change.label, short(before, 40), short(after, 40)])
            row.setToolTip(1, clip(before, TOOLTIP_CHARS))  # a 255,000-character text would
            row.setToolTip(2, clip(after, TOOLTIP_CHARS))  # be laid out on every hover
            if thumbs is not None and change.field in IMAGE_FIELDS:
                thumbs.attach(row, 1, change.before, change.field)
                thumbs.attach(row, 2, change.after, change.field)
        row.setData(0, CHANGE_ROLE, change)
        return row

    def _show_details(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        change = current.data(0, CHANGE_ROLE) if current is not None else None
        self.pictures = []
        if not isinstance(change, FieldChange):
            self.details.clear()
            return
        picture = current.data(0, PICTURE_ROLE) if current is not None else None
        if change.field in IMAGE_FIELDS and self.thumbnails is not None:
            sides = [("Before", change.before), ("After", change.after)]
            self._show_pictures(change.label, change.field, sides)
        elif isinstance(picture, tuple) and self.thumbnails is not None:
            self._show_pictures(change.label, GALLERY, [(picture[0].capitalize(), picture[1])])
        else:
            self.details.setHtml(change_html(change, self.names))

    def _refresh_details(self) -> None:
        self._show_details(self.tree.currentItem(), None)

    def _show_pictures(self, title: str, field: str, sides: list[tuple[str, Any]]) -> None:
        """The pictures of a change large, side by side, each with its name."""
        assert self.thumbnails is not None
        document = self.details.document()
        size = thumb_size(field, LARGE_HEIGHT)
        cells = []
        for index, (side, url) in enumerate(sides):
            caption = f"{side}: {image_name(url, self.names)}"
            image = self.thumbnails.large(url, field) if url else False
            self.pictures.append((caption, image))
            if isinstance(image, QImage):
                key = QUrl(f"review-picture:{index}")
                document.addResource(QTextDocument.ResourceType.ImageResource, key, image)
                shown = (
                    f'<img src="{key.toString()}" width="{size.width()}" height="{size.height()}">'
                )
            else:
                shown = "(loading…)" if image is None else "(no picture)"
            cells.append(f'<td align="center">{shown}<br>{html.escape(caption)}</td>')
        arrow = '<td valign="middle">→</td>' if len(cells) == 2 else ""
        row = arrow.join(cells)
        self.details.setHtml(
            f'<h3>{html.escape(title)}</h3><table cellspacing="8"><tr>{row}</tr></table>'
        )
