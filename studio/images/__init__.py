"""Image pipeline (Pillow, no Qt): probe a file, check it against a target's rules,
prepare it for upload, and make cached thumbnails. Everything here is a pure function
meant to run in a background task."""

from __future__ import annotations

from studio.images.errors import (
    BadCropError,
    Cancelled,
    CannotFitError,
    CorruptImageError,
    EmptyFileError,
    FileUnreadableError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
    UnknownTargetError,
    UnsupportedImageError,
)
from studio.images.metadata import MetadataSummary
from studio.images.prepare import Prepared, prepare
from studio.images.probe import MAX_PIXELS, ImageInfo, probe
from studio.images.rules import (
    OUTPUT_BOX,
    Finding,
    Inspection,
    Severity,
    aspect_size,
    check,
    fix_crop,
    inspect,
    suggest_crop,
)
from studio.images.thumbnails import thumbnail

__all__ = [
    "MAX_PIXELS",
    "OUTPUT_BOX",
    "BadCropError",
    "Cancelled",
    "CannotFitError",
    "CorruptImageError",
    "EmptyFileError",
    "FileUnreadableError",
    "Finding",
    "ImageError",
    "ImageInfo",
    "ImageTooLargeError",
    "Inspection",
    "MetadataSummary",
    "NotAnImageError",
    "Prepared",
    "Severity",
    "UnknownTargetError",
    "UnsupportedImageError",
    "aspect_size",
    "check",
    "fix_crop",
    "inspect",
    "prepare",
    "probe",
    "suggest_crop",
    "thumbnail",
]
