"""Check a probed picture against a target's rules (``limits.IMAGE_TARGETS`` and
``limits.UPLOAD_RULES``) and report findings, each with an optional one-click fix."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from studio.core import limits
from studio.images import metadata as md
from studio.images.errors import ImageError, UnknownTargetError
from studio.images.probe import ImageInfo, probe


class Severity(StrEnum):
    BLOCKS = "blocks"  # the upload would be refused as the file is
    WARNING = "warning"
    INFO = "info"


# One-click fixes (``prepare`` options the editor applies).
FIX_DOWNSCALE = "downscale"
FIX_REENCODE = "reencode"
FIX_CROP_SQUARE = "crop_square"
FIX_CROP_16_9 = "crop_16_9"
FIX_FLATTEN_ANIMATION = "flatten_animation"
FIX_CONVERT_FORMAT = "convert_format"
FIX_STRIP_METADATA = "strip_metadata"

# The largest picture ``prepare`` produces per target (width, height box; never upscales).
OUTPUT_BOX: dict[str, tuple[int, int]] = {
    key: (target.max_width, target.max_height) for key, target in limits.IMAGE_TARGETS.items()
}
ASPECT_TOLERANCE = 0.01  # 1 %: 1921×1080 is still 16:9
UNUSABLE_SHARE = limits.IMAGE_UNUSABLE_SHARE
_PRIVATE = frozenset({md.GPS_LOCATION, md.SERIAL})


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    fix: str | None = None


@dataclass(frozen=True)
class Inspection:
    """``probe`` + ``check`` in one go; ``info`` is None when the file could not be read
    (then ``findings`` holds one blocking finding with the error's code and message)."""

    info: ImageInfo | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocks(self) -> bool:
        return any(f.severity is Severity.BLOCKS for f in self.findings)


def target_rules(target_key: str) -> tuple[limits.ImageTarget, limits.UploadRule]:
    try:
        target = limits.IMAGE_TARGETS[target_key]
    except KeyError:
        raise UnknownTargetError(f"Unknown picture kind “{target_key}”.") from None
    return target, limits.UPLOAD_RULES[target.upload]


def _mb(size: int) -> str:
    return f"{size / limits.MB:.1f} MB"


def _formats(mimes: tuple[str, ...]) -> str:
    names = [m.split("/", 1)[1].upper().replace("WEBP", "WebP") for m in mimes]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def aspect_ok(width: int, height: int, aspect: tuple[int, int]) -> bool:
    want = aspect[0] / aspect[1]
    return abs(width / height - want) <= want * ASPECT_TOLERANCE


def aspect_size(width: int, height: int, aspect: tuple[int, int]) -> tuple[int, int]:
    """The largest size of exactly ``aspect`` within ``width``×``height``: whole steps of the
    reduced ratio (16×9 for a cover), so it scales to the recommended size exactly (16:9 of
    3000 px is 2992×1683, not 3000×1688, which came out 1919×1080). Below one step: the
    rounded fit."""
    unit = math.gcd(*aspect)
    step_w, step_h = aspect[0] // unit, aspect[1] // unit
    steps = min(width // step_w, height // step_h)
    if steps >= 1:
        return steps * step_w, steps * step_h
    if width * step_h > height * step_w:  # too wide: full height
        return max(1, round(height * step_w / step_h)), height
    return width, max(1, round(width * step_h / step_w))


def suggest_crop(width: int, height: int, aspect: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest centred rectangle (left, top, right, bottom) of ``aspect`` (see
    :func:`aspect_size`) in a ``width``×``height`` picture (oriented coordinates)."""
    w, h = aspect_size(width, height, aspect)
    left, top = (width - w) // 2, (height - h) // 2
    return left, top, left + w, top + h


def fix_crop(info: ImageInfo, target_key: str) -> tuple[int, int, int, int] | None:
    """The crop the ``crop_square``/``crop_16_9`` fix applies (None when the target has no
    required aspect)."""
    target, _ = target_rules(target_key)
    if target.aspect is None:
        return None
    return suggest_crop(*info.oriented_size, target.aspect)


def _format_findings(info: ImageInfo, rule: limits.UploadRule) -> list[Finding]:
    found: list[Finding] = []
    if not info.extension_matches:
        named = f"named “.{info.extension}”" if info.extension else "has no extension"
        found.append(
            Finding(
                Severity.WARNING,
                "extension_mismatch",
                f"The file {named} but it is really a {info.format_name} picture. "
                "The studio goes by the content and uploads it with the right name.",
                FIX_CONVERT_FORMAT,
            )
        )
    if info.mime not in rule.mimes:
        found.append(
            Finding(
                Severity.BLOCKS,
                "format_not_allowed",
                f"{info.format_name} is not accepted here (only {_formats(rule.mimes)}). "
                "The studio can convert it.",
                FIX_CONVERT_FORMAT,
            )
        )
    if info.file_size > rule.max_bytes:
        found.append(
            Finding(
                Severity.BLOCKS,
                "file_too_large",
                f"The file is {_mb(info.file_size)}; the limit is {_mb(rule.max_bytes)}. "
                "The studio can re-encode it to fit.",
                FIX_REENCODE,
            )
        )
    return found


def _size_findings(info: ImageInfo, target: limits.ImageTarget, key: str) -> list[Finding]:
    """Size rules, judged on the picture as it will be used: after the centred crop to the
    required aspect when it does not have it yet."""
    found: list[Finding] = []
    width, height = info.oriented_size
    after = ""
    if target.aspect is not None and not aspect_ok(width, height, target.aspect):
        square = target.aspect == (1, 1)
        shape = "square" if square else f"{target.aspect[0]}:{target.aspect[1]}"
        found.append(
            Finding(
                Severity.BLOCKS,
                "not_square" if square else "wrong_aspect",
                f"A {target.label.lower()} must be {shape}; this one is {width}×{height}. "
                "Crop it (the studio can centre the crop for you).",
                FIX_CROP_SQUARE if square else FIX_CROP_16_9,
            )
        )
        left, top, right, bottom = suggest_crop(width, height, target.aspect)
        width, height = right - left, bottom - top
        after = f" once cropped to {shape}"
    floor_w = max(target.min_width, math.ceil(target.recommended_width * UNUSABLE_SHARE))
    floor_h = max(target.min_height, math.ceil(target.recommended_height * UNUSABLE_SHARE))
    if not target.min_blocks and (width < floor_w or height < floor_h):
        found.append(
            Finding(
                Severity.BLOCKS,
                "too_small",
                f"The picture is only {width}×{height} pixels{after}: far too small for a "
                f"{target.label.lower()} (at least {floor_w}×{floor_h}; "
                f"{target.recommended_width}×{target.recommended_height} is recommended). "
                "Choose a bigger picture.",
            )
        )
    elif width < target.min_width or height < target.min_height:
        found.append(
            Finding(
                Severity.BLOCKS if target.min_blocks else Severity.WARNING,
                "too_small",
                f"The picture is {width}×{height} pixels{after}; a {target.label.lower()} "
                f"needs at least {target.min_width}×{target.min_height}. "
                "Choose a bigger picture.",
            )
        )
    elif width < target.recommended_width or height < target.recommended_height:
        found.append(
            Finding(
                Severity.WARNING,
                "below_recommended",
                f"The picture is {width}×{height} pixels{after}; {target.recommended_width}×"
                f"{target.recommended_height} or more is recommended, so it may look blurry.",
            )
        )
    box_w, box_h = OUTPUT_BOX[key]
    if width > box_w or height > box_h:
        found.append(
            Finding(
                Severity.INFO,
                "will_downscale",
                f"The picture is larger than needed ({width}×{height}{after}); it will be "
                f"scaled down to fit {box_w}×{box_h}.",
                FIX_DOWNSCALE,
            )
        )
    return found


def _content_findings(info: ImageInfo, rule: limits.UploadRule) -> list[Finding]:
    found: list[Finding] = []
    if info.animated:
        if info.mime not in rule.mimes:
            found.append(
                Finding(
                    Severity.WARNING,
                    "animation_flattened",
                    f"The picture is animated ({info.frame_count} frames) but animation is not "
                    "accepted here: only the first frame will be used.",
                    FIX_FLATTEN_ANIMATION,
                )
            )
        elif info.file_size > rule.max_bytes:
            found.append(
                Finding(
                    Severity.WARNING,
                    "animation_may_flatten",
                    f"The animation ({info.frame_count} frames) is {_mb(info.file_size)}. The "
                    f"studio will try to shrink it under {_mb(rule.max_bytes)}; if it cannot, "
                    "only the first frame will be used.",
                    FIX_FLATTEN_ANIMATION,
                )
            )
        else:
            found.append(
                Finding(
                    Severity.INFO,
                    "animated",
                    f"The picture is animated ({info.frame_count} frames) and stays animated.",
                    FIX_FLATTEN_ANIMATION,
                )
            )
    if info.orientation != 1:
        found.append(
            Finding(
                Severity.INFO,
                "rotated",
                "The camera saved this picture turned; the studio turns it the right way up.",
            )
        )
    if info.mode == "CMYK":
        found.append(
            Finding(
                Severity.INFO,
                "cmyk",
                "The picture uses print (CMYK) colours; it will be converted for screens.",
                FIX_CONVERT_FORMAT,
            )
        )
    elif info.mode.startswith("I") or info.mode == "F":
        found.append(
            Finding(
                Severity.INFO,
                "high_bit_depth",
                "The picture has more than 8 bits per channel; it will be converted to 8 bits.",
                FIX_CONVERT_FORMAT,
            )
        )
    labels = info.metadata.labels
    if labels:
        private = _PRIVATE.intersection(labels)
        found.append(
            Finding(
                Severity.WARNING if private else Severity.INFO,
                "private_metadata" if private else "metadata",
                "Removed before upload: " + ", ".join(labels) + ".",
                FIX_STRIP_METADATA,
            )
        )
    return found


def check(info: ImageInfo, target_key: str) -> list[Finding]:
    """Every finding for uploading ``info`` as ``target_key`` (a key of
    ``limits.IMAGE_TARGETS``), most severe first."""
    target, rule = target_rules(target_key)
    found = (
        _format_findings(info, rule)
        + _size_findings(info, target, target_key)
        + _content_findings(info, rule)
    )
    order = {Severity.BLOCKS: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda f: order[f.severity])


def inspect(path: str | Path, target_key: str) -> Inspection:
    """Probe ``path`` and check it; unreadable files become one blocking finding."""
    target_rules(target_key)
    try:
        info = probe(path)
    except ImageError as exc:
        return Inspection(None, [Finding(Severity.BLOCKS, exc.code, str(exc))])
    return Inspection(info, check(info, target_key))


def rules_summary(target_key: str) -> str:
    """The target's rules in one line for people, e.g. "JPG, PNG, GIF, WEBP, up to 2 MB;
    square, shown in a circle; at least 400×400." (from ``limits``)."""
    target, rule = target_rules(target_key)
    formats = ", ".join(limits.MIME_EXTENSIONS[m][0].upper() for m in rule.mimes)
    parts = [f"{formats}, up to {rule.max_bytes / limits.MB:g} MB"]
    if target.aspect == (1, 1):
        parts.append("square, shown in a circle")
    elif target.aspect:
        parts.append(f"{target.aspect[0]}:{target.aspect[1]}")
    if target.min_width:
        parts.append(f"at least {target.min_width}×{target.min_height}")
    if target.recommended_width > target.min_width:
        parts.append(f"{target.recommended_width}×{target.recommended_height} recommended")
    return "; ".join(parts) + "."
