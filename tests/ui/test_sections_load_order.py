"""The other sections' pages load once the page on screen is settled (its stored drafts
shown), so their imports never compete with it; and at the latest after a limit."""

from __future__ import annotations

from typing import Any

from fresh_python import fresh_python
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.publish.kinds import KIND_MODULES
from studio.ui.profile.late_preview import PANE_PRELOAD
from studio.ui.section_loader import SETTLE_LIMIT_MS, SectionLoader
from studio.ui.section_page import SectionPage
from studio.ui.start_modules import LATER_GUI_PRELOAD, LATER_PRELOAD, SECTION_PRELOAD


def loader(studio: Any) -> SectionLoader:
    return SectionLoader(studio.ctx, studio.window, lambda: None)


class Slow(SectionPage):
    """A page that is not settled until told."""

    def __init__(self) -> None:
        super().__init__()
        self.ready = False

    def is_settled(self) -> bool:
        return self.ready


def test_the_rest_waits_for_the_shown_page_to_settle(qtbot: QtBot, make_studio: Any) -> None:
    studio = make_studio()
    page = Slow()
    studio.window.set_section_page("profile", page)
    ran: list[str] = []
    loader(studio).after_settled("profile", lambda: ran.append("rest"))
    qtbot.wait(100)
    QApplication.processEvents()
    assert ran == []  # still loading: the other sections wait
    page.ready = True
    page.settled.emit()
    qtbot.waitUntil(lambda: ran == ["rest"], timeout=2000)
    qtbot.wait(SETTLE_LIMIT_MS + 200)  # the limit's timer does not run it again
    assert ran == ["rest"]


def test_a_page_that_never_settles_lets_the_rest_load_after_the_limit(
    qtbot: QtBot, make_studio: Any
) -> None:
    studio = make_studio()
    studio.window.set_section_page("profile", Slow())
    ran: list[str] = []
    loader(studio).after_settled("profile", lambda: ran.append("rest"))
    qtbot.waitUntil(lambda: ran == ["rest"], timeout=SETTLE_LIMIT_MS + 2000)


def test_a_settled_page_lets_the_rest_load_on_the_next_turn(qtbot: QtBot, make_studio: Any) -> None:
    studio = make_studio()
    page = Slow()
    page.ready = True
    studio.window.set_section_page("profile", page)
    ran: list[str] = []
    loader(studio).after_settled("profile", lambda: ran.append("rest"))
    assert ran == []  # not in the same turn as the page being made
    qtbot.waitUntil(lambda: ran == ["rest"], timeout=2000)


def test_the_first_page_imports_nothing_it_does_not_open_with() -> None:
    """Opening the profile page loads its documents, not the publishing plans, runner and
    kinds, nor OpenSSL's hashes: those load with the other sections, on a worker. Nor the
    preview pane: it is made once the producer form is on screen (its rendered pages on the
    turn before its first render). Nor the catalog's (tracks, albums), the credits' and the
    Producer Program's models, the upload code or sockets: what uses them loads them when
    first used."""
    code = (
        "import importlib, sys\n"
        "from studio.ui.start_modules import SECTION_PRELOAD\n"
        "for name in ('studio.app', 'studio.store', *SECTION_PRELOAD, 'studio.ui.profile'):\n"
        "    importlib.import_module(name)\n"
        "later = ('studio.publish.runner', 'studio.publish.application_kind',\n"
        "         'studio.publish.credits_kind', 'studio.publish.pin_steps', 'hashlib', 'uuid',\n"
        "         'studio.ui.preview.artist_page', 'studio.ui.preview.user_page',\n"
        "         'studio.ui.preview.pane', 'studio.core.credits', 'studio.core.backstage',\n"
        "         'studio.api.uploads', 'socket', 'studio.core.catalog')\n"
        "print(sorted(m for m in later if m in sys.modules))\n"
        "print('studio.workspace.workspace' in sys.modules)\n"
    )
    assert fresh_python(code).split("\n")[:2] == ["[]", "True"]


def test_the_later_preload_names_every_publish_kind_module() -> None:
    assert set(KIND_MODULES) <= set(LATER_PRELOAD)


def test_what_workers_preload_loads_no_qt() -> None:
    """The worker-side preload lists (the sections', the preview pane's) define no Qt class:
    those are imported on the GUI thread, a turn each (see the module's docstring)."""
    code = (
        "import importlib, sys\n"
        f"for name in {[*SECTION_PRELOAD, *LATER_PRELOAD, *PANE_PRELOAD]!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    assert fresh_python(code).strip() == "[]"


def test_each_later_import_turn_loads_one_module_or_two() -> None:
    """After the shown page, the other sections' and publishing's Qt modules are imported a
    turn each, each after what it imports: a turn that loaded a whole package kept the GUI
    thread for 10-30 ms. A module added to a section without being listed here makes some
    turn load it with its importer: this says which."""
    code = (
        "import importlib, sys\n"
        "from studio.ui.start_modules import load_furnishings\n"
        "from studio.ui.start_modules import (SECTION_PRELOAD, SECTION_GUI_PRELOAD,\n"
        "    LATER_PRELOAD, LATER_GUI_PRELOAD)\n"
        "from studio.ui.profile.late_preview import PANE_PRELOAD, PANE_GUI_PRELOAD\n"
        "from studio.ui.sections import SECTIONS\n"
        "load_furnishings()\n"
        "for name in ('studio.app', *SECTION_PRELOAD, *SECTION_GUI_PRELOAD, 'studio.ui.profile',\n"
        "             *PANE_PRELOAD, *PANE_GUI_PRELOAD, *LATER_PRELOAD):\n"
        "    importlib.import_module(name)\n"
        "pages = [s.page.partition(':')[0] for s in SECTIONS if s.page and s.key != 'profile']\n"
        "for name in (*LATER_GUI_PRELOAD, *pages):\n"
        "    before = set(sys.modules)\n"
        "    importlib.import_module(name)\n"
        "    new = sorted(set(sys.modules) - before)\n"
        "    if len(new) > 2:\n"
        "        print(name, new)\n"
        "print('checked', len(LATER_GUI_PRELOAD) + len(pages))\n"
    )
    out = fresh_python(code).strip().splitlines()
    assert out[:-1] == []
    assert out[-1] == f"checked {len(LATER_GUI_PRELOAD) + 4}"


def test_the_worker_preloads_only_what_the_shown_page_needs() -> None:
    """The worker's preload moves imports off the GUI thread; a module the profile page
    does not need would only add work before it is editable (studio.core.diff was one)."""
    code = (
        "import importlib, sys\n"
        "from studio.ui.start_modules import SECTION_PRELOAD, SECTION_GUI_PRELOAD\n"
        "for name in ('studio.app', *SECTION_GUI_PRELOAD, 'studio.ui.profile'):\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in SECTION_PRELOAD if m not in sys.modules))\n"
    )
    assert fresh_python(code).strip() == "[]"
