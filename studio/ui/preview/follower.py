"""The preview's connections to one followed document (see ``PreviewPane.attach_document``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

Tell = Callable[[str, Any], None]  # (kind, document)


class Follower(QObject):
    """Connections to one document, to this object's methods: they end when it is deleted
    (the document itself lives on in the workspace, past any page). ``changed``/``rebased``
    are told the kind and the document."""

    def __init__(
        self, owner: QObject, kind: str, document: Any, *, changed: Tell, rebased: Tell
    ) -> None:
        super().__init__(owner)
        self._kind, self._document = kind, document
        self._tell_changed, self._tell_rebased = changed, rebased
        document.changed.connect(self.changed)
        if hasattr(document, "rebased"):
            document.rebased.connect(self.rebased)

    def changed(self, *_args: object) -> None:
        self._tell_changed(self._kind, self._document)

    def rebased(self) -> None:
        self._tell_rebased(self._kind, self._document)
