"""Pure parts: how changes read in the dialogs, and the retry schedule."""

from __future__ import annotations

from studio.core.diff import diff_drafts
from studio.core.drafts import empty_artist_draft
from studio.publish import Backoff
from studio.ui.publish.render import change_html, change_lines, image_name, word_diff_html


def test_word_diff_marks_changes_and_escapes_markup() -> None:
    html = word_diff_html("Hello <b>old</b> world", "Hello <b>new</b> world")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "line-through" in html  # the removed word is struck
    assert "old" in html and "new" in html


def test_list_changes_read_as_added_removed_moved() -> None:
    base = empty_artist_draft()
    base["links"] = [
        {"url": "https://a.example", "title": "A"},
        {"url": "https://b.example", "title": "B"},
        {"url": "https://c.example", "title": "C"},
    ]
    draft = dict(
        base, links=[base["links"][2], base["links"][0], {"url": "https://d.example", "title": "D"}]
    )
    [change] = diff_drafts("artist", base, draft)
    lines = [text for _marker, text in change_lines(change)]
    assert "added: D — https://d.example" in lines
    assert "removed: B — https://b.example" in lines
    assert any(line.startswith("moved: ") for line in lines)


def test_images_are_named_by_file() -> None:
    assert image_name("https://cdn.example/storage/artist_images/avatar%201.jpg") == "avatar 1.jpg"
    assert image_name(None) == "no image"
    base = empty_artist_draft()
    draft = dict(base, image_small="https://cdn.example/new.png")
    [change] = diff_drafts("artist", base, draft)
    assert "new.png" in change_html(change) and "no image" in change_html(change)


def test_backoff_grows_with_jitter_caps_and_honours_retry_after() -> None:
    low, high = Backoff(base=2, cap=60, rng=lambda: 0.0), Backoff(base=2, cap=60, rng=lambda: 0.999)
    assert [low.delay(n) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert all(high.delay(n) < 2 * 2**n for n in range(4))
    assert low.delay(20) == 30.0 and high.delay(20) <= 60.0  # capped
    assert low.delay(0, retry_after=45) == 45  # the server's wait wins when longer


def test_pictures_are_named_by_the_picked_file_when_known() -> None:
    url = "http://127.0.0.1:9/storage/artist_images/c7684e70a178ed0b.jpg"
    assert image_name(url, {url: "My new avatar.jpg"}) == "My new avatar.jpg"
    assert image_name(url, {}) == "c7684e70a178ed0b.jpg"
    base = empty_artist_draft()
    [change] = diff_drafts("artist", base, dict(base, image_small=url))
    assert "After: My new avatar.jpg" in change_html(change, {url: "My new avatar.jpg"})


def test_hidden_characters_show_as_markers_in_the_review() -> None:
    base = empty_artist_draft()
    draft = dict(
        base, name="Nova\u202eexe.live", links=[{"url": "https://a.example", "title": "\u202eevil"}]
    )
    changes = {c.field: c for c in diff_drafts("artist", base, draft)}
    assert "Nova⟨U+202E⟩exe.live" in change_html(changes["name"])
    assert "\u202e" not in change_html(changes["name"])
    assert any("⟨U+202E⟩evil" in text for _m, text in change_lines(changes["links"]))
