"""Prepare a picture for upload: the right way up, cropped, scaled to the target, in a
format the target accepts, under its size cap, with private metadata removed (a usable ICC
colour profile is kept, see ``icc``) and a report of what changed. A lossless source stays
lossless when that fits under the cap."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from studio.core import limits
from studio.images import animation, lossless
from studio.images import icc as colour
from studio.images.convert import (
    clamp_crop,
    draft_size,
    fit_size,
    orient,
    resize,
    to_screen_mode,
    value_range,
)
from studio.images.encode import (
    LOSSLESS,
    WEBP_LOSSLESS,
    fit_still,
    output_format,
    source_quality,
)
from studio.images.errors import as_image_error
from studio.images.metadata import summarize
from studio.images.orientation import requested, shown_size, still_to_apply
from studio.images.probe import FORMAT_NAMES, content_format, decode, frame_count, open_image
from studio.images.progress import Progress, ProgressCallback
from studio.images.rules import OUTPUT_BOX, target_rules

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
LOSSLESS_SOURCES = frozenset({"PNG", "GIF", "BMP", "TIFF", "ICO"})  # and lossless WebP
_FORMAT_OF_MIME = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}


@dataclass(frozen=True)
class Prepared:
    """A picture ready to upload. ``removed`` lists the metadata taken out, ``notes`` the
    other changes, both in words for the person."""

    data: bytes
    format: str  # "JPEG", "PNG", "GIF" or "WEBP"
    mime: str
    width: int
    height: int
    quality: int | None  # None for lossless output
    animated: bool = False
    frame_count: int = 1
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.extension}"


def _still_formats(
    src: str, alpha: bool, mimes: tuple[str, ...], lossless_source: bool
) -> list[str]:
    """``fit_still`` candidates to try, best first, among those the target accepts: a
    lossless source is kept lossless (PNG, then lossless WebP) when that fits."""
    if src == "JPEG":
        wanted = ["JPEG"]
    elif src == "WEBP":
        wanted = [WEBP_LOSSLESS, "WEBP", "JPEG"] if lossless_source else ["WEBP", "JPEG"]
    elif alpha:
        wanted = ["PNG", WEBP_LOSSLESS, "WEBP"]
    elif src == "AVIF":
        wanted = ["JPEG"]
    else:  # lossless sources (PNG, GIF, BMP, TIFF, ICO): keep them lossless if they fit
        wanted = ["PNG", WEBP_LOSSLESS, "JPEG"]
    allowed = {_FORMAT_OF_MIME[m] for m in mimes if m in _FORMAT_OF_MIME}
    formats = [f for f in wanted if output_format(f) in allowed]
    if not any(f not in LOSSLESS for f in formats):
        formats.append("WEBP" if alpha and "WEBP" in allowed else "JPEG")
    return formats


def prepare(
    path: str | Path,
    target_key: str,
    *,
    crop: tuple[int, int, int, int] | None = None,
    keep_animation: bool = True,
    progress: ProgressCallback | None = None,
) -> Prepared:
    """Make ``path`` ready to upload as ``target_key`` (a key of ``limits.IMAGE_TARGETS``).

    ``crop`` is (left, top, right, bottom) in the picture as shown (after its orientation,
    see ``orientation``). The output fits ``rules.OUTPUT_BOX[target_key]`` (never upscaled)
    and the upload cap. An animation stays animated when ``keep_animation``, the target
    accepts its format and it fits; otherwise the first frame is used and a note says so.
    ``progress(share, message)`` is called as the work goes on (see ``progress``); raising
    ``Cancelled`` from it stops the work.
    """
    target, rule = target_rules(target_key)
    path = Path(path)
    report = Progress(progress)
    report.stage("Reading the picture…")
    with as_image_error(path.name), open_image(path) as im:
        src = content_format(im)
        orientation = requested(im)
        frames = frame_count(im)
        shown = shown_size(im, orientation)
        crop_box = clamp_crop(crop, *shown) if crop else (0, 0, *shown)
        crop_size = (crop_box[2] - crop_box[0], crop_box[3] - crop_box[1])
        out_size = fit_size(*crop_size, OUTPUT_BOX[target_key])
        notes: list[str] = []
        if orientation != 1:
            notes.append("Turned the right way up (camera orientation applied).")
        untouched = crop_box == (0, 0, *shown) and out_size == shown and orientation == 1
        if not untouched and crop_box != (0, 0, *shown):
            notes.append(f"Cropped to {crop_size[0]}×{crop_size[1]}.")
        if untouched and (frames == 1 or keep_animation):
            as_is = _as_is(im, path, src, frames, rule)
            if as_is is not None:
                report.finish()
                return as_is
        lossless_source = src in LOSSLESS_SOURCES or (
            src == "WEBP" and lossless.webp_is_lossless(path)
        )
        if frames > 1:
            mime = Image.MIME.get(src, "")
            if keep_animation and mime in rule.mimes:
                icc = colour.usable(im)
                decode(im, path)
                result = animation.fit(
                    im,
                    src,
                    orientation=still_to_apply(im),
                    crop_box=crop_box,
                    size=out_size,
                    cap=rule.max_bytes,
                    target=target,
                    icc=icc,
                    lossless_source=lossless_source,
                    progress=report,
                )
                if result.encoded is not None:
                    enc = result.encoded
                    return Prepared(
                        data=enc.data,
                        format=enc.format,
                        mime=Image.MIME[enc.format],
                        width=enc.size[0],
                        height=enc.size[1],
                        quality=enc.quality,
                        animated=True,
                        frame_count=result.frame_count,
                        removed=list(summarize(im).labels),
                        notes=[*notes, *result.notes],
                    )
                notes.extend(result.notes)
            elif keep_animation:
                notes.append(
                    f"Animation is not accepted for a {target.label.lower()}: only the first "
                    "frame is used."
                )
            else:
                notes.append("Animation flattened: only the first frame is used.")
            im.seek(0)
        report.stage("Preparing the picture…")
        prepared = _prepare_still(
            im,
            path,
            src,
            shown=shown,
            crop_box=crop_box,
            out_size=out_size,
            rule=rule,
            notes=notes,
            lossless_source=lossless_source,
        )
        report.finish()
        return prepared


# Modes a browser shows as they are (per format); others are converted by re-encoding.
_AS_IS_MODES: dict[str, frozenset[str]] = {
    "JPEG": frozenset({"L", "RGB"}),
    "PNG": frozenset({"1", "L", "LA", "P", "RGB", "RGBA"}),
    "GIF": frozenset({"L", "P"}),
    "WEBP": frozenset({"RGB", "RGBA"}),
}
_AS_IS_MAX_FILE = 64 * limits.MB  # larger files are re-encoded without reading them whole


def _as_is(
    im: Image.Image, path: Path, src: str, frames: int, rule: limits.UploadRule
) -> Prepared | None:
    """The file itself minus its metadata, when its pixels need no change and it fits:
    no generation loss, never bigger than the original. None when it has to be re-encoded."""
    if Image.MIME.get(src) not in rule.mimes or im.mode not in _AS_IS_MODES.get(src, ()):
        return None
    if path.stat().st_size > _AS_IS_MAX_FILE:
        return None
    data = path.read_bytes()
    if src == "PNG" and data[24:25] == b"\x10":  # 16 bits per sample: halve it by re-encoding
        return None
    keep_icc = not colour.carried(im) or colour.usable(im) is not None
    clean = lossless.strip(data, src, keep_icc=keep_icc)
    if clean is None or len(clean) > rule.max_bytes:
        return None
    decode(im, path)
    if im.mode in ("LA", "RGBA") and im.getchannel("A").getextrema() == (255, 255):
        return None  # an alpha channel that hides nothing: re-encoding drops it
    if frames > 1 and not animation.frames_decode(im, frames):
        return None
    with Image.open(io.BytesIO(clean), formats=(src,)) as out:
        if out.size != im.size or int(getattr(out, "n_frames", 1)) != frames:
            return None
    return Prepared(
        data=clean,
        format=src,
        mime=Image.MIME[src],
        width=im.width,
        height=im.height,
        quality=None,
        animated=frames > 1,
        frame_count=frames,
        removed=list(summarize(im).labels),
        notes=["Kept as it is (not re-encoded)."],
    )


def _prepare_still(
    im: Image.Image,
    path: Path,
    src: str,
    *,
    shown: tuple[int, int],
    crop_box: tuple[int, int, int, int],
    out_size: tuple[int, int],
    rule: limits.UploadRule,
    notes: list[str],
    lossless_source: bool,
) -> Prepared:
    crop_width = crop_box[2] - crop_box[0]
    if im.format in {"JPEG", "MPO"}:
        scale = out_size[0] / crop_width
        if scale < 1:  # let libjpeg decode at 1/2, 1/4 or 1/8 size when that is enough
            im.draft(None, draft_size(im.width, im.height, scale))
    icc = colour.usable(im)
    pix = decode(im, path)
    removed = list(summarize(im).labels)
    pix = orient(pix, still_to_apply(im))  # what Pillow's decoder did not turn already
    factor_x, factor_y = pix.width / shown[0], pix.height / shown[1]  # a JPEG draft
    if (factor_x, factor_y) != (1, 1) or crop_box != (0, 0, *pix.size):
        left, top, right, bottom = crop_box
        scaled = (
            round(left * factor_x),
            round(top * factor_y),
            round(right * factor_x),
            round(bottom * factor_y),
        )
        pix = pix.crop(clamp_crop(scaled, *pix.size))
    pix, icc, note = to_screen_mode(pix, icc, value_range(im))
    if note:
        notes.append(note)
    if pix.size != out_size:
        target_size = (min(out_size[0], pix.width), min(out_size[1], pix.height))
        pix = resize(pix, target_size)
    alpha = pix.mode == "RGBA"
    ceiling = source_quality(im) if src == "JPEG" else None
    candidates = _still_formats(src, alpha, rule.mimes, lossless_source)
    enc = fit_still(pix, candidates, rule.max_bytes, icc, ceiling)
    if enc.size[0] < out_size[0] - 1:
        notes.append(
            f"Scaled down to {enc.size[0]}×{enc.size[1]} to fit under "
            f"{rule.max_bytes // limits.MB} MB."
        )
    elif enc.size[0] < crop_width:
        notes.append(f"Scaled down to {enc.size[0]}×{enc.size[1]}.")
    if enc.format != src:
        kind = " (lossless)" if enc.format == "WEBP" and enc.quality is None else ""
        was = FORMAT_NAMES.get(src, src)
        notes.append(f"Saved as {FORMAT_NAMES[enc.format]}{kind} (was {was}).")
    if alpha and enc.format == "JPEG":
        notes.append("Transparent areas filled with white.")
    return Prepared(
        data=enc.data,
        format=enc.format,
        mime=Image.MIME[enc.format],
        width=enc.size[0],
        height=enc.size[1],
        quality=enc.quality,
        removed=removed,
        notes=notes,
    )
