"""Preview pane without a server: escaping of hostile text in every field, safe links,
tabs shown per state, debounced rendering."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from studio.core import visibility as v
from studio.core.catalog import Album, ArtistRef, Track
from studio.core.credits import Credit, group_credits
from studio.core.models import User
from studio.core.text import country_flag, location_text
from studio.tasks import Tasks
from studio.ui.models.countries import font_has_flags
from studio.ui.preview import ArtistExtras, PreviewPane, UserExtras
from studio.ui.preview.user_page import TabContent
from studio.ui.preview.widgets import LinkChip

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="http://127.0.0.1:9/pwn.png" onerror="alert(1)">',
    "<b>bold</b> &amp; <a href='javascript:alert(1)'>click</a>",
    "&lt;i&gt;entity&lt;/i&gt; &#60;u&#62;",
    "A&R ∕ <style>*{color:red}</style>",
    "<table><tr><td>cell</td></tr></table>",
]
BAD_URLS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "JaVaScRiPt:alert(document.cookie)",
]


def h(i: int) -> str:
    return HOSTILE[i % len(HOSTILE)]


def hostile_artist_draft() -> dict[str, object]:
    return {
        "name": h(0),
        "image_small": "javascript:alert(1)",
        "cover_image": "data:image/png;base64,iVBORw0KGgo=",
        "verified": True,
        "description": h(1),
        "city": h(2),
        "country": h(3),
        "genres": [h(4), h(5)],
        "links": [{"url": url, "title": h(i)} for i, url in enumerate(BAD_URLS)]
        + [{"url": "https://example.test/<b>x</b>", "title": h(5)}],
        "profile_images": [{"id": 1, "url": "javascript:alert(2)"}],
    }


def hostile_extras() -> ArtistExtras:
    ref = ArtistRef(id=9, name=h(2), image="javascript:alert(3)", verified=True)
    track = Track(id=1, name=h(3), image="file:///etc/shadow", artists=(ref,), plays=5)
    credit = Credit(
        id=1,
        spotify_id="s1",
        type="track",
        role="producer",
        title=h(4),
        artist_names=h(5),
        role_name=h(0),
    )
    return ArtistExtras(
        artist_id=1,
        pinned_track=track,
        tracks=(track, Track(id=2, name=h(1), artists=(ref,))),
        albums=(Album(id=3, name=h(5), image="javascript:x", release_date=h(2)),),
        similar=(ref,),
        credits=tuple(group_credits([credit])),
        followers_count=3,
    )


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, value: str) -> bytes:
        self.calls.append(value)
        return b""


@pytest.fixture
def tasks(qapp: object) -> Iterator[Tasks]:
    t = Tasks()
    yield t
    t.shutdown()


@pytest.fixture
def pane(qtbot: QtBot, tasks: Tasks) -> Iterator[PreviewPane]:
    opened = Recorder()
    p = PreviewPane(tasks, opener=opened)
    p.opened = opened  # type: ignore[attr-defined]
    fetched = Recorder()
    p.images._fetch = fetched
    p.fetched = fetched  # type: ignore[attr-defined]
    qtbot.addWidget(p)
    p.resize(1000, 800)
    p.show()
    yield p


def labels(root: QWidget) -> list[QLabel]:
    return [w for w in root.findChildren(QLabel) if w.text()]


def visit_all_tabs(pane: PreviewPane) -> list[QLabel]:
    """Show every tab of the current page and collect the labels seen."""
    page = pane.artist_page if pane.page == "artist" else pane.user_page
    seen: list[QLabel] = []
    for name in page.tabs.names:
        page.tabs.select(name)
        seen += labels(page)
    return seen


def test_hostile_text_is_shown_as_typed_and_never_rendered(pane: PreviewPane) -> None:
    draft = hostile_artist_draft()
    pane.set_mode(viewer="owner")
    pane.set_artist_data(draft, hostile_extras())
    pane.render_now()
    page = pane.artist_page
    page.discography.bio.toggle()  # type: ignore[union-attr]  # the whole bio
    pane.grab()  # paints everything (pictures ask for their images while painting)

    shown = visit_all_tabs(pane)
    page.tabs.select(v.DISCOGRAPHY)
    shown += labels(page)
    assert shown
    for label in shown:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
        assert not label.openExternalLinks()
    texts = {label.text() for label in shown}
    assert page.header.name.text() == draft["name"]
    assert page.discography.bio.label.text() == draft["description"]  # type: ignore[union-attr]
    assert f"{draft['city']}, {draft['country']}" in texts
    for genre in draft["genres"]:  # type: ignore[union-attr]
        assert genre in texts
    extras = hostile_extras()
    for value in (
        extras.tracks[0].name,
        extras.tracks[1].name,
        extras.albums[0].name,
        extras.similar[0].name,
        extras.credits[0].head.title,
    ):
        assert value in texts
    chips = page.findChildren(LinkChip)
    assert [c.label.text() for c in chips] == [link["title"] for link in draft["links"]]  # type: ignore[union-attr]
    # no rich-text widgets anywhere in the preview
    assert not pane.findChildren(QTextBrowser)
    assert not pane.findChildren(QTextEdit)
    # nothing fetched: every image address was hostile
    assert pane.fetched.calls == []  # type: ignore[attr-defined]


def test_location_shows_a_flag_only_where_the_font_draws_flags(pane: PreviewPane) -> None:
    pane.set_artist_data({"name": "Ana", "city": "Toronto", "country": "CA"}, ArtistExtras())
    pane.render_now()
    location = pane.artist_page.discography.location  # type: ignore[union-attr]
    (label,) = [w for w in location.findChildren(QLabel) if w.accessibleName() == "Location"]
    text = location_text("Toronto", "CA")
    flagged = font_has_flags(label.fontMetrics())
    assert label.text() == (f"{country_flag('CA')} {text}" if flagged else text)


def test_only_http_links_open_and_only_when_clicked(pane: PreviewPane, qtbot: QtBot) -> None:
    pane.set_artist_data(hostile_artist_draft(), ArtistExtras())
    pane.render_now()
    chips = pane.artist_page.findChildren(LinkChip)
    assert len(chips) == 5
    assert pane.opened.calls == []  # type: ignore[attr-defined]  # nothing opens by itself
    for chip in chips[:4]:
        assert not chip.openable
        assert chip.platform == "generic"
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
        assert chip.activate() is False
    assert pane.opened.calls == []  # type: ignore[attr-defined]
    good = chips[4]
    assert good.openable
    qtbot.mouseClick(good, Qt.MouseButton.LeftButton)
    assert pane.opened.calls == ["https://example.test/<b>x</b>"]  # type: ignore[attr-defined]


def test_hostile_user_page(pane: PreviewPane) -> None:
    draft = {
        "image": "javascript:alert(1)",
        "username": h(0),
        "first_name": h(1),
        "last_name": h(2),
        "city": h(3),
        "country": "",
        "description": h(4),
        "links": [{"url": "javascript:alert(1)", "title": h(5)}],
    }
    follower = User(id=5, name=h(1), image="data:x")
    pane.user_page._content = lambda tab: TabContent("ready", (follower,))
    pane.set_user_data(draft, UserExtras(user_id=1, linked_producer=ArtistRef(2, h(3))))
    pane.show_page("user")
    shown = visit_all_tabs(pane)
    for label in shown:
        assert label.textFormat() == Qt.TextFormat.PlainText
    texts = {label.text() for label in shown}
    assert h(1) in texts  # the follower's name
    assert pane.user_page.header.name.text() == h(0)
    # the hidden fields are named, their hostile values are not shown anywhere
    note = pane.user_page.note_label.text()
    for field in ("First name", "Last name", "City", "Description", "Links"):
        assert field in note
    for value in (h(2), h(4), h(5)):
        assert value not in texts
    assert pane.fetched.calls == []  # type: ignore[attr-defined]


def artist_tabs(pane: PreviewPane) -> tuple[str, ...]:
    bar = pane.artist_page.tabs.bar
    return tuple(bar.tabText(i) for i in range(bar.count()))


PHOTO = {"id": 1, "url": "https://img.test/p.jpg"}
CHANNEL = {"url": "https://youtube.com/@ana", "title": "YT"}


@pytest.mark.parametrize(
    ("viewer", "photos", "links", "similar", "expected"),
    [
        ("visitor", [], [], False, ("Discography", "Beats", "Albums", "Followers")),
        ("owner", [], [], False, ("Discography", "Beats", "Albums", "Followers", "Achievements")),
        ("visitor", [PHOTO], [], False, ("Discography", "Gallery", "Beats", "Albums", "Followers")),
        (
            "visitor",
            [],
            [CHANNEL],
            True,
            ("Discography", "Similar Artists", "Beats", "Albums", "Videos", "Followers"),
        ),
    ],
)
def test_tabs_follow_the_rules(  # noqa: PLR0917 (parametrized)
    pane: PreviewPane,
    viewer: str,
    photos: list[object],
    links: list[object],
    similar: bool,
    expected: tuple[str, ...],
) -> None:
    extras = ArtistExtras(similar=(ArtistRef(1, "Sim"),) if similar else ())
    pane.set_mode(viewer=viewer)
    pane.set_artist_data({"name": "Ana", "profile_images": photos, "links": links}, extras)
    pane.render_now()
    assert artist_tabs(pane) == expected
    buttons = tuple(pane.artist_page.header.buttons)
    assert buttons == (
        ("Play", "Edit") if viewer == "owner" else ("Play", "Follow", "Message", "More")
    )


def test_user_tabs_and_buttons(pane: PreviewPane) -> None:
    pane.user_page._content = lambda tab: TabContent("ready", ())
    pane.show_page("user")
    pane.set_user_data({"username": "ana"}, UserExtras(user_id=1, reposts_enabled=False))
    pane.render_now()
    bar = pane.user_page.tabs.bar
    assert tuple(bar.tabText(i) for i in range(bar.count())) == tuple(
        t for t in v.USER_TABS if t != v.REPOSTS
    )
    assert tuple(pane.user_page.header.buttons) == ("Follow", "Message")
    assert pane.user_page.header.verified.isHidden()
    linked = ArtistRef(2, "Ana Beats", verified=True)
    pane.set_mode(viewer="owner")
    pane.set_user_data({"username": "ana"}, UserExtras(user_id=1, linked_producer=linked))
    pane.render_now()
    assert tuple(pane.user_page.header.buttons) == ("Producer Profile", "Edit")
    assert not pane.user_page.header.verified.isHidden()
    assert bar.count() == len(v.USER_TABS)


def test_typing_is_debounced_and_renders_only_what_changed(pane: PreviewPane, qtbot: QtBot) -> None:
    extras = ArtistExtras(tracks=(Track(1, "One"), Track(2, "Two")))
    pane.set_artist_data({"name": "Ana", "description": "Bio"}, extras)
    pane.render_now()
    popular = pane.artist_page.discography.popular  # type: ignore[union-attr]
    body_before = popular.findChildren(QLabel)
    for text in ("Ana B", "Ana Be", "Ana Bee"):
        pane.set_artist_data({"name": text, "description": "Bio"}, extras)
    assert pane.artist_page.header.name.text() == "Ana"  # not yet: debounced
    with qtbot.waitSignal(pane.rendered, timeout=2000):
        pass
    assert pane.artist_page.header.name.text() == "Ana Bee"
    assert popular.findChildren(QLabel) == body_before  # untouched section kept its widgets


def test_attach_document_follows_changes_and_uses_base_as_live(
    pane: PreviewPane, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QObject, Signal

    class Doc(QObject):
        changed = Signal(str)

        def __init__(self) -> None:
            super().__init__()
            self.base = {"name": "Server name"}
            self.draft = {"name": "Server name"}

    doc = Doc()
    pane.attach_document(doc, "artist")
    doc.draft = {"name": "Edited name"}
    with qtbot.waitSignal(pane.rendered, timeout=2000):
        doc.changed.emit("name")
    assert pane.artist_page.header.name.text() == "Edited name"
    pane.set_mode(source="live")
    assert pane.artist_page.header.name.text() == "Server name"


def test_bad_switch_value_is_refused(pane: PreviewPane) -> None:
    with pytest.raises(ValueError, match="switch"):
        pane.set_mode(theme="sepia")
    with pytest.raises(ValueError, match="page"):
        pane.show_page("admin")


@pytest.mark.parametrize(
    "source",
    [
        "file:///etc/shadow",
        "/etc/shadow",
        "http://evil.example/x.png",
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "ftp://example.com/x.png",
    ],
)
def test_the_preview_never_loads_local_files_or_plain_http_from_elsewhere(source: str) -> None:
    from studio.ui.preview.images import can_load

    assert not can_load(source)


def test_the_preview_loads_https_and_the_local_sandbox() -> None:
    from studio.ui.preview.images import can_load

    assert can_load("https://cdn.example.com/a.jpg")
    assert can_load("http://127.0.0.1:8765/storage/artist_images/a.jpg")


def test_nothing_to_show_makes_no_page_and_the_first_render_makes_it_a_turn_ahead(
    pane: PreviewPane, qtbot: QtBot
) -> None:
    rendered: list[bool] = []
    pane.rendered.connect(lambda: rendered.append(True))
    pane.render_now()  # an opening page shows the pane before any draft is in
    assert rendered == [True]
    assert not pane.made  # no page widgets, no style sheets yet
    pane.set_artist_data({"name": "Nova Beats"})
    assert pane.render_pending()
    pane._render_due()  # the debounce ends: the page widgets are made on this turn
    assert pane.made and rendered == [True]
    assert pane.render_pending()  # and drawn on the next
    qtbot.waitUntil(lambda: len(rendered) == 2, timeout=5000)
    assert "Nova Beats" in [label.text() for label in pane.artist_page.findChildren(QLabel)]


def test_a_render_that_needs_a_new_tab_page_makes_it_on_a_turn_of_its_own(
    pane: PreviewPane, qtbot: QtBot
) -> None:
    """Making the shown tab page (~10 ms) and showing it with its style sheet (~13 ms),
    then painting, were one turn of ~30 ms: the longest stall once the profile showed. The
    page is now made, hidden and polished, on one turn, and shown on a later one (a timer,
    a key press for the user, runs between)."""
    from PySide6.QtCore import QTimer

    events: list[str] = []
    tabs = pane.artist_page.tabs  # the page widgets (the first render's own turn)
    build = tabs._build

    def made(name: str) -> QWidget:
        page = build(name)
        events.append("made")
        return page

    tabs._build = made  # type: ignore[method-assign]
    pane.rendered.connect(lambda: events.append("rendered"))
    beat = QTimer(pane)
    beat.setInterval(1)
    beat.timeout.connect(lambda: events.append("beat"))
    beat.start()
    extras = ArtistExtras(tracks=(Track(1, "One"),))

    def render(draft: dict[str, object]) -> QWidget | None:
        events.clear()
        pane.set_artist_data(draft, extras)
        qtbot.waitUntil(lambda: "rendered" in events, timeout=5000)
        return tabs.page(v.DISCOGRAPHY)

    first = render({"name": "Nova Beats", "description": "Bio"})
    assert first is not None and first.isVisible()
    assert "beat" in events[events.index("made") : events.index("rendered")]
    assert pane.artist_page.header.name.text() == "Nova Beats"
    # Later edits update the page in place, rendered on the turn the debounce ends.
    assert render({"name": "Nova", "description": "New bio"}) is first
    assert "made" not in events
    beat.stop()


def test_a_prepared_tab_page_waits_hidden_while_the_shown_one_stays() -> None:
    """``Tabs.prepare`` makes the page set_tabs would show, hidden and polished; the page on
    screen stays until the next refresh swaps the prepared one in (nothing rebuilt), and a
    second prepare for the same data makes nothing."""
    from studio.ui.preview.sections import Tabs

    built: list[QWidget] = []
    keys = {"One": 1}

    def build(name: str) -> QWidget:
        built.append(QLabel(name))
        return built[-1]

    tabs = Tabs(build, lambda name: keys[name])
    tabs.resize(300, 200)
    tabs.show()
    tabs.set_tabs(("One",))
    [shown] = built
    assert shown.isVisible()
    keys["One"] = 2  # new data for the page on screen
    assert tabs.prepare(("One",)) is True
    made = built[-1]
    assert made is not shown and not made.isVisible() and shown.isVisible()
    assert made.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
    assert tabs.prepare(("One",)) is False and len(built) == 2
    tabs.refresh()
    assert tabs.page("One") is made and made.isVisible() and not shown.isVisible()
    assert len(built) == 2
    tabs.deleteLater()


def test_preparing_keeps_the_page_on_its_shown_data_and_makes_nothing_before_a_render(
    pane: PreviewPane, qtbot: QtBot
) -> None:
    """Found by review: a render due with nothing to show made the page widgets (the
    prepare step asked for them); and preparing changed the data the page shows (a tab
    opened in between would be built from the next render's data)."""
    rendered: list[bool] = []
    pane.rendered.connect(lambda: rendered.append(True))
    pane.set_user_data({"username": "someone"})  # the producer page shows: nothing to draw
    qtbot.waitUntil(lambda: bool(rendered), timeout=5000)
    assert not pane.made
    page = pane.artist_page
    page.show_data({"name": "Shown"}, ArtistExtras(), False)
    state, draft = page.state, page._draft
    assert page.prepare({"name": "Next", "genres": ["Trap"]}, ArtistExtras(), True) is False
    assert page.state is state and page._draft is draft


def test_a_render_comes_even_when_every_try_would_make_a_new_tab_page(
    pane: PreviewPane, qtbot: QtBot
) -> None:
    """At most one turn making a tab page per render: a key that never matches (a tab
    page that would always be rebuilt) cannot put the render off for ever."""
    rendered: list[bool] = []
    pane.rendered.connect(lambda: rendered.append(True))
    tabs = pane.artist_page.tabs
    tabs._key = lambda name: object()  # type: ignore[method-assign]
    pane.set_artist_data({"name": "Nova Beats"})
    qtbot.waitUntil(lambda: bool(rendered), timeout=5000)
    assert pane.artist_page.header.name.text() == "Nova Beats"
