"""The link list editor (producer and user profile): title + URL rows with the platform
chosen from the domain, live URL errors, add / remove / reorder by buttons and keyboard.

Every change goes through the document (``add_link``, ``edit_link``, ``move_item``,
``remove_item``), so each is one undo step (typing merges). Keys: Alt+Up / Alt+Down move
the row that has the focus, Alt+Delete removes it, Alt+N (the button) adds a link.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.limits import LINK_TITLE, LINK_URL, LINKS_MAX
from studio.core.text import PLATFORM_LABELS, clip, hidden_note, link_platform, without_hidden
from studio.core.validation import editing_limit
from studio.document import DraftDocument
from studio.ui.preview.icons import platform_pixmap
from studio.ui.profile.widgets import plain_label, set_invalid, style_message

Errors = dict[str, list[str]]
ICON_SIZE = 20
# A title or address longer than this is not put into its box (it would be laid out on every
# keystroke): the box shows its start, read-only, and the row offers to shorten the link.
EDIT_LIMITS = {"title": editing_limit(LINK_TITLE.max_len), "url": editing_limit(LINK_URL.max_len)}
SHOWN_CHARS = 200


class LinkRow(QWidget):
    """One link: platform badge, title, URL, move up/down and remove buttons, messages."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        n = index + 1
        self.setAccessibleName(f"Link {n}")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.platform = QLabel()
        self.platform.setFixedSize(ICON_SIZE + 4, ICON_SIZE + 4)
        self.platform.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.platform.setAccessibleName(f"Link {n} platform")
        self.platform_name = ""
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title, e.g. Instagram")
        self.title.setAccessibleName(f"Link {n} title")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.url.setAccessibleName(f"Link {n} URL")
        self.url.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        self.up = self._button("↑", f"Move link {n} up (Alt+Up)")
        self.down = self._button("↓", f"Move link {n} down (Alt+Down)")
        self.remove = self._button("✕", f"Remove link {n} (Alt+Delete)")
        self.keep = QPushButton(f"Keep the first {LINK_URL.max_len} characters")
        self.keep.setAccessibleName(f"Shorten link {n}")
        self.keep.setToolTip(
            "Shortens this link's title and address in your draft (Undo undoes it)."
        )
        self.keep.setVisible(False)
        self.clean = QPushButton("Remove hidden characters")
        self.clean.setAccessibleName(f"Remove hidden characters from link {n}")
        self.clean.setToolTip("One undo step; Undo puts them back.")
        self.clean.setVisible(False)
        self.too_long: set[str] = set()  # "title" / "url": shown clipped and read-only
        self.notes: list[str] = []  # hidden characters in the title or the address
        self.message = plain_label()
        self.message.setVisible(False)
        self.message.setAccessibleName(f"Link {n} message")
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button)
        grid.addWidget(self.platform, 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.url, 0, 2)
        grid.addLayout(buttons, 0, 3)
        grid.addWidget(self.message, 1, 1, 1, 3)
        fixes = QHBoxLayout()
        fixes.addWidget(self.keep)
        fixes.addWidget(self.clean)
        fixes.addStretch(1)
        grid.addLayout(fixes, 2, 1, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)

    def _button(self, text: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(name.split(" (", maxsplit=1)[0])
        button.setToolTip(name)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAutoRaise(True)
        return button

    def show_values(self, url: str, title: str) -> None:
        """Show the link (without touching an editor whose text is already right). A part too
        long to edit shows its start, read-only; the row then offers to shorten the link."""
        for which, editor, value in (("title", self.title, title), ("url", self.url, url)):
            too_long = len(value) > EDIT_LIMITS[which]
            if too_long:
                self.too_long.add(which)
            else:
                self.too_long.discard(which)
            shown = clip(value, SHOWN_CHARS) if too_long else value
            editor.setReadOnly(too_long)
            if editor.text() != shown:
                editor.setText(shown)
                if not editor.hasFocus():
                    editor.setCursorPosition(0)  # show the start of a long address
        self.keep.setVisible(bool(self.too_long))
        self.notes = [note for note in (hidden_note(title), hidden_note(url)) if note]
        self.clean.setVisible(bool(self.notes))
        platform = link_platform(url)
        if platform != self.platform_name:
            self.platform_name = platform
            dpr = self.devicePixelRatioF()
            self.platform.setPixmap(platform_pixmap(platform, ICON_SIZE, dpr))
            label = PLATFORM_LABELS[platform]
            self.platform.setToolTip(f"Shown with the {label} icon")
            self.platform.setAccessibleDescription(f"{label} icon")

    def set_errors(self, title: list[str], url: list[str], other: list[str]) -> None:
        set_invalid(self.title, bool(title))
        set_invalid(self.url, bool(url))
        notes = [
            f"This {'title' if which == 'title' else 'address'} is too long to edit here; "
            "keep its first characters, or remove the link."
            for which in sorted(self.too_long, reverse=True)
        ]
        messages = list(dict.fromkeys(other + title + url + notes + self.notes))
        self.message.setText("\n".join(messages))
        style_message(self.message, "error")
        self.message.setVisible(bool(messages))
        self.title.setAccessibleDescription(" ".join(title) and "Error: " + " ".join(title))
        self.url.setAccessibleDescription(" ".join(url) and "Error: " + " ".join(url))

    def editors(self) -> list[QWidget]:
        return [self.title, self.url, self.up, self.down, self.remove, self.keep, self.clean]


def _select_from_start(edit: QLineEdit) -> None:
    """Select all of a field with the cursor at its start (so the start is what shows)."""
    if edit.hasFocus() and edit.selectedText() == edit.text():
        edit.setSelection(len(edit.text()), -len(edit.text()))


class LinkListEditor(QWidget):
    """Edits the ``links`` field of a document (producer or user profile)."""

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setAccessibleName("Links")
        self.rows: list[LinkRow] = []
        self._errors: Errors = {}
        self._focus_after: tuple[int, str] | None = None
        # fields of a just-added link not left yet: "required" waits until they are
        self._fresh: set[tuple[int, str]] = set()
        self.on_rows_rebuilt: Callable[[], None] = lambda: None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)
        layout.addLayout(self.rows_box)
        self.empty = plain_label("No links yet. Add your Instagram, YouTube, SoundCloud…")
        layout.addWidget(self.empty)
        bottom = QHBoxLayout()
        self.add_button = QPushButton("Add lin&k")
        self.add_button.setAccessibleName("Add link")
        self.add_button.setToolTip("Add a link (title and full http(s) address).")
        self.add_button.clicked.connect(self.add_link)
        self.status = plain_label()
        self.status.setAccessibleName("Links status")
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)
        self.message = plain_label()
        self.message.setVisible(False)
        self.message.setAccessibleName("Links message")
        layout.addWidget(self.message)
        doc.changed.connect(self._changed)
        self.refresh()

    # --- reading the document --------------------------------------------------------------

    def _changed(self, field: str) -> None:
        if field == "links":
            self.refresh()

    def refresh(self) -> None:
        links = self.doc.value("links")
        if len(links) != len(self.rows):
            self._rebuild(len(links))
        for row, link in zip(self.rows, links, strict=True):
            row.show_values(link["url"], link["title"])
        count = len(links)
        full = count >= LINKS_MAX
        self.add_button.setEnabled(not full)
        self.empty.setVisible(count == 0)
        self.status.setText(
            f"{count} of {LINKS_MAX} links — remove one to add another."
            if full
            else f"{count} of {LINKS_MAX} links."
        )
        self._show_errors()
        if self._focus_after is not None:
            index, which = self._focus_after
            self._focus_after = None
            self._focus_row(index, which)

    def _rebuild(self, count: int) -> None:
        had_focus = self.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        for row in self.rows:
            self.rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for index in range(count):
            row = LinkRow(index, self)
            self._wire(row)
            self.rows_box.addWidget(row)
            self.rows.append(row)
        for i, row in enumerate(self.rows):
            row.up.setEnabled(i > 0)
            row.down.setEnabled(i < count - 1)
        self.on_rows_rebuilt()
        if had_focus and self._focus_after is None:  # e.g. an undo removed the focused row
            self._focus_after = (count - 1, "title") if count else (-1, "add")

    def _wire(self, row: LinkRow) -> None:
        i = row.index
        row.title.textEdited.connect(lambda text: self.doc.edit_link(i, title=text))
        row.url.textEdited.connect(lambda text: self.doc.edit_link(i, url=text))
        row.title.editingFinished.connect(self.doc.end_typing)
        row.url.editingFinished.connect(self.doc.end_typing)
        row.title.editingFinished.connect(lambda: self._left(i, "title"))
        row.url.editingFinished.connect(lambda: self._left(i, "url"))
        row.up.clicked.connect(lambda: self.move_link(i, -1, "up"))
        row.down.clicked.connect(lambda: self.move_link(i, 1, "down"))
        row.remove.clicked.connect(lambda: self.remove(i))
        row.keep.clicked.connect(lambda: self.shorten(i))
        row.clean.clicked.connect(lambda: self.clean(i))
        for editor in row.editors():
            editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Alt+Up / Alt+Down / Alt+Delete in a row's editors move or remove that link; a title
        or address shows its start when Tab enters it (still all selected) and when left."""
        if (
            isinstance(watched, QLineEdit)
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusOut
            and event.reason() != Qt.FocusReason.PopupFocusReason  # a menu keeps the selection
        ):
            watched.setCursorPosition(0)  # not "tps://…": the start of a long address
        elif (
            isinstance(watched, QLineEdit)
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        ):
            QTimer.singleShot(0, watched, lambda: _select_from_start(watched))
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Delete)
        ):
            row = next((r for r in self.rows if watched in r.editors()), None)
            if row is not None:
                if event.key() == Qt.Key.Key_Delete:
                    self.remove(row.index)
                else:
                    step = -1 if event.key() == Qt.Key.Key_Up else 1
                    self.move_link(row.index, step, self._which_focus(row))
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _which_focus(row: LinkRow) -> str:
        return "url" if row.url.hasFocus() else "title"

    # --- commands ------------------------------------------------------------------------

    def _left(self, index: int, which: str) -> None:
        if (index, which) in self._fresh:
            self._fresh.discard((index, which))
            self._show_errors()

    def add_link(self) -> None:
        if len(self.doc.value("links")) >= LINKS_MAX:
            return
        index = len(self.rows)
        self._focus_after = (index, "title")
        self._fresh = {(index, "title"), (index, "url")}
        self.doc.add_link("", "")

    def shorten(self, index: int) -> None:
        """Keep the first characters of a link's too-long title and address (one undo step)."""
        link = self.doc.value("links")[index]
        self._focus_after = (index, "title")
        self.doc.edit_item(
            "links",
            index,
            {"title": link["title"][: LINK_TITLE.max_len], "url": link["url"][: LINK_URL.max_len]},
            merge=False,
        )

    def clean(self, index: int) -> None:
        """Remove hidden characters from a link's title and address (one undo step)."""
        link = self.doc.value("links")[index]
        self._focus_after = (index, "title")
        changes = {"title": without_hidden(link["title"]), "url": without_hidden(link["url"])}
        self.doc.edit_item("links", index, changes, merge=False)

    def move_link(self, index: int, step: int, which: str = "title") -> None:
        target = index + step
        if 0 <= target < len(self.rows):
            self._fresh.clear()
            self._focus_after = (target, which)  # the focus follows the moved link
            self.doc.move_item("links", index, target)

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self._fresh.clear()
            remaining = len(self.rows) - 1
            self._focus_after = (min(index, remaining - 1), "title") if remaining else (-1, "add")
            self.doc.remove_item("links", index)

    def _focus_row(self, index: int, which: str) -> None:
        if which == "add" or not 0 <= index < len(self.rows):
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        row = self.rows[index]
        widget = {"url": row.url, "up": row.up, "down": row.down}.get(which, row.title)
        if not widget.isEnabled():
            widget = row.title
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- errors ---------------------------------------------------------------------------

    def set_errors(self, errors: Errors) -> None:
        """Errors whose keys start with ``links`` (``links``, ``links.N``, ``links.N.url``…)."""
        self._errors = {k: list(v) for k, v in errors.items()}
        self._show_errors()

    def reveal_errors(self) -> None:
        """Show every error now, also "required" on a just-added link not left yet (when
        publishing stops on them, or the server names them)."""
        self._fresh.clear()
        self._show_errors()

    def _show_errors(self) -> None:
        listed: list[str] = []
        for key, messages in self._errors.items():
            parts = key.split(".")
            if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) >= len(self.rows):
                listed += messages
        for i, row in enumerate(self.rows):
            prefix = f"links.{i}"
            title, url = (
                [] if (i, which) in self._fresh and not editor.text() else self._errors.get(key, [])
                for which, editor, key in (
                    ("title", row.title, f"{prefix}.title"),
                    ("url", row.url, f"{prefix}.url"),
                )
            )
            row.set_errors(title, url, self._errors.get(prefix, []))
        listed = list(dict.fromkeys(listed))
        self.message.setText("\n".join(listed))
        style_message(self.message, "error")
        self.message.setVisible(bool(listed))

    def focus_key(self, key: str) -> bool:
        """Focus the editor an error key points at; True when one was found."""
        parts = key.split(".")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(self.rows):
            self._focus_row(int(parts[1]), parts[2] if len(parts) > 2 else "title")
        else:
            self._focus_row(0 if self.rows else -1, "title" if self.rows else "add")
        return True

    def focus_chain(self) -> list[QWidget]:
        """The editors in tab order."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain += row.editors()
        return [*chain, self.add_button]
