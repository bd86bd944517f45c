"""Real image bytes for the seed, drawn with Pillow: colour gradients with initials (avatars),
abstract shapes with no text (covers and gallery photos, which the profile page overlays with
the producer's name and buttons), and square artwork for tracks and albums (one of a few
graphic motifs per item, so a list of releases looks like cover art, not placeholders)."""

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


def render(size: tuple[int, int], palette: int, label: str, *, art: bool = False) -> Image.Image:
    """A diagonal two-colour gradient with ``label`` centred in white; release artwork when
    ``art``; abstract art when ``label`` is empty."""
    if art:
        return render_artwork(size, palette)
    if not label:
        return render_abstract(size, palette)
    width, height = size
    image = gradient(size, palette)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(12, min(width, height) // 3))
    draw.text((width / 2, height / 2), label, fill=(255, 255, 255), font=font, anchor="mm")
    return image


Colour = tuple[int, int, int]
Box = tuple[float, float, float, float]


def render_artwork(size: tuple[int, int], variant: int) -> Image.Image:
    """Square release art for ``variant``: a motif (sunset, rings, stripes, shapes, hills or
    glow) in two palettes, drawn at twice the size and scaled down for smooth edges."""
    rng = random.Random(variant * 104_729 + 7)
    motif = MOTIFS[variant % len(MOTIFS)]
    first = PALETTES[(variant // len(MOTIFS) + variant) % len(PALETTES)]
    second = PALETTES[(variant * 3 + 5) % len(PALETTES)]
    big = (size[0] * 2, size[1] * 2)
    image = motif(big, rng, (*first, *second))
    return image.convert("RGB").reduce(2)  # 2×2 box average: the supersampling


def _sunset(size: tuple[int, int], rng: random.Random, c: tuple[Colour, ...]) -> Image.Image:
    w, h = size
    sky = _vertical(size, c[0], c[1]).convert("RGBA")
    sun = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(sun)
    r, cx = w * rng.uniform(0.22, 0.32), w * rng.uniform(0.3, 0.7)
    horizon = h * rng.uniform(0.6, 0.72)
    draw.ellipse((cx - r, horizon - 1.5 * r, cx + r, horizon + 0.5 * r), fill=(*c[3], 255))
    for n in range(5):  # the retro sunset's slits: holes in the sun, the sky shows through
        y = horizon - r * (0.62 - n * 0.16)
        draw.rectangle((0, y, w, y + h * 0.007 * (n + 1)), fill=(0, 0, 0, 0))
    image = Image.alpha_composite(sky, sun)
    ridge = [(0.0, float(h))]
    ridge += [(w * i / 8, horizon - h * rng.uniform(0.0, 0.12)) for i in range(9)]
    ridge.append((float(w), float(h)))
    ImageDraw.Draw(image).polygon(ridge, fill=(*_shade(c[0], 0.45), 255))
    return image


def _rings(size: tuple[int, int], rng: random.Random, c: tuple[Colour, ...]) -> Image.Image:
    w, h = size
    image = Image.new("RGBA", size, (*_shade(c[0], 0.3), 255))
    draw = ImageDraw.Draw(image)
    cx, cy = w * rng.uniform(0.3, 0.7), h * rng.uniform(0.3, 0.7)
    step = w * rng.uniform(0.05, 0.08)
    colours = (c[1], c[3], c[2], _shade(c[0], 0.6))
    radius = math.hypot(w, h)
    n = 0
    while radius > step / 2:
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colours[n % 4])
        radius -= step * rng.uniform(0.6, 1.4)
        n += 1
    return image


def _stripes(size: tuple[int, int], rng: random.Random, c: tuple[Colour, ...]) -> Image.Image:
    """Translucent bands of varied width across a gradient, at a slant."""
    w, h = size
    angle = math.radians(rng.choice((30, 45, 60, 120, 135, 150)))
    ux, uy = math.cos(angle), math.sin(angle)  # along a band
    nx, ny = -uy, ux  # across the bands
    half = math.hypot(w, h) / 2
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    colours = (c[1], c[2], c[3])
    offset = -half
    while offset < half:
        band = half * rng.uniform(0.06, 0.24)
        if rng.random() < 0.6:
            near, far = offset, offset + band
            corners = [
                (w / 2 + nx * d + ux * s * half, h / 2 + ny * d + uy * s * half)
                for d, s in ((near, -1), (near, 1), (far, 1), (far, -1))
            ]
            colour = colours[rng.randrange(3)]
            draw.polygon(corners, fill=(*colour, rng.randint(150, 235)))
        offset += band + half * rng.uniform(0.02, 0.1)
    base = gradient(size, rng.randrange(len(PALETTES))).convert("RGBA")
    return Image.alpha_composite(base, layer)


def _shapes(size: tuple[int, int], rng: random.Random, c: tuple[Colour, ...]) -> Image.Image:
    w, h = size
    image = Image.new("RGBA", size, (*_tint(c[1], 0.75), 255))
    draw = ImageDraw.Draw(image)
    cells = rng.choice((2, 3))
    cw, ch = w / cells, h / cells
    colours = (c[0], c[2], c[3], _shade(c[0], 0.35))
    for row in range(cells):
        for col in range(cells):
            x, y = col * cw, row * ch
            colour, other = rng.sample(colours, 2)
            if rng.random() < 0.5:
                draw.rectangle((x, y, x + cw, y + ch), fill=other)
            _shape(draw, (x, y, x + cw, y + ch), rng.randrange(5), rng.randrange(4), colour)
    return image


def _shape(draw: ImageDraw.ImageDraw, box: Box, kind: int, turn: int, colour: Colour) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if kind == 0:  # circle
        draw.ellipse((x0 + w * 0.12, y0 + h * 0.12, x1 - w * 0.12, y1 - h * 0.12), fill=colour)
    elif kind == 1:  # quarter circle from a corner, inside the cell
        cx, cy = (x0, x1, x1, x0)[turn], (y0, y0, y1, y1)[turn]
        start = turn * 90
        draw.pieslice((cx - w, cy - h, cx + w, cy + h), start, start + 90, fill=colour)
    elif kind == 2:  # half circle, its flat side through the cell's centre
        start = turn * 90
        draw.pieslice((x0, y0, x1, y1), start, start + 180, fill=colour)
    elif kind == 3:  # triangle
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        draw.polygon([corners[turn], corners[(turn + 1) % 4], corners[(turn + 2) % 4]], colour)
    else:  # ring
        width = max(2, int(w * 0.12))
        draw.ellipse((x0 + w * 0.1, y0 + h * 0.1, x1 - w * 0.1, y1 - h * 0.1), None, colour, width)


def _hills(size: tuple[int, int], rng: random.Random, c: tuple[Colour, ...]) -> Image.Image:
    w, h = size
    image = _vertical(size, _tint(c[2], 0.3), c[3]).convert("RGBA")
    draw = ImageDraw.Draw(image)
    layers = 5
    for n in range(layers):
        level = h * (0.35 + n * 0.13)
        amp, freq, phase = h * rng.uniform(0.03, 0.08), rng.uniform(1.0, 2.5), rng.uniform(0, 6.3)
        points = [
            (w * i / 40, level + amp * math.sin(i / 40 * 6.28 * freq + phase)) for i in range(41)
        ]
        shade = _shade(c[0], 1.0 - n * 0.17)
        draw.polygon([(0, h), *points, (w, h)], fill=(*shade, 255))
    return image


def _glow(size: tuple[int, int], rng: random.Random, c: tuple[Colour, ...]) -> Image.Image:
    """Soft colour clouds under a halftone of dots that grow along a diagonal."""
    w, h = size
    image = Image.new("RGBA", size, (*_shade(c[0], 0.25), 255))
    small = (max(1, w // 8), max(1, h // 8))  # blurred small and scaled up: soft and cheap
    layer = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for n in range(4):
        r = small[0] * rng.uniform(0.22, 0.4)
        cx, cy = small[0] * rng.uniform(0.15, 0.85), small[1] * rng.uniform(0.15, 0.85)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*c[1 + n % 3], 230))
    layer = layer.filter(ImageFilter.GaussianBlur(max(1, small[0] // 20)))
    image = Image.alpha_composite(image, layer.resize(size, Image.Resampling.BICUBIC))
    dots = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(dots)
    step = w / rng.choice((12, 14, 16))
    flip = rng.random() < 0.5
    for row in range(int(h / step) + 1):
        for col in range(int(w / step) + 1):
            x, y = (col + 0.5) * step, (row + 0.5) * step
            share = ((w - x) if flip else x) / w * 0.5 + y / h * 0.5
            r = step * 0.42 * max(0.0, share - 0.25) / 0.75
            if r > 0.5:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 150))
    return Image.alpha_composite(image, dots)


MOTIFS = (_sunset, _rings, _stripes, _shapes, _hills, _glow)


def _vertical(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _shade(colour: Colour, factor: float) -> Colour:
    r, g, b = (max(0, min(255, int(v * factor))) for v in colour)
    return r, g, b


def _tint(colour: Colour, amount: float) -> Colour:
    r, g, b = (int(v + (255 - v) * amount) for v in colour)
    return r, g, b


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
        art: bool = False,
        fmt: str = "JPEG",
    ) -> str:
        key = (prefix, name)
        if key in self._cache:
            return self._cache[key]
        ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
        folder = self.storage_dir / prefix
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.{ext}").write_bytes(encode(render(size, palette, label, art=art), fmt))
        url = f"storage/{prefix}/{name}.{ext}"
        self._cache[key] = url
        return url
