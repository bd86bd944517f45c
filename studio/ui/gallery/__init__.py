"""The gallery manager: the pictures of a producer page's gallery, added, arranged, fixed and
published through the workspace's producer-profile document."""

from studio.ui.gallery.page import GalleryPage

__all__ = ["GalleryPage"]
