"""The public producer page and user page rendered from the local draft or the live server
state, as a visitor or the owner, at desktop or phone width, light or dark."""

from __future__ import annotations

from studio.ui.preview.icons import platform_icon, platform_pixmap
from studio.ui.preview.images import ImageLoader
from studio.ui.preview.model import ArtistExtras, Mode, UserExtras
from studio.ui.preview.pane import PreviewPane, open_in_browser

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
