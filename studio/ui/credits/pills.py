"""Role filter pills, grouped by category: "All", then each category's roles that the
credits hold, with how many items hold each. Checking pills shows the items holding any of
the checked roles; "All" clears them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.core.credit_drafts import CATEGORY_NAMES, ROLE_CATEGORIES, role_name, sort_roles
from studio.core.limits import CREDIT_CATEGORIES
from studio.ui.flow_layout import FlowLayout

PILL_STYLE = """
QPushButton[role="pill"] {
    border: 1px solid palette(mid); border-radius: 11px; padding: 2px 10px;
    background: palette(base); color: palette(text);
}
QPushButton[role="pill"]:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
QPushButton[role="pill"]:focus { border: 2px solid palette(highlight); }
QLabel[role="pill-group"] { color: palette(placeholder-text); padding-left: 6px; }
"""


class RolePills(QWidget):
    """``changed(frozenset)``: the checked roles (empty: all)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rolePills")
        self.setAccessibleName("Filter by role")
        self.setStyleSheet(PILL_STYLE)
        self._flow = FlowLayout(self, 6)
        self._flow.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        self.all_button = self._pill("All", "Show every credit")
        self.all_button.setChecked(True)
        self.all_button.clicked.connect(self.clear)
        self._counts: dict[str, int] = {}
        self._shown: tuple[str, ...] = ()

    def _pill(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("role", "pill")
        button.setCheckable(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    @property
    def checked(self) -> frozenset[str]:
        return frozenset(k for k, b in self.buttons.items() if b.isChecked())

    def set_items(self, items: Sequence[Mapping[str, Any]]) -> None:
        """Show a pill for each role the items hold (kept checked when still there)."""
        counts = Counter(r for item in items for r in set(item.get("roles") or ()))
        roles = tuple(sort_roles(counts))
        if roles == self._shown:
            if dict(counts) != self._counts:
                self._counts = dict(counts)
                for role, button in self.buttons.items():
                    self._label(button, role)
            return
        before = self.checked
        self._shown, self._counts = roles, dict(counts)
        self._rebuild(roles)
        for role in before & set(roles):
            self.buttons[role].setChecked(True)
        self._sync()
        if self.checked != before:
            self.changed.emit(self.checked)

    def _label(self, button: QPushButton, role: str) -> None:
        count = self._counts.get(role, 0)
        button.setText(f"{role_name(role)} {count}")
        tip = f"Show the credits where you are {role_name(role)} ({count})"
        button.setToolTip(tip)
        button.setAccessibleName(f"{role_name(role)}: {count} credits")

    def _rebuild(self, roles: Iterable[str]) -> None:
        while self._flow.count():
            entry = self._flow.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None and widget is not self.all_button:
                widget.deleteLater()
        self.buttons = {}
        self._flow.add(self.all_button)
        by_category: dict[str, list[str]] = {}
        for role in roles:
            by_category.setdefault(ROLE_CATEGORIES.get(role, "other"), []).append(role)
        for category, _name in CREDIT_CATEGORIES:
            members = by_category.get(category)
            if not members:
                continue
            group = QWidget()  # a category's name stays on one line with its pills
            row = QHBoxLayout(group)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)
            label = QLabel(CATEGORY_NAMES.get(category, category) + ":")
            label.setProperty("role", "pill-group")
            row.addWidget(label)
            for role in members:
                button = self._pill(role_name(role), "")
                self._label(button, role)
                button.toggled.connect(self._toggled)
                self.buttons[role] = button
                row.addWidget(button)
            self._flow.add(group)

    def _toggled(self, _on: bool) -> None:
        self._sync()
        self.changed.emit(self.checked)

    def _sync(self) -> None:
        self.all_button.setChecked(not self.checked)

    def clear(self) -> None:
        """Show everything again."""
        for button in self.buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        self._sync()
        self.changed.emit(frozenset())
