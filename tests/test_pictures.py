"""The app's picture loader against the sandbox (issue 12): every size of an address comes
from one fetch, one host's pictures share one kept-alive connection, and a loader that starts
again on the same cache folder (the next start) fetches nothing that did not change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from studio.api import BeatPassClient
from studio.pictures import ImageLoader
from studio.tasks import Tasks

EMAIL = "producer@demo.beatpass.test"
WAIT_MS = 20_000
SIZES = (QSize(48, 48), QSize(120, 120), QSize(300, 300))


def pictures_of(sandbox: Any) -> list[str]:
    client = BeatPassClient(sandbox.base_url, sandbox.token_for(EMAIL))
    try:
        artist = client.artist(client.me().artists[0].id).artist
        raw = artist.raw
        urls = [artist.image_small or "", *(str(i.get("url", "")) for i in raw["profile_images"])]
    finally:
        client.close()
    return [url for url in urls if url][:4]


def load_all(qtbot: QtBot, loader: ImageLoader, urls: list[str]) -> None:
    for url in urls:
        for size in SIZES:
            loader.image(url, size)
    qtbot.waitUntil(lambda: not loader.busy, timeout=WAIT_MS)
    for url in urls:
        for size in SIZES:
            image = loader.image(url, size)
            assert image is not None and image.width() == size.width()


def test_every_size_from_one_fetch_over_one_connection(
    qtbot: QtBot, sandbox: Any, tmp_path: Path
) -> None:
    urls = pictures_of(sandbox)
    assert len(urls) >= 3
    sandbox.clear_requests()
    tasks = Tasks()
    try:
        loader = ImageLoader(tasks, cache_dir=tmp_path / "pictures")
        load_all(qtbot, loader, urls)
    finally:
        tasks.shutdown()
    fetched = [r.path for r in sandbox.served("/storage/")]
    assert sorted(fetched) == sorted({u.split(sandbox.origin, 1)[1] for u in urls})  # once each
    assert len({r.peer for r in sandbox.served("/storage/")}) == 1  # one connection, kept alive
    assert sandbox.connections() == 1


def test_the_next_start_fetches_no_picture_that_did_not_change(
    qtbot: QtBot, sandbox: Any, tmp_path: Path
) -> None:
    urls = pictures_of(sandbox)
    cache = tmp_path / "pictures"
    for run in range(2):
        sandbox.clear_requests()
        tasks = Tasks()  # a new start: nothing in memory, the cache folder kept
        try:
            load_all(qtbot, ImageLoader(tasks, cache_dir=cache), urls)
        finally:
            tasks.shutdown()
        if run == 0:
            assert len(sandbox.served("/storage/")) == len(urls)
    assert sandbox.served("/storage/") == []  # fresh in the HTTP cache: not asked again


def test_the_sandbox_sends_validators_with_pictures(sandbox: Any) -> None:
    import requests

    url = pictures_of(sandbox)[0]
    answer = requests.get(url, timeout=10)
    assert "max-age" in answer.headers["Cache-Control"]
    assert answer.headers["ETag"] and answer.headers["Last-Modified"]
    again = requests.get(url, headers={"If-None-Match": answer.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and again.content == b""


def test_pictures_decode_upright_and_fill_their_size_without_qt_on_the_worker() -> None:
    """Decoding off the GUI thread is Pillow's (Qt's QImageReader there froze the app):
    EXIF orientation is applied, the size is filled (centre crop), junk is refused."""
    import io

    import pytest
    from PIL import Image

    from studio.pictures import decode_scaled, decode_within

    wide = Image.new("RGB", (80, 40), (200, 30, 30))
    exif = wide.getexif()
    exif[0x0112] = 6  # shown turned a quarter: 40 × 80
    jpeg = io.BytesIO()
    wide.save(jpeg, "JPEG", exif=exif)
    filled = decode_scaled(jpeg.getvalue(), QSize(10, 10))
    assert filled.size() == QSize(10, 10)
    assert filled.pixelColor(5, 5).red() > 150
    fitted = decode_within(jpeg.getvalue(), QSize(100, 100))
    assert fitted.size() == QSize(40, 80)  # upright, never enlarged
    with pytest.raises(ValueError):
        decode_scaled(b"not a picture", QSize(10, 10))


def test_held_pictures_are_fetched_once_released(
    qtbot: QtBot, sandbox: Any, tmp_path: Path
) -> None:
    """At start-up the app holds picture fetches until the page on screen is settled: asking
    for a picture meanwhile fetches nothing; releasing fetches what was asked, once."""
    urls = pictures_of(sandbox)
    sandbox.clear_requests()
    tasks = Tasks()
    try:
        loader = ImageLoader(tasks, cache_dir=tmp_path / "pictures")
        loader.hold()
        for url in urls:
            assert loader.image(url, SIZES[0]) is None
        qtbot.wait(300)
        assert loader.busy and loader.fetches == 0 and sandbox.served("/storage/") == []
        loader.release()
        load_all(qtbot, loader, urls)
    finally:
        tasks.shutdown()
    assert len(sandbox.served("/storage/")) == len(set(urls))
