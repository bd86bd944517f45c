"""Publishing in the UI: the review dialog, the conflict view, the re-sign-in prompt, the
status indicator and :func:`install_publishing`, which wires them into the main window."""

from studio.ui.publish.conflicts import ConflictDialog
from studio.ui.publish.indicator import PublishIndicator
from studio.ui.publish.install import install_publishing
from studio.ui.publish.publisher import Publisher
from studio.ui.publish.reauth import ReauthDialog
from studio.ui.publish.review import ReviewDialog, ReviewEntry

__all__ = [
    "ConflictDialog",
    "PublishIndicator",
    "Publisher",
    "ReauthDialog",
    "ReviewDialog",
    "ReviewEntry",
    "install_publishing",
]
