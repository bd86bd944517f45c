"""The top-level ``resources/`` folder holds what packaging needs, and only that: the app icon
in the sizes the platforms want (freedesktop hicolor PNGs, a Windows ``.ico``, a macOS
``.icns``), drawn from the icon the code loads; the Linux desktop entry and AppStream metainfo,
which name the command, the icon and each other consistently and pass the freedesktop
validators. The icons the code loads stay inside the package.

``desktop-file-validate`` and ``appstreamcli`` come from Debian's desktop-file-utils and
appstream; without them the validator tests are skipped with the reason, except under CI
(``CI`` set), where ``.ci/run`` installs them and a missing tool fails the test.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtWidgets import QApplication

from studio import APP_ID, APP_NAME, __version__
from studio.ui.icons import icons_dir

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
LINUX = RESOURCES / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
APPSTREAM_ID = "ca.beatpass.studio"
METAINFO = LINUX / f"{APPSTREAM_ID}.metainfo.xml"
# How far (mean per channel, 0-255) a stored icon may be from drawing app.svg afresh: a little
# for a different Qt's antialiasing, far below what a changed colour or shape makes.
MAX_MEAN_DIFF = 3.0


def _load_make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", RESOURCES / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_icons = _load_make_icons()


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    reason = f"{name} is not installed (Debian: apt-get install {package})"
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(reason + "; .ci/run installs it", pytrace=False)
    pytest.skip(reason)


def differs(stored: Image.Image, fresh: Image.Image) -> float:
    """Mean difference per RGBA channel (0-255) between two same-sized pictures."""
    assert stored.size == fresh.size
    diff = ImageChops.difference(stored.convert("RGBA"), fresh.convert("RGBA"))
    return max(ImageStat.Stat(diff).mean)


def test_resources_hold_exactly_what_packaging_needs() -> None:
    expected = {
        *(make_icons.hicolor_png(size) for size in make_icons.HICOLOR_SIZES),
        make_icons.ICO,
        make_icons.ICNS,
        DESKTOP,
        METAINFO,
        RESOURCES / "make_icons.py",
        RESOURCES / "README.md",
    }
    present = {p for p in RESOURCES.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert sorted(present) == sorted(expected)


def test_the_icons_the_code_loads_stay_inside_the_package() -> None:
    assert icons_dir().is_relative_to(ROOT / "studio")
    assert (icons_dir() / "app.svg").is_file()
    assert icons_dir() / "app.svg" == make_icons.SOURCE
    assert not list(RESOURCES.rglob("*.svg"))  # no second copy that could drift
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["setuptools"]["packages"]["find"]["include"] == ["studio*"]
    assert "*.svg" in pyproject["tool"]["setuptools"]["package-data"]["*"]


@pytest.mark.parametrize("size", make_icons.HICOLOR_SIZES)
def test_hicolor_png_is_the_app_icon_at_its_size(qapp: QApplication, size: int) -> None:
    path = make_icons.hicolor_png(size)
    assert path.relative_to(RESOURCES / "icons").as_posix() == (
        f"hicolor/{size}x{size}/apps/{APP_ID}.png"
    )
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (size, size)
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0  # rounded corners stay transparent
        assert differs(image, make_icons.render(size)) < MAX_MEAN_DIFF


def test_windows_ico_holds_every_size_drawn_from_the_app_icon(qapp: QApplication) -> None:
    with Image.open(make_icons.ICO) as ico:
        assert ico.format == "ICO"
        assert ico.info["sizes"] == {(s, s) for s in make_icons.ICO_SIZES}
        assert {16, 32, 48, 256} <= set(make_icons.ICO_SIZES)  # shell, taskbar, Explorer
        for size in make_icons.ICO_SIZES:
            ico.size = (size, size)
            ico.load()
            assert differs(ico, make_icons.render(size)) < MAX_MEAN_DIFF, size


def test_macos_icns_holds_the_retina_sizes_drawn_from_the_app_icon(qapp: QApplication) -> None:
    with Image.open(make_icons.ICNS) as icns:
        assert icns.format == "ICNS"
        stored = {(w, scale) for w, _h, scale in icns.info["sizes"]}
        assert {(512, 2), (512, 1), (256, 1), (128, 1), (32, 2), (16, 2)} <= stored
        icns.load()  # the largest: 1024 x 1024
        assert icns.size == (1024, 1024)
        assert differs(icns, make_icons.render(1024)) < MAX_MEAN_DIFF


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_entry_starts_the_installed_command_with_its_icon() -> None:
    entry = desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Exec"].split()[0] == APP_ID and APP_ID in scripts  # the pip-installed command
    assert entry["Icon"] == APP_ID == make_icons.NAME  # the hicolor PNGs' name
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == APP_ID
    # Qt's QGuiApplication.setDesktopFileName(APP_ID) names this file to the desktop
    assert DESKTOP.stem == APP_ID
    assert "AudioVideo" in entry["Categories"].split(";")


def test_metainfo_names_the_desktop_entry_command_icon_and_current_version() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.tag == "component" and component.get("type") == "desktop-application"
    assert component.findtext("id") == APPSTREAM_ID == METAINFO.name.removesuffix(".metainfo.xml")
    assert component.findtext("name") == APP_NAME
    launchable = component.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert component.findtext("provides/binary") == APP_ID
    assert component.findtext("icon[@type='stock']") == desktop_entry()["Icon"]
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == __version__  # newest first
    assert component.findtext("metadata_license") == "CC0-1.0"


def desktop_file_problems(path: Path) -> str:
    """What desktop-file-validate says about ``path`` ("" when it passes without a remark;
    it exits 0 on errors it calls "will be fatal in the future", so its words count too)."""
    validate = tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run(
        [validate, str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    said = (result.stdout + result.stderr).strip()
    return said or ("" if result.returncode == 0 else f"exit status {result.returncode}")


def test_desktop_entry_passes_desktop_file_validate() -> None:
    assert desktop_file_problems(DESKTOP) == ""


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("AudioVideo;Audio;", "Audio;"),  # Audio needs its main category
        ("Terminal=false", "Terminal=false\nStartsIn=studio"),  # unknown keys need X-
    ],
)
def test_desktop_file_validate_rejects_a_broken_entry(tmp_path: Path, good: str, bad: str) -> None:
    """The check above can fail."""
    text = DESKTOP.read_text(encoding="utf-8")
    assert good in text
    broken = tmp_path / DESKTOP.name
    broken.write_text(text.replace(good, bad), encoding="utf-8")
    assert desktop_file_problems(broken) != ""


def install_tree(root: Path) -> Path:
    """resources/ laid out as a distribution package installs it under <root>/usr."""
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir()
    shutil.copy(DESKTOP, share / "applications")
    shutil.copy(METAINFO, share / "metainfo")
    shutil.copytree(RESOURCES / "icons" / "hicolor", share / "icons" / "hicolor")
    return root


def test_metainfo_passes_appstreamcli_validation(tmp_path: Path) -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    for command in (
        [appstreamcli, "validate", "--no-net", "--pedantic", str(METAINFO)],
        # the metainfo with the desktop entry and icons it names, as installed
        [appstreamcli, "validate-tree", "--no-net", "--pedantic", str(install_tree(tmp_path))],
    ):
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_appstreamcli_rejects_a_broken_metainfo(tmp_path: Path) -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    broken = tmp_path / METAINFO.name
    homepage = '<url type="homepage">https://open.beatpass.ca</url>'
    assert homepage in METAINFO.read_text(encoding="utf-8")
    broken.write_text(  # an e-mail address where a web address belongs is an error
        METAINFO.read_text(encoding="utf-8").replace(
            homepage, '<url type="homepage">mailto:contact@beatpass.ca</url>'
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(broken)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
