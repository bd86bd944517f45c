"""The small dialogs of managing one credit: add roles to it (those it holds shown checked
and disabled), change one of its roles into another, and the confirmation of a delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.credit_drafts import item_text, role_name, role_names, sort_roles
from studio.core.text import count_text
from studio.ui.credits.roles import RoleCatalog, RolePicker


class AddRolesDialog(QDialog):
    """Tick the roles to add to one credit."""

    def __init__(
        self, item: Mapping[str, Any], catalog: RoleCatalog, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addRoles")
        self.setWindowTitle("Add roles")
        self.setAccessibleName("Add roles to a credit")
        layout = QVBoxLayout(self)
        heading = QLabel(item_text(item))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.picker = RolePicker(catalog)
        self.picker.set_held(item.get("roles") or ())
        layout.addWidget(self.picker)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("Add roles", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.picker.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.picker.chosen()))

    def chosen(self) -> list[str]:
        return self.picker.chosen()


class ChangeRoleDialog(QDialog):
    """One role of a credit becomes another the credit does not hold yet."""

    def __init__(
        self, item: Mapping[str, Any], catalog: RoleCatalog, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changeRole")
        self.setWindowTitle("Change a role")
        self.setAccessibleName("Change a role of a credit")
        held = sort_roles(item.get("roles") or ())
        layout = QVBoxLayout(self)
        heading = QLabel(item_text(item))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.old = QComboBox()
        for role in held:
            self.old.addItem(role_name(role), role)
        self.new = QComboBox()
        for key, name, _category in catalog.roles:
            if key not in held:
                self.new.addItem(name, key)
        form.addRow("&Role:", self.old)
        form.addRow("&Becomes:", self.new)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            "Change role", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.ok_button.setEnabled(bool(held) and self.new.count() > 0)

    def change(self) -> tuple[str, str]:
        return str(self.old.currentData()), str(self.new.currentData())


def delete_box(item: Mapping[str, Any], parent: QWidget) -> QMessageBox:
    """ "Delete “Song” and its 2 roles?" (Delete / Cancel, Cancel the default)."""
    roles = item.get("roles") or []
    names = ", ".join(role_names(roles))
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Delete credit",
        f"Delete the credit “{item.get('title') or 'Untitled'}” and its "
        f"{count_text(len(roles), 'role')}{f' ({names})' if names else ''}?",
        parent=parent,
    )
    box.setObjectName("deleteCredit")
    box.setInformativeText(
        "It leaves your draft now (Undo brings it back) and your public page when you publish."
    )
    box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    return box
