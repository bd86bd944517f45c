"""Publishing credits from the real main window (``install_publishing``, as the app does):
keys move a credit and Ctrl+Z undoes through the window, the review lists what will change
in words, the plan publishes; a clash made on BeatPass meanwhile is asked about in the
conflict dialog; an item gone from Spotify is left out with a message."""

from __future__ import annotations

from typing import Any

from credit_rig import keys_of, roles_by_key, server_credits, uncredited
from publish_rig import WAIT_MS, Rig, make_ctx
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from studio.core.credit_drafts import FIELD, item_from_spotify
from studio.ui.credits.page import CreditsPage
from studio.ui.icons import IconSet
from studio.ui.main_window import MainWindow
from studio.ui.publish import ConflictDialog, Publisher, ReviewDialog, install_publishing
from studio.ui.session import SessionController


def window_with_credits(rig: Rig, qtbot: Any, qapp: Any) -> tuple[Any, Publisher, CreditsPage]:
    ctx = make_ctx(rig)
    ctx.artist = next(a for a in ctx.session.artists if str(a.id) == rig.artist_id)
    window = MainWindow(ctx, SessionController(ctx), IconSet(qapp.palette()))
    qtbot.addWidget(window)
    publisher = install_publishing(ctx, window)
    assert isinstance(publisher, Publisher)
    page = CreditsPage(ctx)
    window.set_section_page("credits", page)
    window.select_section("credits")
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(
        lambda: page.doc is not None and page.handle is not None and page.handle.fresh,
        timeout=WAIT_MS,
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window, publisher, page


def review(qtbot: Any, window: Any, publisher: Publisher) -> ReviewDialog:
    qtbot.waitUntil(window.publish_action.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        window.publish_action.trigger()
    dialog = blocker.args[0]
    assert isinstance(dialog, ReviewDialog)
    return dialog


def tree_texts(dialog: ReviewDialog) -> list[str]:
    texts = []
    for n in range(dialog.tree.topLevelItemCount()):
        top = dialog.tree.topLevelItem(n)
        texts.append(top.text(0))
        for c in range(top.childCount()):
            child = top.child(c)
            texts.append(child.text(0))
            rows = (child.child(g) for g in range(child.childCount()))
            texts += [row.toolTip(0) or row.text(0) for row in rows]  # whole, not cut
    return texts


def test_move_undo_add_and_publish_from_the_window(rig: Rig, qtbot: Any, qapp: Any) -> None:
    window, publisher, page = window_with_credits(rig, qtbot, qapp)
    doc = page.doc
    assert doc is not None
    before = keys_of(doc.base)
    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert keys_of(doc.draft)[2] == before[0]
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's
    assert keys_of(doc.draft)[1] == before[0]  # one step back
    [song] = uncredited(rig)
    page.editor.add([(item_from_spotify(song), ["producer"])], "Add")  # type: ignore[union-attr]
    dialog = review(qtbot, window, publisher)
    texts = tree_texts(dialog)
    assert texts[0] == "Professional credits: Nova Beats"
    assert "Credits: 1 added, 2 moved" in texts or "Credits: 1 added, 1 moved" in texts
    assert any(t.startswith(f"added: {song.title}") and "as Producer" in t for t in texts)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    server = server_credits(rig)
    assert keys_of(server) == keys_of(doc.draft)
    assert keys_of(server)[0] == f"track:{song.spotify_id}"
    qtbot.waitUntil(lambda: publisher.runner.count == 0, timeout=WAIT_MS)
    assert "Published: Credits." in window.message_line.text()
    doc.flush()


def test_a_clash_is_asked_in_the_conflict_dialog(rig: Rig, qtbot: Any, qapp: Any) -> None:
    window, publisher, page = window_with_credits(rig, qtbot, qapp)
    doc = page.doc
    assert doc is not None and page.editor is not None
    key = keys_of(doc.base)[0]
    title = doc.value(FIELD)[0]["title"]
    [old] = roles_by_key(doc.base)[key]
    page.editor.change_role(key, old, "composer")
    other = rig.fresh_client()
    entries = other.artist_credits(int(rig.artist_id))
    entry = next(c for c in entries if f"{c.type}:{c.spotify_id}" == key)
    other.update_credit(int(rig.artist_id), entry.id, "vocalist")
    dialog = review(qtbot, window, publisher)
    assert any("roles of" in t and "→ Composer" in t for t in tree_texts(dialog))
    with qtbot.waitSignal(publisher.dialogOpened, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    conflicts = blocker.args[0]
    assert isinstance(conflicts, ConflictDialog)
    intro = conflicts.findChildren(QLabel)[0].text()
    assert "The credits of Nova Beats" in intro
    [(_clash, group)] = conflicts.groups
    box = group.parent()
    assert box.title().startswith(f"Credits: {title}")  # type: ignore[attr-defined]
    sides = [w.toPlainText() for w in box.findChildren(QPlainTextEdit)]
    assert sides == ["Roles: Composer", "Roles: Vocalist"]
    theirs = group.button(1)
    qtbot.mouseClick(theirs, Qt.MouseButton.LeftButton, pos=QPoint(4, theirs.height() // 2))
    qtbot.mouseClick(conflicts.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not doc.is_dirty, timeout=WAIT_MS)
    assert roles_by_key(server_credits(rig))[key] == ["vocalist"]
    assert roles_by_key(doc.draft)[key] == ["vocalist"]
    doc.flush()


def test_an_item_gone_from_spotify_is_said_and_the_rest_published(
    rig: Rig, qtbot: Any, qapp: Any
) -> None:
    window, publisher, page = window_with_credits(rig, qtbot, qapp)
    doc = page.doc
    assert doc is not None and page.editor is not None
    [song] = uncredited(rig)
    page.editor.add([(item_from_spotify(song), ["producer"])], "Add")
    page.view.setCurrentIndex(page.proxy.index(1, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    wanted_tail = keys_of(doc.draft)[1:]
    rig.sandbox.set_faults(spotify_unknown=True)
    dialog = review(qtbot, window, publisher)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "is no longer on Spotify" in window.message_line.text(), timeout=WAIT_MS
    )
    assert song.title in window.message_line.text()
    qtbot.waitUntil(lambda: publisher.runner.count == 0, timeout=WAIT_MS)
    assert keys_of(server_credits(rig)) == wanted_tail  # the move was published
    doc.flush()
