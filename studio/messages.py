"""The one place that turns an exception into a sentence for the user.

Widgets never format exception text themselves: they call :func:`user_message`. Errors the
studio raises on purpose carry their own plain message (``ApiError.user_message``, the
``StoreError`` and ``ImageError`` texts); anything else gets a generic sentence that points at
the log file, never a traceback or a repr (which could hold a token).
"""

from __future__ import annotations

import errno

from studio.api import ApiError
from studio.images.errors import ImageError
from studio.store.errors import StoreError

UNEXPECTED = (
    "Something unexpected went wrong. Nothing you typed was lost; the details are in the log "
    "file (Help → Open log folder)."
)


def user_message(exc: BaseException) -> str:
    """A sentence saying what happened and what to do, for any exception."""
    if isinstance(exc, ApiError):
        return exc.user_message
    if isinstance(exc, StoreError | ImageError):
        return str(exc) or UNEXPECTED
    if isinstance(exc, KeyboardInterrupt):
        return "Stopped."
    if isinstance(exc, OSError):
        return _os_message(exc)
    return UNEXPECTED


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
