"""The one place that turns an exception into a sentence for the user.

Widgets never format exception text themselves: they call :func:`user_message`. Errors the
studio raises on purpose carry their own plain message (``ApiError.user_message``, the
``StoreError`` and ``ImageError`` texts); anything else gets a generic sentence that points at
the log file, never a traceback or a repr (which could hold a token).

The error families are looked up among the modules already loaded instead of imported: an
instance of a class can only exist once its module is loaded, and the shell imports this
module on its start-up path, which must not pay for the HTTP client or Pillow.
"""

from __future__ import annotations

import errno
import sys
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from studio.api import ApiError

UNEXPECTED = (
    "Something unexpected went wrong. Nothing you typed was lost; the details are in the log "
    "file (Help → Open log folder)."
)


def user_message(exc: BaseException) -> str:
    """A sentence saying what happened and what to do, for any exception."""
    if _is(exc, "studio.api.errors", "ApiError"):
        return cast("ApiError", exc).user_message
    if _is(exc, "studio.store.errors", "StoreError") or _is(
        exc, "studio.images.errors", "ImageError"
    ):
        return str(exc) or UNEXPECTED
    if isinstance(exc, KeyboardInterrupt):
        return "Stopped."
    if isinstance(exc, OSError):
        return _os_message(exc)
    return UNEXPECTED


def _is(exc: BaseException, module: str, name: str) -> bool:
    """``isinstance(exc, module.name)``, without importing ``module``."""
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(exc, cls)


def _os_message(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"The disk is full{where}. Free some space and try again; your work is kept."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"The studio is not allowed to use a file{where}. Check the folder's permissions."
    if exc.errno == errno.EADDRINUSE:
        return "The network port is already in use. Close the other program and try again."
    reason = exc.strerror or "an input/output error"
    return f"A file or network operation failed{where}: {reason}."
