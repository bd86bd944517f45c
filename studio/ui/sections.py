"""The sections of the main window, the list that shows them, and the pages that stand in
for them.

Each :class:`Section` names the page that implements it (``page``: "module:Class", built with
the :class:`~studio.context.AppContext` by the app once the window shows); every page is a
:class:`~studio.ui.section_page.SectionPage`. Until a section's page exists, an honest
placeholder says when it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from studio.ui.section_page import SectionPage, producer_only
from studio.ui.style import set_role

if TYPE_CHECKING:
    from studio.context import Session
    from studio.core.models import ArtistRef
    from studio.ui.icons import IconSet


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    icon: str
    summary: str
    page: str | None  # "module:Class" of its page; None: arrives in a later version
    needs_producer: bool = False  # about a producer profile: greyed out for an account with none

    @property
    def available(self) -> bool:
        return self.page is not None


SECTIONS = (
    Section(
        "profile",
        "Profile",
        "profile",
        "Your producer page and your user profile: details, links, biography, images.",
        "studio.ui.profile:ProfilePage",
    ),
    Section(
        "gallery",
        "Gallery",
        "gallery",
        "Add, reorder and fix the images of your producer page.",
        "studio.ui.gallery.page:GalleryPage",
        needs_producer=True,
    ),
    Section(
        "credits",
        "Credits",
        "credits",
        "Professional credits: the songs and albums you worked on, with your roles.",
        "studio.ui.credits.page:CreditsPage",
    ),
    Section(
        "pinned",
        "Pinned track",
        "pin",
        "Choose the track shown first on your producer page.",
        "studio.ui.pinned.page:PinnedPage",
        needs_producer=True,
    ),
    Section(
        "applications",
        "Applications",
        "applications",
        "Apply to the Producer Program: become, claim or verify a producer profile.",
        "studio.ui.applications.page:ApplicationsPage",
    ),
)
LATER_NOTE = "Arrives in a later version of BeatPass Studio."
LATER_MARK = "  ·  later"
SECTION_ICON_PX = 20
SECTION_LIST_MAX = 230
SECTION_LIST_MARGINS = (4, 6, 4, 6)  # left, top, right, bottom: the window colour around
WIDTH_SLACK = 6  # px more than the widest title and its margins, so no title is ever cut
SELECTED_RADIUS = 5.0


class RoundedSelection(QStyledItemDelegate):
    """Draws the selected section as a rounded bar in the highlight colour (the style's is
    square). Not a style sheet on the list: with one, Qt hands the list's viewport (a widget
    Qt made) to the app's Python style on the first paint, and PySide then makes the Python
    types of every Qt widget class, ~80 of them with their enums: ~9 ms before the profile
    is editable (issue 12)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not option.state & QStyle.StateFlag.State_Selected:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(option.palette.brush(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(QRectF(option.rect), SELECTED_RADIUS, SELECTED_RADIUS)
        painter.restore()
        # The item as selected (its text and icon) but without the style's square bar, which
        # is drawn in the highlight colour; the focus frame, drawn from that colour too, after.
        item = QStyleOptionViewItem(option)
        item.palette.setBrush(QPalette.ColorRole.Highlight, Qt.GlobalColor.transparent)
        item.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, item, index)
        if option.state & QStyle.StateFlag.State_HasFocus:
            self._focus_frame(painter, option, index)

    def _focus_frame(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The focus frame the style draws on a selected item (as Qt's item views do)."""
        view = self.parent()
        if not isinstance(view, QWidget):
            return
        style = view.style()
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        frame = QStyleOptionFocusRect()
        frame.direction = item.direction
        frame.fontMetrics = item.fontMetrics
        frame.palette = item.palette
        frame.styleObject = item.styleObject
        frame.rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemFocusRect, item, view)
        frame.state = (
            item.state | QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
        )
        frame.backgroundColor = item.palette.color(QPalette.ColorRole.Highlight)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, view)


class SectionList(QListWidget):
    """Icon and title of every section. Its minimum width shows each title whole; a section
    that arrives later says "· later" where the list is wide enough for it (its tooltip, its
    description for screen readers and its page always say so)."""

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionList")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setViewportMargins(*SECTION_LIST_MARGINS)
        self.setItemDelegate(RoundedSelection(self))
        self.setAccessibleName("Sections")
        self.setIconSize(QSize(SECTION_ICON_PX, SECTION_ICON_PX))
        self.setSpacing(3)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in SECTIONS:
            item = QListWidgetItem(icons.icon(section.icon), section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, section.title)
            if not section.available:
                item.setToolTip(LATER_NOTE)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, LATER_NOTE)
            else:
                item.setToolTip(section.summary)
            self.addItem(item)
        self.titles_width = self._width_needed()
        self._show_later(True)
        self.full_width = self._width_needed()
        self.setMinimumWidth(self.titles_width)
        self.setMaximumWidth(max(SECTION_LIST_MAX, self.titles_width))

    def _width_needed(self) -> int:
        """The list's width for its current texts, whole."""
        left, _top, right, _bottom = SECTION_LIST_MARGINS
        return self.sizeHintForColumn(0) + 2 * self.spacing() + left + right + WIDTH_SLACK

    def _show_later(self, shown: bool) -> None:
        for row, section in enumerate(SECTIONS):
            if not section.available:
                self.item(row).setText(section.title + (LATER_MARK if shown else ""))

    def set_unavailable(self, key: str, reason: str) -> None:
        """Grey out a section that cannot be used now, saying why ("" makes it usable)."""
        keys = [section.key for section in SECTIONS]
        row = keys.index(key)
        section, item = SECTIONS[row], self.item(row)
        flags = item.flags()
        usable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags & ~usable if reason else flags | usable)
        note = reason or (section.summary if section.available else LATER_NOTE)
        item.setToolTip(note)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, note)

    def is_usable(self, row: int) -> bool:
        item = self.item(row)
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def retint(self, icons: IconSet) -> None:
        for row, section in enumerate(SECTIONS):
            self.item(row).setIcon(icons.icon(section.icon))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._show_later(self.width() >= self.full_width)


class PlaceholderPage(SectionPage):
    """Stands in for a section whose page is not there (yet): says so plainly."""

    def __init__(self, section: Section, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"placeholder-{section.key}")
        self.setAccessibleName(f"{section.title} (placeholder)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        icon = self.icon_label = QLabel()
        icon.setMinimumHeight(48)
        self._icon = icons.icon(section.icon)  # drawn when the page is first shown
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        icon.setAccessibleName(f"{section.title} icon")
        title = QLabel(section.title)
        set_role(title, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        summary = QLabel(section.summary)
        summary.setWordWrap(True)
        summary.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        note_text = LATER_NOTE if not section.available else "Not signed in."
        self.note = QLabel(note_text)
        set_role(self.note, "subtitle")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.note.setAccessibleName(f"{section.title}: {note_text}")
        for widget in (icon, title, summary, self.note):
            layout.addWidget(widget)
        layout.addStretch(2)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.icon_label.pixmap().isNull():
            self.icon_label.setPixmap(self._icon.pixmap(48, 48))
        super().showEvent(event)

    def unavailable_reason(self, session: Session | None, artist: ArtistRef | None) -> str:
        """A later section about a producer profile is greyed out for an account with none,
        like the producer-only pages that exist."""
        return producer_only(session, artist) if self.section.needs_producer else ""

    def set_target(self, session: Session | None, artist: ArtistRef | None) -> None:
        """Available sections say who and what they are showing; later ones stay as they are."""
        if not self.section.available:
            return
        if session is None:
            text = "Not signed in."
        elif artist is None:
            text = f"Signed in as {session.user.name}. This account manages no producer profile."
        else:
            text = f"Producer profile “{artist.name}” · signed in as {session.user.name}."
        self.note.setText(text)
        self.note.setAccessibleName(f"{self.section.title}: {text}")
