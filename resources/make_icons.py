"""Regenerate the packaging icons in ``resources/icons`` from the app icon the code loads,
``studio/resources/icons/app.svg`` (run after changing it; tests/packaging checks they match):

    .venv/bin/python resources/make_icons.py

Each PNG is drawn from the SVG at its own size by Qt's SVG renderer (sharp at 16 px, no
downscaling blur); Pillow writes the PNGs, the Windows ``.ico`` and the macOS ``.icns`` from them.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "studio" / "resources" / "icons" / "app.svg"
ICONS = ROOT / "resources" / "icons"
NAME = "beatpass-studio"  # the desktop entry's Icon= and the file names (studio.APP_ID)
# freedesktop hicolor sizes (the .desktop entry's themed icon)
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 96, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # Windows: shell, taskbar and HiDPI sizes
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow's .icns writer stores (16 is legacy)


def hicolor_png(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


ICO = ICONS / f"{NAME}.ico"
ICNS = ICONS / f"{NAME}.icns"


def render(size: int, svg: Path = SOURCE) -> Image.Image:
    """``svg`` drawn at ``size`` x ``size`` pixels, RGBA (straight alpha)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    with Image.open(io.BytesIO(bytes(buffer.data().data()))) as png:
        return png.convert("RGBA")


def main() -> int:
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *ICNS_SIZES})
    images = {size: render(size) for size in sizes}
    for size in HICOLOR_SIZES:
        path = hicolor_png(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        images[size].save(path, optimize=True)
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ICO,
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[max(ICNS_SIZES)].save(
        ICNS, append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)]
    )
    for path in [*(hicolor_png(s) for s in HICOLOR_SIZES), ICO, ICNS]:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
