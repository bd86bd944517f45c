"""The image editor: avatar, cover and user-avatar pictures checked, cropped and fixed, then
kept on this computer and put in the draft (uploaded when the draft is published).

The names below load with the module that defines them, on first use, so that start-up can
import the editor's modules one per event-loop turn (``studio.ui.section_loader``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.ui.images.dialog import ImageEditorDialog, open_image_editor

_HOMES = {
    "ImageEditorDialog": "studio.ui.images.dialog",
    "open_image_editor": "studio.ui.images.dialog",
}

__all__ = ["ImageEditorDialog", "open_image_editor"]

__getattr__ = lazy_names(__name__, globals(), _HOMES)
