"""The profile page's preview pane, made once the producer form is on screen.

Making the pane (and importing its modules) took ~15 ms before the form could show; the form
is what the producer waits for. :class:`LatePreview` makes the pane after the window's next
paint once asked (its models imported on a worker meanwhile, its Qt modules on the GUI thread
a turn each: defining Qt classes on a worker is not safe, see ``studio.ui.section_loader``),
or at once when someone needs it. What the page tells the pane before that waits, in order,
and is told when it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QSplitter, QWidget

if TYPE_CHECKING:
    from studio.context import AppContext
    from studio.document import DraftDocument
    from studio.ui.preview import PreviewPane

PANE_MODULE = "studio.ui.preview.pane"
# The pane's modules that load no Qt, imported on a worker first (the catalog's and credits'
# models it draws) ...
PANE_PRELOAD = ("studio.core.catalog", "studio.core.credits", "studio.core.visibility")
# ... then its Qt modules on the GUI thread, a turn each (~20 ms in one turn otherwise).
PANE_GUI_PRELOAD = ("studio.ui.preview.model", "studio.ui.preview.widgets", PANE_MODULE)


class LatePreview:
    """The pane at ``index`` in ``splitter`` (a placeholder until made); ``made(pane)`` is
    called once it is, after what waited was told."""

    def __init__(
        self,
        ctx: AppContext,
        splitter: QSplitter,
        made: Callable[[PreviewPane], None],
    ) -> None:
        self._ctx, self._splitter, self._made = ctx, splitter, made
        self._index = splitter.count()
        splitter.addWidget(QWidget())  # the pane's place until it is made
        self.pane: PreviewPane | None = None
        self._calls: list[Callable[[PreviewPane], None]] = []
        self._asked = False

    def get(self) -> PreviewPane:
        """The pane, made now if it was not yet."""
        if self.pane is None:
            from studio.ui.preview import PreviewPane

            ctx = self._ctx
            pane = PreviewPane(ctx.tasks, images=ctx.images, settings=ctx.settings)
            self.pane = pane
            spot = self._splitter.replaceWidget(self._index, pane)
            if spot is not None:
                spot.deleteLater()
            calls, self._calls = self._calls, []
            for call in calls:
                call(pane)
            self._made(pane)
            # ~15-20 ms of this turn: a task outcome due now waits for the next turn (a
            # fetched document delivered right after was one stall of 30-40 ms)
            ctx.tasks.worked()
        return self.pane

    def tell(self, call: Callable[[PreviewPane], None]) -> None:
        """``call(pane)`` now, or once the pane is made (in the order told)."""
        if self.pane is not None:
            call(self.pane)
        else:
            self._calls.append(call)

    def ask(self, window: QWidget) -> None:
        """Make the pane after ``window``'s next paint (once)."""
        from studio.ui.first_paint import after_first_paint

        if self.pane is None and not self._asked:
            self._asked = True
            after_first_paint(window, self._load, owner=self._splitter)

    def _make(self) -> None:
        if self.pane is None:
            self.get()  # an import error shows here

    def _load(self) -> None:
        from studio.ui.section_loader import preload

        if self.pane is None:
            preload(
                self._ctx,
                self._splitter,
                PANE_PRELOAD,
                PANE_GUI_PRELOAD,
                then=self._make,
                name="load the preview",
            )


def attach_if_current(pane: PreviewPane, doc: DraftDocument, kind: str, current: object) -> None:
    """Tell ``pane`` of ``doc`` if it is still the page's (``current``) and not closed: the
    pane may be made turns after the document opened."""
    if current is doc and shiboken6.isValid(doc):
        pane.attach_document(doc, kind)


def follow_pin(pane: PreviewPane) -> None:
    """The pane's pinned card follows the profile's pin document (not its Live side)."""
    pane.pin_followed = True
