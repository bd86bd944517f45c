"""The image editor: avatar, cover and user-avatar pictures checked, cropped and fixed, then
kept on this computer and put in the draft (uploaded when the draft is published)."""

from studio.ui.images.dialog import ImageEditorDialog, open_image_editor

__all__ = ["ImageEditorDialog", "open_image_editor"]
