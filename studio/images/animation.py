"""Keep an animated GIF, WebP or APNG animated under the upload cap when it can be done:
every frame oriented, cropped and scaled like a still, then the animation is re-encoded
(WebP with a quality search) and scaled down step by step until it fits.

Encoding a long animation takes seconds, so the search does not encode it whole for every
quality it considers: it encodes a *sample* (short runs of consecutive frames spread over
the animation) to predict the size, and encodes the whole animation only to confirm a
prediction — usually once or twice (``bench/bench_animation.py`` measures it). Each full
encode corrects the sample's prediction for the next one. Long animations are encoded with
less WebP effort (``LONG_METHOD``).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

from PIL import Image

from studio.core import limits
from studio.images import icc as colour
from studio.images.convert import orient, resize
from studio.images.encode import (
    QUALITY_MAX,
    QUALITY_MIN,
    WEBP_METHOD,
    Encoded,
    shrink_factor,
)
from studio.images.progress import Progress, counted

MAX_FRAMES = 1000
MAX_ANIMATION_PIXELS = 64_000_000  # all output frames together (256 MB as RGBA)
# All source frames together (each is decoded at the full canvas size): bounds the time a
# tiny file of huge, highly compressed frames (an animation "bomb") can take.
MAX_SOURCE_PIXELS = limits.ANIMATION_MAX_SOURCE_PIXELS
MIN_ANIMATION_SIDE = 64
MAX_SHRINK_STEPS = 6
DEFAULT_FRAME_MS = 100
# The size-predicting sample: runs of SAMPLE_RUN consecutive frames, about one frame in
# SAMPLE_SHARE; animations of up to SAMPLE_FROM frames are always encoded whole.
SAMPLE_RUN = 4
SAMPLE_SHARE = 5
SAMPLE_FROM = 24
# WebP effort for a long (sampled) animation, its sample and the whole: about a third of
# method 4's time for about 5 % more bytes (bench/bench_animation.py).
LONG_METHOD = 2
AIM = 0.95  # a prediction aims this far under the cap
QUALITY_STEP = 2  # a predicted quality is searched to within this many steps
GOOD_ENOUGH = 0.88  # a confirmed encode this close to the cap ends the quality search
MAX_FULL_ENCODES = 3  # per size
SKIP_FULL_ABOVE = 1.3  # a lossless encode predicted this far over the cap is not tried


@dataclass(frozen=True)
class AnimationResult:
    encoded: Encoded | None  # None: the animation could not be kept
    notes: list[str] = field(default_factory=list)
    frame_count: int = 0  # frames in ``encoded``


def _frames(
    im: Image.Image,
    count: int,
    *,
    orientation: int,
    crop_box: tuple[int, int, int, int],
    size: tuple[int, int],
    icc: bytes | None,
    progress: Progress,
) -> tuple[list[Image.Image], list[int]]:
    """Every frame oriented, cropped and scaled. A damaged frame ends the animation there
    (browsers show the frames before it too); a damaged first frame raises. A grey profile
    (APNG) is applied to the frames, which become RGBA."""
    frames: list[Image.Image] = []
    durations: list[int] = []
    shown = im.size if orientation < 5 else im.size[::-1]
    full = crop_box == (0, 0, *shown)
    grey = bool(icc) and colour.profile_space(icc or b"") == "GRAY"
    for index in range(count):
        try:
            im.seek(index)
            pix = grey_frame(im, icc) if grey else im.convert("RGBA")
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
        progress.step()
    return frames, durations


def grey_frame(im: Image.Image, icc: bytes | None) -> Image.Image:
    return colour.grey_to_srgb(im.convert("LA"), icc)[0].convert("RGBA")


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


@dataclass
class _Clip:
    """Frames to encode with what they need; ``encode`` counts the frames it takes."""

    frames: list[Image.Image]
    durations: list[int]
    fmt: str
    loop: int
    icc: bytes | None
    progress: Progress

    def encode(self, quality: int | None, *, lossless: bool = False, method: int = 4) -> bytes:
        out = io.BytesIO()
        params: dict[str, object] = {
            "save_all": True,
            "append_images": self.frames[1:],
            "duration": self.durations,
            "loop": self.loop,
        }
        if self.fmt == "GIF":
            params.update(disposal=2, optimize=False)
        elif self.fmt == "WEBP":
            params.update(quality=quality if quality is not None else 80, method=method)
            params["lossless"] = lossless
        if self.icc and self.fmt in ("WEBP", "PNG"):  # Pillow writes no profile into a GIF
            params["icc_profile"] = self.icc
        frames = counted(self.frames, self.progress)
        frames[0].save(out, self.fmt, **params)
        return out.getvalue()


def _sample(clip: _Clip) -> _Clip | None:
    """Short runs of consecutive frames spread over ``clip`` (None: encode it whole)."""
    count = len(clip.frames)
    if count <= SAMPLE_FROM:
        return None
    runs = max(3, math.ceil(count / SAMPLE_SHARE / SAMPLE_RUN))
    starts = [round(i * (count - SAMPLE_RUN) / (runs - 1)) for i in range(runs)]
    picked = sorted({i for s in starts for i in range(s, s + SAMPLE_RUN)})
    return _Clip(
        [clip.frames[i] for i in picked],
        [clip.durations[i] for i in picked],
        clip.fmt,
        clip.loop,
        clip.icc,
        clip.progress,
    )


class _Search:
    """Finds the best encoding of ``clip`` under ``cap`` at its current size."""

    def __init__(self, clip: _Clip, cap: int, ratio: float | None) -> None:
        self.clip, self.cap = clip, cap
        self.sample = _sample(clip)
        self.ratio = ratio  # full size / sample size, learnt from full encodes
        self._sizes: dict[tuple[int | None, bool], int] = {}
        self._whole: dict[tuple[int | None, bool], bytes] = {}
        self.full_encodes = 0

    def _naive_ratio(self) -> float:
        assert self.sample is not None
        return len(self.clip.frames) / len(self.sample.frames)

    def _sample_size(self, quality: int | None, lossless: bool) -> int:
        """Bytes of the sample at ``quality`` (of the whole clip when it is not sampled)."""
        key = (quality, lossless)
        if key not in self._sizes:
            if self.sample is None:
                data = self.clip.encode(quality, lossless=lossless, method=WEBP_METHOD)
                self._whole[key] = data
                self._sizes[key] = len(data)
            else:
                data = self.sample.encode(quality, lossless=lossless, method=LONG_METHOD)
                self._sizes[key] = len(data)
        return self._sizes[key]

    def predict(self, quality: int | None, lossless: bool = False) -> float:
        """The predicted size of the whole animation (exact when it is not sampled)."""
        size = self._sample_size(quality, lossless)
        return size if self.sample is None else size * (self.ratio or self._naive_ratio())

    def full(self, quality: int | None, lossless: bool = False) -> bytes:
        """The whole animation encoded; corrects later predictions."""
        sample_size = self._sample_size(quality, lossless)
        if self.sample is None:
            return self._whole[(quality, lossless)]
        data = self.clip.encode(quality, lossless=lossless, method=LONG_METHOD)
        self.full_encodes += 1
        self.ratio = len(data) / sample_size
        return data

    def best_quality(self, low: int, high: int) -> int | None:
        """The highest quality in [low, high] predicted to fit (None: not even ``low``).
        Interpolates on the logarithm of the size (it grows about exponentially with the
        quality), with a halving step every other try so that it always converges."""
        budget = self.cap * AIM if self.sample is not None else self.cap
        if self.predict(high) <= budget:
            return high
        if self.predict(low) > budget:
            return None
        halve = False
        close_enough = QUALITY_STEP if self.sample is not None else 1
        while high - low > close_enough:  # ``low`` fits, ``high`` does not
            if halve:
                mid = (low + high) // 2
            else:
                small, big = math.log(self.predict(low)), math.log(self.predict(high))
                share = (math.log(budget) - small) / (big - small) if big > small else 0.5
                mid = min(high - 1, max(low + 1, low + round(share * (high - low))))
            halve = not halve
            if self.predict(mid) <= budget:
                low = mid
            else:
                high = mid
        return low

    def lossy(self, top: int) -> tuple[Encoded | None, float]:
        """The best lossy WebP under the cap, or (None, predicted size at the lowest quality)."""
        best: tuple[bytes, int] | None = None
        high = top
        while self.full_encodes < MAX_FULL_ENCODES:
            quality = self.best_quality(QUALITY_MIN if best is None else best[1] + 1, high)
            if quality is None or (best is not None and quality <= best[1]):
                break
            data = self.full(quality)
            if len(data) <= self.cap:
                best = (data, quality)
                if quality >= high or len(data) >= self.cap * GOOD_ENOUGH:
                    break
            else:
                high = quality - 1
                if high < QUALITY_MIN:
                    break
            if self.sample is None and best is not None:
                break  # exact predictions: the bisection already found the best
        if best is not None:
            return Encoded(best[0], self.clip.fmt, best[1], self.clip.frames[0].size), 0.0
        return None, self.predict(QUALITY_MIN)

    def lossless(self) -> tuple[Encoded | None, float]:
        """The lossless encoding when it fits, or (None, its predicted size)."""
        webp = self.clip.fmt == "WEBP"
        predicted = self.predict(None, webp)
        if self.sample is not None and predicted > self.cap * SKIP_FULL_ABOVE:
            return None, predicted
        data = self.full(None, webp)
        if len(data) <= self.cap:
            return Encoded(data, self.clip.fmt, None, self.clip.frames[0].size), 0.0
        return None, float(len(data))


def _notes(
    encoded: Encoded, wanted: tuple[int, int], crop: tuple[int, int], cap: int, count: int
) -> list[str]:
    notes = []
    width, height = encoded.size
    if width < wanted[0] - 1:
        notes.append(
            f"Scaled down to {width}×{height} to fit under {cap // limits.MB} MB "
            f"(all {count} frames kept)."
        )
    elif width < crop[0]:
        notes.append(f"Scaled down to {width}×{height}.")
    if encoded.quality is not None and encoded.quality < QUALITY_MAX[encoded.format]:
        notes.append(f"Re-encoded at quality {encoded.quality} to fit under {cap // limits.MB} MB.")
    return notes


def fit(
    im: Image.Image,
    fmt: str,
    *,
    orientation: int,
    crop_box: tuple[int, int, int, int],
    size: tuple[int, int],
    cap: int,
    target: limits.ImageTarget,
    icc: bytes | None = None,
    lossless_source: bool = False,
    progress: Progress | None = None,
) -> AnimationResult:
    """Re-encode the animation ``im`` (format ``fmt``) under ``cap``, or explain why not.

    ``icc`` is the source's usable colour profile (kept in WebP and APNG output);
    ``lossless_source`` says a WebP was lossless (it stays lossless when that fits)."""
    progress = progress or Progress(None)
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
    progress.expect(count * 4)  # reading, then about three encodes' worth of frames
    progress.stage(f"Reading {count} frames…")
    source, durations = _frames(
        im,
        count,
        orientation=orientation,
        crop_box=crop_box,
        size=size,
        icc=icc,
        progress=progress,
    )
    if icc and colour.profile_space(icc) == "GRAY":
        icc = colour.srgb_profile()  # the grey frames were converted to sRGB
    notes = []
    if len(source) < count:
        if len(source) == 1:
            return AnimationResult(None, [f"The animation's frames are damaged: {flat}"])
        notes.append(
            f"The end of the animation is damaged: the first {len(source)} of {count} "
            "frames are kept."
        )
    crop_size = (crop_box[2] - crop_box[0], crop_box[3] - crop_box[1])
    frames = source
    min_side = max(MIN_ANIMATION_SIDE, target.min_width, target.min_height)
    ratio: float | None = None
    for _ in range(MAX_SHRINK_STEPS):
        width, height = frames[0].size
        progress.stage(f"Encoding the animation at {width}×{height}…")
        search = _Search(_Clip(frames, durations, fmt, loop, icc, progress), cap, ratio)
        encoded: Encoded | None = None
        smallest = 0.0
        if fmt != "WEBP" or lossless_source:
            encoded, smallest = search.lossless()
        if encoded is None and fmt == "WEBP":
            encoded, smallest = search.lossy(QUALITY_MAX[fmt])
        if encoded is not None:
            progress.finish()
            notes += _notes(encoded, size, crop_size, cap, len(frames))
            return AnimationResult(encoded, notes, len(frames))
        ratio = search.ratio
        factor = shrink_factor(int(smallest), cap)
        new = (max(1, int(width * factor)), max(1, int(height * factor)))
        if min(new) < min_side:
            break
        progress.expect(len(source) * 2)
        frames = [resize(frame, new) for frame in source]
    return AnimationResult(
        None,
        [f"The animation does not fit under {cap // limits.MB} MB even when smaller: " + flat],
    )
