"""Opening the window and the producer form hands Python no widget that Qt made.

The first widget made by Qt (a scroll area's viewport, say) that reaches Python code makes
PySide look for its most derived Python type: it builds the Python types of every Qt widget
class, ~80 of them with their enums, about 9 ms. Before the profile was editable this came
from three places: the section list's style sheet (Qt then gave the list's viewport to the
app's Python style), the form looking up its tab bar through the scroll area's viewport, and
the preview reading the width of its view's viewport (issue 12). Types, once built, stay:
this is checked in a new Python, where none of them is built yet."""

from __future__ import annotations

from pathlib import Path

from fresh_python import fresh_python

CODE = """
import os, sys
os.environ['BEATPASS_STUDIO_HOME'] = {home!r}
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QTabWidget
import PySide6.QtWidgets as widgets
from studio.app import Studio, parse_args
from studio.paths import AppPaths

def built():
    return 'QWizard' in vars(widgets)

app = QApplication(['t'])
studio = Studio(parse_args(['--theme', 'light']), AppPaths.from_env().ensure(), app)
studio.window.show()
studio.window.grab()  # painted: the toolbar, the status bar, ...
studio.window.sections.grab()  # and the section list with its selection (shown once signed in)
print('window', built())

from studio.core.drafts import artist_draft_from_api
from studio.document import DraftDocument
from studio.store import Store
from studio.tasks import Tasks
from studio.ui.profile.forms import ArtistForm

tasks = Tasks()
store = Store.open(Path({home!r}) / 'drafts.db')
doc = DraftDocument(tasks=tasks, store=store, account='a', kind='artist', entity_id='1',
                    base=artist_draft_from_api({{'id': 1, 'name': 'Nova', 'city': 'Toronto'}}))
tabs = QTabWidget()
scroller = QScrollArea()
scroller.setWidgetResizable(True)
tabs.addTab(scroller, 'Producer profile')
form = ArtistForm(doc, tab_bar=tabs.tabBar())
scroller.setWidget(form)  # placed: Tab goes from the tab bar to its first field
tabs.resize(900, 700)
tabs.show()
tabs.grab()
print('form', built())

from studio.ui.preview.fit_view import FitView
view = FitView(QLabel('page'))
view.resize(400, 300)
view.show()
view.fit()
view.grab()
print('preview', built())
tabs.close(); view.close(); studio.window.close()
tasks.shutdown(5000)
store.close()
"""


def test_the_window_the_form_and_the_preview_build_no_type_for_every_widget(
    tmp_path: Path,
) -> None:
    out = fresh_python(CODE.format(home=str(tmp_path))).split()
    assert out == ["window", "False", "form", "False", "preview", "False"]
