"""What the editor will do with a picture (crop, animation, accepted fixes) and the findings
that remain once that plan is applied. Pure functions, no Qt."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from studio.core import limits
from studio.images import Finding, ImageInfo, Severity, check
from studio.images import metadata as md
from studio.images import rules as r

Crop = tuple[int, int, int, int]

# Fixes that make the pipeline do what ``prepare`` would do anyway; accepting one turns its
# finding into a note saying so (and lifts a block).
ACKNOWLEDGED = frozenset({r.FIX_REENCODE, r.FIX_CONVERT_FORMAT})
CROP_FIXES = frozenset({r.FIX_CROP_SQUARE, r.FIX_CROP_16_9})
FIX_LABELS = {
    r.FIX_REENCODE: "Re-encode under {cap}",
    r.FIX_CROP_SQUARE: "Crop to square",
    r.FIX_CROP_16_9: "Crop to 16:9",
    r.FIX_CONVERT_FORMAT: "Convert format",
}
FLATTEN_LABEL = "Flatten animation"
KEEP_ANIMATED_LABEL = "Keep animated"
ICC_KEPT = "The colour profile is kept, so colours look the same."
ICC_DROPPED = "Without its unusable colour profile, colours are shown as standard sRGB."
# Metadata findings are shown once, as information, in "What will be removed".
METADATA_CODES = frozenset({"metadata", "private_metadata"})
NOTHING_REMOVED = "No private metadata was found."


@dataclass(frozen=True)
class Plan:
    """The user's choices. ``crop`` None means the whole picture."""

    crop: Crop | None = None
    keep_animation: bool = True
    accepted: frozenset[str] = field(default_factory=frozenset)


def cap_text(target_key: str) -> str:
    rule = limits.UPLOAD_RULES[limits.IMAGE_TARGETS[target_key].upload]
    return f"{rule.max_bytes / limits.MB:g} MB"


def fix_label(fix: str, target_key: str, plan: Plan) -> str:
    """The fix button's text ("" for fixes that need no button: scaling and metadata removal
    always happen)."""
    if fix == r.FIX_FLATTEN_ANIMATION:
        return KEEP_ANIMATED_LABEL if not plan.keep_animation else FLATTEN_LABEL
    return FIX_LABELS.get(fix, "").format(cap=cap_text(target_key))


def _cropped_info(info: ImageInfo, crop: Crop) -> ImageInfo:
    """``info`` as if the picture were the crop (sizes are stored, not shown, dimensions)."""
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    if info.orientation >= 5:
        width, height = height, width
    return dataclasses.replace(info, width=width, height=height)


def _resolved(finding: Finding, target_key: str) -> Finding:
    if finding.fix == r.FIX_REENCODE:
        text = f"Will be re-encoded to fit under {cap_text(target_key)} (best quality that fits)."
    elif finding.fix == r.FIX_CONVERT_FORMAT:
        text = "Will be saved as JPEG, PNG or WebP with the right file name."
    else:
        text = finding.message
    return Finding(Severity.INFO, finding.code, text, None)


def plan_findings(info: ImageInfo, target_key: str, plan: Plan) -> list[Finding]:
    """``check`` of the picture as the plan leaves it, most severe first."""
    seen = _cropped_info(info, plan.crop) if plan.crop else info
    found: list[Finding] = []
    for raw in check(seen, target_key):
        finding = raw
        if raw.code in METADATA_CODES:
            continue  # removed anyway: said once, in "What will be removed"
        if raw.fix in ACKNOWLEDGED and raw.fix in plan.accepted:
            finding = _resolved(raw, target_key)
        elif raw.fix == r.FIX_FLATTEN_ANIMATION and not plan.keep_animation:
            finding = Finding(
                Severity.INFO,
                "animation_flattened",
                "Only the first frame will be used (animation flattened).",
                r.FIX_FLATTEN_ANIMATION,
            )
        found.append(finding)
    order = {Severity.BLOCKS: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda f: order[f.severity])


def blocking_reason(findings: list[Finding]) -> str:
    """Why Apply is disabled ("" when nothing blocks)."""
    blocks = [f for f in findings if f.severity is Severity.BLOCKS]
    if not blocks:
        return ""
    more = f" (and {len(blocks) - 1} more)" if len(blocks) > 1 else ""
    return f"Fix this first{more}: {blocks[0].message}"


def apply_fix(plan: Plan, fix: str, suggested_crop: Crop | None) -> Plan:
    """The plan after the one-click ``fix``; ``suggested_crop`` is the crop the view shows."""
    if fix in CROP_FIXES:
        return dataclasses.replace(plan, crop=suggested_crop)
    if fix == r.FIX_FLATTEN_ANIMATION:
        return dataclasses.replace(plan, keep_animation=not plan.keep_animation)
    if fix in ACKNOWLEDGED:
        return dataclasses.replace(plan, accepted=plan.accepted | {fix})
    return plan


def removal_text(labels: tuple[str, ...] | list[str]) -> str:
    """ "Removed before upload: GPS location, camera make and model." and the ICC note."""
    if not labels:
        return f"{NOTHING_REMOVED} {ICC_KEPT}"
    listed = ", ".join(labels)
    icc = ICC_DROPPED if md.BROKEN_ICC in labels else ICC_KEPT
    return f"Removed before upload: {listed[0].upper()}{listed[1:]}. {icc}"
