"""The "Professional credits" block of the producer page: newest first, role filter pills
("All" and each role the credits hold), eight rows then "Show more"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QPushButton, QVBoxLayout, QWidget

from studio.core.credit_drafts import role_name, sort_roles
from studio.core.credits import CreditGroup
from studio.core.limits import CREDITS_SHOWN_BEFORE_MORE
from studio.ui.flow_layout import FlowLayout
from studio.ui.preview import cards
from studio.ui.preview.images import ImageLoader

ALL = ""


class CreditsBlock(QWidget):
    """``groups`` newest first (as the page sorts them); a pill shows one role's credits."""

    def __init__(self, groups: Sequence[CreditGroup], loader: ImageLoader | None) -> None:
        super().__init__()
        self.setObjectName("previewCredits")
        self._groups = tuple(groups)
        self._loader = loader
        self.role = ALL
        self.shown = CREDITS_SHOWN_BEFORE_MORE
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.pills_holder = QWidget()
        flow = FlowLayout(self.pills_holder, 6)
        self.pills = QButtonGroup(self)
        self.pills.setExclusive(True)
        roles = sort_roles(e.role for g in self._groups for e in g.entries)
        for role in [ALL, *roles]:
            pill = QPushButton("All" if role == ALL else role_name(role))
            pill.setProperty("role", "filter")
            pill.setProperty("credit_role", role)
            pill.setCheckable(True)
            pill.setChecked(role == ALL)
            pill.setCursor(Qt.CursorShape.PointingHandCursor)
            self.pills.addButton(pill)
            flow.add(pill)
        self.pills.buttonClicked.connect(self._pill_clicked)
        layout.addWidget(self.pills_holder)  # (parented before shown: never a window)
        self.pills_holder.setVisible(len(roles) > 1)
        self.rows = QWidget()
        self._rows = QVBoxLayout(self.rows)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        layout.addWidget(self.rows)
        self.more = QPushButton("Show more")
        self.more.setProperty("role", "link")
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more.clicked.connect(self.show_more)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self._fill()

    def matching(self) -> list[CreditGroup]:
        if self.role == ALL:
            return list(self._groups)
        return [g for g in self._groups if any(e.role == self.role for e in g.entries)]

    def row_titles(self) -> list[str]:
        """The titles of the rows shown, in order."""
        entries = (self._rows.itemAt(n) for n in range(self._rows.count()))
        found = [e.widget() for e in entries if e is not None]
        return [w.title.text() for w in found if isinstance(w, cards.CreditRow)]

    def choose(self, role: str) -> None:
        """Show the credits holding ``role`` ("" for all), eight at first."""
        self.role = role
        self.shown = CREDITS_SHOWN_BEFORE_MORE
        for pill in self.pills.buttons():
            pill.setChecked(pill.property("credit_role") == role)
        self._fill()

    def show_more(self) -> None:
        self.shown += CREDITS_SHOWN_BEFORE_MORE
        self._fill()

    def _pill_clicked(self, pill: QPushButton) -> None:
        self.choose(str(pill.property("credit_role") or ""))

    def _fill(self) -> None:
        while self._rows.count():
            entry = self._rows.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        found = self.matching()
        for group in found[: self.shown]:
            self._rows.addWidget(cards.CreditRow(group, self._loader))
        rest = len(found) - self.shown
        self.more.setVisible(rest > 0)
        self.more.setText(f"Show more ({rest})")
