"""Keep an animated GIF, WebP or APNG animated under the upload cap when it can be done:
every frame oriented, cropped and scaled like a still, then the animation is re-encoded
(WebP with a quality search) and scaled down step by step until it fits."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import partial

from PIL import Image

from studio.core import limits
from studio.images.convert import orient, resize
from studio.images.encode import QUALITY_MAX, Encoded, best_quality, shrink_factor

MAX_FRAMES = 1000
MAX_ANIMATION_PIXELS = 64_000_000  # all output frames together (256 MB as RGBA)
# All source frames together (each is decoded at the full canvas size): bounds the time a
# tiny file of huge, highly compressed frames (an animation "bomb") can take.
MAX_SOURCE_PIXELS = limits.ANIMATION_MAX_SOURCE_PIXELS
MIN_ANIMATION_SIDE = 64
MAX_SHRINK_STEPS = 6
DEFAULT_FRAME_MS = 100


@dataclass(frozen=True)
class AnimationResult:
    encoded: Encoded | None  # None: the animation could not be kept
    notes: list[str] = field(default_factory=list)
    frame_count: int = 0  # frames in ``encoded``


def _frames(
    im: Image.Image,
    count: int,
    orientation: int,
    crop_box: tuple[int, int, int, int],
    size: tuple[int, int],
) -> tuple[list[Image.Image], list[int]]:
    """Every frame oriented, cropped and scaled. A damaged frame ends the animation there
    (browsers show the frames before it too); a damaged first frame raises."""
    frames: list[Image.Image] = []
    durations: list[int] = []
    full = crop_box == (0, 0, *(im.size if orientation < 5 else im.size[::-1]))
    for index in range(count):
        try:
            im.seek(index)
            pix = im.convert("RGBA")
        except Exception:
            if not frames:
                raise
            break
        durations.append(int(im.info.get("duration") or DEFAULT_FRAME_MS))
        pix = orient(pix, orientation)
        if not full:
            pix = pix.crop(crop_box)
        pix = resize(pix, size)
        pix.info = {}
        frames.append(pix)
    return frames, durations


def frames_decode(im: Image.Image, count: int) -> bool:
    """Whether all ``count`` frames decode (within the source budget); ends on frame 0."""
    if count * im.width * im.height > MAX_SOURCE_PIXELS:
        return False
    try:
        for index in range(count):
            im.seek(index)
            im.load()
    except Exception:
        return False
    finally:
        im.seek(0)
    return True


def _encode(
    frames: list[Image.Image], durations: list[int], fmt: str, loop: int, quality: int | None
) -> bytes:
    out = io.BytesIO()
    params: dict[str, object] = {
        "save_all": True,
        "append_images": frames[1:],
        "duration": durations,
        "loop": loop,
    }
    if fmt == "GIF":
        params.update(disposal=2, optimize=False)
    elif fmt == "WEBP":
        params.update(quality=quality, method=4)
    frames[0].save(out, fmt, **params)
    return out.getvalue()


def fit(
    im: Image.Image,
    fmt: str,
    *,
    orientation: int,
    crop_box: tuple[int, int, int, int],
    size: tuple[int, int],
    cap: int,
    target: limits.ImageTarget,
) -> AnimationResult:
    """Re-encode the animation ``im`` (format ``fmt``) under ``cap``, or explain why not."""
    count = int(getattr(im, "n_frames", 1))
    flat = "only the first frame is used."
    if count > MAX_FRAMES or count * size[0] * size[1] > MAX_ANIMATION_PIXELS:
        return AnimationResult(None, [f"The animation is too long ({count} frames): {flat}"])
    if count * im.width * im.height > MAX_SOURCE_PIXELS:
        return AnimationResult(
            None,
            [
                f"The animation is too large to process ({count} frames of "
                f"{im.width}×{im.height} pixels): {flat}"
            ],
        )
    loop = int(im.info.get("loop", 0) or 0)
    source, durations = _frames(im, count, orientation, crop_box, size)
    notes = []
    if len(source) < count:
        if len(source) == 1:
            return AnimationResult(None, [f"The animation's frames are damaged: {flat}"])
        notes.append(
            f"The end of the animation is damaged: the first {len(source)} of {count} "
            "frames are kept."
        )
    frames = source
    min_side = max(MIN_ANIMATION_SIDE, target.min_width, target.min_height)
    for _ in range(MAX_SHRINK_STEPS):
        if fmt == "WEBP":
            data, quality = best_quality(
                partial(_encode, frames, durations, fmt, loop), cap, QUALITY_MAX[fmt]
            )
            if data is not None:
                assert isinstance(quality, int)
                encoded_webp = Encoded(data, fmt, quality, frames[0].size)
                return AnimationResult(encoded_webp, notes, len(frames))
            assert isinstance(quality, bytes)
            smallest = len(quality)
        else:
            encoded = _encode(frames, durations, fmt, loop, None)
            if len(encoded) <= cap:
                return AnimationResult(
                    Encoded(encoded, fmt, None, frames[0].size), notes, len(frames)
                )
            smallest = len(encoded)
        factor = shrink_factor(smallest, cap)
        width, height = frames[0].size
        new = (max(1, int(width * factor)), max(1, int(height * factor)))
        if min(new) < min_side:
            break
        frames = [resize(frame, new) for frame in source]
    return AnimationResult(
        None,
        [f"The animation does not fit under {cap // limits.MB} MB even when smaller: " + flat],
    )
