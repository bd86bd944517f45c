"""Errors of the image pipeline, each with a message a person understands.

Every bad input ends in one of these (never a bare Pillow or OS error); ``code`` is stable
so callers can turn an error into a blocking finding (see ``rules.inspect``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

_log = logging.getLogger(__name__)


class ImageError(Exception):
    """Base class: ``str(error)`` is the message to show; ``code`` names the problem."""

    code = "image_error"


class FileUnreadableError(ImageError):
    """The file cannot be read at all (missing, permissions, a folder…)."""

    code = "unreadable"


class EmptyFileError(ImageError):
    """The file has zero bytes."""

    code = "empty_file"


class NotAnImageError(ImageError):
    """The bytes are not an image format the studio can read."""

    code = "not_an_image"


class CorruptImageError(ImageError):
    """The file is an image but damaged or incomplete (truncated download, bad data)."""

    code = "corrupt"


class UnsupportedImageError(ImageError):
    """A valid picture of a kind Pillow cannot read (a 12-bit JPEG, a floating-point TIFF…):
    the message names the kind and says to save it as JPEG or PNG."""

    code = "unsupported"


class ImageTooLargeError(ImageError):
    """Too many pixels to open safely (a possible "decompression bomb")."""

    code = "too_many_pixels"


class CannotFitError(ImageError):
    """No encoding of the picture fits under the upload size cap."""

    code = "cannot_fit"


class BadCropError(ImageError):
    """The crop rectangle is empty or outside the picture."""

    code = "bad_crop"


class UnknownTargetError(ImageError):
    """The target key is not one of ``limits.IMAGE_TARGETS``."""

    code = "unknown_target"


class Cancelled(Exception):  # noqa: N818 (reads better at the raise site than ...Error)
    """Raised through the pipeline by a progress callback to stop the work (not an error:
    nothing is shown to the person)."""


@contextmanager
def as_image_error(name: str) -> Iterator[None]:
    """Turn anything unexpected a damaged file makes Pillow raise into an ``ImageError``
    (the cause stays chained and is logged for diagnosis). ``Cancelled`` passes through."""
    try:
        yield
    except (ImageError, Cancelled):
        raise
    except MemoryError as exc:
        raise ImageTooLargeError(
            f"“{name}” needs more memory than is free to process it. Try a smaller picture."
        ) from exc
    except Exception as exc:
        _log.warning("could not process %s", name, exc_info=True)
        raise CorruptImageError(
            f"“{name}” could not be processed: it is damaged or uses a feature the studio "
            "does not support. Try saving it again as JPEG or PNG."
        ) from exc
