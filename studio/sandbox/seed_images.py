"""Real image bytes for the seed, drawn with Pillow: colour gradients with initials (avatars,
album art), or abstract shapes with no text (covers and gallery photos, which the profile page
overlays with the producer's name and buttons)."""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

PALETTES: tuple[tuple[tuple[int, int, int], tuple[int, int, int]], ...] = (
    ((72, 52, 212), (236, 72, 153)),
    ((14, 116, 144), (94, 234, 212)),
    ((190, 18, 60), (251, 146, 60)),
    ((22, 101, 52), (190, 242, 100)),
    ((30, 41, 59), (148, 163, 184)),
    ((124, 45, 18), (253, 224, 71)),
    ((67, 56, 202), (125, 211, 252)),
    ((88, 28, 135), (244, 114, 182)),
)


def initials(text: str) -> str:
    words = [w for w in text.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def gradient(size: tuple[int, int], palette: int) -> Image.Image:
    """A diagonal two-colour gradient."""
    start, end = PALETTES[palette % len(PALETTES)]
    vertical = Image.linear_gradient("L")
    mask = ImageChops.add(vertical, vertical.rotate(90), scale=2).resize(size)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def render_abstract(size: tuple[int, int], palette: int) -> Image.Image:
    """The gradient with soft translucent circles and a wave band: no text, deterministic."""
    rng = random.Random(palette * 7919 + size[0] * 31 + size[1])
    width, height = size
    base = gradient(size, palette).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    light, dark = PALETTES[(palette + 3) % len(PALETTES)]
    for n in range(7):
        radius = rng.uniform(0.12, 0.45) * min(width, height)
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        colour = (*(dark if n % 2 else light), rng.randint(40, 110))
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)
    steps = 48
    for band in range(3):
        phase, amp = rng.uniform(0, 6.28), rng.uniform(0.05, 0.12) * height
        base_y = height * (0.45 + band * 0.12)
        points = [
            (width * i / steps, base_y + amp * _wave(i / steps * 6.28 + phase))
            for i in range(steps + 1)
        ]
        draw.line(points, fill=(255, 255, 255, 70 - band * 15), width=max(2, height // 60))
    layer = layer.filter(ImageFilter.GaussianBlur(max(1, min(width, height) // 80)))
    return Image.alpha_composite(base, layer).convert("RGB")


def _wave(x: float) -> float:
    return math.sin(x) * 0.7 + math.sin(2.3 * x) * 0.3


def render(size: tuple[int, int], palette: int, label: str) -> Image.Image:
    """A diagonal two-colour gradient with ``label`` centred in white; abstract art when
    ``label`` is empty."""
    if not label:
        return render_abstract(size, palette)
    width, height = size
    image = gradient(size, palette)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(12, min(width, height) // 3))
    draw.text((width / 2, height / 2), label, fill=(255, 255, 255), font=font, anchor="mm")
    return image


def encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=80)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


class ImageWriter:
    """Writes seed images under ``storage_dir`` and returns their stored (relative) URLs."""

    def __init__(self, storage_dir: Path) -> None:
        self.storage_dir = storage_dir
        self._cache: dict[tuple[str, str], str] = {}

    def write(
        self,
        prefix: str,
        name: str,
        size: tuple[int, int],
        palette: int,
        label: str = "",
        *,
        fmt: str = "JPEG",
    ) -> str:
        key = (prefix, name)
        if key in self._cache:
            return self._cache[key]
        ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
        folder = self.storage_dir / prefix
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.{ext}").write_bytes(encode(render(size, palette, label), fmt))
        url = f"storage/{prefix}/{name}.{ext}"
        self._cache[key] = url
        return url
