"""The pinned-track section: the current pin, the picker over the profile's catalog.

:class:`PinnedPage` loads with its module on first use, so that start-up can import the
section's modules one per event-loop turn (``studio.ui.section_loader``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.ui.pinned.page import PinnedPage

__all__ = ["PinnedPage"]

__getattr__ = lazy_names(__name__, globals(), {"PinnedPage": "studio.ui.pinned.page"})
