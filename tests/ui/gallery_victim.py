"""The gallery manager in a process of its own, to be killed with SIGKILL (kill -9) by
``test_gallery_crash.py``. It uses the studio folders of the test's environment and the
test's sandbox, and says what it has done on stdout (flushed), one line each:

``python gallery_victim.py import BASE_URL TOKEN PICTURES [FIRST]``: with ``FIRST`` (a
folder), adds its pictures and waits until the draft is saved (``SAVED <urls as JSON>``);
then imports the ``PICTURES`` folder (big pictures) and says ``IMPORTING`` once its first
tile shows (``ADDED`` if the batch reaches the draft), and goes on until killed.

``python gallery_victim.py publish BASE_URL TOKEN PICTURES``: adds the ``PICTURES`` folder,
waits until saved (``SAVED …``), publishes it (review, Publish) and says ``STEP <index>``
as each step of the plan is done, and ``DONE`` when the publish is delivered.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow

from studio.api import BeatPassClient
from studio.context import Session, build_context
from studio.paths import AppPaths
from studio.ui.gallery import GalleryPage


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def wait(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            say("TIMEOUT")
            sys.exit(3)
        app.processEvents()
        time.sleep(0.005)


def main() -> None:
    mode, base_url, token, pictures = sys.argv[1:5]
    first = Path(sys.argv[5]) if len(sys.argv) > 5 else None
    app = QApplication([])
    ctx = build_context(AppPaths.from_env().ensure())
    client = BeatPassClient(base_url, token, backoff_factor=0)
    user = client.me()
    ctx.set_session(Session(base_url, client, user, str(user.id), True))
    artist = next(a for a in user.artists if a.name == "Nova Beats")
    window = QMainWindow()
    page = GalleryPage(ctx)
    window.setCentralWidget(page)
    publisher = None
    if mode == "publish":
        from studio.ui.publish.install import install_publishing

        publisher = install_publishing(ctx, window, page)
    window.show()
    page.set_target(ctx.session, artist)
    handle = ctx.workspace.handle("artist", artist.id)
    assert handle is not None
    wait(app, lambda: page.document is not None and handle.fresh)
    doc = page.document
    assert doc is not None

    def add(folder: Path) -> None:
        page.add_files([folder])
        wait(app, lambda: not page.importer.busy)
        doc.flush()
        wait(app, lambda: doc.is_saved)
        say("SAVED " + json.dumps([i["url"] for i in doc.value("profile_images")]))

    if mode == "import":
        if first is not None:
            add(first)
        page.importer.jobShown.connect(lambda _job: say("IMPORTING"))
        page.importer.finished.connect(lambda _outcome: say("ADDED"))
        page.add_files([Path(pictures)])
        while True:
            app.processEvents()
            time.sleep(0.002)
    assert publisher is not None
    add(Path(pictures))
    publisher.runner.stepDone.connect(lambda _item, index: say(f"STEP {index}"))
    publisher.runner.delivered.connect(lambda _delivery: say("DONE"))
    publisher.dialogOpened.connect(lambda dialog: dialog.publish_button.click())
    page.publish()
    while True:
        app.processEvents()
        time.sleep(0.002)


if __name__ == "__main__":
    main()
