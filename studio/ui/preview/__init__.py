"""The public producer page and user page rendered from the local draft or the live server
state, as a visitor or the owner, at desktop or phone width, light or dark.

The names below load with the module that defines them, on first use: the profile page's
editors need only the platform icons and the picture loader, and the pane itself is made
after the producer form is on screen (see :class:`~studio.ui.profile.page.ProfilePage`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.ui.preview.icons import platform_icon, platform_pixmap
    from studio.ui.preview.images import ImageLoader
    from studio.ui.preview.model import ArtistExtras, Mode, UserExtras
    from studio.ui.preview.pane import PreviewPane, open_in_browser

_HOMES = {
    "platform_icon": "studio.ui.preview.icons",
    "platform_pixmap": "studio.ui.preview.icons",
    "ImageLoader": "studio.ui.preview.images",
    "ArtistExtras": "studio.ui.preview.model",
    "Mode": "studio.ui.preview.model",
    "UserExtras": "studio.ui.preview.model",
    "PreviewPane": "studio.ui.preview.pane",
    "open_in_browser": "studio.ui.preview.pane",
}

__all__ = [
    "ArtistExtras",
    "ImageLoader",
    "Mode",
    "PreviewPane",
    "UserExtras",
    "open_in_browser",
    "platform_icon",
    "platform_pixmap",
]


__getattr__ = lazy_names(__name__, globals(), _HOMES)
