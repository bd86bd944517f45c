"""The profile section: producer-profile and user-profile editors with the preview beside."""

from studio.ui.profile.page import ProfilePage

__all__ = ["ProfilePage"]
