"""The pinned-track section: the current pin, the picker over the profile's catalog."""

from studio.ui.pinned.page import PinnedPage

__all__ = ["PinnedPage"]
