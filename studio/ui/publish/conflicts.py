"""The conflict resolution view: for every field (or list item) changed both here and on
BeatPass, both values side by side and a choice "Keep mine" / "Take theirs".

Nothing is dropped: until the user decides, "mine" is selected; "Decide later" keeps the
publish in the outbox, waiting.
"""

from __future__ import annotations

import html
from collections.abc import Hashable

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.core.bidi import neutralise
from studio.core.credit_drafts import item_text as credit_text
from studio.core.credit_plan import roles_text
from studio.core.merge import MINE, THEIRS, Conflict, Side
from studio.core.text import count_text, plural
from studio.publish import ConflictRequest
from studio.ui.publish.render import item_text, value_text

MINE_ID, THEIRS_ID = 0, 1


def conflict_title(conflict: Conflict) -> str:
    """ "Biography", or "Links: SoundCloud — https://…" for one item of a list, or
    "Credits: Song — Artist (Song, 2024)" for a credit (its roles are what the sides show)."""
    if conflict.key is None:
        return conflict.label
    item = next((v for v in (conflict.mine, conflict.theirs, conflict.base) if v is not None), None)
    if isinstance(item, dict) and "spotify_id" in item:
        return f"{conflict.label}: {neutralise(credit_text(item))}"
    return f"{conflict.label}: {item_text(item)}"


def side_text(conflict: Conflict, value: object) -> str:
    if conflict.key is not None and value is None:
        return "(removed)"
    if isinstance(value, dict) and "spotify_id" in value:
        return f"Roles: {roles_text(value)}"
    return value_text(conflict.field, value)


class ConflictDialog(QDialog):
    """Choose per conflict; ``accepted`` → :meth:`resolved` gives the merged draft."""

    def __init__(self, request: ConflictRequest, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.setObjectName("publishConflicts")
        self.setWindowTitle("Changed here and on BeatPass")
        self.setAccessibleName("Resolve publishing conflicts")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        count = len(request.merge.conflicts)
        intro = QLabel(
            f"<b>{html.escape(title)}</b> changed on BeatPass since you started editing. "
            f"{count_text(count, 'change')} {plural(count, 'clashes', 'clash')} with yours: "
            "choose which version to publish for each. Everything else is merged for you."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        body = QWidget()
        rows = QVBoxLayout(body)
        self.groups: list[tuple[Conflict, QButtonGroup]] = []
        for conflict in request.merge.conflicts:
            rows.addWidget(self._conflict_box(conflict))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox()
        self.all_mine = QPushButton("Keep all mine")
        self.all_theirs = QPushButton("Take all theirs")
        self.buttons.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button = self.buttons.addButton(
            "Publish with these choices", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = self.buttons.addButton(
            "Decide later", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.all_mine.clicked.connect(lambda: self.choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _conflict_box(self, conflict: Conflict) -> QGroupBox:
        box = QGroupBox(conflict_title(conflict))
        box.setAccessibleName(f"Conflict: {conflict_title(conflict)}")
        grid = QGridLayout(box)
        group = QButtonGroup(box)
        for column, (side_id, caption, value) in enumerate(
            (
                (MINE_ID, "Keep mine", conflict.mine),
                (THEIRS_ID, "Take theirs (BeatPass)", conflict.theirs),
            )
        ):
            radio = QRadioButton(caption)
            radio.setAccessibleName(f"{caption}: {conflict_title(conflict)}")
            group.addButton(radio, side_id)
            text = QPlainTextEdit(side_text(conflict, value))
            text.setReadOnly(True)
            text.setAccessibleName(f"{'Your' if side_id == MINE_ID else 'BeatPass'} version")
            text.setMaximumHeight(90)
            grid.addWidget(radio, 0, column)
            grid.addWidget(text, 1, column)
        group.button(MINE_ID).setChecked(True)
        self.groups.append((conflict, group))
        return box

    def choose(self, index: int, side: Side) -> None:
        """Pick ``side`` for conflict number ``index`` (as listed)."""
        self.groups[index][1].button(MINE_ID if side == MINE else THEIRS_ID).setChecked(True)

    def choose_all(self, side: Side) -> None:
        for index in range(len(self.groups)):
            self.choose(index, side)

    def choices(self) -> list[tuple[str, Hashable | None, Side]]:
        """(field, item key, side) per conflict."""
        return [
            (c.field, c.key, MINE if group.checkedId() == MINE_ID else THEIRS)
            for c, group in self.groups
        ]

    def resolved(self) -> dict[str, object]:
        """Apply the choices to the merge and return the merged draft."""
        merge = self.request.merge
        for field, key, side in self.choices():
            if any(c.field == field and c.key == key for c in merge.conflicts):
                merge.resolve(field, side, key)
        return merge.result()
