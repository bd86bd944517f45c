"""Publishing in the UI: the review dialog, the conflict view, the re-sign-in prompt, the
status indicator and :func:`install_publishing`, which wires them into the main window.

The names below load with the module that defines them, on first use, so that start-up can
import publishing's modules one per event-loop turn (``studio.ui.section_loader``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.ui.publish.conflicts import ConflictDialog
    from studio.ui.publish.indicator import PublishIndicator
    from studio.ui.publish.install import install_publishing
    from studio.ui.publish.publisher import Publisher
    from studio.ui.publish.reauth import ReauthDialog
    from studio.ui.publish.review import ReviewDialog, ReviewEntry

_HOMES = {
    "ConflictDialog": "studio.ui.publish.conflicts",
    "PublishIndicator": "studio.ui.publish.indicator",
    "install_publishing": "studio.ui.publish.install",
    "Publisher": "studio.ui.publish.publisher",
    "ReauthDialog": "studio.ui.publish.reauth",
    "ReviewDialog": "studio.ui.publish.review",
    "ReviewEntry": "studio.ui.publish.review",
}

__all__ = [
    "ConflictDialog",
    "PublishIndicator",
    "Publisher",
    "ReauthDialog",
    "ReviewDialog",
    "ReviewEntry",
    "install_publishing",
]

__getattr__ = lazy_names(__name__, globals(), _HOMES)
