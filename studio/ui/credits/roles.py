"""Roles: the server's list (C1, five categories) kept on this computer so the dialogs open
offline, a picker of check boxes by category, and a compact menu button for album tracks.
Roles an item already holds are shown checked and disabled."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from studio.core.credit_drafts import role_name, sort_roles
from studio.core.limits import CREDIT_CATEGORIES, CREDIT_ROLES
from studio.messages import user_message

if TYPE_CHECKING:
    from studio.context import AppContext

log = logging.getLogger(__name__)

ROLES_KIND = "credit_roles"  # the store snapshot of C1's answer
ROLES_ID = "all"
ROLES_FRESH_S = 24 * 3600  # a kept copy younger than this is used without asking again
HELD_TIP = "Already on this credit"


class RoleCatalog(QObject):
    """The roles and their categories: the built-in table at first, then the copy kept on
    this computer, then the server's answer (kept for next time)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.categories: list[tuple[str, str]] = list(CREDIT_CATEGORIES)
        self.roles: list[tuple[str, str, str]] = list(CREDIT_ROLES)
        self.source = "built-in"
        self._loaded_for: str | None = None

    def names(self) -> dict[str, str]:
        return {key: name for key, name, _category in self.roles}

    def by_category(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """(category key, name, [(role key, role name)]) in the server's order."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, name, category in self.roles:
            groups.setdefault(category, []).append((key, name))
        known = [(k, n, groups.pop(k, [])) for k, n in self.categories]
        rest = [(k, k.replace("_", " ").title(), roles) for k, roles in groups.items()]
        return [g for g in known + rest if g[2]]

    def load(self, ctx: AppContext) -> None:
        """Read the kept copy, then ask the server (once per account) unless the kept copy
        is under a day old: roles change with BeatPass releases, not between two starts."""
        session, store = ctx.session, ctx.store
        if session is None or self._loaded_for == session.store_account:
            return
        account = self._loaded_for = session.store_account
        if store is None:
            self._fetch(ctx, account)
            return

        def read(data: dict[str, Any] | None) -> None:
            if data:
                self._apply(data, "stored")
            fetched_at = data.get("fetched_at") if data else None
            age = time.time() - fetched_at if isinstance(fetched_at, int | float) else None
            if age is None or not 0 <= age < ROLES_FRESH_S:
                self._fetch(ctx, account)

        def unreadable(exc: BaseException) -> None:
            log.info("kept roles not read: %s", user_message(exc))
            self._fetch(ctx, account)

        ctx.tasks.run(
            store.load_snapshot,
            account,
            ROLES_KIND,
            ROLES_ID,
            writer=True,
            owner=self,
            on_done=read,
            on_error=unreadable,
            name="read kept credit roles",
        )

    def _fetch(self, ctx: AppContext, account: str) -> None:
        session = ctx.session
        if session is None or session.store_account != account:
            return

        def fetched(answer: Any) -> None:
            categories, roles = answer
            data = {
                "categories": [{"key": c.key, "name": c.name} for c in categories],
                "roles": [{"key": r.key, "name": r.name, "category": r.category} for r in roles],
                "fetched_at": time.time(),
            }
            self._apply(data, "server")
            store = ctx.store
            if store is not None:
                ctx.tasks.run(
                    store.save_snapshot,
                    account,
                    ROLES_KIND,
                    ROLES_ID,
                    data,
                    writer=True,
                    on_error=lambda exc: log.info("roles not kept: %s", user_message(exc)),
                    name="keep credit roles",
                )

        ctx.tasks.run(
            session.client.credit_roles,
            owner=self,
            on_done=fetched,
            on_error=lambda exc: log.info("credit roles not fetched: %s", user_message(exc)),
            name="credit roles",
        )

    def _apply(self, data: dict[str, Any], source: str) -> None:
        if source == "stored" and self.source == "server":
            return  # the server answered first
        categories = [
            (str(c.get("key")), str(c.get("name") or c.get("key")))
            for c in data.get("categories") or []
            if isinstance(c, dict) and c.get("key")
        ]
        roles = [
            (str(r.get("key")), str(r.get("name") or r.get("key")), str(r.get("category") or ""))
            for r in data.get("roles") or []
            if isinstance(r, dict) and r.get("key")
        ]
        if not roles:
            return
        self.categories = categories or list(CREDIT_CATEGORIES)
        self.roles = roles
        self.source = source
        self.changed.emit()


class RolePicker(QWidget):
    """Check boxes of every role, a column per category. ``changed`` when a box changes."""

    changed = Signal()

    def __init__(self, catalog: RoleCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rolePicker")
        self.setAccessibleName("Roles")
        self._catalog = catalog
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(18)
        self.boxes: dict[str, QCheckBox] = {}
        self._held: frozenset[str] = frozenset()
        catalog.changed.connect(self._rebuild)
        self._rebuild()

    def _rebuild(self) -> None:
        chosen = self.chosen()
        while self._grid.count():
            entry = self._grid.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None:
                widget.deleteLater()
        self.boxes = {}
        for column, (_key, name, roles) in enumerate(self._catalog.by_category()):
            title = QLabel(f"<b>{name}</b>")
            title.setTextFormat(Qt.TextFormat.RichText)
            self._grid.addWidget(title, 0, column)
            for row, (role, label) in enumerate(roles, start=1):
                box = QCheckBox(label.replace("&", "&&"))
                box.setAccessibleName(f"{label} ({name})")
                box.toggled.connect(self.changed)
                self.boxes[role] = box
                self._grid.addWidget(box, row, column)
        self.set_held(self._held)
        self.set_chosen(chosen)

    def set_held(self, roles: Iterable[str]) -> None:
        """Roles the item already has: checked, disabled."""
        self._held = frozenset(roles)
        for role, box in self.boxes.items():
            held = role in self._held
            chosen = box.isChecked() and box.isEnabled()  # a choice, not a held role
            box.blockSignals(True)
            box.setEnabled(not held)
            box.setChecked(held or chosen)
            box.setToolTip(HELD_TIP if held else "")
            box.blockSignals(False)
        self.changed.emit()

    def set_chosen(self, roles: Iterable[str]) -> None:
        wanted = set(roles)
        for role, box in self.boxes.items():
            if box.isEnabled():
                box.setChecked(role in wanted)

    def chosen(self) -> list[str]:
        """The roles to add (checked, not already held)."""
        return sort_roles(r for r, b in self.boxes.items() if b.isChecked() and b.isEnabled())


class _StayOpenMenu(QMenu):
    """A menu of check boxes: ticking one keeps the menu open for the next."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        action = self.activeAction()
        if (
            event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and action is not None
            and action.isCheckable()
            and action.isEnabled()
        ):
            action.trigger()
            return
        super().keyPressEvent(event)


class RoleMenuButton(QToolButton):
    """A button naming the chosen roles ("No role" when none) whose menu ticks roles."""

    changed = Signal()

    def __init__(
        self, catalog: RoleCatalog, empty: str = "No role", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._empty = empty
        self._held: frozenset[str] = frozenset()
        self._inherited: tuple[list[str], str] = ([], "")
        self.actions_by_role: dict[str, QAction] = {}
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.menu_ = _StayOpenMenu(self)
        self.setMenu(self.menu_)
        catalog.changed.connect(self._rebuild)
        self._rebuild()

    def _rebuild(self) -> None:
        chosen = self.chosen()
        self.menu_.clear()
        self.actions_by_role = {}
        for _key, name, roles in self._catalog.by_category():
            self.menu_.addSection(name)
            for role, label in roles:
                action = self.menu_.addAction(label.replace("&", "&&"))
                action.setCheckable(True)
                action.toggled.connect(self._toggled)
                self.actions_by_role[role] = action
        self.set_held(self._held)
        self.set_chosen(chosen)

    def set_held(self, roles: Iterable[str]) -> None:
        self._held = frozenset(roles)
        for role, action in self.actions_by_role.items():
            held = role in self._held
            chosen = action.isChecked() and action.isEnabled()
            action.blockSignals(True)
            action.setEnabled(not held)
            action.setChecked(held or chosen)
            action.setToolTip(HELD_TIP if held else "")
            action.blockSignals(False)
        self._show()

    def set_chosen(self, roles: Iterable[str]) -> None:
        wanted = set(roles)
        for role, action in self.actions_by_role.items():
            if action.isEnabled():
                action.blockSignals(True)
                action.setChecked(role in wanted)
                action.blockSignals(False)
        self._show()
        self.changed.emit()

    def chosen(self) -> list[str]:
        return sort_roles(
            r for r, a in self.actions_by_role.items() if a.isChecked() and a.isEnabled()
        )

    def _toggled(self, _on: bool) -> None:
        self._show()
        self.changed.emit()

    def set_inherited(self, roles: Iterable[str], note: str = "every track") -> None:
        """Roles this row gets from elsewhere (the album's every-track roles): named on the
        button, so a track without its own roles does not read as skipped."""
        self._inherited = (sort_roles(roles), note)
        self._show()

    def _show(self) -> None:
        chosen = self.chosen()
        held = sort_roles(self._held)
        parts = [role_name(r) for r in chosen]
        inherited, note = self._inherited
        extra = [role_name(r) for r in inherited if r not in chosen and r not in self._held]
        if extra:
            parts.append(f"{', '.join(extra)} ({note})")
        text = ", ".join(parts) if parts else self._empty
        if held:
            text += f"  (has {', '.join(role_name(r) for r in held)})"
        self.setText(text.replace("&", "&&"))
        self.setAccessibleName(f"Roles: {text}")
