"""Real image bytes for the seed: colour gradients with initials, drawn with Pillow."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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


def render(size: tuple[int, int], palette: int, label: str) -> Image.Image:
    """A diagonal two-colour gradient with ``label`` centred in white."""
    start, end = PALETTES[palette % len(PALETTES)]
    width, height = size
    mask = Image.linear_gradient("L").rotate(45, expand=True).resize(size)
    image = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)
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
        label: str,
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
