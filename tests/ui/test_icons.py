"""Tinted icons: drawn when first asked for; a missing or broken file never crashes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from studio.ui.icons import IconSet, _TintedSvgEngine, icons_dir


def _opaque_pixels(icon: QIcon) -> int:
    image: QImage = icon.pixmap(24, 24).toImage()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha()
    )


def test_a_good_icon_draws_and_a_missing_or_broken_one_draws_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    (tmp_path / "good.svg").write_text((icons_dir() / "app.svg").read_text(encoding="utf-8"))
    (tmp_path / "broken.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect')
    (tmp_path / "empty.svg").write_text("")
    (tmp_path / "notsvg.svg").write_bytes(b"\x89PNG\r\n\x1a\n")
    icons = IconSet(qapp.palette(), folder=tmp_path)
    assert _opaque_pixels(icons.icon("good")) > 0 and not icons.icon("good").isNull()
    assert icons.icon("missing").isNull() and icons.icon("empty").isNull()
    assert icons.icon("notsvg").isNull()
    broken = icons.icon("broken")  # parsed when first drawn: it draws nothing
    assert _opaque_pixels(broken) == 0


def test_every_icon_of_the_package_draws(qapp: QApplication) -> None:
    icons = IconSet(qapp.palette())
    names = sorted(path.stem for path in icons_dir().glob("*.svg"))
    assert names
    assert [n for n in names if _opaque_pixels(icons.icon(n)) == 0] == []


def test_the_engine_leaves_to_qt_what_qt_does_alike() -> None:
    """Qt calls each engine method written in Python for every icon it draws or measures:
    one that only repeats Qt's own answer is a call for nothing (a good icon is not null,
    as the first test checks)."""
    assert "isNull" not in vars(_TintedSvgEngine)
