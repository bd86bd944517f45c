"""The gallery manager: the pictures of a producer page's gallery, added, arranged, fixed and
published through the workspace's producer-profile document.

The page is imported on first use (``from studio.ui.gallery import GalleryPage``): the
worker processes of an import load :mod:`studio.ui.gallery.jobs` and need no widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.ui.gallery.page import GalleryPage

__all__ = ["GalleryPage"]


def __getattr__(name: str) -> Any:
    if name == "GalleryPage":
        from studio.ui.gallery.page import GalleryPage

        return GalleryPage
    raise AttributeError(name)
