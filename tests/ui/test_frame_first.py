"""``beatpass-studio`` shows its window's frame first and furnishes it on the turn after the
frame's first paint (toolbar, menus, section list, status bar): the window appears without
waiting for them. Then it starts as before."""

from __future__ import annotations

from ast import literal_eval
from pathlib import Path

from fresh_python import fresh_python
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot
from shell_helpers import WAIT_MS, sign_in_with_password, wait_signed_in

from studio.context import SETTINGS_FILE
from studio.ui.first_paint import FIRST_PAINT_LIMIT_MS
from studio.ui.palette import KEY_SYSTEM_DARK, is_dark, remembered_dark
from studio.ui.style import StudioStyle

PRODUCER = ("producer@demo.beatpass.test", "demo-producer")


def test_the_frame_shows_first_and_the_saved_account_opens_once_furnished(
    qtbot: QtBot, make_studio, sandbox
) -> None:
    first = make_studio("--api-url", sandbox.base_url)
    first.start()
    sign_in_with_password(qtbot, first, *PRODUCER)
    wait_signed_in(qtbot, first)
    account = first.ctx.session.account
    first.shutdown()

    second = make_studio(frame_first=True)
    window = second.window
    assert not window.furnished and window.findChild(QToolBar) is None
    second.start()
    assert window.isVisible() and not window.furnished  # shown as a frame
    qtbot.waitUntil(lambda: window.furnished is True, timeout=WAIT_MS)
    assert isinstance(QApplication.instance().style(), StudioStyle)
    assert window.findChild(QToolBar) is window.toolbar
    assert second.dialog is None
    assert second.ctx.images.held  # pictures wait for the page on screen (and its preview)
    wait_signed_in(qtbot, second)
    assert second.ctx.session.account == account
    qtbot.waitUntil(lambda: window.centre.currentWidget() is window.splitter, timeout=WAIT_MS)
    loader = second.section_loader
    assert loader is not None
    qtbot.waitUntil(lambda: loader.first_settled, timeout=WAIT_MS)
    assert not second.ctx.images.held


def test_a_frame_closed_before_it_is_furnished_keeps_its_size_and_stays_a_frame(
    qtbot: QtBot, make_studio
) -> None:
    studio = make_studio(frame_first=True)
    studio.window.resize(QSize(730, 530))
    studio.start()
    studio.shutdown()  # quit at once: before the frame's first paint
    qtbot.wait(FIRST_PAINT_LIMIT_MS + 100)  # past the limit that would furnish it
    assert not studio.window.furnished and studio.dialog is None
    again = make_studio()
    assert again.window.size() == QSize(730, 530)


def test_a_window_closed_while_it_is_furnished_stays_closed(qtbot: QtBot, make_studio) -> None:
    """Closed between the body's turn and the bars', the window is not started: the start
    would show it again."""
    studio = make_studio(frame_first=True)
    window = studio.window
    built = studio._furnish_body_unpainted
    closed: list[bool] = []

    def body_then_close() -> None:
        built()
        window.close()  # as the user would, before the next turn
        closed.append(True)

    studio._furnish_body_unpainted = body_then_close
    studio.start()
    # Updates come back on the last turn, whatever happened before it.
    qtbot.waitUntil(lambda: bool(closed and window.updatesEnabled()), timeout=WAIT_MS)
    qtbot.wait(50)
    assert not window.isVisible()
    assert not window.furnished and studio.dialog is None


def test_making_the_frame_loads_no_style_and_none_of_the_windows_parts(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        f"os.environ['BEATPASS_STUDIO_HOME'] = {str(tmp_path)!r}\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import PySide6.QtWidgets as widgets\n"
        "from studio.app import Studio, parse_args\n"
        "from studio.paths import AppPaths\n"
        "app = QApplication(['t'])\n"
        "studio = Studio(parse_args([]), AppPaths.from_env().ensure(), app, frame_first=True)\n"
        "parts = ('studio.ui.style', 'studio.ui.icons', 'studio.ui.sections',\n"
        "         'studio.ui.window_actions', 'studio.ui.status', 'studio.ui.state_page')\n"
        "print(sorted(m for m in parts if m in sys.modules), 'QStyle' in vars(widgets))\n"
        "studio._furnish()\n"
        "print(sorted(m for m in parts if m in sys.modules) == sorted(parts))\n"
        "studio.shutdown()\n"
    )
    assert fresh_python(code).split("\n")[:2] == ["[] False", "True"]


def test_after_the_first_paint_each_part_of_furnishing_the_window_takes_a_turn(
    tmp_path: Path,
) -> None:
    """The types of ``Qt``'s enums, the style, the window's modules, its body, then its bars
    (and the start): each on an event-loop turn of its own, with the event loop's timers and
    input between them (on one turn and the next, the frame stopped for ~60 ms,
    bench_open). The half-furnished window is never painted: the frame stays until the
    whole window shows."""
    code = (
        "import os, sys\n"
        f"os.environ['BEATPASS_STUDIO_HOME'] = {str(tmp_path)!r}\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "os.environ['PYTHON_KEYRING_BACKEND'] = 'keyring.backends.null.Keyring'\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import PySide6.QtCore as core\n"
        "from studio.app import Studio, parse_args\n"
        "from studio.paths import AppPaths\n"
        "app = QApplication(['t'])\n"
        "studio = Studio(parse_args([]), AppPaths.from_env().ensure(), app, frame_first=True)\n"
        "window = studio.window\n"
        "def state():\n"
        "    return (\n"
        "        'Qt' in vars(core),\n"
        "        type(app.style()).__name__ == 'StudioStyle',\n"
        "        'studio.ui.window_actions' in sys.modules,\n"
        "        hasattr(window, 'centre'),\n"
        "        window.furnished,\n"
        "    )\n"
        "seen, painted = [], []\n"
        "class Paints(QObject):\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint:\n"
        "            painted.append(state())\n"
        "        return False\n"
        "paints = Paints()\n"
        "window.installEventFilter(paints)\n"
        "def beat():\n"  # a 0 ms timer: once on every pass of the event loop
        "    seen.append(state())\n"
        "    if painted and painted[-1][-1]:\n"  # painted furnished
        "        app.exit(0)\n"
        "timer = QTimer()\n"
        "timer.timeout.connect(beat)\n"
        "timer.start(0)\n"
        "QTimer.singleShot(20000, lambda: app.exit(3))\n"
        "studio.start()\n"
        "code = app.exec()\n"
        "timer.stop()\n"
        "studio.shutdown()\n"
        "print(code, sorted(set(seen)))\n"
        "print(sorted(set(painted)))\n"
    )
    code_line, painted_line = fresh_python(code).strip().split("\n")[-2:]
    turns = [
        (True, False, False, False, False),  # Qt's enum types (on the turn after the paint)
        (True, True, False, False, False),  # the style
        (True, True, True, False, False),  # the window's modules
        (True, True, True, True, False),  # its body
        (True, True, True, True, True),  # its bars: furnished
    ]
    assert code_line == f"0 {turns}"
    assert (True, True, True, True, False) not in literal_eval(painted_line)  # body, no bars


def test_the_frame_takes_the_scheme_remembered_from_the_last_start(studio_home: Path) -> None:
    """Asking the system for its colour scheme builds the types of all of ``Qt``'s enums
    (~12 ms): the frame is coloured with the scheme the system had at the last start, and
    nothing uses ``Qt`` before it is shown. The first start has to ask."""
    code = (
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import PySide6.QtCore as core\n"
        "from studio.app import Studio, parse_args\n"
        "from studio.paths import AppPaths\n"
        "from studio.ui.palette import is_dark\n"
        "app = QApplication(['t'])\n"
        "studio = Studio(parse_args([]), AppPaths.from_env().ensure(), app, frame_first=True)\n"
        "studio.start()\n"
        "print('Qt' in vars(core), is_dark(app.palette()))\n"
        "studio.shutdown()\n"
    )
    first = fresh_python(code).split("\n")[0]
    assert first == "True False"  # asked (offscreen: no scheme, so light)
    settings = QSettings(str(studio_home / "config" / SETTINGS_FILE), QSettings.Format.IniFormat)
    settings.setValue(KEY_SYSTEM_DARK, True)  # as if the system was dark at that start
    settings.sync()
    assert fresh_python(code).split("\n")[0] == "False True"  # the frame: dark, nothing asked


def test_once_furnished_the_palette_follows_the_system_and_is_remembered(
    qtbot: QtBot, make_studio
) -> None:
    first = make_studio(frame_first=True)
    first.ctx.settings.setValue(KEY_SYSTEM_DARK, True)  # dark at the last start
    first.shutdown()
    studio = make_studio(frame_first=True)
    app = QApplication.instance()
    assert is_dark(app.palette())  # the frame
    studio.start()
    qtbot.waitUntil(lambda: studio.window.furnished is True, timeout=WAIT_MS)
    assert not is_dark(app.palette())  # the system (offscreen) has no dark scheme
    assert remembered_dark(studio.ctx.settings) is False
