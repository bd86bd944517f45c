"""Helpers of the Applications section's UI tests: the whole app signed in as a demo
account of the test's sandbox, and a person's ways of filling the wizard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton, QWidget
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS, sign_in_with_password, wait_signed_in

from studio.ui.applications.page import ApplicationsPage

ACCOUNTS = {
    "applicant": ("applicant@demo.beatpass.test", "demo-applicant"),
    "pending": ("pending@demo.beatpass.test", "demo-pending"),
    "revoked": ("revoked@demo.beatpass.test", "demo-revoked"),
    "producer": ("producer@demo.beatpass.test", "demo-producer"),
    "coldharbor": ("coldharbor@demo.beatpass.test", "demo-coldharbor"),
}


def signed_in(qtbot: QtBot, make_studio: Any, sandbox: Any, who: str) -> Any:
    """The app against ``sandbox``, signed in as the demo ``who``, pages and publishing in."""
    studio = make_studio("--api-url", sandbox.base_url)
    studio.start()
    sign_in_with_password(qtbot, studio, *ACCOUNTS[who])
    wait_signed_in(qtbot, studio)
    ready(qtbot, studio)
    return studio


def ready(qtbot: QtBot, studio: Any) -> ApplicationsPage:
    window = studio.window
    qtbot.waitUntil(
        lambda: isinstance(window.pages["applications"], ApplicationsPage), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: studio.publisher is not None, timeout=WAIT_MS)
    page = page_of(studio)
    if page.isVisible():  # a hidden page reads BeatPass when it is first shown
        wait_read(qtbot, page)
    window.resize(1200, 820)
    qtbot.waitUntil(lambda: studio.dialog is None, timeout=WAIT_MS)

    def active() -> bool:
        window.activateWindow()
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=WAIT_MS)
    return page


def wait_read(qtbot: QtBot, page: ApplicationsPage) -> None:
    """The page has read B1 and the timeline (it reads when shown)."""
    qtbot.waitUntil(lambda: page.remote is not None and not page._reading, timeout=WAIT_MS)


def page_of(studio: Any) -> ApplicationsPage:
    page = studio.window.pages["applications"]
    assert isinstance(page, ApplicationsPage)
    return page


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_wizard(qtbot: QtBot, studio: Any, path: str) -> Any:
    """Go to Applications, choose a path on the overview; wait for its form."""
    studio.window.select_section("applications")
    page = page_of(studio)
    wait_read(qtbot, page)
    page.views.setCurrentWidget(page.home_scroll)
    click(qtbot, page.home.buttons[path])
    qtbot.waitUntil(
        lambda: page.wizard.doc is not None and page.views.currentWidget() is page.wizard,
        timeout=WAIT_MS,
    )
    return page.wizard


def type_into(qtbot: QtBot, wizard: Any, field: str, text: str, *, replace: bool = True) -> None:
    """Focus a field of the wizard (its step shown) and type, as a person does."""
    wizard.go_to_field(field)
    edit = wizard.editors[field].widget
    qtbot.waitUntil(edit.isVisible, timeout=WAIT_MS)
    edit.setFocus()
    if replace:
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def tick(qtbot: QtBot, wizard: Any, field: str) -> None:
    wizard.go_to_field(field)
    box = wizard.editors[field].widget
    if not box.isChecked():  # a click on the box or its words (not the empty room beside them)
        assert box.isVisible() and box.isEnabled(), box.accessibleName()
        option = QStyleOptionButton()
        box.initStyleOption(option)
        where = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxClickRect, option, box)
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=where.center())
        assert box.isChecked(), field


def focused() -> QWidget | None:
    return QApplication.focusWidget()
