"""The image editor: avatar, cover and user-avatar pictures checked, cropped, fixed and
uploaded through the outbox (see ``studio.uploads``)."""

from studio.ui.images.dialog import ImageEditorDialog, open_image_editor
from studio.ui.images.indicator import UploadIndicator, install_uploads

__all__ = ["ImageEditorDialog", "UploadIndicator", "install_uploads", "open_image_editor"]
