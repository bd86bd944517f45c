"""The producer-profile form and the user-profile form."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from studio.core import drafts, limits
from studio.core.bidi import neutralise
from studio.core.text import clip
from studio.document import DraftDocument
from studio.ui.profile.form import ProfileForm, hidden_warnings
from studio.ui.profile.genres import GenreEditor
from studio.ui.profile.widgets import FieldBox, plain_label

NAME_REASON = (
    "Changes to your producer name go through BeatPass support "
    f"({limits.SUPPORT_EMAIL}); the name can't be edited here."
)
BIO_HINT = (
    "Plain text. The first lines show before “Show more”. Web addresses in the biography "
    "are not clickable — put them in Links."
)
NAME_SHOWN = 300  # the read-only name shows at most this much of whatever the server sends
USERNAME_WARNING = (
    "Changing your username breaks old links to your profile: anyone using the old address "
    "will not find you."
)


class ArtistForm(ProfileForm):
    """The producer profile: details, biography, links, images."""

    kind = drafts.ARTIST

    def __init__(self, doc: DraftDocument, **options: Any) -> None:
        super().__init__(doc, **options)
        details = self.group("Details")
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        name = QLineEdit()
        name.setReadOnly(True)
        name.setAccessibleName("Producer name (read-only)")
        name.setToolTip(NAME_REASON)
        verified = plain_label("✓ Verified", wrap=False)
        verified.setAccessibleName("Verified badge")
        verified.setToolTip("BeatPass staff verified this producer profile.")
        row.addWidget(name, 1)
        row.addWidget(verified)
        self.name_box = FieldBox(holder, hint=NAME_REASON)
        self.name_box.editor = name
        self.name_edit = name

        def refresh_name() -> None:
            value = doc.value("name")
            name.setText(neutralise(clip(value, NAME_SHOWN)))  # read-only: shown as it reads
            self.name_box.set_warnings(hidden_warnings(value))
            name.setCursorPosition(0)
            verified.setVisible(bool(doc.value("verified")))

        self._bind("name", "name", self.name_box, refresh_name)
        self.add_row(details, "Producer &name", "name", self.name_box, name)
        self.line(
            details,
            "&City",
            "city",
            "profile.city",
            rule=limits.CITY,
            count=True,
            placeholder="e.g. Toronto",
        )
        self.country_row(details, "profile.country", "Shown with its flag on your page.")
        self.genres = GenreEditor(doc)
        self.genres.on_chips_rebuilt = self.fix_tab_order
        self.labels["genres"] = "Genres"
        details.addRow(self._caption("&Genres", self.genres.input), self.genres)
        bio = self.group("Biography")
        self.bio = self.text(
            bio,
            "&Biography",
            "description",
            "profile.description",
            hint=BIO_HINT,
            rule=limits.DESCRIPTION,
        )
        self.links_group()
        images = self.group("Images")
        self.image_row(
            images, "Avatar", "image_small", "image_small", 1.0, "avatar", "artist_image"
        )
        self.image_row(
            images, "Cover image", "cover_image", "cover_image", 16 / 9, "cover", "artist_image"
        )
        self.finish()

    def _caption(self, text: str, buddy: QWidget) -> QWidget:
        label = plain_label(text, wrap=False)  # "&Genres": Alt+G goes to the genre box
        label.setBuddy(buddy)
        return label

    def focus_chain(self) -> list[QWidget]:
        assert self.genres is not None and self.links is not None
        chain: list[QWidget] = [
            self.name_edit,
            *self.boxes["profile.city"].focus_widgets(),
            *self.boxes["profile.country"].focus_widgets(),
            *self.genres.focus_chain(),
            *self.bio.focus_widgets(),
            *self.links.focus_chain(),
        ]
        for key in ("image_small", "cover_image"):
            chain.append(self.boxes[key].editor)  # "Change…"
        return chain


class UserForm(ProfileForm):
    """The user profile: username, names, location, description, links, avatar."""

    kind = drafts.USER

    def __init__(self, doc: DraftDocument, **options: Any) -> None:
        super().__init__(doc, **options)
        account = self.group("Account")
        self.username = self.line(
            account,
            "&Username",
            "username",
            "user.username",
            rule=limits.USERNAME,
            hint=limits.USERNAME_HINT,
            placeholder="e.g. nova_beats",
        )
        self.username_warning = plain_label(USERNAME_WARNING)
        self.username_warning.setAccessibleName("Username warning")
        account.addRow("", self.username_warning)
        self.line(
            account, "Fi&rst name", "first_name", "user.first_name", rule=limits.USER_FIRST_NAME
        )
        self.line(account, "&Last name", "last_name", "user.last_name", rule=limits.USER_LAST_NAME)
        about = self.group("About")
        self.line(
            about,
            "&City",
            "city",
            "profile.city",
            rule=limits.CITY,
            count=True,
            placeholder="e.g. Toronto",
        )
        self.country_row(about, "profile.country", "Pick from the list, or type to search.")
        self.description = self.text(
            about,
            "&Description",
            "description",
            "profile.description",
            hint="Plain text. BeatPass may not show every field on your public user page.",
            rule=limits.DESCRIPTION,
        )
        self.links_group()
        images = self.group("Image")
        self.image_row(images, "Avatar", "image", "user.image", 1.0, "user_avatar", "user_avatar")
        doc.changed.connect(self._username_changed)
        doc.rebased.connect(self._username_rebased)  # published (a bound method: it ends
        # with the form, while the document lives on in the workspace)
        self._username_changed("username")
        self.finish()

    def _username_rebased(self) -> None:
        self._username_changed("username")

    def _username_changed(self, field: str) -> None:
        if field != "username":
            return
        changed = self.doc.value("username") != self.doc.base["username"]
        prefix = "⚠ " if changed else ""
        self.username_warning.setText(prefix + USERNAME_WARNING)
        self.username_warning.setStyleSheet("font-weight: 600;" if changed else "")

    def focus_chain(self) -> list[QWidget]:
        assert self.links is not None
        keys = ("user.username", "user.first_name", "user.last_name", "profile.city")
        chain = [w for k in keys for w in self.boxes[k].focus_widgets()]
        chain += [*self.boxes["profile.country"].focus_widgets()]
        chain += self.description.focus_widgets()
        return [*chain, *self.links.focus_chain(), self.boxes["user.image"].editor]
