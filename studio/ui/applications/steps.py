"""The pages of the wizard, one per step of a path, with their fields bound to the draft.

Each field edits the draft only through the document's methods (one undo step per change,
typing merged) and registers an :class:`Editor` with the wizard: its box (messages), the
widget to focus, and how it shows the draft's value again after a change, undo or redo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core import application as app
from studio.core.application_checks import STEPS, beats_hint, claim_problem
from studio.core.limits import (
    BACKSTAGE_ARTIST_NAME,
    BACKSTAGE_BEATS_URL,
    BACKSTAGE_COMPANY,
    BACKSTAGE_INSTAGRAM,
    BACKSTAGE_PERSON_NAME,
    CLAIM_ROLES,
    REVIEW_WINDOW_TEXT,
    TextRule,
)
from studio.core.urls import resolve_url
from studio.ui.applications.attachments import AttachmentList
from studio.ui.applications.claim_search import ClaimSearch
from studio.ui.applications.widgets import heading, link_label, note
from studio.ui.profile.widgets import FieldBox, plain_label

COMMUNITY_URL = "https://beatpass.ca/community"  # [D] where BeatPass links its Discord
TERMS_TEXT = "I a&gree to the Terms of Service and the Privacy Policy"
TERMS_NOTE = "The BeatPass Terms of Service and Privacy Policy (beatpass.ca)."
RIGHTS_TEXT = "I confirm my &rights, the licence and my commitment"
RIGHTS_NOTE = (
    "I own the rights to the beats I upload and give BeatPass a licence to offer them; I will "
    "upload at least 2 beats a month; my beats are human-made: fully AI-generated beats are "
    "not allowed, AI-assisted ones only with verifiable rights to every part."
)
PICTURE_PX = 96


def field_box(editor: QWidget, *, hint: str = "", max_len: int | None = None) -> FieldBox:
    """A :class:`FieldBox` whose hint and count are set once its labels have their parent:
    a label shown before it has one is a window of its own for a moment, which takes the
    main window's activation (and the keyboard focus) away."""
    box = FieldBox(editor)
    box.hint, box.max_len = hint, max_len
    box.count.setVisible(max_len is not None)
    box._show_messages()
    return box


@dataclass
class Editor:
    """One field of the wizard."""

    field: str
    widget: QWidget  # what gets the focus
    box: FieldBox | None
    sync: Callable[[], None]  # show the draft's value


class StepPage(QWidget):
    def __init__(self, title: str, fields: tuple[str, ...], tab: str = "") -> None:
        super().__init__()
        self.title = title
        self.tab = tab or title
        self.fields = fields
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(heading(title, role="subtitle"))

    def form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(form)
        return form


class StepBuilder:
    """Makes the step pages of one path for ``wizard`` (a ``WizardView``: the builder fills
    its ``editors`` and the parts it keeps — not imported here, the wizard imports this)."""

    def __init__(self, wizard: Any) -> None:
        self.w = wizard

    # --- fields --------------------------------------------------------------------------

    def line(self, form: QFormLayout, label: str, field: str, rule: TextRule, *,
             hint: str = "", placeholder: str = "") -> FieldBox:  # fmt: skip
        edit = QLineEdit()
        edit.setAccessibleName(label.replace("&", ""))
        edit.setPlaceholderText(placeholder)
        box = field_box(edit, hint=hint, max_len=rule.max_len)
        w = self.w
        edit.textEdited.connect(lambda text: w.doc is not None and w.doc.set_field(field, text))
        edit.editingFinished.connect(lambda: w.doc.end_typing() if w.doc is not None else None)
        edit.returnPressed.connect(w.next_step)

        def sync() -> None:
            value = w.value(field)
            if edit.text() != value:
                edit.setText(value)
            box.update_count(len(value))
            if field == "beats_url" and box.hint != beats_hint(value):
                box.hint = beats_hint(value)  # which platform the link points to
                box._show_messages()

        caption = QLabel(label)
        caption.setBuddy(edit)
        form.addRow(caption, box)
        w.editors[field] = Editor(field, edit, box, sync)
        return box

    def check(self, layout: QVBoxLayout, text: str, field: str, detail: str = "") -> None:
        box_widget = QCheckBox(text.replace("&&", "&"))
        box_widget.setAccessibleName(text.replace("&", ""))
        box = field_box(box_widget, hint=detail)
        w = self.w
        box_widget.clicked.connect(
            lambda checked: w.doc is not None and w.doc.set_field(field, bool(checked))
        )

        def sync() -> None:
            value = bool(w.value(field))
            if box_widget.isChecked() != value:
                box_widget.setChecked(value)

        layout.addWidget(box)
        w.editors[field] = Editor(field, box_widget, box, sync)

    # --- steps ---------------------------------------------------------------------------

    def build(self, path: str) -> list[StepPage]:
        pages = []
        for step in STEPS[path]:
            page = StepPage(step.title, step.fields, step.tab)
            getattr(self, f"_{step.key}")(page, path)
            page.layout_.addStretch(1)
            pages.append(page)
        return pages

    def _name(self, page: StepPage, _path: str) -> None:
        page.layout_.addWidget(note(
            "The name your producer profile will have on BeatPass. Changing it later goes "
            "through support, so choose it with care."
        ))  # fmt: skip
        self.line(page.form(), "&Producer name", "artist_name", BACKSTAGE_ARTIST_NAME,
                  hint="3 to 255 characters.", placeholder="e.g. Nova Beats")  # fmt: skip
        self._general(page, ("type", "submission"))

    def _profile(self, page: StepPage, _path: str) -> None:
        page.layout_.addWidget(note(
            "Search the producer page that is yours. One profile per claim; an Already "
            "claimed profile cannot be claimed here."
        ))  # fmt: skip
        search = ClaimSearch(self.w.ctx.tasks)
        search.chosen.connect(self.w.claim_chosen)
        page.layout_.addWidget(search)
        chosen = plain_label()
        chosen.setAccessibleName("Profile to claim")
        box = FieldBox(chosen)
        page.layout_.addWidget(box)
        w = self.w
        w.claim_search = search

        def sync() -> None:
            name = w.value("artist_name")
            if w.value("artist_id") is None:
                chosen.setText("No profile chosen yet.")
                return
            problem = claim_problem(w.context.claim, name)
            chosen.setText(f"Claiming “{name}”. " + (problem or "It is available."))

        w.editors["artist_id"] = Editor("artist_id", search.field, box, sync)
        self._general(page, ("type", "submission"))

    def _general(self, page: StepPage, fields: tuple[str, ...]) -> None:
        """A message line for errors about the application as a whole (the server's)."""
        label = plain_label()
        box = FieldBox(label)
        label.setAccessibleName("Problems with the application")
        page.layout_.addWidget(box)
        for field in fields:
            self.w.editors[field] = Editor(field, label, box, lambda: None)

    def _picture(self, page: StepPage, _path: str) -> None:
        page.layout_.addWidget(note(
            "The picture the profile gets once the claim is approved (square; it is shown "
            "in a circle). Optional: without one, the profile keeps its current picture."
        ))  # fmt: skip
        row = QHBoxLayout()
        thumb = QLabel()
        thumb.setFixedSize(PICTURE_PX, PICTURE_PX)
        thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        thumb.setAccessibleName("Profile picture")
        thumb.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        choose = QPushButton("Choose &picture…")
        choose.setAccessibleName("Choose profile picture")
        choose.clicked.connect(self.w.edit_picture)
        remove = QPushButton("Remo&ve picture")
        remove.setAccessibleName("Remove profile picture")
        w = self.w
        remove.clicked.connect(lambda: w.doc is not None and w.doc.set_image(app.PICTURE, None))
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row.addWidget(thumb)
        row.addLayout(buttons)
        row.addStretch(1)
        page.layout_.addLayout(row)
        box = FieldBox(plain_label())
        page.layout_.addWidget(box)

        def sync() -> None:
            source = w.value(app.PICTURE)
            remove.setEnabled(bool(source))
            if not source:
                thumb.setPixmap(QPixmap())
                thumb.setText("No picture")
                return
            url = source if source.startswith("local:") else resolve_url(source, w.origin)
            image = w.ctx.images.image(url, QSize(PICTURE_PX, PICTURE_PX)) if url else None
            if image is not None:
                thumb.setPixmap(QPixmap.fromImage(image))
            else:
                thumb.setText("Loading…")

        w.editors[app.PICTURE] = Editor(app.PICTURE, choose, box, sync)

    def _about(self, page: StepPage, path: str) -> None:
        form = page.form()
        self.line(form, "Firs&t name", "first_name", BACKSTAGE_PERSON_NAME)
        self.line(form, "&Last name", "last_name", BACKSTAGE_PERSON_NAME)
        if path == app.CLAIM:
            self._role(form)
        self.line(form, "Record label or &company", "company", BACKSTAGE_COMPANY,
                  hint="Optional.")  # fmt: skip

    def _role(self, form: QFormLayout) -> None:
        combo = QComboBox()
        combo.setAccessibleName("Your role")
        combo.addItem("Choose your role…", "")
        for key in CLAIM_ROLES:
            combo.addItem(app.ROLE_NAMES[key], key)
        box = field_box(combo, hint=app.ROLE_NOTE)
        w = self.w
        combo.activated.connect(
            lambda index: w.doc is not None and w.doc.set_field("role", combo.itemData(index))
        )

        def sync() -> None:
            index = max(combo.findData(w.value("role")), 0)
            if combo.currentIndex() != index:
                combo.setCurrentIndex(index)

        caption = QLabel("&Role")
        caption.setBuddy(combo)
        form.addRow(caption, box)
        w.editors["role"] = Editor("role", combo, box, sync)

    def _music(self, page: StepPage, _path: str) -> None:
        form = page.form()
        self.line(form, "&Link to your beats", "beats_url", BACKSTAGE_BEATS_URL,
                  hint=beats_hint(""), placeholder="https://soundcloud.com/your-name")  # fmt: skip
        self.line(form, "Insta&gram handle", "instagram", BACKSTAGE_INSTAGRAM,
                  hint="Optional, without “@”.", placeholder="yourname")  # fmt: skip
        attachments = AttachmentList(self.w.ctx)
        box = FieldBox(attachments)
        caption = QLabel("Attach&ments")
        caption.setBuddy(attachments.list)
        form.addRow(caption, box)
        self.w.attachments = attachments
        self.w.editors[app.ATTACHMENTS] = Editor(
            app.ATTACHMENTS,
            attachments.list,
            box,
            lambda: attachments.refresh(dict(self.w.context.attachments or {})),
        )  # fmt: skip

    _proof = _music

    def _community(self, page: StepPage, _path: str) -> None:
        page.layout_.addWidget(note(
            "Optional: join the BeatPass community on Discord. Producers share feedback, "
            "collaborations and news there, and staff answer questions about the program. "
            "It has no effect on the review."
        ))  # fmt: skip
        page.layout_.addWidget(link_label("Open the BeatPass community page", COMMUNITY_URL))

    def _agreements(self, page: StepPage, _path: str) -> None:
        page.layout_.addWidget(note("Both are needed to send the application."))
        self.check(page.layout_, TERMS_TEXT, "accepted_terms", TERMS_NOTE)
        self.check(page.layout_, RIGHTS_TEXT, "accepted_rights", RIGHTS_NOTE)

    def _review(self, page: StepPage, path: str) -> None:
        page.layout_.addWidget(note(
            f"What will be sent. BeatPass reviews it and e-mails the decision, usually within "
            f"{REVIEW_WINDOW_TEXT}. Until then no other application can be sent."
        ))  # fmt: skip
        summary = note("", "What will be sent")
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        page.layout_.addWidget(summary)
        w = self.w
        w.summary = summary
        w.summary_sync = lambda: summary.setText(summary_text(path, w.draft()))


def summary_text(path: str, draft: dict[str, Any]) -> str:
    """The review step's list of what will be sent (plain text)."""
    d = app.normalize(draft)

    def shown(value: str, empty: str = "—") -> str:
        return value.strip() or empty

    lines = [f"Application: {app.PATH_TITLES[path]}"]
    if path == app.CLAIM:
        lines.append(f"Profile to claim: {shown(d['artist_name'], 'not chosen')}")
    else:
        lines.append(f"Producer name: {shown(d['artist_name'])}")
    lines.append(f"Name: {shown((d['first_name'] + ' ' + d['last_name']).strip())}")
    if path == app.CLAIM:
        lines.append(f"Role: {app.ROLE_NAMES.get(d['role'], 'not chosen')}")
    lines.append(f"Record label or company: {shown(d['company'], 'none')}")
    lines.append(f"Beats: {shown(d['beats_url'])}")
    lines.append(f"Instagram: {shown(d['instagram'], 'none')}")
    if path == app.CLAIM:
        lines.append(f"Profile picture: {'new picture' if d[app.PICTURE] else 'none'}")
    names = [i.get("name") or f"file #{i.get('id')}" for i in d[app.ATTACHMENTS]]
    lines.append(f"Attachments: {', '.join(names) if names else 'none'}")
    agreed = d["accepted_terms"] and d["accepted_rights"]
    lines.append(f"Agreements: {'both accepted' if agreed else 'not accepted yet'}")
    return "\n".join(lines)
