"""The preview remembers the light/dark and phone/desktop choices across a restart (issue
8.12), through the app context's settings; unknown saved values are ignored."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.ui.preview import PreviewPane
from studio.ui.preview.style import PHONE
from studio.ui.profile import ProfilePage


def switch(pane: PreviewPane, name: str, label: str) -> Any:
    return next(b for b in pane.switches[name].buttons() if b.text() == label)


def open_profile(qtbot: QtBot, ctx: Any) -> ProfilePage:
    page = ProfilePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_light_and_phone_come_back_after_a_restart(qtbot: QtBot, make_ctx: Any) -> None:
    ctx = make_ctx()
    pane = open_profile(qtbot, ctx).preview
    assert (pane.mode.theme, pane.mode.width) == ("dark", "desktop")
    qtbot.mouseClick(switch(pane, "theme", "Light"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(switch(pane, "width", "Phone"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(switch(pane, "source", "Live"), Qt.MouseButton.LeftButton)
    ctx.settings.sync()  # as the app does when it quits

    again = open_profile(qtbot, make_ctx()).preview  # a new start on the same folders
    assert (again.mode.theme, again.mode.width) == ("light", "phone")
    assert again.mode.source == "draft"  # what is shown is not a look: it starts at Draft
    assert switch(again, "theme", "Light").isChecked()
    assert switch(again, "width", "Phone").isChecked()
    assert again.artist_page.width() == PHONE.page_width  # and it is drawn that way


def test_unknown_saved_values_are_ignored(qtbot: QtBot, make_ctx: Any) -> None:
    ctx = make_ctx()
    ctx.settings.setValue("preview/theme", "sepia")
    ctx.settings.setValue("preview/width", 12)
    pane = open_profile(qtbot, ctx).preview
    assert (pane.mode.theme, pane.mode.width) == ("dark", "desktop")
