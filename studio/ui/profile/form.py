"""``ProfileForm``: the base of the two editors (producer profile, user profile).

A form shows one :class:`~studio.document.DraftDocument` and changes it only through the
document's methods. Field errors come from two places and show at the field they belong to:
the live rules of :mod:`studio.core.validation` (the same the sandbox enforces), recomputed
on every change, and the server's 422 errors (:meth:`show_server_errors`), which stay until
that field changes. Error keys are the API's dot paths (``profile.description``,
``links.1.url``, ``user.username``); one the form cannot place shows at the top of the form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

import shiboken6
from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.core.checks import draft_errors
from studio.core.limits import TextRule
from studio.core.text import clip, hidden_note, without_hidden
from studio.core.validation import editing_limit
from studio.document import DraftDocument
from studio.pictures import ImageLoader
from studio.ui.models.countries import CountryListModel
from studio.ui.profile.country import CountryCombo
from studio.ui.profile.genres import GenreEditor
from studio.ui.profile.links import LinkListEditor
from studio.ui.profile.long_text import PlainTextField
from studio.ui.profile.widgets import FieldBox, plain_label, style_message

Errors = dict[str, list[str]]
IMAGE_NOTE = "Pick a picture; it is checked, cropped and cleaned on this computer before upload."
# (field, image target key, upload kind): opens the image editor for that field.
ImageEditorOpener = Callable[[str, str, str], None]
THUMB_HEIGHT = 48
ADDRESS_SHOWN = 300  # the most of a picture's address its tooltip shows
_UPLOAD_NAME = re.compile(r"[0-9a-f]{16,}", re.IGNORECASE)  # how uploaded files are named


def picture_name(url: str, *, new: bool) -> str:
    """What an image field shows for its address: the picture's file name, or "Current
    picture" / "New picture" when the name is only an upload's random one ("No picture"
    when there is none)."""
    if not url:
        return "No picture"
    file_name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) if "/" in url else url
    stem = file_name.rsplit(".", 1)[0]
    if not file_name or _UPLOAD_NAME.fullmatch(stem):
        return "New picture" if new else "Current picture"
    return clip(file_name, 80)


def hidden_warnings(value: str, *, multiline: bool = False) -> list[str]:
    """The warning about hidden characters in a field's value (none when there are none)."""
    note = hidden_note(value, multiline=multiline)
    return [note] if note else []


def field_of_key(key: str) -> str:
    """The draft field an error key belongs to (``profile.city`` → ``city``)."""
    parts = key.split(".")
    if parts[0] in ("user", "profile") and len(parts) > 1:
        return parts[1]
    return parts[0]


def _merge(*sources: Errors) -> Errors:
    merged: Errors = {}
    for errors in sources:
        for key, messages in errors.items():
            for message in messages:
                if message not in merged.setdefault(key, []):
                    merged[key].append(message)
    return merged


class ProfileForm(QWidget):
    """Shared plumbing: bound editors, error placement, focus by key, tab order."""

    kind = ""

    def __init__(
        self,
        doc: DraftDocument,
        *,
        images: ImageLoader | None = None,
        origin: str = "",
        edit_image: ImageEditorOpener | None = None,
        countries: CountryListModel | None = None,
        tab_bar: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``tab_bar``: the profile tabs' bar, which Tab leaves for the first field (None:
        found by looking up from where the form is placed)."""
        super().__init__(parent)
        self.doc = doc
        self.tab_bar = tab_bar
        self._countries = countries  # shared with the page's other form (None: its own)
        self.edit_image = edit_image  # None: no image editing here (the buttons are disabled)
        self.images = images  # thumbnails of the image fields (loaded in the background)
        self.origin = origin  # the site origin, for relative image addresses
        self.boxes: dict[str, FieldBox] = {}  # error key → box
        self.labels: dict[str, str] = {}  # error key → field label (for "find a field")
        self.links: LinkListEditor | None = None
        self.genres: GenreEditor | None = None
        self.country: CountryCombo | None = None
        self._server: Errors = {}
        self._refreshers: dict[str, Callable[[], None]] = {}
        self._image_refreshers: list[Callable[[], None]] = []
        if images is not None:
            images.loaded.connect(self._image_loaded)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 16)
        self.layout_.setSpacing(12)
        self.general = plain_label()
        self.general.setAccessibleName("Problems with this profile")
        self.general.setVisible(False)
        self.layout_.addWidget(self.general)
        doc.changed.connect(self._changed)

    # --- building --------------------------------------------------------------------------

    def group(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(box)
        return form

    def add_row(
        self, form: QFormLayout, label: str, key: str, box: QWidget, buddy: QWidget
    ) -> None:
        caption = QLabel(label)
        caption.setBuddy(buddy)
        form.addRow(caption, box)
        self.labels[key] = label.replace("&", "")

    def line(
        self,
        form: QFormLayout,
        label: str,
        field: str,
        key: str,
        *,
        rule: TextRule,
        count: bool = False,
        hint: str = "",
        placeholder: str = "",
    ) -> FieldBox:
        """A one-line text field bound to ``field`` (``count``: show the character count)."""
        edit = QLineEdit()
        edit.setAccessibleName(label.replace("&", ""))
        edit.setPlaceholderText(placeholder)
        box = self._box(edit, field, rule, hint=hint, count=count)
        edit.textEdited.connect(lambda text: self.doc.set_field(field, text))
        edit.editingFinished.connect(self.doc.end_typing)

        def refresh() -> None:
            value = self.doc.value(field)
            if box.accepts(value) and edit.text() != value:
                edit.setText(value)
            box.update_count(len(value))
            box.set_warnings(hidden_warnings(value))

        self._bind(field, key, box, refresh)
        self.add_row(form, label, key, box, edit)
        return box

    def text(
        self, form: QFormLayout, label: str, field: str, key: str, *, hint: str, rule: TextRule
    ) -> FieldBox:
        """A multi-line plain-text field bound to ``field``."""
        edit = PlainTextField(editing_limit(rule.max_len))
        edit.setAccessibleName(label.replace("&", ""))
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 7)
        box = self._box(edit, field, rule, hint=hint, count=True, multiline=True)
        updating = [False]

        def edited() -> None:
            if not updating[0]:
                self.doc.set_field(field, edit.toPlainText())

        def refresh() -> None:
            value = self.doc.value(field)
            if box.accepts(value) and edit.toPlainText() != value:
                updating[0] = True
                cursor = edit.textCursor().position()
                edit.setPlainText(value)
                moved = edit.textCursor()
                moved.setPosition(min(cursor, len(value)))
                edit.setTextCursor(moved)
                updating[0] = False
            box.update_count(len(value))
            box.set_warnings(hidden_warnings(value, multiline=True))

        edit.textChanged.connect(edited)
        edit.oversized.connect(lambda text: self.doc.set_field(field, text, merge=False))
        self._bind(field, key, box, refresh)
        self.add_row(form, label, key, box, edit)
        return box

    def _box(
        self,
        editor: QWidget,
        field: str,
        rule: TextRule,
        *,
        hint: str,
        count: bool,
        multiline: bool = False,
    ) -> FieldBox:
        """The box of a text field. A value too long to edit shows as a notice whose "Keep
        the first N characters" shortens the draft's value; hidden characters are flagged
        with "Remove hidden characters" (each one undo step)."""

        def keep() -> None:
            value = self.doc.value(field)
            self.doc.set_field(field, value[: rule.max_len], merge=False)

        def clean() -> None:
            value = self.doc.value(field)
            self.doc.set_field(field, without_hidden(value, multiline=multiline), merge=False)

        return FieldBox(
            editor,
            hint=hint,
            max_len=rule.max_len if count else None,
            limit=rule.max_len,
            edit_limit=editing_limit(rule.max_len),
            on_keep=keep,
            on_clean=clean,
        )

    def country_row(self, form: QFormLayout, key: str, hint: str) -> FieldBox:
        combo = CountryCombo(countries=self._countries)
        combo.setAccessibleName("Country")
        self.country = combo

        def clean() -> None:
            self.doc.set_field("country", without_hidden(self.doc.value("country")), merge=False)

        box = FieldBox(combo, hint=hint, on_clean=clean)

        def committed(name: str) -> None:
            if not self.doc.set_field("country", name, merge=False):
                self.refresh_errors()

        def refresh() -> None:
            value = self.doc.value("country")
            combo.show_country(value)
            box.set_warnings(hidden_warnings(value))

        combo.committed.connect(committed)
        self._bind("country", key, box, refresh)
        self.add_row(form, "C&ountry", key, box, combo)
        return box

    def image_row(  # noqa: PLR0917 (one row, described by its parts)
        self,
        form: QFormLayout,
        label: str,
        field: str,
        key: str,
        ratio: float,
        target: str,
        upload_kind: str,
    ) -> FieldBox:
        """An image field: a thumbnail, the picture's name (its address in the tooltip) and
        "Change…", which opens the image editor for ``target`` (a key of
        ``limits.IMAGE_TARGETS``)."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        thumb = QLabel()
        thumb.setAccessibleName(f"{label} thumbnail")
        size = QSize(round(THUMB_HEIGHT * ratio), THUMB_HEIGHT)
        thumb.setFixedSize(size)
        thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        thumb.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        name = plain_label(wrap=False)
        name.setAccessibleName(f"{label} picture")
        name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        change = QPushButton("Change…")
        change.setAccessibleName(f"Change {label.lower()}")
        opener = self.edit_image
        change.setEnabled(opener is not None)
        if opener is not None:
            change.clicked.connect(lambda: opener(field, target, upload_kind))
        change.setToolTip(IMAGE_NOTE)
        row.addWidget(thumb)
        row.addWidget(name, 1)
        row.addWidget(change)
        box = FieldBox(holder, hint=IMAGE_NOTE)
        box.editor = change  # the field's one control: errors mark it, focus goes to it
        box.picture = name  # type: ignore[attr-defined]

        def refresh() -> None:
            value = self.doc.value(field) or ""
            name.setText(picture_name(value, new=value != (self.doc.base.get(field) or "")))
            name.setToolTip(clip(value, ADDRESS_SHOWN))
            thumb.setToolTip(clip(value, ADDRESS_SHOWN))
            source = urljoin(self.origin + "/", value) if value and self.origin else value
            dpr = thumb.devicePixelRatioF()
            pixels = QSize(round(size.width() * dpr), round(size.height() * dpr))
            image = self.images.image(source, pixels) if self.images and source else None
            picture = QPixmap.fromImage(image) if image is not None else QPixmap()
            picture.setDevicePixelRatio(dpr)  # drawn sharp on a high-density screen
            thumb.setPixmap(picture)
            if image is not None:
                thumb.setText("")
            elif not source:
                thumb.setText("None")
            elif self.images is not None and self.images.failed(source, pixels):
                thumb.setText("—")
                thumb.setToolTip("The image could not be loaded (offline?).")
            else:
                thumb.setText("…")

        self._image_refreshers.append(refresh)
        self._bind(field, key, box, refresh)
        self.add_row(form, label, key, box, change)
        return box

    def links_group(self) -> LinkListEditor:
        box = QGroupBox("Links")
        box.setAccessibleName("Links")
        layout = QVBoxLayout(box)
        note = plain_label(
            "Full http(s) addresses with a short title. The icon on your page comes from the "
            "address (Instagram, YouTube, SoundCloud, Spotify, X, TikTok or a globe)."
        )
        layout.addWidget(note)
        self.links = LinkListEditor(self.doc)
        self.links.on_rows_rebuilt = self.fix_tab_order
        layout.addWidget(self.links)
        self.layout_.addWidget(box)
        self.labels["links"] = "Links"
        return self.links

    def _bind(self, field: str, key: str, box: FieldBox, refresh: Callable[[], None]) -> None:
        self.boxes[key] = box
        self._refreshers[field] = refresh
        refresh()

    def finish(self) -> None:
        """Call at the end of a subclass's ``__init__``."""
        self.layout_.addStretch(1)
        self.fix_tab_order()
        self.refresh_errors()

    # --- document → widgets ------------------------------------------------------------------

    def _image_loaded(self, *_args: object) -> None:
        for refresh in self._image_refreshers:
            refresh()

    def _changed(self, field: str) -> None:
        refresh = self._refreshers.get(field)
        if refresh is not None:
            refresh()
        dropped = [k for k in self._server if field_of_key(k) == field]
        for key in dropped:
            del self._server[key]
        self.refresh_errors()

    def validate(self) -> Errors:
        """The live errors of the draft (dot-path keys): the checks publishing makes."""
        return draft_errors(self.kind, self.doc.base, self.doc.draft)

    def current_errors(self) -> Errors:
        """Live and server errors together, by key."""
        return _merge(self.validate(), self._server)

    def refresh_errors(self) -> None:
        errors = self.current_errors()
        placed: set[str] = set()
        for key, box in self.boxes.items():
            box.set_errors(errors.get(key, []))
            placed.add(key)
        for prefix, editor in (("links", self.links), ("genres", self.genres)):
            if editor is None:
                continue
            mine = {k: v for k, v in errors.items() if field_of_key(k) == prefix}
            editor.set_errors(mine)
            placed |= set(mine)
        rest = [m for k, v in errors.items() if k not in placed for m in v]
        self.general.setText("\n".join(dict.fromkeys(rest)))
        style_message(self.general, "error")
        self.general.setVisible(bool(rest))

    def show_server_errors(self, errors: Errors) -> None:
        """Show a 422's field errors (values may be a string or a list of strings)."""
        self._server = {
            key: [value] if isinstance(value, str) else [str(v) for v in value]
            for key, value in errors.items()
        }
        if self.links is not None:
            self.links.reveal_errors()
        self.refresh_errors()
        for key in errors:
            if self.focus_key(key):
                break

    # --- focus ------------------------------------------------------------------------------

    def focus_key(self, key: str) -> bool:
        """Focus the editor of an error key (or field key) and scroll it into view; True when
        found."""
        box = self.boxes.get(key)
        found = False
        if box is not None:
            target = box.notice.keep if box.too_long and box.notice is not None else box.editor
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            found = True
        else:
            field = field_of_key(key)
            if field == "links" and self.links is not None:
                found = self.links.focus_key(key)
            elif field == "genres" and self.genres is not None:
                found = self.genres.focus_key(key)
        if found:
            self.reveal_focus()
            QTimer.singleShot(0, self, self.reveal_focus)  # again once a new tab is laid out
        return found

    def reveal_focus(self) -> None:
        """Scroll the form so the field that has the focus (and its label) is in view."""
        focus = QApplication.focusWidget() or self.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            return
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(focus, 60, 60)

    def focus_chain(self) -> list[QWidget]:
        raise NotImplementedError

    def fix_tab_order(self) -> None:
        """Tab goes through the fields top to bottom, right after the profile tabs (chips and
        link rows are rebuilt: call again then). Widgets made later (the preview) follow."""
        chain = [w for w in self.focus_chain() if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        anchor = self._tab_anchor()
        if anchor is not None:
            chain.insert(0, anchor)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _tab_anchor(self) -> QWidget | None:
        """The tab bar of the profile tabs the form sits in (None before it is placed).

        The page passes it: looking up from the form goes through the scroll area's viewport,
        a widget Qt made, and the first such widget handed to Python makes PySide build the
        Python types of every Qt widget class (~9 ms before the profile is editable)."""
        if self.tab_bar is not None and shiboken6.isValid(self.tab_bar):
            tabs = self.tab_bar.parentWidget()
            return self.tab_bar if tabs is not None and tabs.isAncestorOf(self) else None
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, QTabWidget):
                return parent.tabBar()
            parent = parent.parentWidget()
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self.fix_tab_order()  # placed in its tab: the fields follow the tab bar
        return super().event(event)
